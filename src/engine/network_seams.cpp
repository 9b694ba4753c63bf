#include "engine/network_seams.hpp"

#include "tape/sweep.hpp"

namespace bptrace {

NetworkSeams network_seams(const Problem& problem, const Variant& v) {
  NetworkSeams n;
  n.problem = problem;
  if (n.problem.loss) n.problem.loss->constant *= v.loss_constant_factor;  // mistake 2
  const bool minus = problem.conventions.delta_sign == DeltaSign::minus_dl_dz;
  n.sign = Value(v.error_sign_flipped != minus ? -1 : 1);  // mistake 4a flips the seed
  n.rounding = v.round_intermediates;
  n.update = UpdatePolicy{v.learning_rate_power, v.update_added != minus};
  n.batch = BatchPolicy{v.batch_gradient_factor, v.bias_gradient_not_summed};
  n.backprop_untransposed = v.backprop_through_untransposed_w;
  n.backprop_new_weights = (v.new_weights_in_backprop != problem.conventions.backprop_new_weights) && problem.learning_rate;
  n.variant = &v;
  return n;
}

Value rounded(const NetworkSeams& n, Quantity kind, Phase phase, const Value& v) {
  if (!n.rounding) return v;
  const std::optional<RoundingRule> rule = n.rounding->rule_for(kind, phase);
  return rule ? apply(*rule, v) : v;
}

namespace {

using tape::NodeId;

// The quantity a produced value is recorded as, if any: what a rounding rule rounds.
std::optional<Quantity> recorded_kind(const SampleTape& t, tape::Produced what, NodeId node) {
  const TapeRole role = t.role(node).role;
  switch (what) {
    case tape::Produced::value:
      if (role == TapeRole::pre_activation) return Quantity::pre_activation;
      if (role == TapeRole::activation) return Quantity::activation;
      return std::nullopt;  // the loss is rounded where it is recorded (a batch's, of its rounded sample losses)
    case tape::Produced::local_derivative:
      if (role == TapeRole::activation && t.tape[node].op == Operation::activation) return Quantity::activation_derivative;
      return std::nullopt;
    case tape::Produced::adjoint:
      switch (role) {
        case TapeRole::activation: return Quantity::activation_gradient;
        case TapeRole::pre_activation: return Quantity::delta;
        case TapeRole::weight: return Quantity::weight_gradient;
        case TapeRole::bias: return Quantity::bias_gradient;
        case TapeRole::input: return Quantity::input_gradient;
        default: return std::nullopt;
      }
    default: return std::nullopt;
  }
}

// The phase a tape-rounded kind is recorded in (the loss is rounded where it is recorded).
Phase phase_of(Quantity kind) {
  if (kind == Quantity::pre_activation || kind == Quantity::activation) return Phase::forward;
  return Phase::backward;
}

// ∂a/∂z under mistake 3: the activation applied twice, g'(a), or z fed where a belongs.
std::optional<ops::Local> derivative_from(DerivativeFrom from, const ops::Point& p) {
  const Activation& g = *p.activation;
  if (from == DerivativeFrom::activation_applied_twice) return ops::Local{activation_derivative(g, p.self, activate(g, p.self)), {}};
  if (from == DerivativeFrom::pre_activation) return ops::Local{activation_derivative(g, p[0], p[0]), {}};
  return std::nullopt;
}

bool is_layer_input(const NodeRole& r) { return r.role == TapeRole::input || r.role == TapeRole::activation; }

bool square_layer(const SampleTape& t, std::size_t l) { return !t.w[l].empty() && t.w[l].size() == t.w[l][0].size(); }

using TermRule = std::function<std::optional<Value>(NodeId, NodeId, const std::vector<tape::Chained>&)>;

// Softmax and cross-entropy together, as the documents compute them: ∂L/∂z_k = c·(a_k·Σ_j y_j − y_k)
// from the (recorded) a, its one term through a_k; the Jacobian's other terms are then 0. Equal
// to the Jacobian's sum exactly; it differs only where intermediates are rounded, as a hand
// computation's does.
TermRule softmax_cross_entropy(const NetworkSeams& n, const SampleTape& t, const std::vector<Value>& values) {
  const Layer& output = n.problem.network.layers.back();
  if (output.activation.kind != ActivationKind::softmax || !n.problem.loss || n.problem.loss->kind != LossKind::cross_entropy)
    return {};
  return [&t, &values](NodeId c, NodeId v, const std::vector<tape::Chained>& adjoint) -> std::optional<Value> {
    const NodeRole& a = t.role(c);
    if (a.role != TapeRole::activation || a.layer + 1 != t.a.size() || t.role(v).role != TapeRole::pre_activation) return std::nullopt;
    if (t.role(v).row != a.row) return Value(0);
    Value y_sum = 0;
    for (NodeId y : t.y) y_sum += values[y];
    return adjoint[t.terms[a.row]].value * (values[c] * y_sum - values[t.y[a.row]]);
  };
}

// The reverse sweep's replaced terms: mistake 1 (or the new-weights convention) back-propagates
// through W − η·∂L/∂W, already updated by this sample's gradient; mistake 5b reads ∂L/∂W[j,i] as
// δ_i·in_j, the indices swapped.
TermRule mistaken_terms(const NetworkSeams& n, const SampleTape& t, const std::vector<Value>& values) {
  if (n.backprop_new_weights) {
    const Value eta = n.problem.conventions.delta_sign == DeltaSign::minus_dl_dz ? Value(-*n.problem.learning_rate)
                                                                                 : Value(*n.problem.learning_rate);
    return [&n, &t, &values, eta](NodeId c, NodeId v, const std::vector<tape::Chained>& adjoint) -> std::optional<Value> {
      const NodeRole& r = t.role(c);
      if (r.role != TapeRole::pre_activation || !is_layer_input(t.role(v))) return std::nullopt;
      const NodeId w = t.w[r.layer][r.row][t.role(v).row];
      const Value gradient = rounded(n, Quantity::weight_gradient, Phase::backward, adjoint[c].value * values[v]);
      return adjoint[c].value * (values[w] - eta * gradient);
    };
  }
  if (n.variant->weight_gradient_transposed)
    return [&t, &values](NodeId c, NodeId v, const std::vector<tape::Chained>& adjoint) -> std::optional<Value> {
      const NodeRole& u = t.role(v);
      if (t.role(c).role != TapeRole::pre_activation || u.role != TapeRole::weight || !square_layer(t, u.layer)) return std::nullopt;
      return adjoint[t.z[u.layer][u.column]].value * values[t.layer_input(u.layer)[u.row]];
    };
  return {};
}

}  // namespace

tape::Seams sample_seams(const NetworkSeams& n, const SampleTape& t, const std::vector<Value>& values,
                         const Rational& seed_scale) {
  const Variant& v = *n.variant;
  const Problem& p = n.problem;
  tape::Seams s;
  s.seed = n.sign * Value(seed_scale);
  if (n.rounding)
    s.produced = [&n, &t](const Value& x, tape::Produced what, NodeId node) {
      const std::optional<Quantity> kind = recorded_kind(t, what, node);
      return kind ? rounded(n, *kind, phase_of(*kind), x) : x;
    };
  if (v.derivative_from != DerivativeFrom::activation)
    s.local_rule = [&t, from = v.derivative_from](const tape::Tape&, NodeId node, std::size_t, const ops::Point& point,
                                                   const ops::Written&) -> std::optional<ops::Local> {
      if (t.role(node).role != TapeRole::activation || !point.activation) return std::nullopt;
      return derivative_from(from, point);
    };
  if (n.backprop_untransposed)  // 5a: ∂z_j/∂in_i taken as W[i,j]
    s.local_rule = [&t, &values](const tape::Tape&, NodeId node, std::size_t k, const ops::Point&,
                                     const ops::Written&) -> std::optional<ops::Local> {
      const NodeRole& r = t.role(node);
      if (r.role != TapeRole::pre_activation || k % 2 == 0 || k / 2 >= t.w[r.layer][r.row].size()) return std::nullopt;
      if (!square_layer(t, r.layer)) return std::nullopt;
      return ops::Local{values[t.w[r.layer][k / 2][r.row]], {}};
    };
  if (v.only_path || v.bias_gradient_forgotten)
    s.keeps_edge = [&t, &p, only = v.only_path, no_bias = v.bias_gradient_forgotten](NodeId consumer, NodeId operand) {
      const NodeRole& c = t.role(consumer);
      const NodeRole& u = t.role(operand);
      if (c.role != TapeRole::pre_activation) return true;
      if (no_bias && u.role == TapeRole::bias) return false;  // 6a: ∂L/∂b forgotten
      // 10: one path only, through neuron `only` of the layer.
      if (only && is_layer_input(u) && *only < p.network.layers[c.layer].width()) return c.row == *only;
      return true;
    };
  TermRule fused = softmax_cross_entropy(n, t, values), mistaken = mistaken_terms(n, t, values);
  if (fused && mistaken)
    s.term_rule = [fused, mistaken](NodeId c, NodeId v, const std::vector<tape::Chained>& adjoint) {
      std::optional<Value> term = fused(c, v, adjoint);
      return term ? term : mistaken(c, v, adjoint);
    };
  else
    s.term_rule = fused ? fused : mistaken;
  return s;
}

}  // namespace bptrace
