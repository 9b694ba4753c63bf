#pragma once
// The activations, each in one place: its value g(z), its derivative g'(z), and its formulas
// (per neuron, and applied to a whole vector in the vectorised view), side by side, generic over
// the number type (src/ops/numbers.hpp). Every engine uses these rules: the traced network
// engine, the graph engine (σ, tanh, relu, softplus), the dense kernel and the vectorised view.
// A convention at a kink (relu'(0), leaky_relu'(0), step(0)) is always the lesson's field.
#include "ops/numbers.hpp"
#include "trace/formula.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

enum class ActivationKind { identity, linear, step, sigmoid, tanh, relu, leaky_relu, softplus, softmax };

struct Activation {
  ActivationKind kind = ActivationKind::identity;
  Rational alpha{1};    // linear: slope; leaky_relu: slope for z < 0
  Rational beta{0};     // linear: intercept
  Rational at_zero{1};  // step: g(0); relu / leaky_relu: g'(0), as the lesson states it
};

std::string activation_name(ActivationKind kind);
std::optional<ActivationKind> activation_from_name(const std::string& name);
std::vector<std::string> activation_names();

namespace ops {

// Each activation: value(g, z), derivative(g, z, a) with a = g(z) (σ' and tanh' are cheaper and
// tighter from a), formula(g, z), derivative_formula(g, z, a), and the vector forms.
struct Identity {
  // g(z) = z;  g'(z) = 1
  template <class T> static T value(const Activation&, const T& z) { return z; }
  template <class T> static T derivative(const Activation&, const T&, const T&) { return T(1); }
  static Formula formula(const Activation&, const Formula& z) { return z; }
  static Formula derivative_formula(const Activation&, const Formula&, const Formula&) { return math::integer(1); }
  static Formula vector_formula(const Formula& z) { return z; }
  static Formula vector_derivative(const Formula&, const Formula&) { return math::integer(1); }
};

struct Linear {
  // g(z) = α·z + β;  g'(z) = α
  template <class T> static T value(const Activation& g, const T& z) { return constant<T>(g.alpha) * z + constant<T>(g.beta); }
  template <class T> static T derivative(const Activation& g, const T&, const T&) { return constant<T>(g.alpha); }
  static Formula formula(const Activation& g, const Formula& z) {
    return math::sum({math::product({math::number(g.alpha), z}), math::number(g.beta)});
  }
  static Formula derivative_formula(const Activation& g, const Formula&, const Formula&) { return math::number(g.alpha); }
  static Formula vector_formula(const Formula& z) { return math::call(math::fn::g(), {z}); }
  static Formula vector_derivative(const Formula& z, const Formula&) { return math::derivative_call(math::fn::g(), {z}); }
};

struct Step {
  // g(z) = 1 for z > 0, 0 for z < 0, the lesson's g(0) at 0;  g'(z) = 0 (flat on both sides)
  template <class T> static T value(const Activation& g, const T& z) {
    const int s = sign_of(z);
    return s > 0 ? T(1) : s < 0 ? T(0) : constant<T>(g.at_zero);
  }
  template <class T> static T derivative(const Activation&, const T&, const T&) { return T(0); }
  static Formula formula(const Activation&, const Formula& z) { return math::call(math::fn::step(), {z}); }
  static Formula derivative_formula(const Activation&, const Formula& z, const Formula&) {
    return math::equation({math::derivative_call(math::fn::step(), {z}), math::integer(0)});
  }
  static Formula vector_formula(const Formula& z) { return math::call(math::fn::step(), {z}); }
  static Formula vector_derivative(const Formula& z, const Formula&) { return math::derivative_call(math::fn::step(), {z}); }
};

struct Sigmoid {
  // σ(z) = 1/(1 + e^(−z));  σ'(z) = σ(z)·(1 − σ(z)) = a·(1 − a)
  template <class T> static T value(const Activation&, const T& z) { return sigmoid(z); }
  template <class T> static T derivative(const Activation&, const T&, const T& a) { return a * (T(1) - a); }
  static Formula formula(const Activation&, const Formula& z) {
    return math::equation({math::call(math::fn::sigma(), {z}),
                           math::quotient(math::integer(1), math::sum({math::integer(1), math::exponential(math::negation(z))}))});
  }
  static Formula derivative_formula(const Activation&, const Formula& z, const Formula& a) {
    return math::equation({math::derivative_call(math::fn::sigma(), {z}),
                           math::product({a, math::difference(math::integer(1), a)})});
  }
  static Formula vector_formula(const Formula& z) { return math::call(math::fn::sigma(), {z}); }
  static Formula vector_derivative(const Formula&, const Formula& a) {
    return math::hadamard(a, math::difference(math::integer(1), a));
  }
};

struct Tanh {
  // tanh(z);  tanh'(z) = 1 − tanh(z)² = 1 − a²
  template <class T> static T value(const Activation&, const T& z) { return tanh(z); }
  template <class T> static T derivative(const Activation&, const T&, const T& a) { return T(1) - a * a; }
  static Formula formula(const Activation&, const Formula& z) { return math::call(math::fn::tanh(), {z}); }
  static Formula derivative_formula(const Activation&, const Formula& z, const Formula& a) {
    return math::equation({math::derivative_call(math::fn::tanh(), {z}), math::difference(math::integer(1), math::square(a))});
  }
  static Formula vector_formula(const Formula& z) { return math::call(math::fn::tanh(), {z}); }
  static Formula vector_derivative(const Formula&, const Formula& a) {
    return math::difference(math::integer(1), math::hadamard(a, a));
  }
};

// "(c at 0)": the lesson's convention at the kink.
inline Formula at_zero_note(const Rational& c) {
  return math::sequence(same(" "), {math::number(c), math::words("at"), math::integer(0)});
}

struct Relu {
  // ReLU(z) = max(0, z);  ReLU'(z) = 1 for z > 0, 0 for z < 0, the lesson's g'(0) at 0
  template <class T> static T value(const Activation&, const T& z) { return sign_of(z) > 0 ? z : T(0); }
  template <class T> static T derivative(const Activation& g, const T& z, const T&) {
    const int s = sign_of(z);
    return s > 0 ? T(1) : s < 0 ? T(0) : constant<T>(g.at_zero);
  }
  static Formula formula(const Activation&, const Formula& z) {
    return math::equation({math::call(math::fn::relu(), {z}), math::call(math::fn::max(), {math::integer(0), z})});
  }
  static Formula derivative_formula(const Activation& g, const Formula& z, const Formula&) {
    Formula positive = math::brackets(math::relation(z, math::greater(), math::integer(0)));
    return math::equation({math::derivative_call(math::fn::relu(), {z}), math::annotated(positive, same(" "), at_zero_note(g.at_zero))});
  }
  static Formula vector_formula(const Formula& z) { return math::call(math::fn::relu(), {z}); }
  static Formula vector_derivative(const Formula& z, const Formula&) { return math::derivative_call(math::fn::relu(), {z}); }
};

struct LeakyRelu {
  // LeakyReLU(z) = max(α·z, z) (α < 1);  its derivative is 1 for z > 0, α for z < 0, the lesson's at 0
  template <class T> static T value(const Activation& g, const T& z) { return sign_of(z) >= 0 ? z : constant<T>(g.alpha) * z; }
  template <class T> static T derivative(const Activation& g, const T& z, const T&) {
    const int s = sign_of(z);
    return s > 0 ? T(1) : s < 0 ? constant<T>(g.alpha) : constant<T>(g.at_zero);
  }
  static Formula formula(const Activation& g, const Formula& z) {
    return math::equation({math::call(math::fn::leaky_relu(), {z}),
                           math::call(math::fn::max(), {math::product({math::number(g.alpha), z}), z})});
  }
  static Formula derivative_formula(const Activation& g, const Formula& z, const Formula&) {
    auto when = [&](Formula value, const Math& sign) {
      return math::sequence(same(" "), {std::move(value), math::words("if"), math::relation(z, sign, math::integer(0))});
    };
    Formula cases = math::sequence(same(", "), {when(math::integer(1), math::greater()), when(math::number(g.alpha), math::less())});
    return math::equation({math::derivative_call(math::fn::leaky_relu(), {z}), math::annotated(cases, same(" "), at_zero_note(g.at_zero))});
  }
  static Formula vector_formula(const Formula& z) { return math::call(math::fn::leaky_relu(), {z}); }
  static Formula vector_derivative(const Formula& z, const Formula&) { return math::derivative_call(math::fn::leaky_relu(), {z}); }
};

struct Softplus {
  // softplus(z) = log(1 + e^z);  softplus'(z) = σ(z)
  template <class T> static T value(const Activation&, const T& z) { return softplus(z); }
  template <class T> static T derivative(const Activation&, const T& z, const T&) { return sigmoid(z); }
  static Formula formula(const Activation&, const Formula& z) {
    return math::equation({math::call(math::fn::softplus(), {z}),
                           math::call(math::fn::log(), {math::sum({math::integer(1), math::call(math::fn::exp(), {z})})})});
  }
  static Formula derivative_formula(const Activation&, const Formula& z, const Formula&) {
    return math::equation({math::derivative_call(math::fn::softplus(), {z}), math::call(math::fn::sigma(), {z})});
  }
  static Formula vector_formula(const Formula& z) { return math::call(math::fn::softplus(), {z}); }
  static Formula vector_derivative(const Formula& z, const Formula&) { return math::call(math::fn::sigma(), {z}); }
};

// Softmax works on the whole layer: a_j = e^(z_j) / Σ_k e^(z_k), Jacobian a_j·(δ_jk − a_k). Its
// rules are in ops/softmax.hpp; here only its names in the vectorised view.
struct Softmax {
  static Formula vector_formula(const Formula& z) { return math::call(math::fn::softmax(), {z}); }
  static Formula vector_derivative(const Formula& z, const Formula&) { return math::derivative_call(math::fn::softmax(), {z}); }
  static Formula derivative_formula(const Activation&, const Formula& z, const Formula&) {
    return math::partial(math::literal(math::fn::softmax()), z);
  }
};

// Calls f with the rules of the kind: the one dispatch on an activation's kind.
template <class F>
decltype(auto) with_rules(ActivationKind kind, F&& f) {
  switch (kind) {
    case ActivationKind::identity: return f(Identity{});
    case ActivationKind::linear: return f(Linear{});
    case ActivationKind::step: return f(Step{});
    case ActivationKind::sigmoid: return f(Sigmoid{});
    case ActivationKind::tanh: return f(Tanh{});
    case ActivationKind::relu: return f(Relu{});
    case ActivationKind::leaky_relu: return f(LeakyRelu{});
    case ActivationKind::softplus: return f(Softplus{});
    case ActivationKind::softmax: break;
  }
  throw std::logic_error("softmax is not elementwise: see ops/softmax.hpp");
}

}  // namespace ops

// g(z), elementwise kinds only.
template <class T>
T activate(const Activation& g, const T& z) {
  return ops::with_rules(g.kind, [&](auto rules) { return decltype(rules)::value(g, z); });
}

// g'(z), given z and a = g(z).
template <class T>
T activation_derivative(const Activation& g, const T& z, const T& a) {
  return ops::with_rules(g.kind, [&](auto rules) { return decltype(rules)::derivative(g, z, a); });
}

// The formulas of a neuron: a = g(z) and g'(z).
Formula activation_formula(const Activation& g, const Formula& z);
Formula derivative_formula(const Activation& g, const Formula& z, const Formula& a);
// The vectorised view's: g applied to the whole vector z, and g'(z) (from a where the engine uses a).
Formula vector_activation_formula(const Activation& g, const Formula& z);
Formula vector_derivative_formula(const Activation& g, const Formula& z, const Formula& a);

}  // namespace bptrace
