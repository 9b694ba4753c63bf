#pragma once
// A variant of a network's computation as the tape's seams and the training's policies. This is
// the one place the network engine reads a mistake: the correct rules (src/ops) and the lowering
// (network_tape.hpp) never mention one.
#include "engine/network_tape.hpp"
#include "engine/rounding.hpp"
#include "engine/variant.hpp"
#include "tape/seams.hpp"

namespace bptrace {

// θ ← θ − η^power·g, or θ + η^power·g when it adds (the −∂L/∂z convention's correct update,
// whose g is negated; or mistake 4b).
struct UpdatePolicy {
  int learning_rate_power = 1;
  bool adds = false;
};

// A batch's gradient: factor·Σ_s g_s over the update's samples; a bias's the first sample's only
// when `bias_first_sample_only`.
struct BatchPolicy {
  Rational factor{1};
  bool bias_first_sample_only = false;
};

struct NetworkSeams {
  Problem problem;  // the lesson as computed (mistake 2 changes its loss's constant)
  Value sign{1};    // of the seed: −1 under the −∂L/∂z convention, and again for mistake 4a
  std::optional<RoundingPolicy> rounding;
  UpdatePolicy update;
  BatchPolicy batch;
  // How the backward pass is written, where a seam changed what it computes: ∂L/∂in through
  // W[i,j] instead of W[j,i] (5a), through the next step's W (mistake 1, or the convention).
  bool backprop_untransposed = false;
  bool backprop_new_weights = false;
  const Variant* variant = nullptr;
};

NetworkSeams network_seams(const Problem& problem, const Variant& variant);

// The tape's seams for one sample's tape, whose values are `values` once computed. `seed_scale`
// is the loss's 1/n for a mean over the batch.
tape::Seams sample_seams(const NetworkSeams& n, const SampleTape& t, const std::vector<Value>& values,
                         const Rational& seed_scale);

// The rounding rule's value of a quantity of this kind and phase, or the value itself.
Value rounded(const NetworkSeams& n, Quantity kind, Phase phase, const Value& v);

}  // namespace bptrace
