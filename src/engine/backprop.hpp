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

}  // namespace bptrace
