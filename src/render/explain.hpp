#pragma once
// The derivation of one quantity: its formula with the numbers substituted, then, indented, the
// derivation of every computed quantity it refers to, down to the given values, each once.
// A student follows it to find the step where their own computation went off.
#include "render/value_format.hpp"
#include "trace/trace.hpp"

#include <string>

namespace bptrace {

std::string render_explanation(const Trace& trace, const Key& quantity, const ValueStyle& values,
                               const std::string& indent = "");

}  // namespace bptrace
