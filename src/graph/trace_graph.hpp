#pragma once
// Records a graph lesson into a Trace: the inputs, the forward pass node by node, the local
// derivative of every edge, the backward pass (reverse mode) of every output, the forward-mode
// tangents, the Jacobian blocks and chain-rule products, the operation counts, and the formulas
// the document prints. Never prints.
#include "graph/graph_model.hpp"
#include "trace/trace.hpp"

namespace bptrace {

// At the current working precision. Throws NeedMorePrecision when an enclosure cannot decide a
// branch (relu), LessonError for an undefined operation.
Trace trace_graph(const GraphModel& model);
// The same computation with the tape's seams filled: a mistake, rounding emulation.
Trace trace_graph(const GraphModel& model, const tape::Seams& seams);

}  // namespace bptrace
