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
  }
  return "?";
}

NodeId Graph::add(Node node) {
  if (!node.name.empty()) by_name_.emplace(node.name, nodes_.size());
  nodes_.push_back(std::move(node));
  return nodes_.size() - 1;
}

std::optional<NodeId> Graph::find(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

NodeId Graph::add_input(const std::string& name, Rational value, SourceLocation where) {
  if (find(name)) throw ExpressionError("'" + name + "' is declared twice", 0);
  Node n;
  n.name = name;
  n.op = Operation::input;
  n.number = std::move(value);
  n.where = std::move(where);
  return add(std::move(n));
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
  Node n;
  n.where = locate(e.offset);
  if (e.op == Operation::input || e.op == Operation::constant) {
    NodeId leaf;
    if (e.op == Operation::input) {
      auto found = find(e.name);
      if (!found) throw ExpressionError("unknown variable '" + e.name + "': declare it in inputs, or define it on an earlier line", e.offset);
      leaf = *found;
    } else {
      Node c;
      c.op = Operation::constant;
      c.number = e.number;
      c.is_pi = e.is_pi;
      c.literal = e.literal;
      c.where = n.where;
      leaf = add(std::move(c));
    }
    if (!root) return leaf;
    // `g2 = x2` or `c = 3/4`: a named node equal to its operand.
    n.op = Operation::copy;
    n.operands.push_back(leaf);
  } else if ((e.op == Operation::add || e.op == Operation::multiply) && e.operands.size() > 2) {
    // a + b + c as the chain (a + b) + c: one binary node per operation, numbered as written.
    NodeId chain = build(e.operands[0], definition, counter, false, locate);
    for (std::size_t k = 1; k + 1 < e.operands.size(); ++k) {
      Node link;
      link.where = n.where;
      link.op = e.op;
      link.operands = {chain, build(e.operands[k], definition, counter, false, locate)};
      link.name = definition + "." + std::to_string(++counter);
      chain = add(std::move(link));
    }
    n.op = e.op;
    n.operands = {chain, build(e.operands.back(), definition, counter, false, locate)};
  } else {
    n.op = e.op;
    n.exponent = e.exponent;
    n.index = e.index;
    for (const Expression& operand : e.operands) n.operands.push_back(build(operand, definition, counter, false, locate));
  }
  n.name = root ? definition : definition + "." + std::to_string(++counter);
  return add(std::move(n));
}

std::vector<bool> Graph::active() const {
  std::vector<bool> out(nodes_.size(), false);
  for (NodeId i = 0; i < nodes_.size(); ++i) {
    out[i] = nodes_[i].op == Operation::input;
    for (NodeId u : nodes_[i].operands) out[i] = out[i] || out[u];
  }
  return out;
}

std::vector<bool> Graph::ancestors(NodeId node) const {
  std::vector<bool> out(nodes_.size(), false);
  out[node] = true;
  for (NodeId i = node + 1; i-- > 0;)
    if (out[i])
      for (NodeId u : nodes_[i].operands) out[u] = true;
  return out;
}

std::vector<bool> Graph::descendants(NodeId node) const {
  std::vector<bool> out(nodes_.size(), false);
  out[node] = true;
  for (NodeId i = node + 1; i < nodes_.size(); ++i)
    for (NodeId u : nodes_[i].operands) out[i] = out[i] || out[u];
  return out;
}

std::vector<NodeId> Graph::distinct_operands(NodeId node) const {
  std::vector<NodeId> out;
  for (NodeId u : nodes_[node].operands)
    if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
  return out;
}

std::vector<NodeId> Graph::consumers(NodeId node) const {
  std::vector<NodeId> out;
  for (NodeId i = node + 1; i < nodes_.size(); ++i) {
    const auto& ops = nodes_[i].operands;
    if (std::find(ops.begin(), ops.end(), node) != ops.end()) out.push_back(i);
  }
  return out;
}

std::vector<Value> evaluate(const Graph& graph) {
  std::vector<Value> values;
  for (const Node& n : graph.nodes()) {
    if (n.op == Operation::input) {
      values.push_back(n.number);
    } else if (n.op == Operation::constant) {
      values.push_back(n.is_pi ? pi() : Value(n.number));
    } else {
      std::vector<Value> operands;
      for (NodeId u : n.operands) operands.push_back(values[u]);
      try {
        values.push_back(operation_value(n.op, ops::Point{operands, Value(0), n.exponent, n.index, graph.conventions()}));
      } catch (const DomainError& e) {
        throw LessonError(n.where, std::string(e.what()) + " computing " + n.name);
      }
    }
  }
  return values;
}

namespace {

// ∂node/∂(the operand at position k), as if each position held a different variable: the rule of
// src/ops/operation.hpp, with a kink the lesson states no convention for reported at the node.
LocalDerivative partial(const Graph& graph, NodeId node, std::size_t k, const std::vector<Value>& values) {
  const Node& n = graph.node(node);
  std::vector<Value> operands;
  std::vector<Formula> written;
  for (NodeId o : n.operands) {
    operands.push_back(values[o]);
    written.push_back(reference(graph, o));
  }
  const Formula self = braced(n.name);
  try {
    ops::Local d = operation_partial(n.op, ops::Point{operands, values[node], n.exponent, n.index, graph.conventions()},
                                     ops::Written{written, self, n.exponent, n.index}, k);
    return {std::move(d.value), std::move(d.formula)};
  } catch (const ops::MissingConvention& e) {
    throw LessonError(n.where, std::string(e.what()) + " (computing " + n.name + "); choose another point, or state " +
                                   e.field + " in [graph]");
  }
}

}  // namespace

LocalDerivative local_derivative(const Graph& graph, NodeId node, NodeId operand, const std::vector<Value>& values) {
  // An operand used twice (x·x) gets the sum of its positions' derivatives: x + x.
  LocalDerivative total{0, {}};
  std::vector<Formula> positions;
  const auto& ops = graph.node(node).operands;
  for (std::size_t k = 0; k < ops.size(); ++k) {
    if (ops[k] != operand) continue;
    LocalDerivative d = partial(graph, node, k, values);
    positions.push_back(d.formula);
    total.value += d.value;
  }
  if (!positions.empty()) total.formula = positions.size() == 1 ? positions[0] : math::sum(std::move(positions));
  return total;
}

Formula reference(const Graph& graph, NodeId node) {
  const Node& n = graph.node(node);
  if (n.op == Operation::constant) return literal_reference(n.literal);
  return braced(n.name);
}

Formula forward_formula(const Graph& graph, NodeId node) {
  const Node& n = graph.node(node);
  std::vector<Formula> operands;
  for (NodeId o : n.operands) operands.push_back(reference(graph, o));
  if (n.op == Operation::input || n.op == Operation::constant) return {};
  return operation_formula(n.op, ops::Written{operands, braced(n.name), n.exponent, n.index});
}

Formula named_formula(const Graph& graph, NodeId node) {
  const Node& n = graph.node(node);
  std::vector<Formula> operands;
  for (NodeId o : n.operands) {
    const Node& operand = graph.node(o);
    operands.push_back(operand.op == Operation::constant ? literal_reference(operand.literal)
                                                          : math::literal(verbatim(operand.name)));
  }
  return operation_formula(n.op, ops::Written{operands, math::literal(verbatim(n.name)), n.exponent, n.index});
}

Value evaluate(const Expression& e, const Graph& graph, const std::vector<Value>& values) {
  if (e.op == Operation::input) return values[*graph.find(e.name)];
  if (e.op == Operation::constant) return e.is_pi ? pi() : Value(e.number);
  std::vector<Value> operands;
  for (const Expression& o : e.operands) operands.push_back(evaluate(o, graph, values));
  return operation_value(e.op, ops::Point{operands, Value(0), e.exponent, e.index, graph.conventions()});
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
  std::vector<Formula> operands;
  switch (e.op) {
    case Operation::input: return braced(e.name);
    case Operation::constant: return literal_reference(e.literal);
    case Operation::copy: return formula_template(e.operands[0]);
    case Operation::add:
    case Operation::subtract:
    case Operation::multiply:
    case Operation::divide: {
      const int s = strength(e);
      const bool right_tight = e.op == Operation::subtract || e.op == Operation::divide;
      for (std::size_t k = 0; k < e.operands.size(); ++k) {
        const int t = strength(e.operands[k]);
        operands.push_back(wrapped(e.operands[k], t < s || (k > 0 && right_tight && t == s)));
      }
      break;
    }
    case Operation::power: operands.push_back(wrapped(e.operands[0], strength(e.operands[0]) < 5)); break;
    case Operation::negate: operands.push_back(wrapped(e.operands[0], strength(e.operands[0]) < 4)); break;
    default:
      for (const Expression& o : e.operands) operands.push_back(formula_template(o));
  }
  return operation_formula(e.op, ops::Written{operands, Formula(), e.exponent, e.index});
}

std::vector<std::pair<std::string, std::size_t>> variables_of(const Expression& e) {
  std::vector<std::pair<std::string, std::size_t>> out;
  if (e.op == Operation::input) out.emplace_back(e.name, e.offset);
  for (const Expression& o : e.operands) {
    auto inner = variables_of(o);
    out.insert(out.end(), inner.begin(), inner.end());
  }
  return out;
}

}  // namespace bptrace
