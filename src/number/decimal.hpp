#pragma once
// Decimal views of exact and certified numbers. Every digit produced here is certain:
// exact values are rounded exactly, and an enclosure is rounded only when both of its
// endpoints round to the same digits (rounding is monotone, so the true value does too).
#include "number/interval.hpp"
#include "number/rational.hpp"
#include "number/value.hpp"

#include <optional>
#include <string>

namespace bptrace {

enum class Rounding { half_away_from_zero, toward_zero };

// mantissa × 10^exponent
struct Decimal {
  Integer mantissa;
  long exponent = 0;  // a certified value's reaches ±1.4·10^18 (MPFR's exponent range)
  friend bool operator==(const Decimal&, const Decimal&) = default;
};

// floor(log10 |x|) for x != 0.
int decimal_magnitude(const Rational& x);
Decimal round_significant(const Rational& x, int digits, Rounding mode = Rounding::half_away_from_zero);
Decimal round_places(const Rational& x, int places, Rounding mode = Rounding::half_away_from_zero);
// x rounded to `digits` significant digits, then moved one unit outward where that rounding went
// the wrong way: upward gives a bound >= x, downward a bound <= x (for x != 0).
Decimal round_outward(const Rational& x, int digits, bool upward);
// An end of an enclosure (lower, or upper) rounded outward to `digits` digits, at any exponent.
Decimal outward_end(const Interval& x, int digits, bool upper);
Rational to_rational(const Decimal& d);
// Plain notation for moderate magnitudes, scientific (1.5e-9) otherwise; trailing zeros kept.
std::string to_string(const Decimal& d);

// The exact decimal expansion when the denominator is 2^a 5^b and it has at most max_digits digits.
std::optional<std::string> terminating_decimal(const Rational& q, int max_digits = 60);
std::string fraction_string(const Rational& q);
// fraction_string(q).size(), at a fraction of its cost: a long fraction is shown by its length.
std::size_t fraction_length(const Rational& q);
// A lesson's constant as the engine writes it inside a formula (0.5·(…), LeakyReLU's 0.01):
// its decimal when it terminates within 12 digits, else its fraction. Values are written by the
// render layer's formatter; this is only for constants that are part of a formula's text.
std::string formula_constant(const Rational& q);

// The enclosure rounded to `digits` significant digits, when that rounding is certain. Ends near 1
// (binary exponent within ±kNearExponent, |x| between about 10^-38 and 10^38) are rounded
// exactly as fractions; farther ones in MPFR, at a cost that does not grow with the exponent.
inline constexpr long kNearExponent = 128;
std::optional<Decimal> certain_decimal(const Interval& x, int digits);

// Value text used by goldens and checks: "151/400" when exact; the certified digits otherwise
// (fewer than requested when the enclosure is too wide). An enclosure around 0 with no certain
// digit is spelt by a power of ten above it, "0 (undecided: |x| < 1e-6400)", whatever the
// backend's rounding of its ends; an enclosure with no certain digit off 0 by its bounds.
struct ValueText {
  std::string text;
  bool exact = false;
  bool complete = true;  // false when fewer than the requested digits are certain
  bool undecided = false;  // not even the sign is certain: "0 (undecided: |x| < 1e-6400)"
};
ValueText certified_text(const Value& v, int digits);

// Whether x lies in the range [lo, hi] (ends open or closed): certainly, certainly not, or unknown
// (an enclosure overlapping an end).
enum class Certainty { yes, no, unknown };
Certainty lies_within(const Value& x, const Rational& lo, bool lo_closed, const Rational& hi,
                      bool hi_closed);

}  // namespace bptrace
