#pragma once
// Prints a formula tree in a dialect: Unicode text or LaTeX. The one place that knows how each
// operator is written and where parentheses go; references are written by the caller.
#include "trace/formula.hpp"

#include <functional>
#include <string>

namespace bptrace {

// Writes a reference in the dialect; `inside` is false when the reference is the whole formula.
using ReferenceWriter = std::function<std::string(const Key& key, bool inside)>;

std::string print_formula(const Formula& formula, Dialect dialect, const ReferenceWriter& reference);

}  // namespace bptrace
