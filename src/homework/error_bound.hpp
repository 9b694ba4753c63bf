#pragma once
// How far a correct float implementation of a lesson may be from its exact values: a forward
// error bound of the Higham kind for every quantity of a network lesson's trace, propagated
// through the layers in trace order (README, "Verify a program", states the rule in full).
//
// With u the dtype's unit roundoff (2^-53, 2^-24), γ_n = n·u/(1 − n·u), |x| the exact magnitude of
// a quantity and B(x) its bound:
//   given value       B = 0 if it is a number of the dtype, else u·|x| (the program rounds it)
//   a sum of products z = Σ_i W_i·a_i (+ b), n terms:
//                     B = γ_n·Σ|terms| + Σ_i (|W_i|·B(a_i) + |a_i|·B(W_i)) (+ B(b))
//   g(z)              B = |g'(z)|·B(z) + f·u·|g(z)|   (f = the function's ulps, transcendental g)
//   a product x·y     B = |y|·B(x) + |x|·B(y) + u·|x·y|
// and the rules of the same kind for softmax, the loss, ∂L/∂a, g'(z), the batch sums and the update.
// The tolerance of a value is factor·B.
#include "homework/values_file.hpp"
#include "model/network.hpp"
#include "trace/trace.hpp"

#include <optional>
#include <unordered_map>

namespace bptrace {

struct ToleranceRule {
  FloatFormat dtype = float64_format();
  Rational factor{2};     // the margin: every bound multiplied by it
  int function_ulps = 4;  // accuracy of exp, log, tanh, σ, softplus, as ulps of the result
  // A flat tolerance instead: |recorded − exact| ≤ rtol·|exact| + atol.
  std::optional<Rational> rtol, atol;
};

using Bounds = std::unordered_map<Key, Rational, KeyHash>;

// The tolerance of every quantity of a layered network's trace (factor·B, or the flat rule). A
// quantity the lesson does not trace in full (a summarised training step, an epoch's loss), and
// what is computed from it, has none: it is not in the map.
Bounds tolerances(const Problem& problem, const Trace& trace, const ToleranceRule& rule);

// An upper bound of |value|, exact for an exact value (the enclosure's larger end otherwise).
Rational magnitude(const Value& v);

}  // namespace bptrace
