#include "lesson/rounding_check.hpp"

namespace bptrace {

namespace {

// Whether `emulated` is `exact` rounded once by its rule, or equal to it where the policy leaves
// the quantity exact (undecided counts as yes: no drift shown).
bool one_rounding(const std::optional<RoundingRule>& rule, const Value& exact, const Value& emulated) {
  try {
    if (rule) return emulated.is_exact() && apply(*rule, exact).exact() == emulated.exact();
    return sign(emulated - exact) == 0;
  } catch (const NeedMorePrecision&) {
    return true;
  }
}

}  // namespace

RoundingEmulation emulate_rounding(const Lesson& lesson, const Trace& exact, const RoundingPolicy& rule) {
  RoundingEmulation out{rule, trace_lesson(lesson, kGoldenDigits, rounded_intermediates(rule)).trace, {}, {}};
  for (const Step& step : exact.steps()) {
    if (step.phase == Phase::given) continue;
    const Value& emulated = out.trace.value(step.key);
    if (!one_rounding(rule.rule_for(step.key.quantity, step.phase), step.value, emulated)) out.drifts.push_back(Drift{step.key, step.value, emulated});
  }
  for (const DocumentValue& d : lesson.documents) {
    if (d.formula) continue;  // a printed formula, not a printed number: there are no digits to round
    bool erratum = d.erratum.has_value();
    const Key key = *exact.key(d.quantity);  // validated: the lesson's trace has it
    out.documents.push_back(RoundedDocumentCheck{&d, key, judge(exact.value(key), d.printed, erratum, d.tolerance),
                                                 judge(out.trace.value(key), d.printed, erratum, d.tolerance)});
  }
  return out;
}

}  // namespace bptrace
