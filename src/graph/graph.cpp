#include "graph/graph.hpp"

#include "number/decimal.hpp"

#include <algorithm>

namespace bptrace {

namespace {

Formula braced(const std::string& name) { return ref(node_key(name)); }

Formula literal_reference(const std::string& literal) {
  if (literal == "pi") return math::literal(Math{"π", "\\pi "});
  // A negative number or a fraction is one operand: (−2)·x, (3/4)·x.
  if (literal.find_first_of("-/") != std::string::npos) return math::literal("(" + literal + ")");
  return math::literal(literal);
}

}  // namespace

std::string operation_name(Operation op) {
  switch (op) {
    case Operation::input: return "input";
    case Operation::constant: return "constant";
    case Operation::copy: return "copy";
    case Operation::add: return "+";
    case Operation::subtract: return "−";
    case Operation::multiply: return "·";
    case Operation::divide: return "/";
    case Operation::power: return "^";
    case Operation::negate: return "−";
    case Operation::exp: return "exp";
    case Operation::log: return "log";
    case Operation::sigmoid: return "σ";
    case Operation::tanh: return "tanh";
    case Operation::relu: return "relu";
    case Operation::softplus: return "softplus";
    case Operation::max: return "max";
    case Operation::min: return "min";
    case Operation::abs: return "abs";
    case Operation::softmax: return "softmax";
    case Operation::logsumexp: return "logsumexp";
    case Operation::weighted_sum: return "Σ";
    case Operation::activation: return "g";
    case Operation::loss_term: return "ℓ";
  }
  return "?";
}

NodeId Graph::add(tape::Node node, NodeLabel label) {
  if (!label.name.empty()) by_name_.emplace(label.name, tape_.size());
  labels_.push_back(std::move(label));
  return tape_.add(std::move(node));
}

std::optional<NodeId> Graph::find(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

NodeId Graph::add_input(const std::string& name, Rational value, SourceLocation where) {
  if (find(name)) throw ExpressionError("'" + name + "' is declared twice", 0);
  tape::Node n;
  n.op = Operation::input;
  n.value = Value(std::move(value));
  return add(std::move(n), NodeLabel{name, "", std::move(where)});
}

NodeId Graph::define(const Definition& definition, const Locator& locate) {
  if (find(definition.name))
    throw ExpressionError("'" + definition.name + "' is already defined", definition.name_offset);
  int counter = 0;
  return build(definition.value, definition.name, counter, true, locate);
}

// Post-order: operands first, so that every node comes after what it is computed from.
NodeId Graph::build(const Expression& e, const std::string& definition, int& counter, bool root,
                    const Locator& locate) {
  tape::Node n;
  NodeLabel label{"", "", locate(e.offset)};
  if (e.op == Operation::input || e.op == Operation::constant) {
    NodeId leaf;
    if (e.op == Operation::input) {
      auto found = find(e.name);
      if (!found) throw ExpressionError("unknown variable '" + e.name + "': declare it in inputs, or define it on an earlier line", e.offset);
      leaf = *found;
    } else {
      tape::Node c;
      c.op = Operation::constant;
      c.value = Value(e.number);
      c.is_pi = e.is_pi;
      leaf = add(std::move(c), NodeLabel{"", e.literal, label.where});
    }
    if (!root) return leaf;
    // `g2 = x2` or `c = 3/4`: a named node equal to its operand.
    n.op = Operation::copy;
    n.operands.push_back(leaf);
  } else if (!e.links.empty()) {
    // a + b − c as the chain (a + b) − c: one binary node per link, numbered as written.
    NodeId chain = build(e.operands[0], definition, counter, false, locate);
    for (std::size_t k = 0; k + 1 < e.links.size(); ++k) {
      tape::Node link;
      link.op = e.links[k];
      link.operands = {chain, build(e.operands[k + 1], definition, counter, false, locate)};
      chain = add(std::move(link), NodeLabel{definition + "." + std::to_string(++counter), "", label.where});
    }
    n.op = e.links.back();
    n.operands = {chain, build(e.operands.back(), definition, counter, false, locate)};
  } else {
    n.op = e.op;
    n.exponent = e.exponent;
    n.index = e.index;
    for (const Expression& operand : e.operands) n.operands.push_back(build(operand, definition, counter, false, locate));
  }
  label.name = root ? definition : definition + "." + std::to_string(++counter);
  return add(std::move(n), std::move(label));
}

tape::Seams correct_seams(const Graph& graph) {
  tape::Seams seams;
  seams.conventions = graph.conventions();
  return seams;
}

std::vector<Value> evaluate(const Graph& graph, const tape::Seams& seams) {
  try {
    return tape::forward(graph.tape(), seams);
  } catch (const tape::Undefined& e) {
    throw LessonError(graph.label(e.node).where, std::string(e.what()) + " computing " + graph.name(e.node));
  } catch (const tape::Undecided& e) {
    throw tape::Undecided(e.node, "cannot decide " + graph.name(e.node) + " (" + e.what() + ")", graph.label(e.node).where);
  }
}

std::vector<Value> evaluate(const Graph& graph) { return evaluate(graph, correct_seams(graph)); }

namespace {

// A kink the lesson states no convention for, reported at the node.
template <class F>
auto placed(const Graph& graph, F&& f) {
  try {
    return f();
  } catch (const tape::NoConvention& e) {
    throw LessonError(graph.label(e.node).where, std::string(e.what()) + " (computing " + graph.name(e.node) +
                                                     "); choose another point, or state " + e.field + " in [graph]");
  }
}

tape::Writer writer(const Graph& graph) {
  return [&graph](NodeId id) { return reference(graph, id); };
}

}  // namespace

ops::Local local_derivative(const Graph& graph, NodeId node, NodeId operand, const std::vector<Value>& values,
                            const tape::Seams& seams) {
  return placed(graph, [&] { return tape::local_derivative(graph.tape(), values, node, operand, seams, writer(graph)); });
}

tape::Locals local_derivatives(const Graph& graph, const std::vector<Value>& values, const std::vector<bool>& wanted,
                               const tape::Seams& seams) {
  return placed(graph, [&] { return tape::local_derivatives(graph.tape(), values, wanted, seams, writer(graph)); });
}

Formula reference(const Graph& graph, NodeId node) {
  if (graph.op(node) == Operation::constant) return literal_reference(graph.label(node).literal);
  return braced(graph.name(node));
}

Formula forward_formula(const Graph& graph, NodeId node) {
  const tape::Node& n = graph.tape()[node];
  std::vector<Formula> operands;
  for (NodeId o : n.operands) operands.push_back(reference(graph, o));
  if (n.op == Operation::input || n.op == Operation::constant) return {};
  return operation_formula(n.op, ops::Written{operands, braced(graph.name(node)), n.exponent, n.index});
}

Formula named_formula(const Graph& graph, NodeId node) {
  const tape::Node& n = graph.tape()[node];
  std::vector<Formula> operands;
  for (NodeId o : n.operands) {
    operands.push_back(graph.op(o) == Operation::constant ? literal_reference(graph.label(o).literal)
                                                           : math::literal(verbatim(graph.name(o))));
  }
  return operation_formula(n.op, ops::Written{operands, math::literal(verbatim(graph.name(node))), n.exponent, n.index});
}

namespace {

bool is_n_ary(Operation op) { return op == Operation::add || op == Operation::multiply; }

// The tree a chain stands for, built from the left by a loop: each run of one operation is one
// node whose first operand is the node so far (runs of − and / too when `runs_of_all`, as a
// formula writes a − b − c; otherwise − and / are binary, as the operation table computes them).
template <class T, class Leaf, class Node>
T fold_chain(const Expression& e, bool runs_of_all, Leaf leaf, Node node) {
  T so_far = leaf(e.operands[0], false, e.links[0]);
  for (std::size_t k = 0; k < e.links.size();) {
    const Operation op = e.links[k];
    std::vector<T> operands;
    operands.push_back(std::move(so_far));
    do {
      operands.push_back(leaf(e.operands[k + 1], true, op));
      ++k;
    } while (k < e.links.size() && e.links[k] == op && (runs_of_all || is_n_ary(op)));
    so_far = node(op, std::move(operands));
  }
  return so_far;
}

}  // namespace

Value evaluate(const Expression& e, const Graph& graph, const std::vector<Value>& values) {
  if (e.op == Operation::input) return values[*graph.find(e.name)];
  if (e.op == Operation::constant) return e.is_pi ? pi() : Value(e.number);
  auto value_of = [&](const std::vector<Value>& operands, Operation op) {
    return operation_value(op, ops::Point{operands, Value(0), e.exponent, e.index, graph.conventions()});
  };
  if (!e.links.empty()) {
    return fold_chain<Value>(
        e, false, [&](const Expression& o, bool, Operation) { return evaluate(o, graph, values); },
        [&](Operation op, std::vector<Value> operands) { return value_of(operands, op); });
  }
  std::vector<Value> operands;
  for (const Expression& o : e.operands) operands.push_back(evaluate(o, graph, values));
  return value_of(operands, e.op);
}

namespace {

// Binding strength for parentheses: sums < products < unary minus < powers < atoms.
int strength(const Expression& e) {
  switch (e.op) {
    case Operation::add:
    case Operation::subtract: return 1;
    case Operation::multiply:
    case Operation::divide: return 2;
    case Operation::negate: return 3;
    case Operation::power: return 4;
    default: return 5;
  }
}

}  // namespace

// The printed formula keeps the parentheses of the expression language's precedence: each
// operand that binds more loosely than its place is grouped.
Formula formula_template(const Expression& e) {
  auto wrapped = [](const Expression& child, bool parenthesise) {
    Formula f = formula_template(child);
    return parenthesise ? math::group(f) : f;
  };
  if (!e.links.empty()) {
    const int s = strength(e);
    return fold_chain<Formula>(
        e, true,
        [&](const Expression& child, bool joined, Operation link) {
          const bool right_tight = link == Operation::subtract || link == Operation::divide;
          const int t = strength(child);
          return wrapped(child, t < s || (joined && right_tight && t == s));
        },
        [](Operation run, std::vector<Formula> operands) {
          if (run == Operation::subtract) return math::difference(std::move(operands));
          if (run == Operation::divide) return math::spaced_quotient(std::move(operands));
          return operation_formula(run, ops::Written{std::move(operands), Formula(), 0, 0});
        });
  }
  std::vector<Formula> operands;
  switch (e.op) {
    case Operation::input: return braced(e.name);
    case Operation::constant: return literal_reference(e.literal);
    case Operation::copy: return formula_template(e.operands[0]);
    case Operation::power: operands.push_back(wrapped(e.operands[0], strength(e.operands[0]) < 5)); break;
    case Operation::negate: operands.push_back(wrapped(e.operands[0], strength(e.operands[0]) < 4)); break;
    default:
      for (const Expression& o : e.operands) operands.push_back(formula_template(o));
  }
  return operation_formula(e.op, ops::Written{operands, Formula(), e.exponent, e.index});
}

// Iterative: a chain of 20,000 terms is one node with 20,000 operands, nothing deep.
std::vector<std::pair<std::string, std::size_t>> variables_of(const Expression& e) {
  std::vector<std::pair<std::string, std::size_t>> out;
  std::vector<const Expression*> pending{&e};
  while (!pending.empty()) {
    const Expression* n = pending.back();
    pending.pop_back();
    if (n->op == Operation::input) out.emplace_back(n->name, n->offset);
    for (auto it = n->operands.rbegin(); it != n->operands.rend(); ++it) pending.push_back(&*it);
  }
  return out;
}

}  // namespace bptrace
