#pragma once
// One tape under every lesson: the nodes of a computation in creation order, identified by their
// index. An operand always has a smaller index than the node that uses it, so one forward loop
// is the forward pass and one reverse loop the backward pass (Stan's chain() loop, micrograd's
// topological order without the sort). The tape knows operations and values only; what a node
// is called and where the lesson wrote it belong to the lowering that built it.
#include "number/value.hpp"
#include "ops/operation.hpp"

#include <cstddef>
#include <vector>

namespace bptrace::tape {

using NodeId = std::size_t;

struct Node {
  Operation op = Operation::input;
  std::vector<NodeId> operands;  // positions: an operand may occur twice (x·x)
  int exponent = 0;              // power
  int index = 0;                 // softmax: the 1-based component
  Value value;                   // input, constant: the given value (unless is_pi)
  bool is_pi = false;            // a constant π, enclosed at the working precision
  const Activation* activation = nullptr;  // activation: the layer's rule (owned by the lesson)
  const LossTerm* loss = nullptr;          // loss_term: the loss's rule (owned by the lowering)
};

class Tape {
 public:
  NodeId add(Node node);
  std::size_t size() const { return nodes_.size(); }
  const Node& operator[](NodeId id) const { return nodes_[id]; }
  // An input's value, changed (finite differences re-run the forward pass at a moved point).
  void set_value(NodeId input, Value value) { nodes_[input].value = std::move(value); }

  // Whether a node's value depends on an input (constants and their combinations do not).
  std::vector<bool> active() const;
  // The node and every node it is computed from.
  std::vector<bool> ancestors(NodeId node) const;
  // The node and every node computed from it.
  std::vector<bool> descendants(NodeId node) const;
  // Each operand once, in order of first use (x*x has the one operand x).
  std::vector<NodeId> distinct_operands(NodeId node) const;
  // The nodes that use `node` as an operand, in creation order, each once.
  const std::vector<NodeId>& consumers(NodeId node) const;

 private:
  std::vector<Node> nodes_;
  std::vector<std::vector<NodeId>> consumers_;  // kept as nodes are added
};

}  // namespace bptrace::tape
