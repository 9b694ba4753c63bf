#pragma once
// Checks every number a document prints against the engine: it passes when the exact value
// rounds to the printed digits, passes with a note when it only truncates to them, and fails
// otherwise, unless the lesson declares the value an erratum or a tolerance lets it pass.
#include "lesson/lesson.hpp"
#include "trace/checks.hpp"
#include "trace/trace.hpp"

namespace bptrace {

// Every quantity a [[document]] names must exist in the trace: LessonError at its location.
void validate_document_names(const Lesson& lesson, const Trace& trace);
std::vector<DocumentCheck> check_documents(const Lesson& lesson, const Trace& trace);

// The verdict for one printed text against one value (exposed for tests); a tolerance
// ([[document]] tolerance / relative_tolerance) lets a float's printed digits pass.
Verdict judge(const Value& value, const std::string& printed, bool declared_erratum,
              const std::optional<DocumentTolerance>& tolerance = std::nullopt);

}  // namespace bptrace
