#pragma once
// IEEE 754 binary formats as exact rationals: a float32 or float64 is a rational, its rounding,
// spacing and unit roundoff are exact, and a decimal text is read as the nearest number of the
// format without a double in between (values files, document tolerances).
#include "number/rational.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace bptrace {

// An IEEE 754 binary format: p significand bits, normal exponents emin..emax.
struct FloatFormat {
  std::string name;  // "float64", "float32"
  int precision = 53;
  int emin = -1022;
  int emax = 1023;
  friend bool operator==(const FloatFormat&, const FloatFormat&) = default;
};
FloatFormat float64_format();
FloatFormat float32_format();

// u = 2^-p: |fl(x) − x| ≤ u·|x| for x in the normal range (Higham's unit roundoff).
Rational unit_roundoff(const FloatFormat& f);
// The spacing of the format's numbers at x: 2^(max(e, emin) − p + 1) for 2^e ≤ |x| < 2^(e+1);
// at 0 the smallest subnormal.
Rational ulp(const Rational& x, const FloatFormat& f);
// The nearest number of the format (ties to even), or nullopt when that is an infinity.
std::optional<Rational> round_to_format(const Rational& x, const FloatFormat& f);
// Whether x is a number of the format.
bool representable(const Rational& x, const FloatFormat& f);

// A decimal "-0.3775", "1.5e-3", "2E+4" (a JSON number, or the same in a string; leading zeros
// allowed) read as the nearest number of the format. Throws NumberSyntaxError for other text, and
// std::overflow_error when the nearest is an infinity. Cost is bounded by the text's length:
// exponents far out of range give 0 or overflow without computing 10^exponent.
Rational read_as_format(std::string_view text, const FloatFormat& f);

}  // namespace bptrace
