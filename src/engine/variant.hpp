#pragma once
// Variants of the engine's computation. The default Variant is exact backpropagation. Every
// other field is one documented transformation of the computation: a classic hand mistake
// (the homework checker recomputes a lesson under each to name a student's error), or
// rounding every intermediate as a hand computation or lecture note does.
#include "engine/rounding.hpp"
#include "number/value.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace bptrace {

// How ∂a/∂z is evaluated (mistake 3).
enum class DerivativeFrom {
  activation,               // g'(z) from z and a = g(z): σ' = a(1 − a)   (correct)
  activation_applied_twice, // g'(a): the activation applied twice, σ(a)(1 − σ(a))
  pre_activation,           // the formula in a fed z instead of a: z(1 − z)
};

struct Variant {
  // 1. ∂L/∂a of layer l uses the *updated* W^{l+1} = W^{l+1} − η·∂L/∂W^{l+1}: the later layer is
  //    updated before the earlier layer is back-propagated (single-sample lessons with training).
  bool new_weights_in_backprop = false;
  // 2. The loss's constant multiplied by this: 2 drops a ½, 1/2 adds one.
  Rational loss_constant_factor{1};
  // 3. See DerivativeFrom; applied in every layer.
  DerivativeFrom derivative_from = DerivativeFrom::activation;
  // 4a. ∂L/∂ŷ with its sign flipped (y − ŷ instead of ŷ − y).
  bool error_sign_flipped = false;
  // 4b. θ + η·∂L/∂θ: the update added instead of subtracted.
  bool update_added = false;
  // 5a. ∂L/∂in_i = Σ_j W[i,j]·δ_j: W where Wᵀ is needed (square weight matrices only).
  bool backprop_through_untransposed_w = false;
  // 5b. ∂L/∂W[j,i] = δ_i·in_j: the gradient's indices swapped, w_ij for w_ji (square only).
  bool weight_gradient_transposed = false;
  // 6a. ∂L/∂b = 0: the bias gradient forgotten (so the update leaves the biases as they are).
  bool bias_gradient_forgotten = false;
  // 6b. A bias shared by the samples of a batch: its gradient is the first sample's only,
  //     not the sum over the samples.
  bool bias_gradient_not_summed = false;
  // 7. The batch gradients (not the loss) multiplied by this: 1/n averages a summed loss's
  //    gradient, n sums a mean loss's.
  Rational batch_gradient_factor{1};
  // 8. θ − η^p·∂L/∂θ: p = 0 the learning rate not applied, p = 2 applied twice.
  int learning_rate_power = 1;
  // 9. The intermediates (the computed steps of the trace) rounded as they are produced, each
  //    by its rule under the policy.
  std::optional<RoundingPolicy> round_intermediates;
  // 10. Where a node feeds several neurons of the next layer, only the path through this one
  //     (0-based) is taken for ∂L/∂a, instead of the sum over all paths.
  std::optional<std::size_t> only_path;

  bool is_exact() const;
};

}  // namespace bptrace
