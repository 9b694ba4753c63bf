#include "engine/backprop.hpp"

#include "engine/network_tracer.hpp"

namespace bptrace {

Trace backpropagate(const Problem& problem, const Variant& variant) { return NetworkTracer(problem, variant).run(); }

}  // namespace bptrace
