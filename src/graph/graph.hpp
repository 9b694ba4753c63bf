#pragma once
// A computation graph: nodes in creation order (inputs first, then each definition's nodes in
// post-order), identified by their index. An operand always has a smaller index than the node
// that uses it, so a forward loop is the forward pass and a reverse loop the backward pass.
#include "graph/expression.hpp"
#include "model/source_location.hpp"
#include "number/value.hpp"
#include "trace/formula.hpp"

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bptrace {

using NodeId = std::size_t;

struct Node {
  std::string name;  // "x1", "z1", "y"; the unnamed nodes of definition f are "f.1", "f.2", ...
  Operation op = Operation::input;
  std::vector<NodeId> operands;
  int exponent = 0;     // power
  Rational number;      // input: its value at the point; constant: its value (unless is_pi)
  bool is_pi = false;
  std::string literal;  // constant: as written ("3/4", "pi")
  SourceLocation where;  // in the lesson file: where an undefined operation is reported
};

// ∂node/∂operand: its value, and its rule as a formula (z2, 1/f.3).
struct LocalDerivative {
  Value value;
  Formula formula;
};

// Maps an offset inside a definition's text to its place in the lesson file.
using Locator = std::function<SourceLocation(std::size_t offset)>;

class Graph {
 public:
  // Throws ExpressionError (offset 0) when the name is taken.
  NodeId add_input(const std::string& name, Rational value, SourceLocation where);
  // Adds a definition's nodes. Throws ExpressionError at the offending offset: an unknown
  // variable, or a name defined twice.
  NodeId define(const Definition& definition, const Locator& locate);

  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& node(NodeId id) const { return nodes_[id]; }
  std::optional<NodeId> find(const std::string& name) const;

  // Whether a node's value depends on an input (constants and their combinations do not).
  std::vector<bool> active() const;
  // The node and every node it is computed from.
  std::vector<bool> ancestors(NodeId node) const;
  // The node and every node computed from it.
  std::vector<bool> descendants(NodeId node) const;
  // Each operand once, in order of first use (x*x has the one operand x).
  std::vector<NodeId> distinct_operands(NodeId node) const;
  // The nodes that use `node` as an operand, in creation order, each once.
  std::vector<NodeId> consumers(NodeId node) const;

  // relu'(0): undefined unless the lesson states a convention (documents use 0 and 1).
  void set_relu_derivative_at_zero(Rational value) { relu_at_zero_ = std::move(value); }
  const std::optional<Rational>& relu_derivative_at_zero() const { return relu_at_zero_; }

 private:
  NodeId build(const Expression& e, const std::string& definition, int& counter, bool root, const Locator& locate);
  NodeId add(Node node);
  std::vector<Node> nodes_;
  std::unordered_map<std::string, NodeId> by_name_;
  std::optional<Rational> relu_at_zero_;
};

// The value of an operation on its operands' values: the one forward switch.
Value apply(Operation op, const std::vector<Value>& operands, int exponent);

// The value of every node at the current working precision. An undefined operation (log of
// 0, division by an exact 0) is a LessonError at the node's place in the lesson file.
std::vector<Value> evaluate(const Graph& graph);

// ∂node/∂operand (summed over the positions where the operand occurs): the one derivative switch.
LocalDerivative local_derivative(const Graph& graph, NodeId node, NodeId operand, const std::vector<Value>& values);

// A reference for a computed node; a constant's literal (2, (3/4), π).
Formula reference(const Graph& graph, NodeId node);
// The node's own operation on its operands: x1 + x2, log(f.3), each operand a reference.
Formula forward_formula(const Graph& graph, NodeId node);
// The same with each operand's name written in place, for the left side of a derivative rule:
// ∂(z1 · z2)/∂z1 names z1, it does not use its value.
Formula named_formula(const Graph& graph, NodeId node);

// An expression over the graph's node names (a formula a document prints), evaluated at the
// graph's values, and as a formula template. Every variable must name a node.
Value evaluate(const Expression& e, const Graph& graph, const std::vector<Value>& values);
Formula formula_template(const Expression& e);
// The variables an expression uses, with their offsets.
std::vector<std::pair<std::string, std::size_t>> variables_of(const Expression& e);

// The symbol of an operation in formulas: "+", "·", "exp"...
std::string operation_name(Operation op);

}  // namespace bptrace
