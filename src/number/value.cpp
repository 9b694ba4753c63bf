#include "number/value.hpp"

#include <algorithm>
#include <mpfi.h>

namespace bptrace {

Interval Value::enclosure() const {
  if (is_exact()) return to_interval(exact());
  return std::get<Interval>(v_);
}

namespace {

unsigned precision_of(const Value& v) {
  return v.is_exact() ? 0u : v.enclosure().precision();
}

// Mixed operations run at the finer precision of their operands (and at least the working
// precision): a trace value certified at 60 digits stays that tight in later arithmetic.
class OperandPrecision {
 public:
  OperandPrecision(const Value& a, const Value& b)
      : guard_(std::max({WorkingPrecision::current(), precision_of(a), precision_of(b)})) {}

 private:
  WorkingPrecision guard_;
};

}  // namespace

Value operator+(const Value& a, const Value& b) {
  if (a.is_exact() && b.is_exact()) return Value(Rational(a.exact() + b.exact()));
  if (a.is_exact_zero()) return b;
  if (b.is_exact_zero()) return a;
  OperandPrecision precision(a, b);
  return Value(Interval(a.enclosure() + b.enclosure()));
}

Value operator-(const Value& a, const Value& b) { return a + (-b); }

Value operator-(const Value& a) {
  if (a.is_exact()) return Value(Rational(-a.exact()));
  return Value(Interval(-a.enclosure()));
}

Value operator*(const Value& a, const Value& b) {
  if (a.is_exact() && b.is_exact()) return Value(Rational(a.exact() * b.exact()));
  // 0 times anything is exactly 0: keeps dead paths (ReLU off, step units) exact.
  if (a.is_exact_zero() || b.is_exact_zero()) return Value(0);
  if (a.is_exact() && a.exact() == 1) return b;
  if (b.is_exact() && b.exact() == 1) return a;
  OperandPrecision precision(a, b);
  return Value(Interval(a.enclosure() * b.enclosure()));
}

Value operator/(const Value& a, const Value& b) {
  if (b.is_exact_zero()) throw DomainError("division by an exact 0");
  if (a.is_exact() && b.is_exact()) return Value(Rational(a.exact() / b.exact()));
  if (a.is_exact_zero()) return Value(0);
  sign(b);  // an enclosure of the divisor must exclude 0
  OperandPrecision precision(a, b);
  return Value(Interval(a.enclosure() / b.enclosure()));
}

Rational lower_bound(const Value& x) { return x.is_exact() ? x.exact() : lower_bound(x.enclosure()); }
Rational upper_bound(const Value& x) { return x.is_exact() ? x.exact() : upper_bound(x.enclosure()); }

int sign(const Value& x) {
  if (x.is_exact()) return x.exact().sign();
  return certain_sign(x.enclosure());
}

Value exp(const Value& x) {
  if (x.is_exact_zero()) return Value(1);
  return Value(Interval(exp(x.enclosure())));
}

Value log(const Value& x) {
  if (x.is_exact() && x.exact() <= 0)
    throw DomainError(x.exact() == 0 ? "log of an exact 0" : "log of a negative number");
  if (x.is_exact() && x.exact() == 1) return Value(0);
  if (sign(x) < 0) throw DomainError("log of a negative number");
  return Value(Interval(log(x.enclosure())));
}

Value sigmoid(const Value& x) {
  if (x.is_exact_zero()) return Value(Rational(1, 2));
  // 1 / (1 + e^{-x}): x occurs once, so interval evaluation is tight.
  return Value(1) / (Value(1) + exp(-x));
}

Value tanh(const Value& x) {
  if (x.is_exact_zero()) return Value(0);
  return Value(Interval(tanh(x.enclosure())));
}

Value softplus(const Value& x) {
  WorkingPrecision precision(std::max(WorkingPrecision::current(), precision_of(x)));
  return Value(softplus_enclosure(x.enclosure()));
}

Value square(const Value& x) { return x * x; }

Value power(const Value& x, int n) {
  if (n < 0) return Value(1) / power(x, -n);
  // Square-and-multiply: exact values stay exact, enclosures stay valid.
  Value result = 1, base = x;
  for (; n > 0; n /= 2) {
    if (n % 2) result = result * base;
    if (n > 1) base = base * base;
  }
  return result;
}

Value pi() {
  Interval x;  // at the current working precision
  mpfi_const_pi(x.backend().data());
  return Value(std::move(x));
}

}  // namespace bptrace
