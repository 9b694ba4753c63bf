#pragma once
// A network lesson's Problem as the dense kernel's exact network, samples and training, when the
// kernel can compute it: any elementwise activation, with the lesson's conventions at its kinks
// (src/ops/activation.hpp); squared error summed over
// the outputs; full-batch steps back-propagated through the old weights; δ = ∂L/∂z. The lesson's
// exact_digits is not applied: on Rational the kernel stays exact however long its fractions grow.
#include "engine/dense_kernel.hpp"
#include "model/network.hpp"

namespace bptrace::dense {

struct DenseProblem {
  Network<Rational> network;
  std::vector<Sample> samples;
  Training training;
};

// Throws std::invalid_argument naming what the kernel does not cover.
DenseProblem dense_problem(const Problem& problem);

}  // namespace bptrace::dense
