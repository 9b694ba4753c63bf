#pragma once
// Checks every number a document prints against the engine: it passes when the exact value
// rounds to the printed digits, passes with a note when it only truncates to them, and fails
// otherwise, unless the lesson declares the value an erratum.
#include "lesson/lesson.hpp"
#include "trace/trace.hpp"

namespace bptrace {

enum class Verdict {
  rounds,            // the value rounds to the printed digits
  truncates,         // the value only truncates to them: passes, with a note
  erratum,           // a declared erratum: the document is wrong, and the lesson says why
  mismatch,          // fails
  erratum_matches,   // fails: declared an erratum, but the printed value is right
  uncertain,         // fails: the enclosure cannot decide (a value on a rounding boundary)
};

bool passes(Verdict v);
std::string verdict_name(Verdict v);

struct DocumentCheck {
  const DocumentValue* document = nullptr;
  Verdict verdict = Verdict::mismatch;
  std::string rounded;  // the engine's value at the printed precision, e.g. "0.0822"
};

// Every quantity a [[document]] names must exist in the trace: LessonError at its location.
void validate_document_names(const Lesson& lesson, const Trace& trace);
std::vector<DocumentCheck> check_documents(const Lesson& lesson, const Trace& trace);

// The verdict for one printed text against one value (exposed for tests).
Verdict judge(const Value& value, const std::string& printed, bool declared_erratum);

}  // namespace bptrace
