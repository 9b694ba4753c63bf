#pragma once
// The annotated derivation as plain text for an 80-column terminal: for every quantity its
// formula, the formula with the numbers substituted, and its value, in a notation. Renders only;
// every number comes from the trace.
#include "trace/checks.hpp"
#include "render/notation.hpp"
#include "render/outline.hpp"
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

using TextOptions = RenderOptions;

std::string render_derivation(const Trace& trace, const Notation& notation, const TextOptions& options);
// In the bracket notation.
std::string render_derivation(const Trace& trace, const TextOptions& options);
// In the notation of the derivation above them.
std::string render_document_checks(const Trace& trace, const Notation& notation, const std::vector<DocumentCheck>& checks,
                                   const ValueStyle& values);
std::string render_errata(const Trace& trace);
// Training: a table of the loss per update and per epoch (empty for a single loss).
std::string render_training_summary(const Trace& trace, const TextOptions& options);
// Only the given (failed) checks, without the summary and errata: for `bptrace test`.
std::string render_failed_checks(const Trace& trace, const std::vector<DocumentCheck>& failures,
                                 const ValueStyle& values);

// Whether text output is coloured: only on a terminal, and neither when NO_COLOR is set to a
// non-empty value (no-color.org: an empty NO_COLOR does not count) nor when TERM is "dumb".
// The arguments are isatty(stdout), getenv("NO_COLOR") and getenv("TERM").
bool terminal_color(bool stdout_is_terminal, const char* no_color, const char* term);

// The trace's network as a Notation of the given kind.
Notation trace_notation(const Trace& trace, NotationKind kind);

}  // namespace bptrace
