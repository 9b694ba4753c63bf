#include "report/rounding_report.hpp"

#include "render/value_format.hpp"
#include "render/notation.hpp"
#include "trace/names.hpp"

#include <fmt/format.h>

namespace bptrace {

namespace {

// emulated − exact, to 3 significant digits, with its sign.
std::string drift_text(const Drift& d) {
  Value difference = d.emulated - d.exact;
  std::string text = value_text(difference, decimal_style(3));
  return text.front() == '-' ? text : "+" + text;
}

std::string verdict_text(Verdict v) {
  switch (v) {
    case Verdict::rounds: return "rounds to it";
    case Verdict::truncates: return "only truncates to it";
    case Verdict::within_tolerance: return "lies within its tolerance";
    case Verdict::erratum: return "differs (declared erratum)";
    case Verdict::mismatch: return "neither rounds nor truncates to it";
    case Verdict::erratum_matches: return "matches (yet declared an erratum)";
    case Verdict::uncertain: return "undecided";
  }
  return "";
}

}  // namespace

std::string render_rounding_report(const Trace& exact, const RoundingEmulation& e, const ValueStyle& values) {
  const ValueStyle digits = decimal_style(values.digits);  // digits to compare, never a fraction
  const std::string rule = describe(e.rule);
  std::string out = e.rule.is_uniform()
                        ? fmt::format("\n-- Rounding emulation: every intermediate {} as it is produced --\n", rule)
                        : fmt::format("\n-- Rounding emulation: intermediates {} as they are produced --\n", rule);
  if (e.drifts.empty()) {
    out += "  every emulated value is its exact value rounded once: no drift accumulates\n";
  } else {
    out += fmt::format("  {} beyond one rounding of {} exact value (emulated − exact):\n",
                       e.drifts.size() == 1 ? "1 quantity drifts" : std::to_string(e.drifts.size()) + " quantities drift",
                       e.drifts.size() == 1 ? "its" : "their");
    for (const Drift& d : e.drifts)
      out += fmt::format("    {} [{}]: exact {}, emulated {}, drift {}\n", bracket_symbol(d.quantity), canonical_name(d.quantity),
                         styled(d.exact, digits), styled(d.emulated, digits), drift_text(d));
  }
  for (const RoundedDocumentCheck& c : e.documents) {
    const DocumentValue& d = *c.document;
    if (c.exact == c.emulated) continue;
    out += fmt::format("  printed {} for {} [{}]: the exact value {} {}; the emulated value {} {}\n", d.printed,
                       bracket_symbol(c.key), d.quantity, styled(exact.value(c.key), digits),
                       verdict_text(c.exact), styled(e.trace.value(c.key), digits), verdict_text(c.emulated));
    if (c.rescued()) out += fmt::format("    matches if intermediates are {}\n", rule);
  }
  return out;
}

}  // namespace bptrace
