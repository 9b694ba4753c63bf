#include "lesson/trace_lesson.hpp"

#include "graph/trace_graph.hpp"

namespace bptrace {

NetworkShape shape_of(const Network& network) {
  NetworkShape shape;
  shape.inputs = network.inputs;
  for (const Layer& layer : network.layers) {
    shape.widths.push_back(layer.width());
    shape.activations.push_back(layer.activation);
  }
  return shape;
}

TraceHeader trace_header(const Lesson& lesson) {
  TraceHeader h;
  h.name = lesson.name;
  h.title = lesson.title;
  h.source = lesson.source;
  h.example = lesson.example;
  h.notation = lesson.notation;
  h.description = lesson.description;
  h.errata = lesson.errata;
  if (lesson.graph) {
    for (NodeId i = 0; i < lesson.graph->graph.size(); ++i) h.names.nodes.push_back(lesson.graph->graph.name(i));
    for (const JacobianBlock& b : lesson.graph->jacobians) h.names.blocks.push_back(b.name);
    for (const ProductBlock& p : lesson.graph->products) h.names.blocks.push_back(p.name);
    return h;
  }
  const Problem& p = lesson.problem;
  h.shape = shape_of(p.network);
  h.shape.negated_gradients = p.conventions.delta_sign == DeltaSign::minus_dl_dz;
  h.shape.shared_bias = p.conventions.shared_bias;
  h.shape.frozen_bias = !p.conventions.update_biases;
  for (const Layer& layer : p.network.layers) h.shape.has_bias.push_back(layer.has_bias);
  h.samples = p.samples.size();
  h.steps = p.steps;
  return h;
}

namespace {

// A graph's produced value as a rounding policy sees it: its kind and its phase.
std::optional<RoundingRule> graph_rule(const RoundingPolicy& policy, tape::Produced what) {
  switch (what) {
    case tape::Produced::value: return policy.rule_for(Quantity::node, Phase::forward);
    case tape::Produced::local_derivative: return policy.rule_for(Quantity::local, Phase::local);
    case tape::Produced::adjoint: return policy.rule_for(Quantity::adjoint, Phase::backward);
    case tape::Produced::tangent: return policy.rule_for(Quantity::tangent, Phase::tangent);
    case tape::Produced::product: return policy.rule_for(Quantity::entry, Phase::jacobian);
  }
  return std::nullopt;
}

}  // namespace

Alteration rounded_intermediates(const RoundingPolicy& policy) {
  Alteration a;
  a.network.round_intermediates = policy;
  a.graph = [policy](tape::Seams& seams) {
    seams.produced = [policy](const Value& v, tape::Produced what, tape::NodeId) {
      const std::optional<RoundingRule> rule = graph_rule(policy, what);
      return rule ? apply(*rule, v) : v;
    };
  };
  return a;
}

CertifiedTrace trace_lesson(const Lesson& lesson, int digits, const Alteration& alteration) {
  CertifiedTrace t;
  if (lesson.graph) {
    tape::Seams seams = correct_seams(lesson.graph->graph);
    if (alteration.graph) alteration.graph(seams);
    const Graph& graph = lesson.graph->graph;
    auto where = [&graph](const Key& key) {
      const std::optional<NodeId> node = graph.find(key.node);
      return node ? graph.label(*node).where : SourceLocation{};
    };
    t = certify([&] { return trace_graph(*lesson.graph, seams); }, digits, where);
  } else {
    t = certified_trace(lesson.problem, digits, alteration.network);
  }
  t.trace.header = trace_header(lesson);
  return t;
}

}  // namespace bptrace
