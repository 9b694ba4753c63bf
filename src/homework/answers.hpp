#pragma once
// A student's answers: a quantity (a canonical name, or a name written in the lesson's notation)
// and the value exactly as the student wrote it: a decimal, a fraction, or scientific notation.
#include "model/source_location.hpp"
#include "trace/trace.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

struct Answer {
  std::string written_name;  // as the student wrote it: "dL/dw_{1,1}^{[1]}"
  std::string value;         // verbatim: "0.000438", "4.38e-4", "-7/20"
  SourceLocation location;   // in the answers file; empty for --answer
  Key quantity;              // once resolved
};

// An answer's number as bptrace reads it: ".0822" and "-.5", as students write them, become
// "0.0822" and "-0.5" (the same digits, so the same precision); any other text is returned as is.
std::string answer_digits(const std::string& written);

// "NAME=VALUE" (split at the last '='). Throws UsageError on anything else.
Answer parse_answer_argument(const std::string& argument);

// An answers file (TOML), each answer an [[answer]] table:
//   quantity = "layer1.dW[1,1]"   # or in the lesson's notation: "dL/dw_{1,1}^{[1]}"
//   value = "0.000438"            # a string: the digits as written
// Throws LessonError with the file:line:column of a problem.
std::vector<Answer> load_answers(const std::string& path);
// The same, from the text of a file called `path` (the fuzz target's entry).
std::vector<Answer> parse_answers(const std::string& path, const std::string& text);

// The canonical name of a quantity written canonically or in document 001's bracket notation
// (z_j^{[l]}, a_j^{[l]}, w_{j,i}^{[l]}, b_j^{[l]}, dL/dw_{j,i}^{[l]}, \delta_j^{[l]}, x_i, y_k,
// \hat{y}_k, L, \eta...), when the trace has it.
// Also, through `aliases`, a name as the lesson's own notation spells a quantity (its text or
// LaTeX symbol, compared after the same forgiving normalisation).
using NameAliases = std::vector<std::pair<std::string, Key>>;  // (spelling, quantity)
std::optional<Key> resolve_quantity(const std::string& written, const Trace& trace, const NameAliases& aliases = {});

// Resolves every answer's name, or throws UsageError (LessonError for a file) naming the closest
// names of the trace ("did you mean ...").
void resolve_answers(std::vector<Answer>& answers, const Trace& trace, const NameAliases& aliases = {});

// The trace's names closest to `written` (at most `count`), ranked by trace/suggest.hpp over the
// canonical names and the aliases; a bracket-notation name is compared as its canonical name.
std::vector<std::string> closest_names(const std::string& written, const Trace& trace, std::size_t count = 3,
                                       const NameAliases& aliases = {});
// "no quantity 'X' in this lesson; did you mean …?" (or "… not traced in full …") for an answer's name.
std::string unknown_answer_name(const std::string& written, const Trace& trace, const NameAliases& aliases = {});

}  // namespace bptrace
