#pragma once
// The loss terms, each in one place: term(a, y) of one output, its derivative ∂term/∂a and their
// formulas, side by side, generic over the number type. The loss adds the terms up with its
// constant and reductions (model/loss.hpp).
#include "ops/numbers.hpp"
#include "trace/formula.hpp"

#include <vector>

namespace bptrace {

enum class LossKind { squared_error, absolute_error, binary_cross_entropy, cross_entropy };

// One output's loss term as a rule: its kind, and the lesson's sign'(0) for absolute_error.
struct LossTerm {
  LossKind kind = LossKind::squared_error;
  Rational at_zero{0};
};

namespace ops {

// A target of exactly 0 (or 1 − y of exactly 0) cancels its log: y·log a is 0 for y = 0, whatever a.
inline bool is_exact_zero(double x) { return x == 0; }
inline bool is_exact_zero(const Rational& x) { return x == 0; }
inline bool is_exact_zero(const Value& x) { return x.is_exact_zero(); }

// How the loss writes its terms with its constant c, shared by the kinds that need no other way:
// c·(term) for one output's term, the sum of the terms, c·(∂term/∂a) for ∂L/∂a.
template <class Kind>
struct LossWritten {  // Kind: the loss term that derives from it
  static Formula scaled_formula(const Rational& c, const Formula& a, const Formula& y) {
    return math::scaled(c, Kind::formula(a, y));
  }
  static Formula terms_formula(const std::vector<Formula>& a, const std::vector<Formula>& y) {
    std::vector<Formula> terms;
    for (std::size_t k = 0; k < a.size(); ++k) terms.push_back(Kind::formula(a[k], y[k]));
    return math::sum(std::move(terms));
  }
  static Formula scaled_derivative_formula(const Rational& c, const Formula& a, const Formula& y) {
    return math::scaled(c, Kind::derivative_formula(a, y));
  }
};

struct SquaredError : LossWritten<SquaredError> {
  // (a − y)²;  ∂/∂a = 2·(a − y)
  template <class T> static T value(const T& a, const T& y) { return square(a - y); }
  template <class T> static T derivative(const T& a, const T& y, const Rational&) { return T(2) * (a - y); }
  static Formula formula(const Formula& a, const Formula& y) { return math::square(math::difference(a, y)); }
  static Formula derivative_formula(const Formula& a, const Formula& y) {
    return math::product({math::integer(2), math::difference(a, y)});
  }
  // ½·(a − y)²: the square is one factor. ∂L/∂a = c·2·(a − y) is written (2c)·(a − y), a − y for c = ½.
  static Formula scaled_formula(const Rational& c, const Formula& a, const Formula& y) {
    return c == 1 ? formula(a, y) : math::product({math::number(c), formula(a, y)});
  }
  static Formula scaled_derivative_formula(const Rational& c, const Formula& a, const Formula& y) {
    return math::scaled(2 * c, math::difference(a, y));
  }
};

struct AbsoluteError : LossWritten<AbsoluteError> {
  // |a − y|;  ∂/∂a = sign(a − y), the lesson's value where a = y
  template <class T> static T value(const T& a, const T& y) { return sign_of(a - y) < 0 ? y - a : a - y; }
  template <class T> static T derivative(const T& a, const T& y, const Rational& at_zero) {
    const int s = sign_of(a - y);
    return s == 0 ? constant<T>(at_zero) : T(s);
  }
  static Formula formula(const Formula& a, const Formula& y) { return math::absolute(math::difference(a, y)); }
  static Formula derivative_formula(const Formula& a, const Formula& y) {
    return math::call(math::fn::sign(), {math::difference(a, y)});
  }
  // c·|a − y|: the bars make it one factor.
  static Formula scaled_formula(const Rational& c, const Formula& a, const Formula& y) {
    return c == 1 ? formula(a, y) : math::product({math::number(c), formula(a, y)});
  }
};

struct BinaryCrossEntropy : LossWritten<BinaryCrossEntropy> {
  // −[y·log a + (1 − y)·log(1 − a)];  ∂/∂a = (1 − y)/(1 − a) − y/a
  template <class T> static T value(const T& a, const T& y) {
    // A zero weight cancels its log: y = 1 needs no log(1 − a), so a = 1 is allowed then.
    T positive = is_exact_zero(y) ? T(0) : y * log(a);
    T one_minus_y = T(1) - y;
    T negative = is_exact_zero(one_minus_y) ? T(0) : one_minus_y * log(T(1) - a);
    return -(positive + negative);
  }
  template <class T> static T derivative(const T& a, const T& y, const Rational&) {
    T one_minus_y = T(1) - y;
    T positive = is_exact_zero(y) ? T(0) : y / a;
    T negative = is_exact_zero(one_minus_y) ? T(0) : one_minus_y / (T(1) - a);
    return negative - positive;
  }
  static Formula formula(const Formula& a, const Formula& y) {
    const Formula one = math::integer(1);
    return math::negation(math::brackets(math::sum(
        {math::product({y, math::prefix(math::fn::log(), a)}),
         math::product({math::difference(one, y), math::prefix(math::fn::log(), math::difference(one, a))})})));
  }
  static Formula derivative_formula(const Formula& a, const Formula& y) {
    const Formula one = math::integer(1);
    return math::difference(math::quotient(math::difference(one, y), math::difference(one, a)), math::quotient(y, a));
  }
};

struct CrossEntropy : LossWritten<CrossEntropy> {
  // −y·log a;  ∂/∂a = −y/a
  template <class T> static T value(const T& a, const T& y) { return is_exact_zero(y) ? T(0) : -(y * log(a)); }
  template <class T> static T derivative(const T& a, const T& y, const Rational&) { return is_exact_zero(y) ? T(0) : -(y / a); }
  // One term, y·log a: the loss writes −(y_1·log a_1 + …) with one minus for all the terms.
  static Formula unsigned_formula(const Formula& a, const Formula& y) {
    return math::product({y, math::prefix(math::fn::log(), a)});
  }
  static Formula formula(const Formula& a, const Formula& y) { return math::negation(unsigned_formula(a, y)); }
  static Formula derivative_formula(const Formula& a, const Formula& y) { return math::negation(math::quotient(y, a)); }
  // −y_1·log a_1 − y_2·log a_2 reads better as −(y_1·log a_1 + y_2·log a_2).
  static Formula terms_formula(const std::vector<Formula>& a, const std::vector<Formula>& y) {
    std::vector<Formula> terms;
    for (std::size_t k = 0; k < a.size(); ++k) terms.push_back(unsigned_formula(a[k], y[k]));
    return math::negation(math::group(math::sum(std::move(terms))));
  }
};

// Calls f with the rules of the kind: the one dispatch on a loss term's kind.
template <class F>
decltype(auto) with_rules(LossKind kind, F&& f) {
  switch (kind) {
    case LossKind::squared_error: return f(SquaredError{});
    case LossKind::absolute_error: return f(AbsoluteError{});
    case LossKind::binary_cross_entropy: return f(BinaryCrossEntropy{});
    case LossKind::cross_entropy: break;
  }
  return f(CrossEntropy{});
}

}  // namespace ops

// term(a, y) and ∂term/∂a (at_zero: the lesson's sign'(0) for absolute_error).
template <class T>
T loss_term(LossKind kind, const T& a, const T& y) {
  return ops::with_rules(kind, [&](auto rules) { return decltype(rules)::value(a, y); });
}
template <class T>
T loss_term_derivative(LossKind kind, const T& a, const T& y, const Rational& at_zero = Rational(0)) {
  return ops::with_rules(kind, [&](auto rules) { return decltype(rules)::derivative(a, y, at_zero); });
}
inline Formula loss_term_formula(LossKind kind, const Formula& a, const Formula& y) {
  return ops::with_rules(kind, [&](auto rules) { return decltype(rules)::formula(a, y); });
}
inline Formula loss_term_derivative_formula(LossKind kind, const Formula& a, const Formula& y) {
  return ops::with_rules(kind, [&](auto rules) { return decltype(rules)::derivative_formula(a, y); });
}
// c·term(a, y), as the loss writes one output's term (Mazur's E_o1 = ½·(target − out)²).
inline Formula scaled_loss_term_formula(LossKind kind, const Rational& c, const Formula& a, const Formula& y) {
  return ops::with_rules(kind, [&](auto rules) { return decltype(rules)::scaled_formula(c, a, y); });
}
// The terms of one sample's outputs together (before the loss's constant).
inline Formula loss_terms_formula(LossKind kind, const std::vector<Formula>& a, const std::vector<Formula>& y) {
  return ops::with_rules(kind, [&](auto rules) { return decltype(rules)::terms_formula(a, y); });
}
// c·∂term/∂a: ∂L/∂a of an output, with the loss's factor c.
inline Formula scaled_loss_derivative_formula(LossKind kind, const Rational& c, const Formula& a, const Formula& y) {
  return ops::with_rules(kind, [&](auto rules) { return decltype(rules)::scaled_derivative_formula(c, a, y); });
}

}  // namespace bptrace
