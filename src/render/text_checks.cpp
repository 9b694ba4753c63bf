#include "render/text.hpp"

#include "render/spell.hpp"
#include "render/text_layout.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bptrace {

using namespace layout;

namespace {

// The significant digits of a printed decimal ("0.00043856773447434701" has 17); 0 for a fraction.
int printed_digits(const std::string& printed) {
  if (printed.find('/') != std::string::npos) return 0;
  int digits = 0;
  bool leading = true;
  for (char c : printed) {
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') continue;
    leading = leading && c == '0';
    if (!leading) ++digits;
  }
  return digits;
}

struct CheckCounts {
  int rounds = 0, truncates = 0, tolerated = 0, errata = 0, failed = 0;
};

// One line per check, and a note where it needs one.
std::string check_lines(const Trace& trace, const Notation& notation, const std::vector<DocumentCheck>& checks,
                        const ValueStyle& values, CheckCounts& counts) {
  std::string out;
  int& rounds = counts.rounds;
  int& truncates = counts.truncates;
  int& errata = counts.errata;
  int& failed = counts.failed;
  for (const DocumentCheck& c : checks) {
    const DocumentValue& d = *c.document;
    const Trace::Found found = *trace.find_name(d.quantity);
    const Value& v = found.value();
    std::string mark = passes(c.verdict) ? "ok  " : "FAIL";
    out += wrap(fmt::format("{} [{}]: printed {}, engine {}", notation.symbol(c.key).text, d.quantity, d.printed,
                            c.rounded),
                "  " + mark + " ", "         ");
    switch (c.verdict) {
      case Verdict::rounds: ++rounds; break;
      case Verdict::truncates:
        ++truncates;
        out += wrap(fmt::format("note: the document truncates: the value {} rounds to {}, not {}",
                                styled(v, values.with_digits(std::max(values.digits, printed_digits(d.printed) + 2))),
                                c.rounded, d.printed),
                    "       ", "         ");
        break;
      case Verdict::within_tolerance:
        ++counts.tolerated;
        out += wrap(fmt::format("note: a floating-point value, within the lesson's tolerance, {}: the value {} is {} "
                                "from it (at its printed digits the value rounds to {})",
                                c.tolerance_clause,
                                styled(v, values.with_digits(std::max(values.digits, printed_digits(d.printed) + 2))),
                                c.tolerance_distance, c.rounded),
                    "       ", "         ");
        break;
      case Verdict::erratum:
        ++errata;
        out += wrap("erratum (declared): " + *d.erratum, "       ", "         ");
        break;
      case Verdict::mismatch:
        ++failed;
        // At least as many digits as the printed value has, and two more, to show where they part.
        out += wrap(fmt::format("the value {} neither rounds nor truncates to {}",
                                        styled(v, values.with_digits(std::max(values.digits, printed_digits(d.printed) + 2))),
                                        d.printed),
                            "       ", "         ");
        break;
      case Verdict::erratum_matches:
        ++failed;
        out += "       declared an erratum, but the printed value is right: remove the erratum\n";
        break;
      case Verdict::uncertain:
        ++failed;
        out += "       the certified value lies on a rounding boundary of the printed digits: undecided\n";
        break;
    }
    out += wrap("(" + d.where + ")", "       ", "        ");
  }
  return out;
}

}  // namespace

std::string render_document_checks(const Trace& trace, const Notation& notation,
                                   const std::vector<DocumentCheck>& checks, const ValueStyle& values) {
  if (checks.empty()) return "";
  CheckCounts n;
  std::string out = fmt::format("\n-- Document checks: {} printed number{} --\n", checks.size(), checks.size() == 1 ? "" : "s");
  out += check_lines(trace, notation, checks, values, n);
  const std::string tolerated = n.tolerated ? fmt::format(", {} within tolerance", n.tolerated) : "";
  out += fmt::format("  {} round, {} only truncate{}, {} declared errata, {} failed\n", n.rounds, n.truncates,
                     tolerated, n.errata, n.failed);
  return out + render_errata(trace);
}

std::string render_failed_checks(const Trace& trace, const std::vector<DocumentCheck>& failures,
                                 const ValueStyle& values) {
  CheckCounts n;
  return check_lines(trace, trace_notation(trace, NotationKind::bracket), failures, values, n);
}

std::string render_errata(const Trace& trace) {
  const TraceHeader& lesson = trace.header;
  if (lesson.errata.empty()) return "";
  std::string out = "\n-- Errata of the document for this example --\n";
  for (const Erratum& e : lesson.errata) {
    out += wrap(e.where, "  * ", "    ") + wrap(e.printed, "      printed: ", "        ") +
           wrap(e.correct, "      correct: ", "        ") + wrap(e.explanation, "      why: ", "        ");
  }
  return out;
}

}  // namespace bptrace
