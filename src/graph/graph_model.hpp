#pragma once
// A graph lesson's model as plain values: the graph at its point, the outputs to differentiate,
// which modes and counts to show, the Jacobian blocks and chain-rule products to print, and the
// formulas the document prints (checked at the point).
#include "graph/graph.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

// A matrix of derivatives: rows `of` (outputs), columns `wrt` (any nodes), entry [i,j] =
// ∂of_i/∂wrt_j read from the reverse-mode sweep of of_i. With a shape, a one-row block is
// un-vectorised row by row (the document's vec[W] is W's rows one after the other).
struct JacobianBlock {
  std::string name;
  std::vector<NodeId> of;
  std::vector<NodeId> wrt;
  std::optional<std::pair<std::size_t, std::size_t>> shape;
};

// The chain rule as a matrix product: entry [i,j] = Σ_k left[i,k]·right[k,j].
struct ProductBlock {
  std::string name;
  std::string left, right;  // names of earlier blocks
  std::optional<std::pair<std::size_t, std::size_t>> shape;
};

// A formula a document prints for a quantity, evaluated at the point: the trace step `step`.
struct PrintedFormula {
  int number = 0;  // K of document[K].formula: the lesson's K-th [[document]]
  Expression formula;
  SourceLocation where;
};

struct GraphModel {
  Graph graph;
  std::vector<NodeId> inputs;   // the variables, in the order of Jacobian columns
  std::vector<NodeId> outputs;  // the functions differentiated in reverse mode
  bool forward_mode = false;    // also one forward-mode sweep per input
  bool operation_counts = false;
  std::vector<JacobianBlock> jacobians;
  std::vector<ProductBlock> products;
  std::vector<PrintedFormula> printed;
};

// The nodes on the way to some output (the ones a derivation differentiates).
std::vector<bool> relevant_nodes(const GraphModel& model);

// Block dimensions: rows × columns, as printed (after any un-vectorising shape).
std::pair<std::size_t, std::size_t> dimensions(const JacobianBlock& block);

}  // namespace bptrace
