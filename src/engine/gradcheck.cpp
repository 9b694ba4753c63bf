#include "engine/gradcheck.hpp"

namespace bptrace {

std::vector<GradientComparison> finite_difference_check(const Problem& original, const Rational& h) {
  Problem problem = original;
  problem.learning_rate.reset();
  problem.steps = 1;
  // The gradient of the loss over every sample, named ∂L/∂θ, every bias included: the training's
  // schedule and conventions do not change the derivative being checked.
  problem.mode = TrainingMode::full_batch;
  problem.final_loss = false;
  problem.detail_steps = 0;
  problem.conventions.delta_sign = DeltaSign::dl_dz;
  problem.conventions.update_biases = true;
  problem.conventions.backprop_new_weights = false;
  const bool shared = problem.conventions.shared_bias;
  Trace trace = backpropagate(problem);
  std::vector<GradientComparison> out;
  auto compare = [&](const std::string& parameter, const std::string& gradient, Rational& theta) {
    const Rational original_value = theta;
    theta = original_value + h;
    Value plus = backpropagate(problem).value("loss");
    theta = original_value - h;
    Value minus = backpropagate(problem).value("loss");
    theta = original_value;
    Value difference = (plus - minus) / Value(Rational(2 * h));
    out.push_back(GradientComparison{parameter, trace.value(gradient), difference});
  };
  for (std::size_t l = 0; l < problem.network.layers.size(); ++l) {
    Layer& layer = problem.network.layers[l];
    std::string prefix = layer_name(l + 1) + ".";
    for (std::size_t j = 0; j < layer.width(); ++j)
      for (std::size_t i = 0; i < layer.weights[j].size(); ++i)
        compare(prefix + "W" + index2(j, i), prefix + "dW" + index2(j, i), layer.weights[j][i]);
    if (shared) {
      // One bias for the layer: every neuron's copy moves together.
      Rational b = layer.bias[0];
      auto set = [&](const Rational& v) { layer.bias.assign(layer.bias.size(), v); };
      const Rational original_value = b;
      set(original_value + h);
      Value plus = backpropagate(problem).value("loss");
      set(original_value - h);
      Value minus = backpropagate(problem).value("loss");
      set(original_value);
      out.push_back(GradientComparison{prefix + "b[1]", trace.value(prefix + "db[1]"),
                                       (plus - minus) / Value(Rational(2 * h))});
      continue;
    }
    for (std::size_t j = 0; j < layer.width(); ++j)
      compare(prefix + "b" + index1(j), prefix + "db" + index1(j), layer.bias[j]);
  }
  return out;
}

}  // namespace bptrace
