#pragma once
// The tape's three loops: forward (every node's value), the local derivative of every edge, and
// the sweeps that chain them, reverse (adjoints, ∂y/∂v) and forward mode (tangents, ∂v/∂x). Where
// a node feeds several, its adjoint is the sum of one term per consumer, and the terms are kept:
// they are the per-path terms a derivation lists.
#include "model/source_location.hpp"
#include "tape/seams.hpp"

#include <stdexcept>

namespace bptrace::tape {

// An undefined operation (log of 0, division by an exact 0) at a node: the lowering says where.
struct Undefined : std::runtime_error {
  Undefined(NodeId node, const std::string& message) : std::runtime_error(message), node(node) {}
  NodeId node;
};

// An enclosure too wide to decide an operation at a node (a log or a divisor around 0): retried at
// a higher precision; the lowering fills in where the node is written, for when none helps.
struct Undecided : NeedMorePrecision {
  Undecided(NodeId node, const std::string& message, SourceLocation where = {})
      : NeedMorePrecision(message), node(node), where(std::move(where)) {}
  NodeId node;
  SourceLocation where;
};

// A kink without the lesson's convention at a node: the lowering says where, and which field.
struct NoConvention : ops::MissingConvention {
  NoConvention(NodeId node, const ops::MissingConvention& e) : ops::MissingConvention(e), node(node) {}
  NodeId node;
};

// The value of every node at the current working precision, each through `seams.produced`.
std::vector<Value> forward(const Tape& tape, const Seams& seams);
// The same for the nodes added since `values` was computed (a lowering that evaluates its tape in
// stages, so that an error is met where the lesson's order meets it).
void extend_forward(const Tape& tape, const Seams& seams, std::vector<Value>& values);

// How the lowering writes a node as an operand of a formula (a reference, or a constant's literal).
using Writer = std::function<Formula(NodeId)>;

// ∂node/∂operand at the point, summed over the positions where the operand occurs (x·x: x + x),
// by the rule of src/ops/operation.hpp unless `seams.local_rule` replaces it. Throws
// NoConvention at a kink the lesson states no convention for.
ops::Local local_derivative(const Tape& tape, const std::vector<Value>& values, NodeId node, NodeId operand,
                            const Seams& seams, const Writer& written);

// The local derivative of each edge into each node, one per distinct operand.
struct Edge {
  NodeId operand;
  ops::Local local;
};
struct Locals {
  std::vector<std::vector<Edge>> into;  // into[node]: its edges; empty for a node not asked for
  const ops::Local* find(NodeId node, NodeId operand) const;
};
// For every active node of `wanted` and each of its active operands.
Locals local_derivatives(const Tape& tape, const std::vector<Value>& values, const std::vector<bool>& wanted,
                         const Seams& seams, const Writer& written);

// One consumer's share of a sum over paths: ∂y/∂c·∂c/∂v (reverse) or ∂v/∂u·∂u/∂x (forward).
struct Term {
  NodeId via;  // the consumer c (reverse) or the operand u (forward)
  Value value;
};
struct Chained {
  bool reached = false;  // upstream of y (reverse) or downstream of x (forward), and active
  Value value;
  std::vector<Term> terms;
};

// Reverse mode from y: ∂y/∂y = seed, ∂y/∂v = Σ over v's consumers c of ∂y/∂c·∂c/∂v, each node
// once, in reverse creation order. Only the edges of `locals` (and those `seams` keeps) are used.
std::vector<Chained> reverse(const Tape& tape, NodeId y, const Locals& locals, const Seams& seams);

// Forward mode from x: ∂x/∂x = 1, ∂v/∂x = Σ over v's operands u of ∂v/∂u·∂u/∂x, for the nodes
// of `wanted`.
std::vector<Chained> tangents(const Tape& tape, NodeId x, const Locals& locals, const std::vector<bool>& wanted,
                              const Seams& seams);

}  // namespace bptrace::tape
