#pragma once
// The report of `bptrace verify`: one line per recorded value (verdict, error in ulps and
// relative, tolerance in ulps, recorded and exact value), the mistakes behind a value out of
// tolerance, the names the lesson does not have, the ulps lost per layer, and a summary line.
#include "homework/verify.hpp"

#include <string>

namespace bptrace {

std::string render_verification(const Trace& exact, const Verification& v);

}  // namespace bptrace
