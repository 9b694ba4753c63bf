#pragma once
// The annotated derivation as plain text: for every quantity its formula, the formula with the
// numbers substituted, and its value. Renders only; every number comes from the trace.
#include "lesson/document_check.hpp"
#include "lesson/lesson.hpp"
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

struct TextOptions {
  int digits = 15;  // significant digits of certified values
};

std::string render_derivation(const Lesson& lesson, const Trace& trace, const TextOptions& options);
std::string render_document_checks(const Lesson& lesson, const Trace& trace,
                                   const std::vector<DocumentCheck>& checks, int digits);
std::string render_errata(const Lesson& lesson);
// Only the given (failed) checks, without the summary and errata: for `bptrace test`.
std::string render_failed_checks(const Trace& trace, const std::vector<DocumentCheck>& failures, int digits);

}  // namespace bptrace
