#include "ops/activation.hpp"

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

Formula activation_formula(const Activation& g, const Formula& z) {
  if (g.kind == ActivationKind::softmax) return ops::Softmax::vector_formula(z);
  return ops::with_rules(g.kind, [&](auto rules) { return decltype(rules)::formula(g, z); });
}

Formula derivative_formula(const Activation& g, const Formula& z, const Formula& a) {
  if (g.kind == ActivationKind::softmax) return ops::Softmax::derivative_formula(g, z, a);
  return ops::with_rules(g.kind, [&](auto rules) { return decltype(rules)::derivative_formula(g, z, a); });
}

Formula vector_activation_formula(const Activation& g, const Formula& z) {
  if (g.kind == ActivationKind::softmax) return ops::Softmax::vector_formula(z);
  return ops::with_rules(g.kind, [&](auto rules) { return decltype(rules)::vector_formula(z); });
}

Formula vector_derivative_formula(const Activation& g, const Formula& z, const Formula& a) {
  if (g.kind == ActivationKind::softmax) return ops::Softmax::vector_derivative(z, a);
  return ops::with_rules(g.kind, [&](auto rules) { return decltype(rules)::vector_derivative(z, a); });
}

}  // namespace bptrace
