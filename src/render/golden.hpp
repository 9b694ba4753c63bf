#pragma once
// Golden traces: one quantity per line, in trace order, with its exact value or its certified
// digits at a fixed number of significant digits, so the file is identical on every machine.
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

std::string golden_text(const std::string& lesson_name, const Trace& trace, int digits);

struct GoldenDifference {
  std::string quantity;
  std::string golden;  // empty: not in the golden
  std::string now;     // empty: no longer in the trace
};

// Differences between a golden text and a new one, per quantity (comments ignored).
std::vector<GoldenDifference> golden_diff(const std::string& golden, const std::string& now);

}  // namespace bptrace
