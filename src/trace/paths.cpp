#include "trace/paths.hpp"

#include "number/interval.hpp"

#include <memory>
#include <optional>

namespace bptrace {

namespace {

// The factors of a product of quantities (δ_j·in_i), in order; nullopt for any other formula.
std::optional<std::vector<Key>> factors_of(const Formula& formula) {
  if (formula.empty() || formula.shape().op != FormulaOp::product) return std::nullopt;
  std::vector<Key> factors;
  for (const FormulaNode& operand : formula.shape().operands) {
    if (operand.op != FormulaOp::reference) return std::nullopt;
    factors.push_back(formula.key(operand));
  }
  return factors;
}

// One path: the product of its factors' formulas and of their recorded values, left to right
// as the engine multiplies. nullopt when a factor is not in the trace.
std::optional<Contribution> path(const Trace& trace, const Key& via, const std::vector<Key>& factors) {
  std::vector<Formula> formulas;
  Value value = 1;
  for (const Key& k : factors) {
    const Step* s = trace.find(k);
    if (!s) return std::nullopt;
    formulas.push_back(ref(k));
    value = formulas.size() == 1 ? s->value : value * s->value;
  }
  if (trace.derivation.rounding) value = apply(*trace.derivation.rounding, value);
  return Contribution{via, math::product(std::move(formulas)), std::move(value)};
}

// The first factor written by its own product until one is a stored sum: δ_j·in_i, then
// ∂L/∂a_j·g'(z_j)·in_i; each of ∂L/∂a_j's terms W_kj·δ_k then gives W_kj·δ_k·g'(z_j)·in_i.
std::vector<Contribution> derived(const Trace& trace, const Step& step) {
  std::optional<std::vector<Key>> factors = factors_of(step.formula);
  for (int depth = 0; factors && !factors->empty() && depth < 3; ++depth) {
    const Step* first = trace.find(factors->front());
    if (!first) return {};
    if (!first->contributions.empty()) {
      std::vector<Contribution> out;
      for (const Contribution& term : first->contributions) {
        std::optional<std::vector<Key>> through = factors_of(term.formula);
        if (!through) return {};
        through->insert(through->end(), factors->begin() + 1, factors->end());
        std::optional<Contribution> p = path(trace, term.via, *through);
        if (!p) return {};
        out.push_back(std::move(*p));
      }
      return out;
    }
    std::optional<std::vector<Key>> inner = factors_of(first->formula);
    if (!inner) return {};
    inner->insert(inner->end(), factors->begin() + 1, factors->end());
    factors = std::move(inner);
  }
  return {};
}

}  // namespace

PathTerms path_terms(const Trace& trace, const Step& step) {
  if (step.terms == Step::Terms::stored) return PathTerms(&step.contributions);
  if (step.terms == Step::Terms::unlisted) return PathTerms(std::vector<Contribution>{});
  // At the precision the factors were computed at: the same enclosures as the engine's own.
  std::unique_ptr<WorkingPrecision> precision;
  if (trace.derivation.working_digits) precision = std::make_unique<WorkingPrecision>(trace.derivation.working_digits);
  return PathTerms(derived(trace, step));
}

}  // namespace bptrace
