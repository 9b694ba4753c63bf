#pragma once
// The named seams of the tape: where a mistake, a rounding rule or a convention changes the
// computation. The correct rules (src/ops) never mention a mistake; a mistake is a seam filled.
#include "tape/tape.hpp"

#include <functional>
#include <optional>

namespace bptrace::tape {

// What kind of value the tape produces: a rounding policy may round each kind by its own rule.
enum class Produced {
  value,             // a node's forward value
  local_derivative,  // ∂node/∂operand along an edge
  adjoint,           // ∂y/∂v, reverse mode
  tangent,           // ∂v/∂x, forward mode
  product,           // a Jacobian entry, a chain-rule product, a document's formula: none of the above
};

struct Chained;  // sweep.hpp: an adjoint with its terms

struct Seams {
  // The derivatives at kinks: the lesson's stated conventions (a mistake may state others).
  ops::Conventions conventions;
  // A local-derivative rule replaced: ∂node/∂(operand at `position`), or nullopt for the
  // correct rule of src/ops.
  std::function<std::optional<ops::Local>(const Tape&, NodeId node, std::size_t position, const ops::Point&,
                                          const ops::Written&)>
      local_rule;
  // An edge left out of the backward pass: false drops consumer → operand.
  std::function<bool(NodeId consumer, NodeId operand)> keeps_edge;
  // ∂y/∂y, where the reverse sweep starts; −1 is the seed negated.
  Value seed{1};
  // An edge's term of a reverse sum replaced, given the adjoints so far (every consumer of the
  // operand is final): the term ∂y/∂c·∂c/∂v of consumer c for operand v, or nullopt for the
  // correct one. A rule that needs the adjoint itself (W already updated by its own gradient).
  std::function<std::optional<Value>(NodeId consumer, NodeId operand, const std::vector<Chained>& adjoints)>
      term_rule;
  // A hook on each value the tape produces (forward values, local derivatives, adjoints and
  // tangents), as it is produced: rounding emulation. `node` is the node whose value, adjoint or
  // tangent it is, or the consumer of a local derivative's edge.
  std::function<Value(const Value&, Produced what, NodeId node)> produced;

  Value produce(Value v, Produced what, NodeId node) const { return produced ? produced(v, what, node) : std::move(v); }
};

}  // namespace bptrace::tape
