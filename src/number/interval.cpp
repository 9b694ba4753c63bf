#include "number/interval.hpp"

#include <mpfi.h>
#include <mpfr.h>

#include <cstdlib>
#include <string>

namespace bptrace {

namespace {

// MPFR's widest exponent range, set before any Interval is made: e^(−10^9) and 10^(−10^8) are
// ordinary numbers (MPFR's default stops near 2^±(2^30)).
[[maybe_unused]] const bool kWidestExponents = [] {
  mpfr_set_emin(mpfr_get_emin_min());
  mpfr_set_emax(mpfr_get_emax_max());
  return true;
}();

}  // namespace

WorkingPrecision::WorkingPrecision(unsigned digits10) : previous_(Interval::default_precision()) {
  Interval::default_precision(digits10);
}

WorkingPrecision::~WorkingPrecision() { Interval::default_precision(previous_); }

unsigned WorkingPrecision::current() { return Interval::default_precision(); }

Interval to_interval(const Rational& q) {
  Interval x;  // at the current working precision
  mpfi_set_q(x.backend().data(), q.backend().data());
  return x;
}

namespace {

// An end past 2^±kExactExponent, moved outward to a fraction the enclosure still lies within:
// a tiny end to 0 or to ±2^−kExactExponent, a huge one toward 0 to ±2^kExactExponent where that
// is outward (a lower end of a huge positive value); a huge end outward has no such fraction.
Rational beyond_exact_range(int sign, bool tiny, bool upper) {
  const Rational unit = Rational(boost::multiprecision::pow(Integer(2), static_cast<unsigned>(kExactExponent)));
  if (tiny) {
    if ((sign > 0) != upper) return 0;  // a lower end of a tiny positive value, an upper one of a tiny negative
    return sign > 0 ? Rational(1 / unit) : Rational(-1 / unit);
  }
  if ((sign > 0) != upper) return sign > 0 ? unit : Rational(-unit);
  throw BeyondExactRange("a value beyond 2^±(2^20) (about 10^±315653) cannot be compared exactly");
}

Rational endpoint_to_rational(const Interval& x, bool upper) {
  mpfr_t end;
  mpfr_init2(end, mpfi_get_prec(x.backend().data()));
  if (upper)
    mpfi_get_right(end, x.backend().data());
  else
    mpfi_get_left(end, x.backend().data());
  if (!mpfr_number_p(end)) {
    mpfr_clear(end);
    throw NeedMorePrecision("enclosure is unbounded");
  }
  if (mpfr_regular_p(end) && std::abs(static_cast<long>(mpfr_get_exp(end))) > kExactExponent) {
    const int sign = mpfr_sgn(end);
    const bool tiny = mpfr_get_exp(end) < 0;
    mpfr_clear(end);
    return beyond_exact_range(sign, tiny, upper);
  }
  Rational q;
  mpfr_get_q(q.backend().data(), end);
  mpfr_clear(end);
  return q;
}

}  // namespace

Rational lower_bound(const Interval& x) { return endpoint_to_rational(x, false); }
Rational upper_bound(const Interval& x) { return endpoint_to_rational(x, true); }

namespace {

// softplus at one number p: p + log1p(e^(−p)) for p ≥ 0, else log1p(e^p); the end of the
// result's enclosure on the side `upper`.
void softplus_end(mpfr_ptr out, mpfr_srcptr p, bool upper) {
  Interval point;
  mpfi_set_fr(point.backend().data(), p);
  const bool positive = mpfr_sgn(p) > 0;
  Interval e = positive ? Interval(exp(-point)) : Interval(exp(point));
  Interval value;
  mpfi_log1p(value.backend().data(), e.backend().data());
  if (positive) value += point;
  if (upper)
    mpfi_get_right(out, value.backend().data());
  else
    mpfi_get_left(out, value.backend().data());
}

}  // namespace

Interval softplus_enclosure(const Interval& z) {
  const mpfr_prec_t precision = mpfi_get_prec(z.backend().data());
  mpfr_t end, lo, hi;
  mpfr_inits2(precision, end, lo, hi, static_cast<mpfr_ptr>(nullptr));
  mpfi_get_left(end, z.backend().data());
  softplus_end(lo, end, false);
  mpfi_get_right(end, z.backend().data());
  softplus_end(hi, end, true);
  Interval out;
  mpfi_interv_fr(out.backend().data(), lo, hi);
  mpfr_clears(end, lo, hi, static_cast<mpfr_ptr>(nullptr));
  return out;
}

bool is_bounded(const Interval& x) { return mpfi_bounded_p(x.backend().data()) != 0; }

int certain_sign(const Interval& x) {
  if (mpfi_nan_p(x.backend().data())) throw NeedMorePrecision("enclosure is not a number");
  if (mpfi_is_strictly_pos(x.backend().data())) return 1;
  if (mpfi_is_strictly_neg(x.backend().data())) return -1;
  if (mpfi_is_zero(x.backend().data())) return 0;
  throw NeedMorePrecision("enclosure contains zero");
}

}  // namespace bptrace
