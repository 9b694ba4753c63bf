#include "engine/gradcheck.hpp"

#include "trace/names.hpp"

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
  const Key loss = loss_key(1, 0);
  auto key = [](Quantity what, std::size_t l, std::size_t j, int i = -1) {
    return layer_key(what, 1, 0, static_cast<int>(l) + 1, static_cast<int>(j) + 1, i + 1);
  };
  auto compare = [&](const Key& parameter, const Key& gradient, Rational& theta) {
    const Rational original_value = theta;
    theta = original_value + h;
    Value plus = backpropagate(problem).value(loss);
    theta = original_value - h;
    Value minus = backpropagate(problem).value(loss);
    theta = original_value;
    Value difference = (plus - minus) / Value(Rational(2 * h));
    out.push_back(GradientComparison{parameter, trace.value(gradient), difference});
  };
  for (std::size_t l = 0; l < problem.network.layers.size(); ++l) {
    Layer& layer = problem.network.layers[l];
    for (std::size_t j = 0; j < layer.width(); ++j)
      for (std::size_t i = 0; i < layer.weights[j].size(); ++i)
        compare(key(Quantity::weight, l, j, static_cast<int>(i)), key(Quantity::weight_gradient, l, j, static_cast<int>(i)),
                layer.weights[j][i]);
    if (!layer.has_bias) continue;  // bias = "none": no bias to check
    if (shared) {
      // One bias for the layer: every neuron's copy moves together.
      Rational b = layer.bias[0];
      auto set = [&](const Rational& v) { layer.bias.assign(layer.bias.size(), v); };
      const Rational original_value = b;
      set(original_value + h);
      Value plus = backpropagate(problem).value(loss);
      set(original_value - h);
      Value minus = backpropagate(problem).value(loss);
      set(original_value);
      out.push_back(GradientComparison{key(Quantity::bias, l, 0), trace.value(key(Quantity::bias_gradient, l, 0)),
                                       (plus - minus) / Value(Rational(2 * h))});
      continue;
    }
    for (std::size_t j = 0; j < layer.width(); ++j)
      compare(key(Quantity::bias, l, j), key(Quantity::bias_gradient, l, j), layer.bias[j]);
  }
  return out;
}

std::vector<GradientComparison> finite_difference_check(const GraphModel& model, const Rational& h) {
  const Graph& g = model.graph;
  const tape::Seams seams = correct_seams(g);
  const std::vector<Value> values = evaluate(g, seams);
  const tape::Locals locals = local_derivatives(g, values, relevant_nodes(model), seams);
  std::vector<GradientComparison> out;
  for (NodeId y : model.outputs) {
    const std::vector<tape::Chained> adjoint = tape::reverse(g.tape(), y, locals, seams);
    for (NodeId x : model.inputs) {
      Graph moved = g;
      const Rational at = g.tape()[x].value.exact();
      moved.set_input(x, at + h);
      Value plus = evaluate(moved)[y];
      moved.set_input(x, at - h);
      Value minus = evaluate(moved)[y];
      out.push_back(GradientComparison{adjoint_key(g.name(y), g.name(x)), adjoint[x].reached ? adjoint[x].value : Value(0),
                                       (plus - minus) / Value(Rational(2 * h))});
    }
  }
  return out;
}

}  // namespace bptrace
