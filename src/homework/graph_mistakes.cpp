#include "homework/graph_mistakes.hpp"

#include "lesson/trace_lesson.hpp"
#include "number/decimal.hpp"

namespace bptrace {

namespace {

// A local rule replaced at one node only.
MistakeInstance at_node(std::string label, NodeId node,
                        std::function<std::optional<ops::Local>(std::size_t, const ops::Point&, const ops::Written&)> rule) {
  MistakeInstance m;
  m.label = std::move(label);
  m.graph = [node, rule](tape::Seams& seams) {
    seams.local_rule = [node, rule](const tape::Tape&, NodeId at, std::size_t k, const ops::Point& p,
                                    const ops::Written& w) -> std::optional<ops::Local> {
      if (at != node) return std::nullopt;
      return rule(k, p, w);
    };
  };
  return m;
}

// The nodes of `op` on the way to an output.
std::vector<NodeId> relevant_of(const GraphModel& model, Operation op) {
  const std::vector<bool> relevant = relevant_nodes(model);
  std::vector<NodeId> out;
  for (NodeId c = 0; c < model.graph.size(); ++c)
    if (relevant[c] && model.graph.op(c) == op) out.push_back(c);
  return out;
}

}  // namespace

std::vector<MistakeInstance> graph_rounded(const GraphModel&) {
  std::vector<MistakeInstance> out;
  for (const RoundingRule& rule : hand_rounding_rules()) {
    MistakeInstance m;
    m.label = "intermediates " + describe(rule);
    m.graph = rounded_intermediates(rule).graph;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<MistakeInstance> graph_one_path(const GraphModel& model) {
  const Graph& g = model.graph;
  const std::vector<bool> relevant = relevant_nodes(model);
  const std::vector<bool> active = g.tape().active();
  std::vector<MistakeInstance> out;
  for (NodeId v = 0; v < g.size(); ++v) {
    if (!relevant[v] || !active[v]) continue;
    std::vector<NodeId> feeds;
    for (NodeId c : g.tape().consumers(v))
      if (relevant[c]) feeds.push_back(c);
    if (feeds.size() < 2) continue;
    for (NodeId kept : feeds) {
      MistakeInstance m;
      m.label = "at " + g.name(v) + ", only the path through " + g.name(kept);
      m.graph = [v, kept](tape::Seams& seams) {
        seams.keeps_edge = [v, kept](NodeId consumer, NodeId operand) { return operand != v || consumer == kept; };
      };
      out.push_back(std::move(m));
    }
  }
  return out;
}

std::vector<MistakeInstance> product_rule_wrong_operand(const GraphModel& model) {
  std::vector<MistakeInstance> out;
  for (NodeId c : relevant_of(model, Operation::multiply))
    out.push_back(at_node("at " + model.graph.name(c), c, [](std::size_t k, const ops::Point& p, const ops::Written& w) {
      return ops::Local{p[k], w[k]};
    }));
  return out;
}

std::vector<MistakeInstance> chain_factor_dropped(const GraphModel& model) {
  const Graph& g = model.graph;
  const std::vector<bool> relevant = relevant_nodes(model);
  const std::vector<bool> active = g.tape().active();
  std::vector<MistakeInstance> out;
  for (NodeId c = 0; c < g.size(); ++c) {
    const Operation op = g.op(c);
    // Edges whose rule is ±1 (a copy, a sum, a difference, a negation) have no factor to lose;
    // a lost −1 is mistake 14.
    if (!relevant[c] || op == Operation::input || op == Operation::constant || op == Operation::copy || op == Operation::add ||
        op == Operation::subtract || op == Operation::negate)
      continue;
    for (NodeId u : g.tape().distinct_operands(c)) {
      if (!active[u]) continue;
      const std::vector<NodeId>& operands = g.tape()[c].operands;
      out.push_back(at_node("∂" + g.name(c) + "/∂" + g.name(u) + " taken as 1", c,
                            [u, operands](std::size_t k, const ops::Point&, const ops::Written&) -> std::optional<ops::Local> {
                              if (operands[k] != u) return std::nullopt;
                              return ops::Local{1, math::integer(1)};
                            }));
    }
  }
  return out;
}

std::vector<MistakeInstance> log_derivative_as_operand(const GraphModel& model) {
  std::vector<MistakeInstance> out;
  for (NodeId c : relevant_of(model, Operation::log))
    out.push_back(at_node("at " + model.graph.name(c), c, [](std::size_t, const ops::Point& p, const ops::Written& w) {
      return ops::Local{p[0], w[0]};
    }));
  return out;
}

std::vector<MistakeInstance> subtraction_sign_lost(const GraphModel& model) {
  std::vector<MistakeInstance> out;
  for (NodeId c : relevant_of(model, Operation::subtract))
    out.push_back(at_node("at " + model.graph.name(c), c,
                          [](std::size_t k, const ops::Point&, const ops::Written&) -> std::optional<ops::Local> {
                            if (k == 0) return std::nullopt;
                            return ops::Local{1, math::integer(1)};
                          }));
  return out;
}

std::vector<MistakeInstance> kink_convention(const GraphModel& model) {
  std::vector<MistakeInstance> out;
  const ops::Conventions& stated = model.graph.conventions();
  // Each other common choice at one kink: 0 or 1 for a share, −1, 0 or 1 for abs'(0).
  auto others = [&](const std::optional<Rational>& lesson, std::vector<long> choices, const std::string& what,
                    std::optional<Rational> ops::Conventions::*field) {
    if (!lesson) return;
    for (long c : choices) {
      if (Rational(c) == *lesson) continue;
      MistakeInstance m;
      m.label = what + " taken as " + std::to_string(c) + " (the lesson states " + fraction_string(*lesson) + ")";
      m.graph = [field, c](tape::Seams& seams) { seams.conventions.*field = Rational(c); };
      out.push_back(std::move(m));
    }
  };
  others(stated.relu_at_zero, {0, 1}, "relu'(0)", &ops::Conventions::relu_at_zero);
  others(stated.abs_at_zero, {-1, 0, 1}, "abs'(0)", &ops::Conventions::abs_at_zero);
  others(stated.max_at_tie, {0, 1}, "∂max(a, b)/∂a at a tie", &ops::Conventions::max_at_tie);
  others(stated.min_at_tie, {0, 1}, "∂min(a, b)/∂a at a tie", &ops::Conventions::min_at_tie);
  return out;
}

}  // namespace bptrace
