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
  } else if ((e.op == Operation::add || e.op == Operation::multiply) && e.operands.size() > 2) {
    // a + b + c as the chain (a + b) + c: one binary node per operation, numbered as written.
    NodeId chain = build(e.operands[0], definition, counter, false, locate);
    for (std::size_t k = 1; k + 1 < e.operands.size(); ++k) {
      tape::Node link;
      link.op = e.op;
      link.operands = {chain, build(e.operands[k], definition, counter, false, locate)};
      chain = add(std::move(link), NodeLabel{definition + "." + std::to_string(++counter), "", label.where});
    }
    n.op = e.op;
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
