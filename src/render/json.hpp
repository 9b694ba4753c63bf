#pragma once
// The whole trace as JSON data, in the schema docs/trace.schema.json: canonical names, phases,
// formula templates, symbols in a notation, and each value exactly (a fraction) or certified
// (correctly rounded digits and an outward-rounded enclosure). Renders only.
#include "trace/checks.hpp"
#include "render/notation.hpp"
#include "render/value_format.hpp"
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

inline constexpr const char* kTraceSchemaId = "https://bptrace.invalid/trace.schema.json";

std::string render_json(const Trace& trace, const Notation& notation,
                        const std::vector<DocumentCheck>& checks, const ValueStyle& values);

}  // namespace bptrace
