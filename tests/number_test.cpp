// The number model checked against values worked out by hand (exact fractions, decimal rounding
// done on paper) and against the published digits of e, ln 2, σ(1) and tanh(1).
#include "number/decimal.hpp"
#include "number/interval.hpp"
#include "number/rational.hpp"
#include "number/value.hpp"

#include <gtest/gtest.h>

#include <string>

namespace bptrace {
namespace {

// The offset a NumberSyntaxError reports for `text`, or -1 when `text` parses.
long syntax_error_offset(std::string_view text) {
  try {
    parse_rational(text);
  } catch (const NumberSyntaxError& e) {
    return static_cast<long>(e.offset);
  }
  return -1;
}

// [lo, hi] as an enclosure: the hull of the two (outward-rounded) endpoints.
Interval enclosure_between(const Rational& lo, const Rational& hi) {
  return hull(to_interval(lo), to_interval(hi));
}

// 1/3 is not a binary fraction, so its enclosure has two distinct endpoints around it, and the
// enclosure minus itself is an interval around 0 that is not {0} (intervals forget that the two
// operands are the same number).
Value straddling_zero() {
  Value third(to_interval(Rational(1, 3)));
  return third - third;
}

// ---------------------------------------------------------------------------------------------
// parse_rational

// 0.05 = 5/100 = 1/20 (the input x_1 of document 001).
TEST(ParseRational, ReadsDecimalExactly) { EXPECT_EQ(parse_rational("0.05"), Rational(1, 20)); }

// 0.0821 = 821/10000: the leading zeros after the point are place value.
TEST(ParseRational, KeepsLeadingZerosAfterThePoint) {
  EXPECT_EQ(parse_rational("0.0821"), Rational(821, 10000));
}

// "007" is seven, and "0.10" is 1/10: leading zeros of the integer part are decimal, not octal.
TEST(ParseRational, ReadsLeadingZerosAsDecimal) {
  EXPECT_EQ(parse_rational("007"), Rational(7));
  EXPECT_EQ(parse_rational("010"), Rational(10));
  EXPECT_EQ(parse_rational("00.10"), Rational(1, 10));
}

// -0.35 = -7/20; +2.5 = 5/2; -0 = 0.
TEST(ParseRational, ReadsSigns) {
  EXPECT_EQ(parse_rational("-0.35"), Rational(-7, 20));
  EXPECT_EQ(parse_rational("+2.5"), Rational(5, 2));
  EXPECT_EQ(parse_rational("-0"), Rational(0));
}

// 1.5e-3 = 15/10 · 1/1000 = 3/2000; 2E4 = 20000; 3.5e+2 = 350; 12e0 = 12.
TEST(ParseRational, ReadsExponents) {
  EXPECT_EQ(parse_rational("1.5e-3"), Rational(3, 2000));
  EXPECT_EQ(parse_rational("2E4"), Rational(20000));
  EXPECT_EQ(parse_rational("3.5e+2"), Rational(350));
  EXPECT_EQ(parse_rational("12e0"), Rational(12));
}

// "1/3" = 1/3, "-7/20" = -7/20, "6/8" reduces to 3/4, "08/012" = 8/12 = 2/3 (decimal digits).
TEST(ParseRational, ReadsFractions) {
  EXPECT_EQ(parse_rational("1/3"), Rational(1, 3));
  EXPECT_EQ(parse_rational("-7/20"), Rational(-7, 20));
  EXPECT_EQ(parse_rational("6/8"), Rational(3, 4));
  EXPECT_EQ(parse_rational("08/012"), Rational(2, 3));
}

// "1/0" and "5/000": the offset points at the denominator (position 2).
TEST(ParseRational, RejectsZeroDenominatorAtTheDenominator) {
  EXPECT_THROW(parse_rational("1/0"), NumberSyntaxError);
  EXPECT_EQ(syntax_error_offset("1/0"), 2);
  EXPECT_EQ(syntax_error_offset("5/000"), 2);
}

// Each offset is the 0-based position of the first character that cannot continue a number.
TEST(ParseRational, RejectsJunkAtTheOffendingCharacter) {
  EXPECT_EQ(syntax_error_offset(""), 0);       // nothing: a digit expected at 0
  EXPECT_EQ(syntax_error_offset("abc"), 0);    // 'a'
  EXPECT_EQ(syntax_error_offset(" 1"), 0);     // the space
  EXPECT_EQ(syntax_error_offset("--1"), 1);    // the second '-'
  EXPECT_EQ(syntax_error_offset("0x1F"), 1);   // 'x'
  EXPECT_EQ(syntax_error_offset("1."), 2);     // end: a digit after the point expected
  EXPECT_EQ(syntax_error_offset("1.2.3"), 3);  // the second '.'
  EXPECT_EQ(syntax_error_offset("1e"), 2);     // end: an exponent expected
  EXPECT_EQ(syntax_error_offset("1/-3"), 2);   // '-' where the denominator starts
  EXPECT_EQ(syntax_error_offset("1/3x"), 3);   // 'x' after the fraction
  EXPECT_EQ(syntax_error_offset("1/2/3"), 3);  // the second '/'
  EXPECT_EQ(syntax_error_offset("0.5kg"), 3);  // 'k'
}

// 1e12345 would be a 12346-digit number: refused, pointing at the exponent's digits (offset 2).
TEST(ParseRational, RejectsHugeExponent) { EXPECT_EQ(syntax_error_offset("1e12345"), 2); }

// ---------------------------------------------------------------------------------------------
// decimal_places

// "0.0821" shows 4 places, "1.106" 3, "-2" 0, "0.50" 2 (a trailing zero is a shown digit),
// "3.5e-5" = 0.000035 shows 6, "12e2" = 1200 is known to the hundreds: -2.
TEST(DecimalPlaces, CountsDigitsAfterThePointAndTheExponent) {
  EXPECT_EQ(decimal_places("0.0821"), 4);
  EXPECT_EQ(decimal_places("1.106"), 3);
  EXPECT_EQ(decimal_places("-2"), 0);
  EXPECT_EQ(decimal_places("0.50"), 2);
  EXPECT_EQ(decimal_places("3.5e-5"), 6);
  EXPECT_EQ(decimal_places("12e2"), -2);
  EXPECT_EQ(decimal_places("1.5E3"), -2);
}

// ---------------------------------------------------------------------------------------------
// round_significant / round_places

// 151/400 = 0.3775 to 2 significant digits: 0.38 (the third digit, 7, rounds up) = 38·10^-2.
TEST(RoundSignificant, RoundsToSignificantDigits) {
  EXPECT_EQ(round_significant(Rational(151, 400), 2), (Decimal{Integer(38), -2}));
}

// 9.996 to 3 significant digits: 9.996 → 10.00 carries into a new digit; kept at 3 digits: 10.0.
TEST(RoundSignificant, CarriesIntoANewLeadingDigit) {
  Decimal d = round_significant(Rational(9996, 1000), 3);
  EXPECT_EQ(d, (Decimal{Integer(100), -1}));
  EXPECT_EQ(to_string(d), "10.0");
}

// Toward zero, 9.996 to 3 significant digits is 9.99: no carry.
TEST(RoundSignificant, TruncatesTowardZero) {
  EXPECT_EQ(round_significant(Rational(9996, 1000), 3, Rounding::toward_zero),
            (Decimal{Integer(999), -2}));
}

// -2/3 = -0.6666...: to 3 digits -0.667 (away from zero), -0.666 (toward zero); -9.996 → -10.0.
TEST(RoundSignificant, RoundsNegativesSymmetrically) {
  EXPECT_EQ(round_significant(Rational(-2, 3), 3), (Decimal{Integer(-667), -3}));
  EXPECT_EQ(round_significant(Rational(-2, 3), 3, Rounding::toward_zero), (Decimal{Integer(-666), -3}));
  EXPECT_EQ(round_significant(Rational(-9996, 1000), 3), (Decimal{Integer(-100), -1}));
}

// 0.125 to 2 digits is a tie: half away from zero gives 0.13, and -0.125 gives -0.13.
TEST(RoundSignificant, RoundsTiesAwayFromZero) {
  EXPECT_EQ(round_significant(Rational(1, 8), 2), (Decimal{Integer(13), -2}));
  EXPECT_EQ(round_significant(Rational(-1, 8), 2), (Decimal{Integer(-13), -2}));
  EXPECT_EQ(round_significant(Rational(1, 8), 2, Rounding::toward_zero), (Decimal{Integer(12), -2}));
}

// 0 has no leading digit: it rounds to 0·10^0.
TEST(RoundSignificant, RoundsZeroToZero) {
  EXPECT_EQ(round_significant(Rational(0), 5), (Decimal{Integer(0), 0}));
}

// 0.3775 to 3 places is a tie: 0.378 half away from zero, 0.377 toward zero.
TEST(RoundPlaces, RoundsToDecimalPlaces) {
  EXPECT_EQ(round_places(Rational(151, 400), 3), (Decimal{Integer(378), -3}));
  EXPECT_EQ(round_places(Rational(151, 400), 3, Rounding::toward_zero), (Decimal{Integer(377), -3}));
}

// 9.996 to 2 places: 999.6 hundredths → 1000 hundredths = 10.00 (the carry keeps 2 places).
TEST(RoundPlaces, CarriesAcrossThePoint) {
  Decimal d = round_places(Rational(9996, 1000), 2);
  EXPECT_EQ(d, (Decimal{Integer(1000), -2}));
  EXPECT_EQ(to_string(d), "10.00");
}

// -2/3 to 2 places: -0.67 away from zero, -0.66 toward zero; -0.125 to 2 places ties to -0.13.
TEST(RoundPlaces, RoundsNegatives) {
  EXPECT_EQ(round_places(Rational(-2, 3), 2), (Decimal{Integer(-67), -2}));
  EXPECT_EQ(round_places(Rational(-2, 3), 2, Rounding::toward_zero), (Decimal{Integer(-66), -2}));
  EXPECT_EQ(round_places(Rational(-1, 8), 2), (Decimal{Integer(-13), -2}));
}

// 1250 to -2 places (hundreds): 12.5 hundreds ties to 13 hundreds = 1300; toward zero 1200.
TEST(RoundPlaces, RoundsToTensAndHundredsWithNegativePlaces) {
  EXPECT_EQ(to_string(round_places(Rational(1250), -2)), "1300");
  EXPECT_EQ(to_string(round_places(Rational(1250), -2, Rounding::toward_zero)), "1200");
}

// ---------------------------------------------------------------------------------------------
// to_string, terminating_decimal, fraction_string

// 3775·10^-4 = 0.3775, 3770·10^-4 = 0.3770 (trailing zero kept), -5·10^-1 = -0.5, 5·10^-6 =
// 0.000005, 12·10^2 = 1200, 0·10^-3 = 0.000, 0·10^0 = 0.
TEST(ToString, WritesPlainNotationForModerateMagnitudes) {
  EXPECT_EQ(to_string(Decimal{Integer(3775), -4}), "0.3775");
  EXPECT_EQ(to_string(Decimal{Integer(3770), -4}), "0.3770");
  EXPECT_EQ(to_string(Decimal{Integer(-5), -1}), "-0.5");
  EXPECT_EQ(to_string(Decimal{Integer(5), -6}), "0.000005");
  EXPECT_EQ(to_string(Decimal{Integer(12), 2}), "1200");
  EXPECT_EQ(to_string(Decimal{Integer(151), 0}), "151");
  EXPECT_EQ(to_string(Decimal{Integer(0), -3}), "0.000");
  EXPECT_EQ(to_string(Decimal{Integer(0), 0}), "0");
}

// 15·10^-10 = 1.5·10^-9 → "1.5e-9"; 5·10^-7 → "5e-7"; 123·10^20 = 1.23·10^22 → "1.23e22".
TEST(ToString, WritesScientificNotationForExtremeMagnitudes) {
  EXPECT_EQ(to_string(Decimal{Integer(15), -10}), "1.5e-9");
  EXPECT_EQ(to_string(Decimal{Integer(-15), -10}), "-1.5e-9");
  EXPECT_EQ(to_string(Decimal{Integer(5), -7}), "5e-7");
  EXPECT_EQ(to_string(Decimal{Integer(123), 20}), "1.23e22");
}

// 151/400 = 151·25/10^4 = 3775/10000 = 0.3775 (400 = 2^4·5^2).
TEST(TerminatingDecimal, ExpandsPowerOfTwoAndFiveDenominators) {
  EXPECT_EQ(terminating_decimal(Rational(151, 400)), "0.3775");
  EXPECT_EQ(terminating_decimal(Rational(-7, 20)), "-0.35");
  EXPECT_EQ(terminating_decimal(Rational(7)), "7");
  EXPECT_EQ(terminating_decimal(Rational(1, 1024)), "0.0009765625");  // 5^10 / 10^10
}

// 1/3 and 1/7 repeat forever: no terminating expansion.
TEST(TerminatingDecimal, RefusesRepeatingExpansions) {
  EXPECT_EQ(terminating_decimal(Rational(1, 3)), std::nullopt);
  EXPECT_EQ(terminating_decimal(Rational(151, 700)), std::nullopt);
}

// 1/1024 = 0.0009765625 needs the 7 digits 9765625: refused when at most 5 are allowed.
TEST(TerminatingDecimal, RefusesMoreThanMaxDigits) {
  EXPECT_EQ(terminating_decimal(Rational(1, 1024), 5), std::nullopt);
  EXPECT_EQ(terminating_decimal(Rational(1, 1024), 7), "0.0009765625");
}

// 1/5^40 = 2^40/10^40 (a power of five alone), 3/(2^7·5^3) = 3·5^4/10^7 = 0.0001875, and
// denominators a power of 2 or 5 short of the form: 1/(5^40·3), 1/(2^20·5^3·7).
TEST(TerminatingDecimal, RecognisesPowersOfFiveAndNearMisses) {
  const Integer five40 = boost::multiprecision::pow(Integer(5), 40);
  EXPECT_EQ(terminating_decimal(Rational(Integer(1), five40)), "1.099511627776e-28");  // 2^40 = 1099511627776
  EXPECT_EQ(terminating_decimal(Rational(3, 16000)), "0.0001875");
  EXPECT_EQ(terminating_decimal(Rational(Integer(1), five40 * 3)), std::nullopt);
  EXPECT_EQ(terminating_decimal(Rational(Integer(1), Integer(1 << 20) * 125 * 7)), std::nullopt);
}

// 1/2^5000 = 5^5000/10^5000: a mantissa of 3,495 digits, over the 60 allowed but not 4,000.
// Both answers are found without dividing the denominator by 2 five thousand times.
TEST(TerminatingDecimal, DecidesLongDenominatorsByTheirForm) {
  const Integer two5000 = boost::multiprecision::pow(Integer(2), 5000);
  EXPECT_EQ(terminating_decimal(Rational(Integer(1), two5000)), std::nullopt);
  EXPECT_TRUE(terminating_decimal(Rational(Integer(1), two5000), 4000).has_value());
  EXPECT_EQ(terminating_decimal(Rational(Integer(1), two5000 * 3), 4000), std::nullopt);
}

// Digits of numerator and denominator together: 151/400 has 3 + 3; 10^99/1 has 100 + 1; the
// estimate from bit lengths may count one more per part, never fewer.
TEST(FractionDigits, CountsNumeratorAndDenominatorDigits) {
  EXPECT_GE(fraction_digits(Rational(151, 400)), 6);
  EXPECT_LE(fraction_digits(Rational(151, 400)), 8);
  const long big = fraction_digits(Rational(boost::multiprecision::pow(Integer(10), 99)));
  EXPECT_GE(big, 101);
  EXPECT_LE(big, 103);
}

// 151/400 stays 151/400, 6/4 is written in lowest terms 3/2, an integer has no denominator.
TEST(FractionString, WritesLowestTerms) {
  EXPECT_EQ(fraction_string(Rational(151, 400)), "151/400");
  EXPECT_EQ(fraction_string(Rational(6, 4)), "3/2");
  EXPECT_EQ(fraction_string(Rational(-7, 20)), "-7/20");
  EXPECT_EQ(fraction_string(Rational(5)), "5");
}

// ---------------------------------------------------------------------------------------------
// Interval

// WorkingPrecision(100) inside WorkingPrecision(50): 100 in its scope, 50 again after it.
TEST(WorkingPrecision, RestoresThePreviousPrecision) {
  WorkingPrecision outer(50);
  {
    WorkingPrecision inner(100);
    EXPECT_EQ(WorkingPrecision::current(), 100u);
  }
  EXPECT_EQ(WorkingPrecision::current(), 50u);
}

// 1/4 is a binary fraction: its enclosure is the single point 1/4.
TEST(Interval, EnclosesBinaryFractionExactly) {
  WorkingPrecision precision(30);
  Interval x = to_interval(Rational(1, 4));
  EXPECT_EQ(lower_bound(x), Rational(1, 4));
  EXPECT_EQ(upper_bound(x), Rational(1, 4));
}

// 1/3 is not: lower < 1/3 < upper, with a width of about 10^-20 at 20 digits and about 10^-60
// at 60 digits.
TEST(Interval, EnclosesOneThirdTighterAtHigherPrecision) {
  const Rational third(1, 3);
  Rational width20, width60;
  {
    WorkingPrecision precision(20);
    Interval x = to_interval(third);
    EXPECT_LT(lower_bound(x), third);
    EXPECT_GT(upper_bound(x), third);
    width20 = upper_bound(x) - lower_bound(x);
  }
  {
    WorkingPrecision precision(60);
    Interval x = to_interval(third);
    EXPECT_LT(lower_bound(x), third);
    EXPECT_GT(upper_bound(x), third);
    width60 = upper_bound(x) - lower_bound(x);
  }
  EXPECT_GT(width20, pow10(-30));
  EXPECT_LT(width60, pow10(-55));
}

// The enclosures of 1/3, -1/3 and 0 have certain signs +1, -1 and 0.
TEST(CertainSign, IsCertainForEnclosuresAwayFromZero) {
  WorkingPrecision precision(30);
  EXPECT_EQ(certain_sign(to_interval(Rational(1, 3))), 1);
  EXPECT_EQ(certain_sign(to_interval(Rational(-1, 3))), -1);
  EXPECT_EQ(certain_sign(to_interval(Rational(0))), 0);
}

// enclosure(1/3) − enclosure(1/3) is [lo − hi, hi − lo]: it contains 0 and values of both signs.
TEST(CertainSign, ThrowsNeedMorePrecisionWhenStraddlingZero) {
  WorkingPrecision precision(30);
  EXPECT_THROW(certain_sign(straddling_zero().enclosure()), NeedMorePrecision);
  EXPECT_THROW(sign(straddling_zero()), NeedMorePrecision);
}

// ---------------------------------------------------------------------------------------------
// Value

// z_1^[1] of document 001: 0.15·0.05 + 0.2·0.1 + 0.35 = 0.0075 + 0.02 + 0.35 = 0.3775 = 151/400.
TEST(Value, RationalArithmeticStaysExact) {
  Value z = Value(Rational(3, 20)) * Value(Rational(1, 20)) + Value(Rational(1, 5)) * Value(Rational(1, 10)) +
            Value(Rational(7, 20));
  ASSERT_TRUE(z.is_exact());
  EXPECT_EQ(z.exact(), Rational(151, 400));
}

// 1/3 − 1/2 = -1/6; (-1/6) / (2/3) = -1/4; −(−1/4) = 1/4.
TEST(Value, SubtractsDividesAndNegatesExactly) {
  Value d = (Value(Rational(1, 3)) - Value(Rational(1, 2))) / Value(Rational(2, 3));
  ASSERT_TRUE(d.is_exact());
  EXPECT_EQ(d.exact(), Rational(-1, 4));
  EXPECT_EQ((-d).exact(), Rational(1, 4));
}

// exp(0) = 1, log(1) = 0, σ(0) = 1/(1 + 1) = 1/2, tanh(0) = 0: exact, not enclosures.
TEST(Value, TranscendentalsAtTheirExactPointsAreExact) {
  ASSERT_TRUE(exp(Value(0)).is_exact());
  EXPECT_EQ(exp(Value(0)).exact(), Rational(1));
  ASSERT_TRUE(log(Value(1)).is_exact());
  EXPECT_EQ(log(Value(1)).exact(), Rational(0));
  ASSERT_TRUE(sigmoid(Value(0)).is_exact());
  EXPECT_EQ(sigmoid(Value(0)).exact(), Rational(1, 2));
  ASSERT_TRUE(tanh(Value(0)).is_exact());
  EXPECT_EQ(tanh(Value(0)).exact(), Rational(0));
}

// e^1 is irrational: exp(1) is an enclosure, and so is anything it is added to.
TEST(Value, TranscendentalOfNonzeroIsCertified) {
  WorkingPrecision precision(40);
  EXPECT_FALSE(exp(Value(1)).is_exact());
  EXPECT_FALSE((exp(Value(1)) + Value(1)).is_exact());
}

// 0·e = 0 exactly (a dead ReLU path stays exact); 1·e is the enclosure of e unchanged.
TEST(Value, ExactZeroTimesEnclosureIsExactZero) {
  WorkingPrecision precision(40);
  Value product = Value(0) * exp(Value(1));
  ASSERT_TRUE(product.is_exact());
  EXPECT_EQ(product.exact(), Rational(0));
  Value same = Value(1) * exp(Value(1));
  EXPECT_EQ(lower_bound(same.enclosure()), lower_bound(exp(Value(1)).enclosure()));
  EXPECT_EQ(upper_bound(same.enclosure()), upper_bound(exp(Value(1)).enclosure()));
}

// log 0 is undefined (−∞), log(−1/2) is undefined over the reals.
TEST(Value, LogOfExactZeroOrNegativeThrowsDomainError) {
  EXPECT_THROW(log(Value(0)), DomainError);
  EXPECT_THROW(log(Value(Rational(-1, 2))), DomainError);
}

// 1/0 and e/0 are undefined.
TEST(Value, DivisionByExactZeroThrowsDomainError) {
  WorkingPrecision precision(40);
  EXPECT_THROW(Value(1) / Value(0), DomainError);
  EXPECT_THROW(exp(Value(1)) / Value(0), DomainError);
}

// Dividing by an enclosure that contains 0 cannot be certified: more precision is needed.
TEST(Value, DivisionByEnclosureAroundZeroNeedsMorePrecision) {
  WorkingPrecision precision(40);
  EXPECT_THROW(Value(1) / straddling_zero(), NeedMorePrecision);
}

// e = 2.718281828459045235360287|47135... to 25 significant digits (the 26th digit, 4, rounds down).
TEST(CertifiedText, GivesTheKnownDigitsOfE) {
  WorkingPrecision precision(40);
  ValueText t = certified_text(exp(Value(1)), 25);
  EXPECT_EQ(t.text, "2.718281828459045235360287");
  EXPECT_FALSE(t.exact);
  EXPECT_TRUE(t.complete);
}

// An enclosure around 0 with no certain digit is spelt by a power of ten above |x|, not by the
// backend's rounded ends (defect 5 of issue 13): 1/3 − 1/3 at 40 digits lies within 1e-39.
TEST(CertifiedText, UndecidedSignIsSpeltByABoundOnItsSize) {
  WorkingPrecision precision(40);
  ValueText t = certified_text(straddling_zero(), 25);
  Rational bound = std::max(abs(lower_bound(straddling_zero().enclosure())), abs(upper_bound(straddling_zero().enclosure())));
  const int e = decimal_magnitude(bound) + 1;
  EXPECT_LT(bound, pow10(e));
  EXPECT_GE(bound * 10, pow10(e) / 10);  // the bound is the next power of ten, not a loose one
  EXPECT_EQ(t.text, "0 (undecided: |x| < 1e" + std::to_string(e) + ")");
  EXPECT_TRUE(t.undecided);
  EXPECT_FALSE(t.complete);
}

// softplus(0) = log(1 + e^0) = ln 2 = 0.6931471805599453094172321|2145... (25 digits).
TEST(CertifiedText, GivesTheKnownDigitsOfLnTwo) {
  WorkingPrecision precision(40);
  EXPECT_EQ(certified_text(softplus(Value(0)), 25).text, "0.6931471805599453094172321");
  EXPECT_EQ(certified_text(log(Value(2)), 25).text, "0.6931471805599453094172321");
}

// σ(1) = 0.7310585786300048792511592|418... and tanh(1) = 0.761594155955764888119458|2826...
// (published digits; rounded to 25 and 24 digits, the next digits 4 and 2 round down).
TEST(CertifiedText, GivesTheKnownDigitsOfSigmoidAndTanhOfOne) {
  WorkingPrecision precision(40);
  EXPECT_EQ(certified_text(sigmoid(Value(1)), 25).text, "0.7310585786300048792511592");
  EXPECT_EQ(certified_text(tanh(Value(1)), 24).text, "0.761594155955764888119458");
}

// An exact value prints as its fraction, whatever the digits asked for.
TEST(CertifiedText, WritesExactValuesAsFractions) {
  ValueText t = certified_text(Value(Rational(151, 400)), 3);
  EXPECT_EQ(t.text, "151/400");
  EXPECT_TRUE(t.exact);
  EXPECT_TRUE(t.complete);
  EXPECT_EQ(certified_text(Value(Rational(-7, 20)), 10).text, "-7/20");
  EXPECT_EQ(certified_text(Value(5), 10).text, "5");
}

// [1.2341, 1.2349]: to 5 digits 1.2341 vs 1.2349 and to 4 digits 1.234 vs 1.235 differ; to 3
// digits both are 1.23, so only "1.23" is certain.
TEST(CertifiedText, GivesFewerDigitsWhenOnlyThoseAreCertain) {
  WorkingPrecision precision(30);
  ValueText t = certified_text(Value(enclosure_between(Rational(12341, 10000), Rational(12349, 10000))), 5);
  EXPECT_EQ(t.text, "1.23");
  EXPECT_FALSE(t.complete);
}

// [-0.0012345, 0.0054321] straddles 0, so no digit is certain: the bounds, rounded outward to
// 3 digits: -0.0012345 → -0.00124 (down), 0.0054321 → 0.00544 (up).
TEST(CertifiedText, GivesOutwardRoundedBoundsWhenNoDigitIsCertain) {
  WorkingPrecision precision(30);
  ValueText t = certified_text(Value(enclosure_between(Rational(12345, 10000000), Rational(54321, 10000000))), 5);
  EXPECT_EQ(t.text, "[0.00123, 0.00544]");
  EXPECT_FALSE(t.complete);
  // Around 0: |x| ≤ 0.0054321 < 10^-2, whatever the ends.
  ValueText z = certified_text(Value(enclosure_between(Rational(-12345, 10000000), Rational(54321, 10000000))), 5);
  EXPECT_EQ(z.text, "0 (undecided: |x| < 1e-2)");
}

// 1/3 = 0.333…, 2/3 = 0.666…: a lower bound rounds down, an upper bound up; 1/4 stays 0.25.
TEST(RoundOutward, GivesBoundsOnTheSideAsked) {
  EXPECT_EQ(to_string(round_outward(Rational(1, 3), 2, true)), "0.34");
  EXPECT_EQ(to_string(round_outward(Rational(1, 3), 2, false)), "0.33");
  EXPECT_EQ(to_string(round_outward(Rational(2, 3), 2, false)), "0.66");
  EXPECT_EQ(to_string(round_outward(Rational(2, 3), 2, true)), "0.67");
  EXPECT_EQ(to_string(round_outward(Rational(-1, 3), 2, false)), "-0.34");
  EXPECT_EQ(to_string(round_outward(Rational(-1, 3), 2, true)), "-0.33");
  EXPECT_EQ(to_string(round_outward(Rational(1, 4), 2, true)), "0.25");
}

// e to 5 significant digits is 2.7183 = 27183·10^-4; an enclosure around 0 has no certain digit.
TEST(CertainDecimal, RoundsOnlyWhenBothEndsAgree) {
  WorkingPrecision precision(40);
  EXPECT_EQ(certain_decimal(exp(Value(1)).enclosure(), 5), (Decimal{Integer(27183), -4}));
  EXPECT_EQ(certain_decimal(straddling_zero().enclosure(), 1), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// lies_within

// 0.3775 lies in [0.3775, 0.3776) but not in (0.3775, 0.3776]: the closed end counts.
TEST(LiesWithin, DecidesExactValuesAtClosedAndOpenEnds) {
  const Value z(Rational(151, 400));
  EXPECT_EQ(lies_within(z, Rational(3775, 10000), true, Rational(3776, 10000), false), Certainty::yes);
  EXPECT_EQ(lies_within(z, Rational(3775, 10000), false, Rational(3776, 10000), true), Certainty::no);
}

// e = 2.71828... certainly lies in [2.718, 2.719] and certainly not in [3, 4].
TEST(LiesWithin, DecidesEnclosuresClearOfTheEnds) {
  WorkingPrecision precision(40);
  const Value e = exp(Value(1));
  EXPECT_EQ(lies_within(e, Rational(2718, 1000), true, Rational(2719, 1000), true), Certainty::yes);
  EXPECT_EQ(lies_within(e, Rational(3), true, Rational(4), true), Certainty::no);
}

// The enclosure of 1/3 has ends on both sides of 1/3: whether it is ≥ 1/3 is unknown.
TEST(LiesWithin, IsUnknownWhenTheEnclosureOverlapsAnEnd) {
  WorkingPrecision precision(40);
  const Value third(to_interval(Rational(1, 3)));
  EXPECT_EQ(lies_within(third, Rational(1, 3), true, Rational(1), true), Certainty::unknown);
}

}  // namespace
}  // namespace bptrace
