#pragma once
// The classic mistakes of differentiating a computation graph by hand, each as the tape's seam it
// fills (src/tape/seams.hpp): an edge dropped, a local rule replaced, another convention at a kink.
// The catalogue (mistakes.cpp) lists them beside the network mistakes.
#include "homework/mistakes.hpp"

namespace bptrace {

// 9: every intermediate rounded as it is produced (the hand rounding rules).
std::vector<MistakeInstance> graph_rounded(const GraphModel& model);
// 10: where a node feeds several, the path through one consumer kept (one instance per consumer).
std::vector<MistakeInstance> graph_one_path(const GraphModel& model);
// 11: ∂(a·b)/∂a taken as a, the differentiated operand's own value (one instance per product).
std::vector<MistakeInstance> product_rule_wrong_operand(const GraphModel& model);
// 12: a factor of the chain dropped, ∂c/∂u taken as 1 (one instance per edge whose rule is not ±1).
std::vector<MistakeInstance> chain_factor_dropped(const GraphModel& model);
// 13: log′(u) taken as u instead of 1/u (one instance per log).
std::vector<MistakeInstance> log_derivative_as_operand(const GraphModel& model);
// 14: ∂(a − b)/∂b taken as +1, the sign of the subtracted operand lost (one per subtraction).
std::vector<MistakeInstance> subtraction_sign_lost(const GraphModel& model);
// 15: the derivative at a kink taken with another convention than the lesson's (relu'(0),
// abs'(0), max and min at a tie): one instance per other common choice.
std::vector<MistakeInstance> kink_convention(const GraphModel& model);

}  // namespace bptrace
