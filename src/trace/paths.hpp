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

// The stored terms; none for a step whose terms are unlisted; a derived step's paths.
std::vector<Contribution> path_terms(const Trace& trace, const Step& step);

}  // namespace bptrace
