#include "model/activation.hpp"

#include "number/decimal.hpp"

namespace bptrace {

namespace {

struct Named {
  ActivationKind kind;
  const char* name;
};
constexpr Named kNames[] = {
    {ActivationKind::identity, "identity"}, {ActivationKind::linear, "linear"},
    {ActivationKind::step, "step"},         {ActivationKind::sigmoid, "sigmoid"},
    {ActivationKind::tanh, "tanh"},         {ActivationKind::relu, "relu"},
    {ActivationKind::leaky_relu, "leaky_relu"}, {ActivationKind::softplus, "softplus"},
    {ActivationKind::softmax, "softmax"},
};

}  // namespace

std::string activation_name(ActivationKind kind) {
  for (const auto& n : kNames)
    if (n.kind == kind) return n.name;
  return "?";
}

std::optional<ActivationKind> activation_from_name(const std::string& name) {
  for (const auto& n : kNames)
    if (name == n.name) return n.kind;
  return std::nullopt;
}

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const auto& n : kNames) names.emplace_back(n.name);
  return names;
}

Value activate(const Activation& g, const Value& z) {
  switch (g.kind) {
    case ActivationKind::identity: return z;
    case ActivationKind::linear: return Value(g.alpha) * z + Value(g.beta);
    case ActivationKind::step: {
      int s = sign(z);
      return s > 0 ? Value(1) : s < 0 ? Value(0) : Value(g.at_zero);
    }
    case ActivationKind::sigmoid: return sigmoid(z);
    case ActivationKind::tanh: return tanh(z);
    case ActivationKind::relu: return sign(z) > 0 ? z : Value(0);
    case ActivationKind::leaky_relu: return sign(z) >= 0 ? z : Value(g.alpha) * z;
    case ActivationKind::softplus: return softplus(z);
    case ActivationKind::softmax: break;
  }
  throw std::logic_error("softmax is not elementwise");
}

Value activation_derivative(const Activation& g, const Value& z, const Value& a) {
  switch (g.kind) {
    case ActivationKind::identity: return Value(1);                    // (z)' = 1
    case ActivationKind::linear: return Value(g.alpha);                // (αz + β)' = α
    case ActivationKind::step: return Value(0);                        // flat on both sides
    case ActivationKind::sigmoid: return a * (Value(1) - a);           // σ' = σ(1 − σ)
    case ActivationKind::tanh: return Value(1) - a * a;                // tanh' = 1 − tanh²
    case ActivationKind::relu: {                                       // 1 for z > 0, 0 for z < 0
      int s = sign(z);
      return s > 0 ? Value(1) : s < 0 ? Value(0) : Value(g.at_zero);
    }
    case ActivationKind::leaky_relu: {                                 // 1 for z > 0, α for z < 0
      int s = sign(z);
      return s > 0 ? Value(1) : s < 0 ? Value(g.alpha) : Value(g.at_zero);
    }
    case ActivationKind::softplus: return sigmoid(z);                  // log(1 + e^z)' = σ(z)
    case ActivationKind::softmax: break;
  }
  throw std::logic_error("softmax has a Jacobian, not a derivative");
}

Formula activation_formula(const Activation& g, const Formula& z) {
  switch (g.kind) {
    case ActivationKind::identity: return z;
    case ActivationKind::linear: return formula_constant(g.alpha) + "·" + z + " + " + formula_constant(g.beta);
    case ActivationKind::step: return "step(" + z + ")";
    case ActivationKind::sigmoid: return "σ(" + z + ") = 1/(1 + e^(−" + z + "))";
    case ActivationKind::tanh: return "tanh(" + z + ")";
    case ActivationKind::relu: return "ReLU(" + z + ") = max(0, " + z + ")";
    case ActivationKind::leaky_relu:
      return "LeakyReLU(" + z + ") = max(" + formula_constant(g.alpha) + "·" + z + ", " + z + ")";
    case ActivationKind::softplus: return "softplus(" + z + ") = log(1 + exp(" + z + "))";
    case ActivationKind::softmax: break;
  }
  return "softmax(" + z + ")";
}

Formula derivative_formula(const Activation& g, const Formula& z, const Formula& a) {
  switch (g.kind) {
    case ActivationKind::identity: return "1";
    case ActivationKind::linear: return formula_constant(g.alpha);
    case ActivationKind::step: return "step'(" + z + ") = 0";
    case ActivationKind::sigmoid: return "σ'(" + z + ") = " + a + "·(1 − " + a + ")";
    case ActivationKind::tanh: return "tanh'(" + z + ") = 1 − " + a + "²";
    case ActivationKind::relu:
      return "ReLU'(" + z + ") = [" + z + " > 0] (" + formula_constant(g.at_zero) + " at 0)";
    case ActivationKind::leaky_relu:
      return "LeakyReLU'(" + z + ") = 1 if " + z + " > 0, " + formula_constant(g.alpha) + " if " + z +
             " < 0 (" + formula_constant(g.at_zero) + " at 0)";
    case ActivationKind::softplus: return "softplus'(" + z + ") = σ(" + z + ")";
    case ActivationKind::softmax: break;
  }
  return "∂softmax/∂" + z;
}

}  // namespace bptrace
