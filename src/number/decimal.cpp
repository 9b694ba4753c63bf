#include "number/decimal.hpp"

#include <cmath>
#include <mpfi.h>
#include <mpfr.h>

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

// An MPFR number that frees itself.
struct Mpfr {
  mpfr_t v;
  explicit Mpfr(mpfr_prec_t precision) { mpfr_init2(v, precision); }
  ~Mpfr() { mpfr_clear(v); }
  Mpfr(const Mpfr&) = delete;
  Mpfr& operator=(const Mpfr&) = delete;
};

// An end of an enclosure, exactly.
struct End : Mpfr {
  End(const Interval& x, bool upper) : Mpfr(mpfi_get_prec(x.backend().data())) {
    if (upper)
      mpfi_get_right(v, x.backend().data());
    else
      mpfi_get_left(v, x.backend().data());
  }
};

bool far(mpfr_srcptr x) {
  return mpfr_regular_p(x) && std::abs(static_cast<long>(mpfr_get_exp(x))) > kNearExponent;
}

// x (finite, not 0) to `digits` significant digits, rounded by MPFR in direction `rnd`.
Decimal directed_decimal(mpfr_srcptr x, int digits, mpfr_rnd_t rnd) {
  mpfr_exp_t point = 0;  // x ≈ 0.d₁d₂…d_digits · 10^point
  char* text = mpfr_get_str(nullptr, &point, 10, static_cast<std::size_t>(digits), x, rnd);
  Integer mantissa(text);  // no leading zero: x ≠ 0
  mpfr_free_str(text);
  return Decimal{mantissa, static_cast<long>(point) - digits};
}

// A positive enclosure [lo, hi] far from 1 rounded half away from zero to `digits` digits, when
// both ends round alike: each scaled by 10^-n in outward rounding, n from lo's digits, then
// rounded to an integer by mpfr_round (halfway away from zero). Rounding is monotone, so every
// number between the scaled ends, the true value's image among them, rounds the same way.
std::optional<Decimal> far_certain_positive(mpfr_srcptr lo, mpfr_srcptr hi, int digits) {
  long n = directed_decimal(lo, digits, MPFR_RNDN).exponent;
  const mpfr_prec_t p = std::max(mpfr_get_prec(lo), mpfr_get_prec(hi)) + 4 * digits + 64;
  Mpfr ten(p), down(p), up(p), a(p), b(p);
  mpfr_set_ui(ten.v, 10, MPFR_RNDN);
  mpfr_pow_si(down.v, ten.v, -n, MPFR_RNDD);
  mpfr_pow_si(up.v, ten.v, -n, MPFR_RNDU);
  mpfr_mul(a.v, lo, down.v, MPFR_RNDD);
  mpfr_mul(b.v, hi, up.v, MPFR_RNDU);
  if (!mpfr_regular_p(a.v) || !mpfr_number_p(b.v)) return std::nullopt;  // 10^-n past the range
  mpfr_round(a.v, a.v);
  mpfr_round(b.v, b.v);
  if (!mpfr_equal_p(a.v, b.v)) return std::nullopt;
  Integer m;
  mpfr_get_z(m.backend().data(), a.v, MPFR_RNDN);
  const Integer top = boost::multiprecision::pow(Integer(10), static_cast<unsigned>(digits));
  if (m == top) {  // 9.99 rounded up to 10.0: keep `digits` digits
    m /= 10;
    ++n;
  }
  if (m >= top || m * 10 < top) return std::nullopt;
  return Decimal{m, n};
}

std::optional<Decimal> far_certain_decimal(mpfr_srcptr lo, mpfr_srcptr hi, int digits) {
  if (mpfr_sgn(lo) > 0) return far_certain_positive(lo, hi, digits);
  Mpfr minus_hi(mpfr_get_prec(hi)), minus_lo(mpfr_get_prec(lo));
  mpfr_neg(minus_hi.v, hi, MPFR_RNDN);  // exact
  mpfr_neg(minus_lo.v, lo, MPFR_RNDN);
  std::optional<Decimal> d = far_certain_positive(minus_hi.v, minus_lo.v, digits);
  if (d) d->mantissa = -d->mantissa;
  return d;
}

// floor(log10 |x|) of a far x: rounding |x| down to one digit never passes a power of ten.
long far_magnitude(mpfr_srcptr x) {
  Mpfr a(mpfr_get_prec(x));
  mpfr_abs(a.v, x, MPFR_RNDN);
  return directed_decimal(a.v, 1, MPFR_RNDD).exponent;
}

}  // namespace

Decimal outward_end(const Interval& x, int digits, bool upper) {
  End end(x, upper);
  if (!mpfr_regular_p(end.v)) return Decimal{Integer(0), 0};  // 0 (an unbounded end is spelt apart)
  if (far(end.v)) return directed_decimal(end.v, digits, upper ? MPFR_RNDU : MPFR_RNDD);
  return round_outward(upper ? upper_bound(x) : lower_bound(x), digits, upper);
}

namespace {

Integer integer_pow10(unsigned long k) {
  Integer p;
  mpz_ui_pow_ui(p.backend().data(), 10, k);
  return p;
}

// |x| = (num/den)·10^e with 1 <= num/den < 10: e = floor(log10 |x|) and the two integers whose
// quotient is the significand. One power of ten of |e| digits and a few multiplications by 10:
// no comparison of fractions (each a cross-multiplication), no gcd (issue 16: a product of
// 20,000 factors prints 60,000 values of thousands of digits).
struct Magnitude {
  long e;
  Integer num, den;
};

Magnitude magnitude(const Rational& x) {
  Magnitude m{0, abs_integer(boost::multiprecision::numerator(x)), boost::multiprecision::denominator(x)};
  // A first guess from the bit lengths, then exact correction.
  long bits = static_cast<long>(boost::multiprecision::msb(m.num)) - static_cast<long>(boost::multiprecision::msb(m.den));
  m.e = static_cast<long>(std::floor(static_cast<double>(bits) * 0.30102999566398120));
  const Integer p = integer_pow10(static_cast<unsigned long>(std::labs(m.e)));
  if (m.e >= 0)
    m.den *= p;
  else
    m.num *= p;
  while (m.num < m.den) {
    --m.e;
    m.num *= 10;
  }
  while (m.num >= 10 * m.den) {
    ++m.e;
    m.den *= 10;
  }
  return m;
}

}  // namespace

int decimal_magnitude(const Rational& x) { return static_cast<int>(magnitude(x).e); }

Decimal round_significant(const Rational& x, int digits, Rounding mode) {
  if (x == 0) return Decimal{Integer(0), 0};
  Magnitude g = magnitude(x);
  // |x| / 10^(e − digits + 1) = (num/den)·10^(digits − 1), rounded to an integer.
  g.num *= integer_pow10(static_cast<unsigned long>(digits - 1));
  Integer m = mode == Rounding::toward_zero ? Integer(g.num / g.den) : Integer((2 * g.num + g.den) / (2 * g.den));
  long exponent = g.e - digits + 1;
  if (m == integer_pow10(static_cast<unsigned long>(digits))) {
    m /= 10;  // 9.99 rounded up to 10.0: keep `digits` digits
    ++exponent;
  }
  return Decimal{x < 0 ? Integer(-m) : m, exponent};
}

Decimal round_places(const Rational& x, int places, Rounding mode) {
  return Decimal{round_integer(Rational(x * pow10(places)), mode), -places};
}

Rational to_rational(const Decimal& d) { return Rational(d.mantissa) * pow10(d.exponent); }

std::string to_string(const Decimal& d) {
  std::string sign = d.mantissa < 0 ? "-" : "";
  std::string s = abs_integer(d.mantissa).str();
  long len = static_cast<long>(s.size());
  long adjusted = len - 1 + d.exponent;  // exponent of the leading digit
  if (d.mantissa == 0) return d.exponent < 0 ? "0." + std::string(-d.exponent, '0') : "0";
  if (adjusted < -6 || adjusted > 20) {
    std::string m = s.substr(0, 1) + (len > 1 ? "." + s.substr(1) : "");
    return sign + m + "e" + std::to_string(adjusted);
  }
  if (d.exponent >= 0) return sign + s + std::string(d.exponent, '0');
  long point = len + d.exponent;  // digits before the point
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
  const int places = std::max(twos, fives);
  // q·10^places = num·2^(places − twos)·5^(places − fives), in integers (den is now 5^fives).
  const Integer scale = (integer_pow10(static_cast<unsigned long>(places)) / den) >> twos;
  Decimal d{boost::multiprecision::numerator(q) * scale, -places};
  // A mantissa of 2^msb or more has more than msb·log10(2) digits: too long, without writing it.
  const auto msb = d.mantissa == 0 ? 0 : boost::multiprecision::msb(abs_integer(d.mantissa));
  if (static_cast<double>(msb) * 0.30102999566398120 >= max_digits + 1) return std::nullopt;
  if (static_cast<int>(abs_integer(d.mantissa).str().size()) > max_digits) return std::nullopt;
  std::string text = to_string(d);
  return text;
}

namespace {

// The number of decimal digits of n > 0, exactly, without writing them: GMP's estimate is exact
// or one too many, and one power of ten tells which.
std::size_t decimal_digits(const Integer& n) {
  const std::size_t estimate = mpz_sizeinbase(n.backend().data(), 10);
  return estimate > 1 && n < integer_pow10(estimate - 1) ? estimate - 1 : estimate;
}

}  // namespace

std::size_t fraction_length(const Rational& q) {
  const Integer num = abs_integer(boost::multiprecision::numerator(q));
  const Integer& den = boost::multiprecision::denominator(q);
  const std::size_t sign = q < 0 ? 1 : 0;
  const std::size_t whole = num == 0 ? 1 : decimal_digits(num);
  return sign + whole + (den == 1 ? 0 : 1 + decimal_digits(den));
}

std::string fraction_string(const Rational& q) {
  Integer den = boost::multiprecision::denominator(q);
  Integer num = boost::multiprecision::numerator(q);
  return den == 1 ? num.str() : num.str() + "/" + den.str();
}

std::optional<Decimal> certain_decimal(const Interval& x, int digits) {
  {
    End l(x, false), h(x, true);
    if (!mpfr_number_p(l.v) || !mpfr_number_p(h.v)) return std::nullopt;  // unbounded: no digit is certain
    if (far(l.v) || far(h.v)) {
      if (!mpfr_regular_p(l.v) || !mpfr_regular_p(h.v) || mpfr_sgn(l.v) != mpfr_sgn(h.v)) return std::nullopt;
      return far_certain_decimal(l.v, h.v, digits);
    }
  }
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
  End l(x, false), h(x, true);
  if (!mpfr_number_p(l.v) || !mpfr_number_p(h.v)) return ValueText{"unbounded (beyond 2^±(2^62 − 1))", false, false};
  // Around 0 with no certain digit: only a bound on |x| is certain. 10^(m+1) > |x| for the
  // larger end's magnitude m, the same power of ten for every enclosure that tight.
  if (mpfr_sgn(l.v) != mpfr_sgn(h.v)) {
    Mpfr bound(std::max(mpfr_get_prec(l.v), mpfr_get_prec(h.v)));
    mpfr_abs(bound.v, mpfr_cmpabs(l.v, h.v) > 0 ? l.v : h.v, MPFR_RNDN);
    const long m = far(bound.v) ? far_magnitude(bound.v)
                                : decimal_magnitude(std::max(abs(lower_bound(x)), abs(upper_bound(x))));
    return ValueText{"0 (undecided: |x| < 1e" + std::to_string(m + 1) + ")", false, false, true};
  }
  // Not even one digit is certain: print the enclosure itself, rounded outward.
  return ValueText{"[" + to_string(outward_end(x, 3, false)) + ", " + to_string(outward_end(x, 3, true)) + "]", false, false};
}

Certainty lies_within(const Value& x, const Rational& lo, bool lo_closed, const Rational& hi,
                      bool hi_closed) {
  auto above_lo = [&](const Rational& t) { return lo_closed ? t >= lo : t > lo; };
  auto below_hi = [&](const Rational& t) { return hi_closed ? t <= hi : t < hi; };
  if (x.is_exact()) {
    return above_lo(x.exact()) && below_hi(x.exact()) ? Certainty::yes : Certainty::no;
  }
  // The ends compared with lo and hi in MPFR, exactly: never through a fraction of the end.
  Interval e = x.enclosure();
  End l(e, false), u(e, true);
  if (mpfr_nan_p(l.v) || mpfr_nan_p(u.v)) return Certainty::unknown;
  auto above_lo_end = [&](const End& t) {
    const int c = mpfr_cmp_q(t.v, lo.backend().data());
    return lo_closed ? c >= 0 : c > 0;
  };
  auto below_hi_end = [&](const End& t) {
    const int c = mpfr_cmp_q(t.v, hi.backend().data());
    return hi_closed ? c <= 0 : c < 0;
  };
  if (above_lo_end(l) && below_hi_end(u)) return Certainty::yes;
  if (!below_hi_end(l) || !above_lo_end(u)) return Certainty::no;
  return Certainty::unknown;
}

}  // namespace bptrace
