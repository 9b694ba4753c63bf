#include "number/float_format.hpp"

#include "number/decimal.hpp"

#include <stdexcept>

namespace bptrace {

namespace {

using boost::multiprecision::denominator;
using boost::multiprecision::msb;
using boost::multiprecision::numerator;

Rational power_of_two(long k) {
  Integer one(1);
  if (k >= 0) return Rational(Integer(one << static_cast<unsigned>(k)));
  return Rational(one, Integer(one << static_cast<unsigned>(-k)));
}

// floor(log2 q) for q > 0.
long binary_exponent(const Rational& q) {
  const Integer n = numerator(q), d = denominator(q);
  long e = static_cast<long>(msb(n)) - static_cast<long>(msb(d));
  // 2^e ≤ q ⇔ n ≥ d·2^e
  bool at_least = e >= 0 ? n >= Integer(d << static_cast<unsigned>(e)) : Integer(n << static_cast<unsigned>(-e)) >= d;
  return at_least ? e : e - 1;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

FloatFormat float64_format() { return {"float64", 53, -1022, 1023}; }
FloatFormat float32_format() { return {"float32", 24, -126, 127}; }

Rational unit_roundoff(const FloatFormat& f) { return power_of_two(-f.precision); }

Rational ulp(const Rational& x, const FloatFormat& f) {
  long e = x == 0 ? f.emin : std::max<long>(binary_exponent(abs(x)), f.emin);
  return power_of_two(e - f.precision + 1);
}

std::optional<Rational> round_to_format(const Rational& x, const FloatFormat& f) {
  if (x == 0) return Rational(0);
  const bool negative = x < 0;
  const Rational q = abs(x);
  long e = binary_exponent(q);
  if (e > f.emax) return std::nullopt;
  const long quantum = std::max<long>(e, f.emin) - f.precision + 1;
  // q / 2^quantum = n + r/d with 0 ≤ r < d; ties to even.
  Rational scaled = q / power_of_two(quantum);
  Integer num = numerator(scaled), den = denominator(scaled);
  Integer n = num / den, r = num % den;
  Integer twice = r * 2;
  if (twice > den || (twice == den && (n & 1) != 0)) n += 1;
  Rational result = Rational(n) * power_of_two(quantum);
  // Rounding up may carry into 2^(emax+1): beyond the largest finite number.
  if (result >= power_of_two(f.emax + 1)) return std::nullopt;
  return negative ? Rational(-result) : result;
}

bool representable(const Rational& x, const FloatFormat& f) {
  auto r = round_to_format(x, f);
  return r && *r == x;
}

Rational read_as_format(std::string_view text, const FloatFormat& f) {
  std::size_t pos = 0;
  auto fail = [&](const std::string& expected) {
    std::string found = pos >= text.size() ? "end of number" : "'" + std::string(1, text[pos]) + "'";
    throw NumberSyntaxError("expected " + expected + ", found " + found, pos);
  };
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
  std::string digits;  // integer and fraction digits together
  long exponent = 0;   // value = digits × 10^exponent
  std::size_t start = pos;
  while (pos < text.size() && is_digit(text[pos])) digits += text[pos++];
  if (pos == start) fail("a digit");
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t frac = pos;
    while (pos < text.size() && is_digit(text[pos])) digits += text[pos++];
    if (pos == frac) fail("a digit after the decimal point");
    exponent -= static_cast<long>(pos - frac);
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool exp_negative = false;
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) exp_negative = text[pos++] == '-';
    std::size_t e = pos;
    long written = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      if (written < 1'000'000'000L) written = written * 10 + (text[pos] - '0');  // saturates: far beyond any format
      ++pos;
    }
    if (pos == e) fail("a digit in the exponent");
    exponent += exp_negative ? -written : written;
  }
  if (pos != text.size()) fail("a digit, '.', 'e' or the end of the number");
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Rational(0);  // -0 is 0
  digits.erase(0, first);
  // 10^(m−1) ≤ value < 10^m. Far outside every format: no need for 10^exponent.
  const long magnitude = static_cast<long>(digits.size()) + exponent;
  // log10(2) > 0.30103 > log10(2) − 1e-6: 10^limit > 2^(emax+1) > the largest finite number.
  const long limit = (static_cast<long>(f.emax) + 1) * 30103 / 100000 + 1;
  if (magnitude > limit) throw std::overflow_error("beyond the largest " + f.name + " number");
  // 10^(tiny−1) < 2^(emin−p), half the smallest subnormal: such a value rounds to 0.
  const long tiny = -((static_cast<long>(f.precision) - f.emin) * 30103 / 100000) - 1;
  if (magnitude < tiny) return Rational(0);
  Rational value{Integer(digits)};  // no leading zero: Boost would read it as octal
  if (exponent > 0) value *= pow10(static_cast<int>(exponent));
  if (exponent < 0) value *= pow10(static_cast<int>(exponent));
  auto rounded = round_to_format(negative ? Rational(-value) : value, f);
  if (!rounded) throw std::overflow_error("beyond the largest " + f.name + " number");
  return *rounded;
}

}  // namespace bptrace
