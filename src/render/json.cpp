#include "render/json.hpp"

#include "number/decimal.hpp"
#include "render/formula_printer.hpp"
#include "render/outline.hpp"
#include "render/spell.hpp"
#include "trace/names.hpp"
#include "trace/paths.hpp"

#include <fmt/format.h>

namespace bptrace {

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string phase_name(Phase phase) {
  switch (phase) {
    case Phase::given: return "given";
    case Phase::forward: return "forward";
    case Phase::loss: return "loss";
    case Phase::backward: return "backward";
    case Phase::update: return "update";
    case Phase::local: return "local";
    case Phase::tangent: return "tangent";
    case Phase::jacobian: return "jacobian";
    case Phase::count: return "count";
    case Phase::document: return "document";
    case Phase::summary: return "summary";
    case Phase::schedule: return "schedule";
  }
  return "";
}

// An endpoint rounded outward, so the printed enclosure still contains the true value.
std::string outward(const Interval& x, int digits, bool upper) { return to_string(outward_end(x, digits, upper)); }

// A value as data: exact, its fraction, its whole decimal when it terminates (up to 60 digits) and
// its digits as printed; certified, its certain digits and an enclosure with 5 digits more.
std::string value_json(const Value& v, const ValueStyle& values) {
  if (v.is_exact()) {
    std::string out = "{\"exact\": true, \"fraction\": " + json_string(value_text(v, values.as(ValueForm::exact)));
    if (auto d = terminating_decimal(v.exact(), 60)) out += ", \"decimal\": " + json_string(*d);
    return out + ", \"digits\": " + json_string(value_text(v, values.as(ValueForm::number))) + "}";
  }
  const bool complete = certified_text(v, values.digits).complete;
  Interval x = v.enclosure();
  return fmt::format("{{\"exact\": false, \"digits\": {}, \"complete\": {}, \"lower\": {}, \"upper\": {}}}",
                     json_string(value_text(v, values.as(ValueForm::exact))), complete ? "true" : "false",
                     json_string(outward(x, values.digits + 5, false)), json_string(outward(x, values.digits + 5, true)));
}

std::string math_json(const Math& m) {
  return "{\"text\": " + json_string(m.text) + ", \"latex\": " + json_string(m.latex) + "}";
}

// The formula with each reference written `{canonical name}`: the JSON format's template.
std::string formula_template(const Formula& formula) {
  return print_formula(formula, Dialect::text, [](const Key& key, Place) { return "{" + canonical_name(key) + "}"; });
}

std::string step_json(const Step& step, const Trace& trace, const Notation& notation, const ValueStyle& values) {
  std::string out = "    {\"name\": " + json_string(canonical_name(step.key)) + ", \"phase\": " + json_string(phase_name(step.phase)) +
                    ",\n     \"symbol\": " + math_json(notation.symbol(step.key)) +
                    ",\n     \"formula\": " + json_string(formula_template(step.formula));
  if (!step.formula.empty())
    out += ",\n     \"formula_symbols\": " +
           math_json(Math{formula_symbols(step.formula, notation, Dialect::text),
                          formula_symbols(step.formula, notation, Dialect::latex)});
  out += ",\n     \"value\": " + value_json(step.value, values);
  const PathTerms terms = path_terms(trace, step);
  if (!terms.empty()) {
    out += ",\n     \"contributions\": [";
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const Contribution& c = terms[i];
      out += (i ? ",\n       " : "\n       ") + std::string("{\"via\": ") + json_string(canonical_name(c.via)) +
             ", \"formula\": " + json_string(formula_template(c.formula)) + ", \"value\": " + value_json(c.value, values) + "}";
    }
    out += "]";
  }
  return out + "}";
}

}  // namespace

std::string render_json(const Trace& trace, const Notation& notation,
                        const std::vector<DocumentCheck>& checks, const ValueStyle& values) {
  std::string out = "{\n";
  out += "  \"$schema\": " + json_string(kTraceSchemaId) + ",\n";
  out += "  \"format\": \"bptrace-trace\",\n  \"version\": 1,\n";
  const TraceHeader& lesson = trace.header;
  out += "  \"lesson\": {\"name\": " + json_string(lesson.name) + ", \"title\": " + json_string(lesson.title) +
         ", \"source\": " + json_string(lesson.source) + ", \"example\": " + json_string(lesson.example) +
         ", \"notation\": " + json_string(lesson.notation) + "},\n";
  out += "  \"notation\": " + json_string(notation_name(notation.kind())) + ",\n";
  out += fmt::format("  \"digits\": {},\n", values.digits);
  out += "  \"steps\": [\n";
  const auto& steps = trace.steps();
  for (std::size_t i = 0; i < steps.size(); ++i)
    out += step_json(steps[i], trace, notation, values) + (i + 1 < steps.size() ? ",\n" : "\n");
  out += "  ],\n  \"document_checks\": [";
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const DocumentValue& d = *checks[i].document;
    out += (i ? ",\n    " : "\n    ") + std::string("{\"quantity\": ") + json_string(d.quantity) +
           ", \"printed\": " + json_string(d.printed) + ", \"engine\": " + json_string(checks[i].rounded) +
           ", \"verdict\": " + json_string(verdict_name(checks[i].verdict)) +
           ", \"passes\": " + (passes(checks[i].verdict) ? "true" : "false") + ", \"where\": " + json_string(d.where) + "}";
  }
  out += checks.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace bptrace
