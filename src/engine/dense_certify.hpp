#pragma once
// The dense kernel on certified numbers (Interval or Value), at a working precision raised until
// every number of its outcome is certain to the requested significant digits.
#include "engine/dense_kernel.hpp"
#include "number/decimal.hpp"
#include "number/value.hpp"

#include <mpfi.h>
#include <mpfr.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace bptrace::dense {

// True only when every value of the enclosure has the same first `digits` significant digits,
// rounded half away from zero as certain_decimal rounds; false when that is not quickly clear.
// By magnitude the enclosure is [l, h], 0 < l <= h. MPFR rounds l correctly to digits + 3 digits:
// the integer K with |l − K·v| <= v/2, v = 10^(E − digits − 3). The rounding boundaries are the
// (1000 n + 500)·v; with r = K mod 1000 the next one above l is more than (500 − r − 1/2)·v away
// when r < 500 and (1500 − r − 1/2)·v when r > 500 (r = 500: too close to call). So when h − l is
// below that distance, h lies in l's rounding cell, and all between. One decimal conversion where
// comparing the digits of both ends takes two, and certain_decimal's exact rationals twenty times as long.
inline bool quickly_certain(const Interval& x, int digits) {
  mpfi_srcptr v = x.backend().data();
  if (mpfi_nan_p(v) || !mpfi_bounded_p(v) || (!mpfi_is_strictly_pos(v) && !mpfi_is_strictly_neg(v))) return false;
  const bool positive = mpfi_is_strictly_pos(v);
  mpfr_t low, width;
  mpfr_inits2(mpfi_get_prec(v), low, width, static_cast<mpfr_ptr>(nullptr));
  if (positive) {
    mpfi_get_left(low, v);
  } else {
    mpfi_get_right(low, v);
    mpfr_neg(low, low, MPFR_RNDN);  // exact
  }
  mpfi_diam_abs(width, v);  // h − l, rounded up
  mpfr_exp_t exponent = 0;
  const std::size_t length = static_cast<std::size_t>(digits) + 3;
  char* text = mpfr_get_str(nullptr, &exponent, 10, length, low, MPFR_RNDN);
  const double w = mpfr_get_d(width, MPFR_RNDU);
  mpfr_clears(low, width, static_cast<mpfr_ptr>(nullptr));
  const int r = std::atoi(text + std::strlen(text) - 3);
  mpfr_free_str(text);
  const long scale = static_cast<long>(exponent) - static_cast<long>(length);
  if (r == 500 || scale < -280 || scale > 280) return false;
  // (1 − 1e-9): std::pow's rounding error, with room to spare.
  const double distance = ((r < 500 ? 500 : 1500) - r - 0.5) * std::pow(10.0, static_cast<double>(scale)) * (1 - 1e-9);
  return w < distance;
}

// Whether the enclosure's first `digits` significant digits are certain (certain_decimal's verdict,
// number/decimal.hpp), quickly in almost every case.
inline bool certain(const Interval& x, int digits) {
  return quickly_certain(x, digits) || certain_decimal(x, digits).has_value();
}
inline bool certain(const Value& x, int digits) { return x.is_exact() || certain(x.enclosure(), digits); }

template <class T>
bool all_certain(const std::vector<T>& numbers, int digits) {
  for (const T& x : numbers)
    if (!certain(x, digits)) return false;
  return true;
}

template <class T>
bool all_certain(const Outcome<T>& outcome, int digits) {
  for (std::size_t l = 0; l < outcome.network.layers.size(); ++l) {
    const Layer<T>& layer = outcome.network.layers[l];
    if (!all_certain(layer.weights.entries, digits) || !all_certain(layer.bias, digits) ||
        !all_certain(outcome.gradients.weight_gradient[l].entries, digits) ||
        !all_certain(outcome.gradients.bias_gradient[l], digits))
      return false;
  }
  return certain(outcome.loss, digits);
}

template <class T>
struct CertifiedOutcome {
  Outcome<T> outcome;
  unsigned working_digits = 0;  // the working precision that made every number certain
};

template <>
inline Interval from_rational<Interval>(const Rational& q) { return to_interval(q); }  // at the working precision
template <>
inline Value from_rational<Value>(const Rational& q) { return Value(q); }  // stays exact

// train() in T = Interval or Value from working precision digits + 20 up, doubling, until all of
// the outcome is certain to `digits`; a branch undecided at some precision (NeedMorePrecision)
// also moves on to the next. Throws NeedMorePrecision past max_working_digits.
template <class T>
CertifiedOutcome<T> certified_train(const Network<Rational>& initial, const std::vector<Sample>& samples,
                                    const Training& training, int digits, unsigned max_working_digits = 4000) {
  for (unsigned working = static_cast<unsigned>(digits) + 20; working <= max_working_digits; working *= 2) {
    WorkingPrecision precision(working);
    try {
      Outcome<T> outcome = train<T>(initial, samples, training, from_rational<T>);
      if (all_certain(outcome, digits)) return {std::move(outcome), working};
    } catch (const NeedMorePrecision&) {
    }
  }
  throw NeedMorePrecision("the dense kernel's outcome is not certain to " + std::to_string(digits) +
                          " digits at " + std::to_string(max_working_digits) + " working digits");
}

}  // namespace bptrace::dense
