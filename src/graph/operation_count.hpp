#pragma once
// How many additions (+ and −) each way of differentiating a graph performs, as document 000
// counts them for y = (x1 + x2)(x3 + x4): the naive forward-mode approach 4, backpropagation 2.
#include "graph/graph.hpp"

#include <string>
#include <vector>

namespace bptrace {

struct OperationCount {
  int additions = 0;
  std::string explanation;  // how the number is made up, node by node
};

// Document 000's naive approach: each ∂y/∂x_i on its own, as the sum over the paths from x_i to
// y of the products of local derivatives; the node values those local derivatives use are
// recomputed from the inputs for every derivative (nothing is shared between derivatives).
// Counts the additions of that recomputation plus the additions that sum the paths.
OperationCount naive_forward_additions(const Graph& graph, const std::vector<NodeId>& inputs,
                                       const std::vector<NodeId>& outputs);

// Forward-mode differentiation that keeps the forward pass: the forward pass once, then one
// tangent sweep per input; a tangent is a sum over the operands that depend on that input.
OperationCount forward_mode_additions(const Graph& graph, const std::vector<NodeId>& inputs,
                                      const std::vector<NodeId>& outputs);

// Backpropagation: the forward pass once, then one backward sweep per output; an adjoint is a
// sum over the node's consumers.
OperationCount reverse_mode_additions(const Graph& graph, const std::vector<NodeId>& outputs);

}  // namespace bptrace
