#pragma once
// What the rules of src/ops need of a number type, for each type they run on: double (the
// benchmarks' baseline), Rational (exact), Interval (a bare enclosure) and Value (exact or
// certified, which brings its own functions: number/value.hpp, found by argument-dependent lookup).
#include "number/interval.hpp"
#include "number/rational.hpp"
#include "number/value.hpp"

#include <cmath>
#include <stdexcept>

namespace bptrace::ops {

// A lesson's constant (α, a convention at a kink) in the number type.
template <class T>
T constant(const Rational& c) {
  if constexpr (std::is_same_v<T, double>) return c.convert_to<double>();
  else return T(c);
}

// −1, 0 or 1; an enclosure that contains 0 and other numbers throws NeedMorePrecision.
inline int sign_of(double x) { return (x > 0) - (x < 0); }
inline int sign_of(const Rational& x) { return x.sign(); }
inline int sign_of(const Interval& x) { return certain_sign(x); }
inline int sign_of(const Value& x) { return sign(x); }

inline double sigmoid(double z) { return 1 / (1 + std::exp(-z)); }
inline double softplus(double z) { return std::log1p(std::exp(z)); }
inline Interval sigmoid(const Interval& z) { return 1 / (1 + exp(-z)); }  // z once: a tight enclosure
inline Interval softplus(const Interval& z) { return softplus_enclosure(z); }
using std::tanh;
using bptrace::sigmoid;
using bptrace::softplus;
using bptrace::tanh;

[[noreturn]] inline void not_rational(const char* what) {
  throw std::domain_error(std::string(what) + " of a rational is not rational: use Value or Interval");
}
inline Rational sigmoid(const Rational&) { not_rational("the sigmoid"); }
inline Rational tanh(const Rational&) { not_rational("tanh"); }
inline Rational softplus(const Rational&) { not_rational("softplus"); }

}  // namespace bptrace::ops
