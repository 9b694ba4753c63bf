#include "report/judge.hpp"

#include "lesson/trace_lesson.hpp"
#include "render/notation.hpp"
#include "render/text.hpp"

#include <algorithm>

namespace bptrace {

NameAliases notation_spellings(const Trace& trace, const Notation& notation) {
  NameAliases aliases;
  if (notation.cannot_express()) return aliases;
  for (const Step& step : trace.steps()) {
    Math symbol = notation.symbol(step.key);
    aliases.emplace_back(symbol.text, step.key);
    aliases.emplace_back(symbol.latex, step.key);
  }
  return aliases;
}

NameAliases notation_aliases(const Trace& trace) {
  auto kind = notation_from_name(trace.header.notation);
  if (!kind) return {};
  return notation_spellings(trace, trace_notation(trace, *kind));
}

Judge::Judge(Lesson lesson, int digits, std::optional<RoundingPolicy> extra_rounding)
    : lesson_(std::move(lesson)),
      extra_rounding_(extra_rounding ? extra_rounding : lesson_.rounding),
      exact_(trace_lesson(lesson_, std::max(digits, kGoldenDigits)).trace),
      aliases_(notation_aliases(exact_)) {}

std::optional<Key> Judge::resolve(const std::string& written) const {
  auto found = resolved_.find(written);
  if (found != resolved_.end()) return found->second;
  return resolved_[written] = resolve_quantity(written, exact_, aliases_);
}

const std::vector<MistakeTrace>& Judge::mistakes() const {
  if (!mistakes_) mistakes_ = mistake_traces(lesson_, exact_, extra_rounding_);
  return *mistakes_;
}

}  // namespace bptrace
