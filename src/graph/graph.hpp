#pragma once
// A graph lesson's computation graph, lowered onto the tape (src/tape): the definitions' nodes
// with their names, the rules and formulas of each node from the operation table (src/ops).
#include "graph/expression.hpp"
#include "model/source_location.hpp"
#include "tape/sweep.hpp"

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bptrace {

using NodeId = tape::NodeId;

// What the lesson calls a node and where it wrote it; the node itself is on the tape.
struct NodeLabel {
  std::string name;     // "x1", "z1", "y"; the unnamed nodes of definition f are "f.1", "f.2", ...
  std::string literal;  // constant: as written ("3/4", "pi")
  SourceLocation where;  // in the lesson file: where an undefined operation is reported
};

// Maps an offset inside a definition's text to its place in the lesson file.
using Locator = std::function<SourceLocation(std::size_t offset)>;

// A graph lesson's computation: its tape, built from the definitions in post-order (inputs
// first, then each definition's nodes, operands before the node that uses them), and the names.
class Graph {
 public:
  // Throws ExpressionError (offset 0) when the name is taken.
  NodeId add_input(const std::string& name, Rational value, SourceLocation where);
  // Adds a definition's nodes. Throws ExpressionError at the offending offset: an unknown
  // variable, or a name defined twice.
  NodeId define(const Definition& definition, const Locator& locate);

  const tape::Tape& tape() const { return tape_; }
  // An input moved to another point (finite differences).
  void set_input(NodeId input, Rational value) { tape_.set_value(input, Value(std::move(value))); }
  std::size_t size() const { return tape_.size(); }
  Operation op(NodeId id) const { return tape_[id].op; }
  const NodeLabel& label(NodeId id) const { return labels_[id]; }
  const std::string& name(NodeId id) const { return labels_[id].name; }
  std::optional<NodeId> find(const std::string& name) const;

  // The lesson's conventions at kinks: relu'(0), abs'(0), max and min at a tie. Undefined unless
  // stated (documents use both 0 and 1 for relu'(0)).
  void set_relu_derivative_at_zero(Rational value) { conventions_.relu_at_zero = std::move(value); }
  ops::Conventions& conventions() { return conventions_; }
  const ops::Conventions& conventions() const { return conventions_; }

 private:
  NodeId build(const Expression& e, const std::string& definition, int& counter, bool root, const Locator& locate);
  NodeId add(tape::Node node, NodeLabel label);
  tape::Tape tape_;
  std::vector<NodeLabel> labels_;
  std::unordered_map<std::string, NodeId> by_name_;
  ops::Conventions conventions_;
};

// The tape's seams for the graph's own computation: its conventions at kinks, nothing replaced.
tape::Seams correct_seams(const Graph& graph);
// The value of every node at the current working precision. An undefined operation (log of
// 0, division by an exact 0) is a LessonError at the node's place in the lesson file.
std::vector<Value> evaluate(const Graph& graph, const tape::Seams& seams);
std::vector<Value> evaluate(const Graph& graph);

// ∂node/∂operand (summed over the positions where the operand occurs), by the rule of
// src/ops/operation.hpp unless a seam replaces it; a kink without a convention is a LessonError
// at the node.
ops::Local local_derivative(const Graph& graph, NodeId node, NodeId operand, const std::vector<Value>& values,
                            const tape::Seams& seams);
// The local derivatives of the edges into the nodes of `wanted`, errors placed as above.
tape::Locals local_derivatives(const Graph& graph, const std::vector<Value>& values, const std::vector<bool>& wanted,
                               const tape::Seams& seams);

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
