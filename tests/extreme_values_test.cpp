// Certified values far from 1 (issue 16, item 4): printed as certified digits at a cost that does
// not depend on the exponent, compared exactly, and softplus without overflow. Expected digits
// come from mpmath at 50 digits (quoted beside each test) or from exact fractions by hand.
#include "number/decimal.hpp"
#include "number/interval.hpp"
#include "number/rational.hpp"
#include "number/value.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace bptrace {
namespace {

Value integer(long n) { return Value(Rational(n)); }

std::string text(const Value& v, int digits = 15) { return certified_text(v, digits).text; }

// mpmath: exp(-10**9) = 1.2495342719210132809e-434294482, exp(10**9) = 8.002981770660972533e+434294481.
TEST(ExtremeValues, ExpOfMinusAndPlusTenToTheNinePrintsCertifiedDigits) {
  WorkingPrecision precision(50);
  EXPECT_EQ(text(exp(integer(-1000000000))), "1.24953427192101e-434294482");
  EXPECT_EQ(text(exp(integer(1000000000))), "8.00298177066097e434294481");
  EXPECT_EQ(text(-exp(integer(-1000000000))), "-1.24953427192101e-434294482");
  EXPECT_EQ(text(exp(integer(-1000000000)), 3), "1.25e-434294482");
}

// mpmath: exp(-10**15) = 1.4871297819043784805e-434294481903252; the exponent is 10^6 times the one
// above, and the time must not follow it (it was minutes for 10^8 before).
TEST(ExtremeValues, CostDoesNotGrowWithTheExponent) {
  WorkingPrecision precision(50);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(text(exp(integer(-1000000000000000))), "1.48712978190438e-434294481903252");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 1.0);
}

// 0.999999999999999999·10^-100000 (an exact fraction, by hand) rounds up to 1.00000000000000e-100000
// at 15 digits: the carry moves the exponent, as 9.99 → 10.0 does near 1.
TEST(ExtremeValues, RoundingUpCarriesIntoTheExponent) {
  WorkingPrecision precision(50);
  const Rational q = Rational(Integer("999999999999999999")) * pow10(-100018);
  EXPECT_EQ(text(Value(to_interval(q))), "1.00000000000000e-100000");
  EXPECT_EQ(text(Value(to_interval(Rational(-q)))), "-1.00000000000000e-100000");
}

// The far path (MPFR) and the near one (exact fractions) agree digit for digit: q·10^-40000 has q's
// digits, its exponent 40000 lower, for 200 fractions q = n/7919 (n = 1 … 200, by construction).
TEST(ExtremeValues, FarDigitsAreTheDigitsOfTheSameNumberNearOne) {
  WorkingPrecision precision(50);
  int decided = 0;
  for (int n = 1; n <= 200; ++n) {
    const Rational q(n, 7919);
    auto near = certain_decimal(to_interval(q), 15);
    auto far = certain_decimal(to_interval(Rational(q * pow10(-40000))), 15);
    ASSERT_EQ(near.has_value(), far.has_value()) << n;
    if (!near) continue;
    ++decided;
    EXPECT_EQ(far->mantissa, near->mantissa) << n;
    EXPECT_EQ(far->exponent, near->exponent - 40000) << n;
  }
  EXPECT_GT(decided, 190);
}

// Past MPFR's range (2^−(2^62), mpmath: 8.5e-1388255822130839284) e^(−10^100) is only bounded:
// 0 ≤ x < 10^−1388255822130839283, a true statement printed at once.
TEST(ExtremeValues, UnderflowIsABoundAtTheRangesEnd) {
  WorkingPrecision precision(50);
  const Value tiny = exp(Value(Rational(-pow10(100))));
  EXPECT_TRUE(is_bounded(tiny));
  EXPECT_EQ(text(tiny), "0 (undecided: |x| < 1e-1388255822130839283)");
}

// e^(10^100) is past the range: unbounded, which the engine refuses as an overflow.
TEST(ExtremeValues, OverflowIsUnbounded) {
  WorkingPrecision precision(50);
  EXPECT_FALSE(is_bounded(exp(Value(pow10(100)))));
  EXPECT_TRUE(is_bounded(exp(integer(1000000000))));
}

// Comparisons with bounds are exact far from 1 too, without the end as a fraction: e^(−1000), mpmath
// 5.0759588975494567653e-435, lies in (0, 10^−434] and not in [10^−434, 1] nor in [0, 10^−435].
TEST(ExtremeValues, LiesWithinComparesFarEndsExactly) {
  WorkingPrecision precision(50);
  const Value x = exp(integer(-1000));
  EXPECT_EQ(text(x), "5.07595889754946e-435");
  EXPECT_EQ(lies_within(x, Rational(0), false, pow10(-434), true), Certainty::yes);
  EXPECT_EQ(lies_within(x, pow10(-434), true, Rational(1), true), Certainty::no);
  EXPECT_EQ(lies_within(x, Rational(0), true, pow10(-435), true), Certainty::no);
}

// softplus(z) = log(1 + e^z) without overflow: softplus(10^100) = 10^100 + log1p(e^(−10^100))
// ≈ 1.00000000000000e100; softplus(−10^9) = log1p(e^(−10^9)), mpmath 1.2495342719210132809e-434294482;
// near 1 the digits are unchanged: softplus(1) = log(1 + e), mpmath 1.3132616875182228340.
TEST(ExtremeValues, SoftplusNeitherOverflowsNorLosesTinyValues) {
  WorkingPrecision precision(50);
  EXPECT_EQ(text(softplus(Value(pow10(100)))), "1.00000000000000e100");
  EXPECT_EQ(text(softplus(integer(-1000000000))), "1.24953427192101e-434294482");
  EXPECT_EQ(text(softplus(integer(1))), "1.31326168751822");
  EXPECT_EQ(text(softplus(integer(-1)), 20), "0.31326168751822283405");  // mpmath: log1p(exp(-1))
}

// Ends of ordinary size convert exactly; an end past 2^±(2^20) is not turned into a
// fraction of megabytes but moved outward: e^(−10^9) lies in [0, 2^−(2^20)], e^(10^9) above
// 2^(2^20), and its upper end has no such bound.
TEST(ExtremeValues, EndsBeyondTheExactRangeAreMovedOutward) {
  WorkingPrecision precision(50);
  // The smallest float64 subnormal, 2^−1074, is a binary number: its enclosure is exact.
  const Rational subnormal = 1 / Rational(boost::multiprecision::pow(Integer(2), 1074u));
  EXPECT_EQ(lower_bound(to_interval(subnormal)), subnormal);
  EXPECT_EQ(upper_bound(to_interval(subnormal)), subnormal);
  const Rational unit = Rational(boost::multiprecision::pow(Integer(2), 1u << 20));
  const Interval tiny = exp(integer(-1000000000)).enclosure();
  EXPECT_EQ(lower_bound(tiny), 0);
  EXPECT_EQ(upper_bound(tiny), 1 / unit);
  EXPECT_EQ(lower_bound(Interval(-tiny)), -1 / unit);
  EXPECT_EQ(upper_bound(Interval(-tiny)), 0);
  const Interval huge = exp(integer(1000000000)).enclosure();
  EXPECT_EQ(lower_bound(huge), unit);
  EXPECT_THROW(upper_bound(huge), BeyondExactRange);
}

// JSON's enclosure ends far from 1 are rounded outward in MPFR: e^(−10^9), mpmath
// 1.2495342719210132809e-434294482, lies in [1.2495e-434294482, 1.2496e-434294482].
TEST(ExtremeValues, OutwardEndsFarFromOne) {
  WorkingPrecision precision(50);
  const Interval x = exp(integer(-1000000000)).enclosure();
  EXPECT_EQ(to_string(outward_end(x, 5, false)), "1.2495e-434294482");
  EXPECT_EQ(to_string(outward_end(x, 5, true)), "1.2496e-434294482");
}

// Issue 16, item 1: a long exact value's length and digits without its full decimal. Lengths
// by hand: 10^k − 1 has k digits, 10^k has k + 1; −(10^99)/(10^60 − 1) is 1 + 100 + 1 + 60.
TEST(ExtremeValues, FractionLengthCountsEveryCharacter) {
  using boost::multiprecision::pow;
  for (unsigned k : {1u, 2u, 19u, 20u, 60u, 61u, 1000u, 6020u}) {
    const Integer p = pow(Integer(10), k);
    EXPECT_EQ(fraction_length(Rational(p - 1)), k) << k;
    EXPECT_EQ(fraction_length(Rational(p)), k + 1) << k;
    EXPECT_EQ(fraction_length(Rational(-p)), k + 2) << k;
    EXPECT_EQ(fraction_length(Rational(Integer(1), p + 1)), k + 3) << k;
  }
  EXPECT_EQ(fraction_length(Rational(0)), 1u);
  EXPECT_EQ(fraction_length(Rational(Integer(-1) * pow(Integer(10), 99u), pow(Integer(10), 60u) - 1)), 162u);
  const Rational q = Rational(pow(Integer(2), 20000u), pow(Integer(3), 5000u));
  EXPECT_EQ(fraction_length(q), fraction_string(q).size());
}

// 2^20000 = 3.98027684033796|65…e6020 (Python's exact integers: the 16th digit is 6, so it rounds
// up); 10^6000 ± 1 at 15 digits, by hand: 1.00000000000000e6000 either way, 9.99…e5999 truncated.
TEST(ExtremeValues, LongIntegersRoundToTheirLeadingDigits) {
  using boost::multiprecision::pow;
  EXPECT_EQ(to_string(round_significant(Rational(pow(Integer(2), 20000u)), 15)), "3.98027684033797e6020");
  EXPECT_EQ(to_string(round_significant(Rational(-pow(Integer(2), 20000u)), 15)), "-3.98027684033797e6020");
  const Integer p = pow(Integer(10), 6000u);
  EXPECT_EQ(to_string(round_significant(Rational(p + 1), 15)), "1.00000000000000e6000");
  EXPECT_EQ(to_string(round_significant(Rational(p - 1), 15)), "1.00000000000000e6000");
  EXPECT_EQ(to_string(round_significant(Rational(p - 1), 15, Rounding::toward_zero)), "9.99999999999999e5999");
  EXPECT_EQ(decimal_magnitude(Rational(p - 1)), 5999);
  EXPECT_EQ(decimal_magnitude(Rational(Integer(1), p)), -6000);
  EXPECT_EQ(decimal_magnitude(Rational(Integer(1), p + 1)), -6001);
  EXPECT_FALSE(terminating_decimal(Rational(p), 60));
  EXPECT_EQ(terminating_decimal(Rational(Integer(3), Integer(8)), 60), "0.375");
}

}  // namespace
}  // namespace bptrace
