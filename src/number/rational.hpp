#pragma once
// Exact rationals (GMP through Boost.Multiprecision), and reading them from source text.
#include <boost/multiprecision/gmp.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace bptrace {

// Expression templates off: `auto x = a * b;` is a number, and generic code deduces Rational.
using Rational = boost::multiprecision::number<boost::multiprecision::gmp_rational,
                                               boost::multiprecision::et_off>;
using Integer = boost::multiprecision::number<boost::multiprecision::gmp_int,
                                              boost::multiprecision::et_off>;

// Text that is not a number; `offset` is the 0-based position of the offending character.
struct NumberSyntaxError : std::runtime_error {
  NumberSyntaxError(const std::string& what, std::size_t offset)
      : std::runtime_error(what), offset(offset) {}
  std::size_t offset;
};

// Reads "-0.05", "3", "1.5e-3", "2E4", "1/3", "-7/20" exactly: never through a double.
Rational parse_rational(std::string_view text);

// How many digits a decimal literal shows after its point, counting its exponent:
// "0.0821" -> 4, "1.106" -> 3, "-2" -> 0, "3.5e-5" -> 6, "12e2" -> -2. Not for fractions.
int decimal_places(std::string_view decimal_text);

Rational pow10(int exponent);

// Decimal digits of the numerator and the denominator together, from their bit lengths (within
// one digit of each): cheap enough to ask of a fraction of millions of digits.
long fraction_digits(const Rational& q);

}  // namespace bptrace
