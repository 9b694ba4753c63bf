#pragma once
// The dense kernel on certified numbers (Interval or Value), at a working precision raised until
// every number of its outcome is certain to the requested significant digits.
#include "engine/dense_kernel.hpp"
#include "number/decimal.hpp"
#include "number/value.hpp"

#include <mpfi.h>
#include <mpfr.h>

#include <cstring>

namespace bptrace::dense {

// Whether the enclosure's first `digits` significant digits are certain: its endpoints, each moved
// outward by one unit in the last place, give the same decimal under MPFR's round-to-nearest.
// Rounding is monotone, and a rounding tie within the enclosure would lie strictly inside the
// widened one and separate its ends: so every value of the enclosure rounds alike, half away from
// zero too. certain_decimal (number/decimal.hpp) decides the same up to that ulp, in exact rationals,
// and takes twenty times as long: too long for 10^5 numbers.
inline bool certain(const Interval& x, int digits) {
  mpfi_srcptr v = x.backend().data();
  if (mpfi_nan_p(v)) return false;
  if (mpfi_is_zero(v)) return true;
  if (!mpfi_is_strictly_pos(v) && !mpfi_is_strictly_neg(v)) return false;
  mpfr_t end[2];
  char* text[2];
  mpfr_exp_t exponent[2];
  for (int k = 0; k < 2; ++k) {
    mpfr_init2(end[k], mpfi_get_prec(v));
    if (k == 0) {
      mpfi_get_left(end[k], v);
      mpfr_nextbelow(end[k]);
    } else {
      mpfi_get_right(end[k], v);
      mpfr_nextabove(end[k]);
    }
    text[k] = mpfr_number_p(end[k]) ? mpfr_get_str(nullptr, &exponent[k], 10, static_cast<std::size_t>(digits),
                                                    end[k], MPFR_RNDN)
                                    : nullptr;
    mpfr_clear(end[k]);
  }
  const bool same = text[0] && text[1] && exponent[0] == exponent[1] && std::strcmp(text[0], text[1]) == 0;
  for (char* t : text)
    if (t) mpfr_free_str(t);
  return same;
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
