#pragma once
// The closed set of activation functions, each with its derivative rule beside it.
#include "number/rational.hpp"
#include "number/value.hpp"
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
  Rational at_zero{1};  // step: g(0); relu / leaky_relu: g'(0) (the documents use both 1 and 0)
};

std::string activation_name(ActivationKind kind);
std::optional<ActivationKind> activation_from_name(const std::string& name);
std::vector<std::string> activation_names();

// g(z), elementwise kinds only (softmax works on the whole layer).
Value activate(const Activation& g, const Value& z);
// g'(z), given z and a = g(z) (sigmoid and tanh are cheaper and tighter from a).
Value activation_derivative(const Activation& g, const Value& z, const Value& a);

// Formula templates; `z` and `a` are the template references of the operands.
Formula activation_formula(const Activation& g, const Formula& z);
Formula derivative_formula(const Activation& g, const Formula& z, const Formula& a);

}  // namespace bptrace
