#include "engine/gradcheck.hpp"

#include "trace/names.hpp"

#include <algorithm>

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
    out.push_back(GradientComparison{parameter, trace.value(gradient), difference, {}});
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
                                       (plus - minus) / Value(Rational(2 * h)), {}});
      continue;
    }
    for (std::size_t j = 0; j < layer.width(); ++j)
      compare(key(Quantity::bias, l, j), key(Quantity::bias_gradient, l, j), layer.bias[j]);
  }
  return out;
}

namespace {

// Every convention at a kink at one end of its range: 0 (abs'(0) −1), or 1.
ops::Conventions at_end(bool upper) {
  const Rational share(upper ? 1 : 0);
  return ops::Conventions{share, share, share, Rational(upper ? 1 : -1)};
}

// The local derivatives of every edge under the given conventions at kinks.
tape::Locals locals_with(const GraphModel& model, const std::vector<Value>& values, const ops::Conventions& conventions) {
  tape::Seams seams = correct_seams(model.graph);
  seams.conventions = conventions;
  return local_derivatives(model.graph, values, relevant_nodes(model), seams);
}

Value at(const std::vector<tape::Chained>& adjoint, NodeId x) { return adjoint[x].reached ? adjoint[x].value : Value(0); }

// Equal as computed: away from a kink both conventions run the same arithmetic, so certified
// values have the same ends; at one, the convention's local derivatives are exact and differ.
bool same(const Value& a, const Value& b) {
  if (a.is_exact() != b.is_exact()) return false;
  if (a.is_exact()) return a.exact() == b.exact();
  // Ends compared as binary floats: a huge end (exp(10^6)) has no exact fraction to compare.
  const Interval x = a.enclosure(), y = b.enclosure();
  return boost::multiprecision::lower(x) == boost::multiprecision::lower(y) &&
         boost::multiprecision::upper(x) == boost::multiprecision::upper(y);
}

// The edges consumer ← operand at a kink: their local derivative is the convention's, so it
// changes with it (a relu at 0 counts even where its derivative is multiplied by 0 later: the
// difference quotients still lose their h² accuracy there).
std::vector<std::pair<NodeId, NodeId>> kink_edges(const GraphModel& model, const std::vector<Value>& values) {
  const tape::Locals lower = locals_with(model, values, at_end(false));
  const tape::Locals upper = locals_with(model, values, at_end(true));
  std::vector<std::pair<NodeId, NodeId>> out;
  for (NodeId c = 0; c < lower.into.size(); ++c)
    for (std::size_t k = 0; k < lower.into[c].size(); ++k)
      if (!same(lower.into[c][k].local.value, upper.into[c][k].local.value)) out.emplace_back(c, lower.into[c][k].operand);
  return out;
}

// Whether a path from x to y passes an edge at a kink.
bool at_kink(const tape::Tape& tape, NodeId y, NodeId x, const std::vector<std::pair<NodeId, NodeId>>& kinks) {
  const std::vector<bool> upstream = tape.ancestors(y), downstream = tape.descendants(x);
  return std::any_of(kinks.begin(), kinks.end(),
                     [&](const auto& edge) { return upstream[edge.first] && downstream[edge.second]; });
}

}  // namespace

std::vector<GradientComparison> finite_difference_check(const GraphModel& model, const Rational& h) {
  const Graph& g = model.graph;
  const tape::Seams seams = correct_seams(g);
  const std::vector<Value> values = evaluate(g, seams);
  const tape::Locals locals = local_derivatives(g, values, relevant_nodes(model), seams);
  const std::vector<std::pair<NodeId, NodeId>> kinks = kink_edges(model, values);
  std::vector<GradientComparison> out;
  for (NodeId y : model.outputs) {
    const std::vector<tape::Chained> adjoint = tape::reverse(g.tape(), y, locals, seams);
    for (NodeId x : model.inputs) {
      Graph moved = g;
      const Rational point = g.tape()[x].value.exact();
      moved.set_input(x, point + h);
      Value plus = evaluate(moved)[y];
      moved.set_input(x, point - h);
      Value minus = evaluate(moved)[y];
      GradientComparison row{adjoint_key(g.name(y), g.name(x)), at(adjoint, x), (plus - minus) / Value(Rational(2 * h)), {}};
      if (at_kink(g.tape(), y, x, kinks))
        row.kink = OneSided{(values[y] - minus) / Value(h), (plus - values[y]) / Value(h)};
      out.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace bptrace
