#pragma once
// The report of rounding emulation: where and by how much the rounded computation drifts from
// the exact one, and how the document's printed values fare under it.
#include "lesson/rounding_check.hpp"
#include "render/value_format.hpp"

#include <string>

namespace bptrace {

std::string render_rounding_report(const Trace& exact, const RoundingEmulation& emulation,
                                   const ValueStyle& values);

}  // namespace bptrace
