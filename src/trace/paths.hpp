#pragma once
// The terms of a step that is a sum over paths, as renderers list them ("via …" lines).
//
// Where a node feeds several others its gradient is a sum, one term per consumer, and the step
// stores those terms: ∂L/∂a_j = Σ_k W_kj·δ_k. A weight gradient stores none: its paths are
// derived here from the recorded formulas and values, by the chain rule. ∂L/∂W_ji = δ_j·in_i
// with δ_j = ∂L/∂a_j·g'(z_j), and ∂L/∂a_j's terms, give one path through each neuron k of the
// next layer, W_kj·δ_k·g'(z_j)·in_i (document 001's two paths to w_11^[1]); its value is the
// product of the recorded values of its factors, rounded as the trace's weight gradients were.
#include "trace/trace.hpp"

#include <vector>

namespace bptrace {

// A step's terms: borrowed from the step when it stores them (a sum of 20,000 long exact terms is
// not copied for each renderer), owned when derived.
class PathTerms {
 public:
  explicit PathTerms(const std::vector<Contribution>* stored) : borrowed_(stored) {}
  explicit PathTerms(std::vector<Contribution> derived) : owned_(std::move(derived)) {}

  const std::vector<Contribution>& all() const { return borrowed_ ? *borrowed_ : owned_; }
  std::size_t size() const { return all().size(); }
  bool empty() const { return all().empty(); }
  const Contribution& operator[](std::size_t i) const { return all()[i]; }
  auto begin() const { return all().begin(); }
  auto end() const { return all().end(); }

 private:
  const std::vector<Contribution>* borrowed_ = nullptr;
  std::vector<Contribution> owned_;
};

// The stored terms; none for a step whose terms are unlisted; a derived step's paths.
PathTerms path_terms(const Trace& trace, const Step& step);

}  // namespace bptrace
