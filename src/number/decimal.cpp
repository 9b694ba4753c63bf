#include "number/decimal.hpp"

#include <cmath>

namespace bptrace {

namespace {

Integer abs_integer(const Integer& n) { return n < 0 ? Integer(-n) : n; }

// Rounds a non-negative rational to an integer.
Integer round_nonnegative(const Rational& r, Rounding mode) {
  Integer num = boost::multiprecision::numerator(r);
  Integer den = boost::multiprecision::denominator(r);
  if (mode == Rounding::toward_zero) return num / den;
  return (2 * num + den) / (2 * den);  // floor(r + 1/2)
}

Integer round_integer(const Rational& r, Rounding mode) {
  if (r < 0) return -round_nonnegative(Rational(-r), mode);
  return round_nonnegative(r, mode);
}

}  // namespace

int decimal_magnitude(const Rational& x) {
  Rational a = abs(x);
  Integer num = boost::multiprecision::numerator(a);
  Integer den = boost::multiprecision::denominator(a);
  // A first guess from the bit lengths, then exact correction.
  long bits = static_cast<long>(boost::multiprecision::msb(num)) -
              static_cast<long>(boost::multiprecision::msb(den));
  int e = static_cast<int>(std::floor(static_cast<double>(bits) * 0.30102999566398120));
  while (pow10(e) > a) --e;
  while (pow10(e + 1) <= a) ++e;
  return e;
}

Decimal round_significant(const Rational& x, int digits, Rounding mode) {
  if (x == 0) return Decimal{Integer(0), 0};
  int exponent = decimal_magnitude(x) - digits + 1;
  Integer m = round_integer(Rational(x * pow10(-exponent)), mode);
  if (abs_integer(m) == boost::multiprecision::pow(Integer(10), static_cast<unsigned>(digits))) {
    m /= 10;  // 9.99 rounded up to 10.0: keep `digits` digits
    ++exponent;
  }
  return Decimal{m, exponent};
}

Decimal round_places(const Rational& x, int places, Rounding mode) {
  return Decimal{round_integer(Rational(x * pow10(places)), mode), -places};
}

Rational to_rational(const Decimal& d) { return Rational(d.mantissa) * pow10(d.exponent); }

std::string to_string(const Decimal& d) {
  std::string sign = d.mantissa < 0 ? "-" : "";
  std::string s = abs_integer(d.mantissa).str();
  int len = static_cast<int>(s.size());
  int adjusted = len - 1 + d.exponent;  // exponent of the leading digit
  if (d.mantissa == 0) return d.exponent < 0 ? "0." + std::string(-d.exponent, '0') : "0";
  if (adjusted < -6 || adjusted > 20) {
    std::string m = s.substr(0, 1) + (len > 1 ? "." + s.substr(1) : "");
    return sign + m + "e" + std::to_string(adjusted);
  }
  if (d.exponent >= 0) return sign + s + std::string(d.exponent, '0');
  int point = len + d.exponent;  // digits before the point
  if (point > 0) return sign + s.substr(0, point) + "." + s.substr(point);
  return sign + "0." + std::string(-point, '0') + s;
}

Decimal round_outward(const Rational& x, int digits, bool upward) {
  Decimal d = round_significant(x, digits);
  const Rational r = to_rational(d);
  if (!upward && r > x) d.mantissa -= 1;
  if (upward && r < x) d.mantissa += 1;
  return d;
}

std::optional<std::string> terminating_decimal(const Rational& q, int max_digits) {
  // The denominator must be 2^twos · 5^fives. Found from bit lengths, not by dividing out one
  // factor at a time: that is quadratic in the size, and training fractions run to many
  // thousands of digits.
  Integer den = boost::multiprecision::denominator(q);
  const auto twos = static_cast<int>(boost::multiprecision::lsb(den));
  den >>= twos;
  // 5^k has floor(k·log2 5) + 1 bits: k is one of the two nearest integers to msb/log2 5.
  const auto bits = static_cast<double>(boost::multiprecision::msb(den));
  int fives = -1;
  for (int k : {static_cast<int>(bits / 2.321928094887362), static_cast<int>(bits / 2.321928094887362) + 1})
    if (fives < 0 && boost::multiprecision::pow(Integer(5), static_cast<unsigned>(k)) == den) fives = k;
  if (fives < 0) return std::nullopt;
  int places = std::max(twos, fives);
  Decimal d{Integer(q * pow10(places)), -places};
  if (static_cast<int>(abs_integer(d.mantissa).str().size()) > max_digits) return std::nullopt;
  std::string text = to_string(d);
  return text;
}

std::string fraction_string(const Rational& q) {
  Integer den = boost::multiprecision::denominator(q);
  Integer num = boost::multiprecision::numerator(q);
  return den == 1 ? num.str() : num.str() + "/" + den.str();
}

std::optional<Decimal> certain_decimal(const Interval& x, int digits) {
  Rational lo = lower_bound(x);
  Rational hi = upper_bound(x);
  if (lo == 0 && hi == 0) return Decimal{Integer(0), 0};
  if (lo.sign() != hi.sign()) return std::nullopt;  // straddles or touches 0: no relative digit is certain
  Decimal a = round_significant(lo, digits);
  Decimal b = round_significant(hi, digits);
  if (a == b) return a;
  return std::nullopt;
}

std::string formula_constant(const Rational& q) {
  auto d = terminating_decimal(q, 12);
  return d ? *d : fraction_string(q);
}

ValueText certified_text(const Value& v, int digits) {
  if (v.is_exact()) return ValueText{fraction_string(v.exact()), true, true};
  Interval x = v.enclosure();
  for (int k = digits; k >= 1; --k) {
    if (auto d = certain_decimal(x, k)) return ValueText{to_string(*d), false, k == digits};
  }
  // Around 0 with no certain digit: only a bound on |x| is certain. 10^(m+1) > |x| for the
  // larger end's magnitude m, the same power of ten for every enclosure that tight.
  if (lower_bound(x).sign() != upper_bound(x).sign()) {
    const Rational bound = std::max(abs(lower_bound(x)), abs(upper_bound(x)));
    return ValueText{"0 (undecided: |x| < 1e" + std::to_string(decimal_magnitude(bound) + 1) + ")", false, false, true};
  }
  // Not even one digit is certain: print the enclosure itself, rounded outward.
  Decimal lo = round_outward(lower_bound(x), 3, false);
  Decimal hi = round_outward(upper_bound(x), 3, true);
  return ValueText{"[" + to_string(lo) + ", " + to_string(hi) + "]", false, false};
}

Certainty lies_within(const Value& x, const Rational& lo, bool lo_closed, const Rational& hi,
                      bool hi_closed) {
  auto above_lo = [&](const Rational& t) { return lo_closed ? t >= lo : t > lo; };
  auto below_hi = [&](const Rational& t) { return hi_closed ? t <= hi : t < hi; };
  if (x.is_exact()) {
    return above_lo(x.exact()) && below_hi(x.exact()) ? Certainty::yes : Certainty::no;
  }
  Interval e = x.enclosure();
  Rational l = lower_bound(e);
  Rational u = upper_bound(e);
  if (above_lo(l) && below_hi(u)) return Certainty::yes;
  if (!below_hi(l) || !above_lo(u)) return Certainty::no;
  return Certainty::unknown;
}

}  // namespace bptrace
