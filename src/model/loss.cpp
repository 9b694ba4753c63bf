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

Value loss_term(LossKind kind, const Value& a, const Value& y) {
  switch (kind) {
    case LossKind::squared_error: return square(a - y);
    case LossKind::absolute_error: return sign(a - y) < 0 ? y - a : a - y;
    case LossKind::binary_cross_entropy: {
      // A zero weight cancels its log: y = 1 needs no log(1 − a), so a = 1 is allowed then.
      Value positive = y.is_exact_zero() ? Value(0) : y * log(a);
      Value one_minus_y = Value(1) - y;
      Value negative = one_minus_y.is_exact_zero() ? Value(0) : one_minus_y * log(Value(1) - a);
      return -(positive + negative);
    }
    case LossKind::cross_entropy: return y.is_exact_zero() ? Value(0) : -(y * log(a));
  }
  return Value(0);
}

Value loss_term_derivative(LossKind kind, const Value& a, const Value& y, const Rational& at_zero) {
  switch (kind) {
    case LossKind::squared_error: return Value(2) * (a - y);  // ((a − y)²)' = 2(a − y)
    case LossKind::absolute_error: {                          // |a − y|' = sign(a − y), chosen at a = y
      int s = sign(a - y);
      return s == 0 ? Value(at_zero) : Value(s);
    }
    case LossKind::binary_cross_entropy: {                    // −y/a + (1 − y)/(1 − a)
      Value one_minus_y = Value(1) - y;
      Value positive = y.is_exact_zero() ? Value(0) : y / a;
      Value negative = one_minus_y.is_exact_zero() ? Value(0) : one_minus_y / (Value(1) - a);
      return negative - positive;
    }
    case LossKind::cross_entropy: return y.is_exact_zero() ? Value(0) : -(y / a);  // (−y log a)' = −y/a
  }
  return Value(0);
}

Formula loss_term_formula(LossKind kind, const Formula& a, const Formula& y) {
  switch (kind) {
    case LossKind::squared_error: return "(" + a + " − " + y + ")²";
    case LossKind::absolute_error: return "|" + a + " − " + y + "|";
    case LossKind::binary_cross_entropy:
      return "−[" + y + "·log " + a + " + (1 − " + y + ")·log(1 − " + a + ")]";
    case LossKind::cross_entropy: return "−" + y + "·log " + a;
  }
  return "?";
}

Formula loss_term_derivative_formula(LossKind kind, const Formula& a, const Formula& y) {
  switch (kind) {
    case LossKind::squared_error: return "2·(" + a + " − " + y + ")";
    case LossKind::absolute_error: return "sign(" + a + " − " + y + ")";
    case LossKind::binary_cross_entropy:
      return "(1 − " + y + ")/(1 − " + a + ") − " + y + "/" + a;
    case LossKind::cross_entropy: return "−" + y + "/" + a;
  }
  return "?";
}

}  // namespace bptrace
