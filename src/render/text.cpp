#include "render/text.hpp"

#include "number/decimal.hpp"
#include "render/notation.hpp"

#include <fmt/format.h>

#include <cctype>

namespace bptrace {

namespace {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Decimal digits of a value: an exact one rounded exactly, an enclosure where certain.
std::string rounded(const Value& v, int digits) {
  if (v.is_exact()) return to_string(round_significant(v.exact(), digits));
  return certified_text(v, digits).text;
}

// A value as it appears inside a formula: short, and every digit certain.
std::string short_value(const Value& v) {
  std::string text;
  if (v.is_exact()) {
    auto d = terminating_decimal(v.exact(), 10);
    std::string fraction = fraction_string(v.exact());
    text = d ? *d : fraction.size() <= 12 ? fraction : rounded(v, 10);
  } else {
    text = rounded(v, 10);
  }
  return sign(v) < 0 && text.front() == '-' ? "(" + text + ")" : text;
}

// "= 151/400 = 0.3775", "= 1/3 ≈ 0.333…", "≈ 0.593269992107786".
std::string full_value(const Value& v, int digits) {
  if (!v.is_exact()) {
    ValueText t = certified_text(v, digits);
    return "≈ " + t.text + (t.complete ? "" : "  (only these digits are certain)");
  }
  std::string fraction = fraction_string(v.exact());
  auto decimal = terminating_decimal(v.exact(), digits);
  if (decimal && *decimal == fraction) return "= " + fraction;
  if (fraction.size() > 60) fraction = "(exact fraction of " + std::to_string(fraction.size()) + " characters)";
  if (decimal) return "= " + fraction + " = " + *decimal;
  return "= " + fraction + " ≈ " + rounded(v, digits);
}

std::string with_symbols(const std::string& formula) {
  return substitute(formula, [](const std::string& name) { return bracket_symbol(name); });
}

std::string with_numbers(const std::string& formula, const Trace& trace) {
  return substitute(formula, [&](const std::string& name) {
    const Step* s = trace.find(name);
    return s ? short_value(s->value) : name;
  });
}

std::string phase_title(Phase phase) {
  switch (phase) {
    case Phase::given: return "Given";
    case Phase::forward: return "Forward pass";
    case Phase::loss: return "Loss";
    case Phase::backward: return "Backward pass";
    case Phase::update: return "Gradient-descent update";
    case Phase::local: return "Local derivatives: one per edge, ∂node/∂operand";
    case Phase::tangent: return "Forward mode: one sweep per input, tangents ∂node/∂input";
    case Phase::jacobian: return "Jacobians and chain-rule products";
    case Phase::count: return "Operation counts (additions and subtractions)";
    case Phase::document: return "Formulas the document prints, at this point";
  }
  return "";
}

// "step3.layer1.z[1]" -> 3; 1 when unprefixed. Update results belong to the step that made them.
int step_of(const Step& step) {
  // Only "step<digits>." is a step prefix: a graph may name a node "stepsize".
  std::size_t digits = 4;
  while (digits < step.name.size() && std::isdigit(static_cast<unsigned char>(step.name[digits]))) ++digits;
  if (step.name.rfind("step", 0) != 0 || digits == 4 || digits >= step.name.size() || step.name[digits] != '.') return 1;
  int n = std::stoi(step.name.substr(4));
  return step.phase == Phase::update ? n - 1 : n;
}

void render_step(std::string& out, const Step& step, const Trace& trace, int digits) {
  std::string symbol = bracket_symbol(step.name);
  std::string lhs = "  " + symbol + " ";
  std::string indent(display_width(lhs), ' ');
  if (step.formula.empty()) {
    out += lhs + full_value(step.value, digits) + "\n";
    return;
  }
  out += lhs + "= " + with_symbols(step.formula) + "\n";
  std::string numbers = with_numbers(step.formula, trace);
  if (numbers != with_symbols(step.formula)) out += indent + "= " + numbers + "\n";
  out += indent + full_value(step.value, digits) + "   [" + step.name + "]\n";
  if (step.contributions.empty()) return;
  out += indent + fmt::format("a sum over {} paths:\n", step.contributions.size());
  for (const Contribution& c : step.contributions) {
    out += indent + "  via " + bracket_symbol(c.via) + ": " + with_symbols(c.formula) + "\n";
    out += indent + "      = " + with_numbers(c.formula, trace) + " " + full_value(c.value, digits) + "\n";
  }
}

}  // namespace

std::string render_derivation(const Lesson& lesson, const Trace& trace, const TextOptions& options) {
  std::string out;
  out += fmt::format("{} — {}\n", lesson.example.empty() ? lesson.name : lesson.example, lesson.title);
  out += fmt::format("source: {}\n", lesson.source);
  if (!lesson.description.empty()) out += "\n" + lesson.description + "\n";
  out += fmt::format(
      "\nValues: '=' exact (fraction, and its decimal); '≈' certified, correctly rounded to {} "
      "significant digits\n(every digit printed is certain). Numbers inside formulas are shortened "
      "to 10 digits.\n",
      options.digits);
  Phase phase = Phase::given;
  int step_number = 0;
  bool first = true;
  for (const Step& step : trace.steps()) {
    int n = step.phase == Phase::given ? 0 : step_of(step);
    if (n != step_number && n > 1) out += fmt::format("\n=== Gradient-descent step {} ===\n", n);
    if (first || step.phase != phase || n != step_number) {
      out += "\n-- " + phase_title(step.phase) + " --\n";
      phase = step.phase;
      step_number = n;
      first = false;
    }
    render_step(out, step, trace, options.digits);
  }
  return out;
}

std::string render_document_checks(const Lesson& lesson, const Trace& trace,
                                   const std::vector<DocumentCheck>& checks, int digits) {
  if (checks.empty()) return "";
  std::string out = fmt::format("\n-- Document checks: {} printed numbers --\n", checks.size());
  int rounds = 0, truncates = 0, errata = 0, failed = 0;
  for (const DocumentCheck& c : checks) {
    const DocumentValue& d = *c.document;
    const Value& v = trace.value(d.quantity);
    std::string mark = passes(c.verdict) ? "ok  " : "FAIL";
    out += fmt::format("  {} {} [{}]: printed {}, engine {}", mark, bracket_symbol(d.quantity), d.quantity,
                       d.printed, c.rounded);
    switch (c.verdict) {
      case Verdict::rounds: ++rounds; out += "\n"; break;
      case Verdict::truncates:
        ++truncates;
        out += fmt::format("\n       note: the document truncates: the value {} rounds to {}, not {}\n",
                           full_value(v, digits), c.rounded, d.printed);
        break;
      case Verdict::erratum:
        ++errata;
        out += fmt::format("\n       erratum (declared): {}\n", *d.erratum);
        break;
      case Verdict::mismatch:
        ++failed;
        out += fmt::format("\n       the value {} neither rounds nor truncates to {}\n", full_value(v, digits), d.printed);
        break;
      case Verdict::erratum_matches:
        ++failed;
        out += "\n       declared an erratum, but the printed value is right: remove the erratum\n";
        break;
      case Verdict::uncertain:
        ++failed;
        out += "\n       the certified value lies on a rounding boundary of the printed digits: undecided\n";
        break;
    }
    out += fmt::format("       ({})\n", d.where);
  }
  out += fmt::format("  {} round, {} only truncate, {} declared errata, {} failed\n", rounds, truncates, errata, failed);
  return out + render_errata(lesson);
}

std::string render_errata(const Lesson& lesson) {
  if (lesson.errata.empty()) return "";
  std::string out = "\n-- Errata of the document for this example --\n";
  for (const Erratum& e : lesson.errata) {
    out += fmt::format("  * {}\n      printed: {}\n      correct: {}\n      why: {}\n", e.where, e.printed,
                       e.correct, e.explanation);
  }
  return out;
}

}  // namespace bptrace
