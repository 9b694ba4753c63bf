#pragma once
// Runs the engine at a rising working precision until every certified value of the trace is
// certain to the requested number of significant digits.
#include "engine/backprop.hpp"

#include <functional>

namespace bptrace {

struct CertifiedTrace {
  Trace trace;
  int digits = 0;               // significant digits requested
  unsigned working_digits = 0;  // the working precision that made them certain
};

// Digits used by golden files: fixed, so that a golden is byte-identical on every machine.
inline constexpr int kGoldenDigits = 30;

// Runs `compute` (which builds a whole trace at the current working precision) at rising
// precision until every certified value in its trace is certain to `digits`.
// A value that overflows (is_bounded) is refused, at the place `where` gives for its key.
using KeyPlace = std::function<SourceLocation(const Key&)>;
CertifiedTrace certify(const std::function<Trace()>& compute, int digits, const KeyPlace& where = {});

// The network engine, certified.
CertifiedTrace certified_trace(const Problem& problem, int digits, const Variant& variant = {});

}  // namespace bptrace
