#pragma once
// The network as a Graphviz graph: a node per input, neuron and the loss, an edge per weight;
// after the backward pass each neuron shows z, a and δ, and each edge its weight and gradient.
// A lesson that is not a layered network becomes its computation graph: a node per quantity, an
// edge from each quantity to those whose formula uses it. Renders only.
#include "render/notation.hpp"
#include "render/value_format.hpp"
#include "trace/trace.hpp"

#include <string>

namespace bptrace {

std::string render_dot(const Trace& trace, const Notation& notation, const ValueStyle& values);

}  // namespace bptrace
