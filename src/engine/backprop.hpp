#pragma once
// The engine: forward pass, loss, backward pass and gradient-descent update of a Problem,
// recorded step by step into a Trace. It never prints.
#include "engine/variant.hpp"
#include "model/network.hpp"
#include "trace/trace.hpp"

namespace bptrace {

// An enclosure too wide to decide something the lesson asks for (a relu's branch, a log), at
// the lesson's place that asks: certify() retries it, and reports it there when no precision helps.
struct UndecidedValue : NeedMorePrecision {
  UndecidedValue(SourceLocation where, const std::string& message)
      : NeedMorePrecision(message), where(std::move(where)) {}
  SourceLocation where;
};

// Computes the whole trace at the current working precision. Throws NeedMorePrecision when an
// enclosure is too wide to decide a branch, LessonError for an undefined operation.
// The default variant is exact backpropagation; others transform the computation (variant.hpp).
Trace backpropagate(const Problem& problem, const Variant& variant = {});

// Canonical names.
std::string layer_name(std::size_t layer);  // "layer2"
std::string index1(std::size_t i);          // "[3]"  (1-based)
std::string index2(std::size_t j, std::size_t i);  // "[1,2]"
std::string step_prefix(int step);          // "" for step 1, "step3." otherwise

}  // namespace bptrace
