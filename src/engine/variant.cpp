#include "engine/variant.hpp"

namespace bptrace {

bool Variant::is_exact() const {
  return !new_weights_in_backprop && loss_constant_factor == 1 &&
         derivative_from == DerivativeFrom::activation && !error_sign_flipped && !update_added &&
         !backprop_through_untransposed_w && !weight_gradient_transposed && !bias_gradient_forgotten &&
         !bias_gradient_not_summed && batch_gradient_factor == 1 && learning_rate_power == 1 &&
         !round_intermediates && !only_path;
}

}  // namespace bptrace
