#include "engine/network_tape.hpp"

namespace bptrace {

Parameters initial_parameters(const Network& network) {
  Parameters params;
  for (const Layer& layer : network.layers) {
    std::vector<Vector> rows;
    for (const auto& row : layer.weights) rows.emplace_back(row.begin(), row.end());
    params.weights.push_back(std::move(rows));
    params.bias.emplace_back(layer.bias.begin(), layer.bias.end());
  }
  return params;
}

namespace {

using tape::NodeId;

NodeId add(SampleTape& t, tape::Node node, NodeRole role) {
  t.roles.push_back(role);
  return t.tape.add(std::move(node));
}

NodeId leaf(SampleTape& t, Operation op, Value value, NodeRole role) {
  tape::Node n;
  n.op = op;
  n.value = std::move(value);
  return add(t, std::move(n), role);
}

NodeId operation(SampleTape& t, Operation op, std::vector<NodeId> operands, NodeRole role) {
  tape::Node n;
  n.op = op;
  n.operands = std::move(operands);
  return add(t, std::move(n), role);
}

// The layer's parameters as input nodes: W row by row, then the biases (one for a shared bias).
void lower_parameters(const Problem& p, const Parameters& params, std::size_t l, SampleTape& t) {
  const Layer& layer = p.network.layers[l];
  t.w.emplace_back();
  for (std::size_t j = 0; j < layer.width(); ++j) {
    t.w[l].emplace_back();
    for (std::size_t i = 0; i < params.weights[l][j].size(); ++i)
      t.w[l][j].push_back(leaf(t, Operation::input, params.weights[l][j][i], {TapeRole::weight, l, j, i}));
  }
  t.b.emplace_back();
  const std::size_t biases = !layer.has_bias ? 0 : p.conventions.shared_bias ? 1 : layer.width();
  for (std::size_t j = 0; j < biases; ++j) t.b[l].push_back(leaf(t, Operation::input, params.bias[l][j], {TapeRole::bias, l, j}));
}

// z_j = Σ_i W[j,i]·in_i + b_j, then a = g(z) (softmax: a_j = softmax(z)[j]).
void lower_layer(const Problem& p, std::size_t l, SampleTape& t) {
  const Layer& layer = p.network.layers[l];
  const std::vector<NodeId> in = t.layer_input(l);
  t.z.emplace_back();
  for (std::size_t j = 0; j < layer.width(); ++j) {
    std::vector<NodeId> operands;
    for (std::size_t i = 0; i < in.size(); ++i) {
      operands.push_back(t.w[l][j][i]);
      operands.push_back(in[i]);
    }
    if (!t.b[l].empty()) operands.push_back(t.b[l][p.conventions.shared_bias ? 0 : j]);
    t.z[l].push_back(operation(t, Operation::weighted_sum, std::move(operands), {TapeRole::pre_activation, l, j}));
  }
  t.a.emplace_back();
  for (std::size_t j = 0; j < layer.width(); ++j) {
    if (layer.activation.kind == ActivationKind::softmax) {
      tape::Node n;
      n.op = Operation::softmax;
      n.operands = t.z[l];
      n.index = static_cast<int>(j) + 1;
      t.a[l].push_back(add(t, std::move(n), {TapeRole::activation, l, j}));
    } else {
      tape::Node n;
      n.op = Operation::activation;
      n.operands = {t.z[l][j]};
      n.activation = &layer.activation;
      t.a[l].push_back(add(t, std::move(n), {TapeRole::activation, l, j}));
    }
  }
}

}  // namespace

SampleTape lower_network(const Problem& p, const Parameters& params, std::size_t s) {
  SampleTape t;
  const Sample& sample = p.samples[s];
  for (std::size_t i = 0; i < sample.x.size(); ++i) t.x.push_back(leaf(t, Operation::input, Value(sample.x[i]), {TapeRole::input, 0, i}));
  for (std::size_t l = 0; l < p.network.layers.size(); ++l) lower_parameters(p, params, l, t);
  for (std::size_t l = 0; l < p.network.layers.size(); ++l) lower_layer(p, l, t);
  return t;
}

Rational sample_loss_factor(const Problem& p) {
  Rational c = p.loss->constant;
  if (p.loss->over_outputs == Reduction::mean) c /= p.network.layers.back().width();
  return c;
}

void lower_loss(const Problem& p, std::size_t s, SampleTape& t) {
  const Sample& sample = p.samples[s];
  t.rule = std::make_unique<LossTerm>(LossTerm{p.loss->kind, p.loss->derivative_at_zero});
  const NodeId c = leaf(t, Operation::constant, Value(sample_loss_factor(p)), {TapeRole::loss_constant});
  std::vector<NodeId> weighted;
  for (std::size_t k = 0; k < sample.y.size(); ++k) {
    t.y.push_back(leaf(t, Operation::constant, Value(sample.y[k]), {TapeRole::target, 0, k}));
    tape::Node n;
    n.op = Operation::loss_term;
    n.operands = {t.a.back()[k], t.y[k]};
    n.loss = t.rule.get();
    t.terms.push_back(add(t, std::move(n), {TapeRole::loss_term, 0, k}));
    weighted.push_back(c);
    weighted.push_back(t.terms.back());
  }
  t.loss = operation(t, Operation::weighted_sum, std::move(weighted), {TapeRole::loss});
}

}  // namespace bptrace
