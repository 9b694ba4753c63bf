#include "model/loss.hpp"

namespace bptrace {

namespace {
struct Named {
  LossKind kind;
  const char* name;
};
constexpr Named kNames[] = {
    {LossKind::squared_error, "squared_error"},
    {LossKind::absolute_error, "absolute_error"},
    {LossKind::binary_cross_entropy, "binary_cross_entropy"},
    {LossKind::cross_entropy, "cross_entropy"},
};
}  // namespace

std::string loss_name(LossKind kind) {
  for (const auto& n : kNames)
    if (n.kind == kind) return n.name;
  return "?";
}

std::optional<LossKind> loss_from_name(const std::string& name) {
  for (const auto& n : kNames)
    if (name == n.name) return n.kind;
  return std::nullopt;
}

std::vector<std::string> loss_names() {
  std::vector<std::string> names;
  for (const auto& n : kNames) names.emplace_back(n.name);
  return names;
}

std::string reduction_name(Reduction r) { return r == Reduction::sum ? "sum" : "mean"; }

}  // namespace bptrace
