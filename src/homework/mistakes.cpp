#include "homework/mistakes.hpp"

#include "homework/graph_mistakes.hpp"

namespace bptrace {

namespace {

bool trains(const Problem& p) { return p.loss && p.learning_rate; }
bool batched(const Problem& p) { return p.samples.size() > 1; }
bool square(const Layer& layer) { return !layer.weights.empty() && layer.weights.size() == layer.weights[0].size(); }

// A mistake with a single instance: its title says it all, no label.
std::vector<MistakeInstance> one(const Variant& v) { return {MistakeInstance{"", v}}; }

std::vector<MistakeInstance> new_weights(const Problem& p) {
  if (!trains(p) || batched(p) || p.network.layers.size() < 2) return {};
  Variant v;
  v.new_weights_in_backprop = true;
  return one(v);
}

bool squared_error(const Problem& p) { return p.loss && p.loss->kind == LossKind::squared_error; }
bool has_half(const Problem& p) { return boost::multiprecision::denominator(p.loss->constant) % 2 == 0; }

std::vector<MistakeInstance> half_dropped(const Problem& p) {
  if (!squared_error(p) || !has_half(p)) return {};
  Variant v;
  v.loss_constant_factor = 2;
  return one(v);
}

std::vector<MistakeInstance> half_added(const Problem& p) {
  if (!squared_error(p) || has_half(p)) return {};
  Variant v;
  v.loss_constant_factor = Rational(1, 2);
  return one(v);
}

std::vector<MistakeInstance> derivative_from(const Problem& p, DerivativeFrom from) {
  if (!p.loss) return {};
  Variant v;
  v.derivative_from = from;
  return one(v);
}

std::vector<MistakeInstance> activation_twice(const Problem& p) {
  return derivative_from(p, DerivativeFrom::activation_applied_twice);
}

std::vector<MistakeInstance> z_for_a(const Problem& p) {
  return derivative_from(p, DerivativeFrom::pre_activation);
}

std::vector<MistakeInstance> error_sign(const Problem& p) {
  if (!p.loss) return {};
  Variant v;
  v.error_sign_flipped = true;
  return one(v);
}

std::vector<MistakeInstance> update_added(const Problem& p) {
  if (!trains(p)) return {};
  Variant v;
  v.update_added = true;
  return one(v);
}

std::vector<MistakeInstance> untransposed(const Problem& p) {
  if (!p.loss) return {};
  for (std::size_t l = 1; l < p.network.layers.size(); ++l) {
    if (!square(p.network.layers[l])) continue;
    Variant v;
    v.backprop_through_untransposed_w = true;
    return one(v);
  }
  return {};
}

std::vector<MistakeInstance> gradient_transposed(const Problem& p) {
  if (!p.loss) return {};
  for (const Layer& layer : p.network.layers) {
    if (!square(layer)) continue;
    Variant v;
    v.weight_gradient_transposed = true;
    return one(v);
  }
  return {};
}

std::vector<MistakeInstance> bias_forgotten(const Problem& p) {
  if (!p.loss) return {};
  Variant v;
  v.bias_gradient_forgotten = true;
  return one(v);
}

std::vector<MistakeInstance> bias_not_summed(const Problem& p) {
  if (!p.loss || !batched(p)) return {};
  Variant v;
  v.bias_gradient_not_summed = true;
  return one(v);
}

std::vector<MistakeInstance> averaged(const Problem& p) {
  if (!p.loss || !batched(p) || p.loss->over_batch != Reduction::sum) return {};
  Variant v;
  v.batch_gradient_factor = Rational(1, static_cast<long>(p.samples.size()));
  return one(v);
}

std::vector<MistakeInstance> summed(const Problem& p) {
  if (!p.loss || !batched(p) || p.loss->over_batch != Reduction::mean) return {};
  Variant v;
  v.batch_gradient_factor = Rational(static_cast<long>(p.samples.size()));
  return one(v);
}

std::vector<MistakeInstance> learning_rate_power(const Problem& p, int power) {
  if (!trains(p)) return {};
  Variant v;
  v.learning_rate_power = power;
  return one(v);
}

std::vector<MistakeInstance> rate_not_applied(const Problem& p) { return learning_rate_power(p, 0); }
std::vector<MistakeInstance> rate_twice(const Problem& p) { return learning_rate_power(p, 2); }

std::vector<MistakeInstance> rounded(const Problem&) {
  std::vector<MistakeInstance> out;
  for (const RoundingRule& rule : hand_rounding_rules()) {
    Variant v;
    v.round_intermediates = rule;
    out.push_back(MistakeInstance{"intermediates " + describe(rule), v});
  }
  return out;
}

std::vector<MistakeInstance> one_path(const Problem& p) {
  if (!p.loss) return {};
  std::size_t widest = 0;
  for (std::size_t l = 1; l < p.network.layers.size(); ++l) widest = std::max(widest, p.network.layers[l].width());
  std::vector<MistakeInstance> out;
  if (widest < 2) return out;
  for (std::size_t k = 0; k < widest; ++k) {
    Variant v;
    v.only_path = k;
    out.push_back(MistakeInstance{"only the path through neuron " + std::to_string(k + 1) + " of the next layer", v});
  }
  return out;
}

}  // namespace

std::vector<RoundingRule> hand_rounding_rules() {
  std::vector<RoundingRule> rules;
  for (int k = 2; k <= 6; ++k)
    for (auto unit : {RoundingRule::Unit::decimals, RoundingRule::Unit::significant})
      for (auto mode : {Rounding::half_away_from_zero, Rounding::toward_zero}) rules.push_back(RoundingRule{k, unit, mode});
  return rules;
}

const std::vector<Mistake>& mistake_catalogue() {
  static const std::vector<Mistake> catalogue{
      {"1", "updated (new) weights used when back-propagating to an earlier layer",
       "the next layer is updated, W' = W − η·∂L/∂W, before ∂L/∂a of the layer below is computed with W'",
       "∂L/∂a of the last hidden layer", new_weights},
      {"2a", "the ½ of the squared loss dropped", "the loss's constant doubled (½Σ becomes Σ)", "the loss", half_dropped},
      {"2b", "a ½ added to the squared loss", "the loss's constant halved (Σ becomes ½Σ)", "the loss", half_added},
      {"3a", "σ'(z) computed as σ(a)(1 − σ(a)): the activation applied twice",
       "∂a/∂z evaluated at a instead of z: g'(a)", "∂a/∂z of the output layer", activation_twice},
      {"3b", "σ'(z) computed as z(1 − z)", "∂a/∂z from the formula in a, fed z instead of a (tanh: 1 − z²)",
       "∂a/∂z of the output layer", z_for_a},
      {"4a", "the sign of the error flipped (y − ŷ instead of ŷ − y)", "∂L/∂ŷ negated", "∂L/∂ŷ", error_sign, nullptr,
       "the sign of the error flipped (ŷ − y instead of y − ŷ)"},
      {"4b", "the update added instead of subtracted", "θ + η·∂L/∂θ", "the updated parameters", update_added, nullptr,
       "the update subtracted instead of added (θ − η·(−∂L/∂θ) instead of θ + η·(−∂L/∂θ))"},
      {"5a", "W used where Wᵀ is needed", "∂L/∂a_i = Σ_j W[i,j]·δ_j instead of Σ_j W[j,i]·δ_j (square W)",
       "∂L/∂a of a hidden layer", untransposed},
      {"5b", "the indices of w_ij and w_ji swapped", "∂L/∂W[j,i] = δ_i·in_j instead of δ_j·in_i (square W)",
       "the off-diagonal weight gradients", gradient_transposed},
      {"6a", "the bias gradient forgotten", "∂L/∂b = 0, so the update leaves the biases unchanged",
       "∂L/∂b of the output layer", bias_forgotten},
      {"6b", "a shared bias's gradient not summed",
       "the bias shared by a batch's samples gets the first sample's δ only, not Σ over the samples",
       "the batch ∂L/∂b", bias_not_summed},
      {"7a", "the batch gradient averaged where the loss sums", "the batch gradients multiplied by 1/n (the loss unchanged)",
       "the batch ∂L/∂W", averaged},
      {"7b", "the batch gradient summed where the loss averages", "the batch gradients multiplied by n (the loss unchanged)",
       "the batch ∂L/∂W", summed},
      {"8a", "the learning rate not applied", "θ − ∂L/∂θ", "the updated parameters", rate_not_applied},
      {"8b", "the learning rate applied twice", "θ − η²·∂L/∂θ", "the updated parameters", rate_twice},
      {"9", "intermediate values rounded before being used further",
       "every computed step rounded (or truncated) to k = 2…6 decimals or significant digits as it is produced",
       "the first computed value with more digits", rounded, graph_rounded},
      {"10", "only one path summed where a node feeds several",
       "∂L/∂a_i keeps the path through one neuron of the next layer instead of the sum over all (a graph: "
       "the adjoint of a node keeps the term of one consumer)",
       "∂L/∂a of the last hidden layer; a graph: the adjoint of the node", one_path, graph_one_path},
      // Graph lessons only: differentiating a computation graph by hand.
      {"11", "the product rule with the wrong operand's value", "∂(a·b)/∂a taken as a instead of b",
       "the local derivatives of the product", nullptr, product_rule_wrong_operand},
      {"12", "a factor of the chain rule dropped", "one local derivative ∂c/∂u taken as 1",
       "the adjoint of the operand", nullptr, chain_factor_dropped},
      {"13", "log′(u) taken as u", "∂log(u)/∂u = u instead of 1/u", "the local derivative of the log", nullptr,
       log_derivative_as_operand},
      {"14", "the sign of a subtraction's second operand lost", "∂(a − b)/∂b = +1 instead of −1",
       "the local derivative of the subtraction", nullptr, subtraction_sign_lost},
      {"15", "the derivative at a kink taken with another convention",
       "relu'(0), abs'(0) or a tie of max or min taken as another common choice than the lesson's",
       "the local derivative at the kink", nullptr, kink_convention},
  };
  return catalogue;
}

const std::string& mistake_title(const Mistake& mistake, bool negated_gradients) {
  return negated_gradients && !mistake.negated_title.empty() ? mistake.negated_title : mistake.title;
}

const Mistake* find_mistake(const std::string& number) {
  for (const Mistake& m : mistake_catalogue())
    if (m.number == number) return &m;
  return nullptr;
}

}  // namespace bptrace
