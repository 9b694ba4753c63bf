#include "number/interval.hpp"

#include <mpfi.h>
#include <mpfr.h>

namespace bptrace {

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
  Rational q;
  mpfr_get_q(q.backend().data(), end);
  mpfr_clear(end);
  return q;
}

}  // namespace

Rational lower_bound(const Interval& x) { return endpoint_to_rational(x, false); }
Rational upper_bound(const Interval& x) { return endpoint_to_rational(x, true); }

int certain_sign(const Interval& x) {
  if (mpfi_nan_p(x.backend().data())) throw NeedMorePrecision("enclosure is not a number");
  if (mpfi_is_strictly_pos(x.backend().data())) return 1;
  if (mpfi_is_strictly_neg(x.backend().data())) return -1;
  if (mpfi_is_zero(x.backend().data())) return 0;
  throw NeedMorePrecision("enclosure contains zero");
}

}  // namespace bptrace
