#pragma once
// A Value is exact (a Rational) or certified (an Interval that contains the true value).
// Rational operations on exact values stay exact; a transcendental function, or any operation
// with a certified operand, gives a certified result at the current working precision.
#include "number/interval.hpp"
#include "number/rational.hpp"

#include <stdexcept>
#include <variant>

namespace bptrace {

// A mathematically undefined operation on certain values: log of 0, division by exact 0.
struct DomainError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Value {
 public:
  Value() : v_(Rational(0)) {}
  Value(Rational q) : v_(std::move(q)) {}  // NOLINT: implicit on purpose, exact is the default
  Value(int n) : v_(Rational(n)) {}        // NOLINT
  explicit Value(Interval x) : v_(std::move(x)) {}

  bool is_exact() const { return std::holds_alternative<Rational>(v_); }
  const Rational& exact() const { return std::get<Rational>(v_); }
  // The value as an enclosure (an exact value becomes a tight one at the working precision).
  Interval enclosure() const;
  bool is_exact_zero() const { return is_exact() && exact() == 0; }

  friend Value operator+(const Value& a, const Value& b);
  friend Value operator-(const Value& a, const Value& b);
  friend Value operator*(const Value& a, const Value& b);
  friend Value operator/(const Value& a, const Value& b);
  friend Value operator-(const Value& a);
  Value& operator+=(const Value& b) { return *this = *this + b; }

 private:
  std::variant<Rational, Interval> v_;
};

// Exact, or an enclosure with finite ends (interval.hpp's is_bounded: not an overflow).
inline bool is_bounded(const Value& x) { return x.is_exact() || is_bounded(x.enclosure()); }
// What an overflow is called in messages, with the bound it passed.
inline constexpr const char* kOverflow = "overflow (beyond ±2^(2^62 − 1), about 10^(1.39·10^18), the bound of certified numbers)";

// The ends of a value as fractions: the value itself when exact, else its enclosure's ends
// (interval.hpp: BeyondExactRange for a huge end outward).
Rational lower_bound(const Value& x);
Rational upper_bound(const Value& x);

// -1, 0, +1; throws NeedMorePrecision when an enclosure straddles 0.
int sign(const Value& x);
// x > 0, x >= 0 and friends, certain or NeedMorePrecision.
inline bool is_positive(const Value& x) { return sign(x) > 0; }
inline bool is_negative(const Value& x) { return sign(x) < 0; }

Value exp(const Value& x);
Value log(const Value& x);   // DomainError for x <= 0
Value sigmoid(const Value& x);
Value tanh(const Value& x);
Value softplus(const Value& x);  // log(1 + e^x)
Value square(const Value& x);
// x^n for an integer n (n < 0: 1/x^|n|, DomainError when x is an exact 0).
Value power(const Value& x, int n);
// π, certified: the tightest enclosure at the working precision (MPFI's mpfi_const_pi).
Value pi();

}  // namespace bptrace
