#pragma once
// The network as a Graphviz graph: a node per input, neuron and the loss, an edge per weight;
// after the backward pass each neuron shows z, a and δ, and each edge its weight and gradient.
// A graph lesson becomes its expression graph: a node per input, operation and constant operand,
// an edge from each operand to the operation using it (dot.cpp, ExpressionGraph). Renders only.
#include "render/notation.hpp"
#include "render/value_format.hpp"
#include "trace/trace.hpp"

#include <string>

namespace bptrace {

std::string render_dot(const Trace& trace, const Notation& notation, const ValueStyle& values);

}  // namespace bptrace
