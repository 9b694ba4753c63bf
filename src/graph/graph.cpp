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

// n·a^(n−1): 2·a, 3·a^2.
Formula power_rule(int n, const Formula& a) {
  if (n == 0) return math::integer(0);
  if (n == 1) return math::integer(1);
  if (n == 2) return math::product({math::integer(n), a});
  return math::product({math::integer(n), math::power(a, n - 1)});
}

// −1 as the derivative of a subtraction's right side or of a negation: one operand, (−1).
Formula minus_one() { return math::literal(Math{"(−1)", "(-1)"}); }

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
  } else {
    n.op = e.op;
    n.exponent = e.exponent;
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

Value apply(Operation op, const std::vector<Value>& a, int exponent) {
  switch (op) {
    case Operation::input:
    case Operation::constant: break;  // leaves have no operands: their value is given
    case Operation::copy: return a[0];
    case Operation::add: return a[0] + a[1];
    case Operation::subtract: return a[0] - a[1];
    case Operation::multiply: return a[0] * a[1];
    case Operation::divide: return a[0] / a[1];
    case Operation::power: return power(a[0], exponent);
    case Operation::negate: return -a[0];
    case Operation::exp: return exp(a[0]);
    case Operation::log: return log(a[0]);
    case Operation::sigmoid: return sigmoid(a[0]);
    case Operation::tanh: return tanh(a[0]);
    case Operation::relu: return sign(a[0]) > 0 ? a[0] : Value(0);
    case Operation::softplus: return softplus(a[0]);
  }
  throw std::logic_error("apply: a leaf has no operation");
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
        values.push_back(apply(n.op, operands, n.exponent));
      } catch (const DomainError& e) {
        throw LessonError(n.where, std::string(e.what()) + " computing " + n.name);
      }
    }
  }
  return values;
}

namespace {

// ∂node/∂(the operand at position k), as if each position held a different variable.
LocalDerivative partial(const Graph& graph, NodeId node, std::size_t k, const std::vector<Value>& values) {
  const Node& n = graph.node(node);
  auto operand = [&](std::size_t i) { return n.operands[i]; };
  auto v = [&](std::size_t i) { return values[operand(i)]; };
  auto r = [&](std::size_t i) { return reference(graph, operand(i)); };
  Formula self = braced(n.name);
  switch (n.op) {
    case Operation::input:
    case Operation::constant: break;
    case Operation::copy: return {1, math::integer(1)};  // ∂a/∂a = 1
    case Operation::add: return {1, math::integer(1)};   // ∂(a + b)/∂a = ∂(a + b)/∂b = 1
    case Operation::subtract:                            // ∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1
      return k == 0 ? LocalDerivative{1, math::integer(1)} : LocalDerivative{-1, minus_one()};
    case Operation::multiply:  // ∂(a·b)/∂a = b, ∂(a·b)/∂b = a
      return {v(1 - k), r(1 - k)};
    case Operation::divide:  // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b²
      if (k == 0) return {Value(1) / v(1), math::quotient(math::integer(1), r(1))};
      return {-(v(0) / square(v(1))), math::negation(math::quotient(r(0), math::power(r(1), 2)))};
    case Operation::power:  // ∂(a^n)/∂a = n·a^(n−1)
      return {Value(n.exponent) * power(v(0), n.exponent - 1), power_rule(n.exponent, r(0))};
    case Operation::negate: return {-1, minus_one()};  // ∂(−a)/∂a = −1
    case Operation::exp:  // ∂exp(a)/∂a = exp(a), the node's own value
      return {values[node], self};
    case Operation::log:  // ∂log(a)/∂a = 1/a
      return {Value(1) / v(0), math::quotient(math::integer(1), r(0))};
    case Operation::sigmoid:  // ∂σ(a)/∂a = σ(a)·(1 − σ(a))
      return {values[node] * (Value(1) - values[node]), math::product({self, math::difference(math::integer(1), self)})};
    case Operation::tanh:  // ∂tanh(a)/∂a = 1 − tanh(a)²
      return {Value(1) - square(values[node]), math::difference(math::integer(1), math::power(self, 2))};
    case Operation::relu: {  // ∂relu(a)/∂a = 1 for a > 0, 0 for a < 0, at 0 only by convention
      int s = sign(v(0));
      if (s == 0) {
        const std::optional<Rational>& at_zero = graph.relu_derivative_at_zero();
        if (!at_zero)
          throw LessonError(n.where, "relu is not differentiable at 0 (computing " + n.name +
                                         "); choose another point, or state relu_derivative_at_zero in [graph]");
        Formula note = math::sequence(same(""), {math::relation(r(0), math::equals(), math::integer(0)),
                                                  math::words(": the lesson's convention")});
        return {Value(*at_zero), math::annotated(math::literal(fraction_string(*at_zero)), same("   "), note)};
      }
      auto when = [&](int value, const Math& sign) {
        return math::annotated(math::integer(value), same("   "), math::relation(r(0), sign, math::integer(0)));
      };
      return s > 0 ? LocalDerivative{1, when(1, math::greater())} : LocalDerivative{0, when(0, math::less())};
    }
    case Operation::softplus:  // ∂softplus(a)/∂a = σ(a)
      return {sigmoid(v(0)), math::call(math::fn::sigma(), {r(0)})};
  }
  throw std::logic_error("partial: a leaf has no operands");
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

namespace {

// The formula of an operation on its operands' formulas. Binary operations are spaced (a · b).
Formula operation_formula(Operation op, std::vector<Formula> operands, int exponent) {
  switch (op) {
    case Operation::input:
    case Operation::constant: break;
    case Operation::copy: return operands[0];
    case Operation::add: return math::sum(std::move(operands));
    case Operation::subtract: return math::difference(operands[0], operands[1]);
    case Operation::multiply: return math::spaced_product(std::move(operands));
    case Operation::divide: return math::spaced_quotient(operands[0], operands[1]);
    case Operation::power: return math::power(operands[0], exponent);
    case Operation::negate: return math::negation(operands[0]);
    case Operation::exp: return math::call(math::fn::exp(), std::move(operands));
    case Operation::log: return math::call(math::fn::log(), std::move(operands));
    case Operation::sigmoid: return math::call(math::fn::sigma(), std::move(operands));
    case Operation::tanh: return math::call(math::fn::tanh(), std::move(operands));
    case Operation::relu: return math::call(math::fn::relu_lower(), std::move(operands));
    case Operation::softplus: return math::call(math::fn::softplus(), std::move(operands));
  }
  return {};
}

}  // namespace

Formula forward_formula(const Graph& graph, NodeId node) {
  const Node& n = graph.node(node);
  std::vector<Formula> operands;
  for (NodeId o : n.operands) operands.push_back(reference(graph, o));
  return operation_formula(n.op, std::move(operands), n.exponent);
}

Formula named_formula(const Graph& graph, NodeId node) {
  const Node& n = graph.node(node);
  std::vector<Formula> operands;
  for (NodeId o : n.operands) {
    const Node& operand = graph.node(o);
    operands.push_back(operand.op == Operation::constant ? literal_reference(operand.literal)
                                                          : math::literal(verbatim(operand.name)));
  }
  return operation_formula(n.op, std::move(operands), n.exponent);
}

Value evaluate(const Expression& e, const Graph& graph, const std::vector<Value>& values) {
  if (e.op == Operation::input) return values[*graph.find(e.name)];
  if (e.op == Operation::constant) return e.is_pi ? pi() : Value(e.number);
  std::vector<Value> operands;
  for (const Expression& o : e.operands) operands.push_back(evaluate(o, graph, values));
  return apply(e.op, operands, e.exponent);
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
  switch (e.op) {
    case Operation::input: return braced(e.name);
    case Operation::constant: return literal_reference(e.literal);
    case Operation::copy: return formula_template(e.operands[0]);
    case Operation::add:
    case Operation::subtract:
    case Operation::multiply:
    case Operation::divide: {
      int s = strength(e);
      bool right_tight = e.op == Operation::subtract || e.op == Operation::divide;
      const Expression& b = e.operands[1];
      return operation_formula(e.op, {wrapped(e.operands[0], strength(e.operands[0]) < s),
                                      wrapped(b, strength(b) < s || (right_tight && strength(b) == s))}, 0);
    }
    case Operation::power: return math::power(wrapped(e.operands[0], strength(e.operands[0]) < 5), e.exponent);
    case Operation::negate: return math::negation(wrapped(e.operands[0], strength(e.operands[0]) < 4));
    default: break;
  }
  return operation_formula(e.op, {formula_template(e.operands[0])}, 0);
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
