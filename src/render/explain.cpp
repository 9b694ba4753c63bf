#include "render/explain.hpp"

#include "render/formula_printer.hpp"
#include "render/notation.hpp"
#include "render/spell.hpp"
#include "trace/names.hpp"

#include <unordered_set>

namespace bptrace {

namespace {

class Explainer {
 public:
  // Each value after its formula as a short result: "= 0.3775", "≈ 0.5932699921…".
  Explainer(const Trace& trace, const ValueStyle& values, std::string indent)
      : trace_(trace), result_(values.as(ValueForm::short_result)), operand_(decimal_style(10)), indent_(std::move(indent)) {
    operand_.parenthesized = true;
  }

  void explain(const Key& name, int depth) {
    const Step* step = trace_.find(name);
    if (!step || step->phase == Phase::given) return;
    std::string pad = indent_ + std::string(2 * static_cast<std::size_t>(depth), ' ');
    // The symbol, and the canonical name where it differs (a graph's node is its own name).
    const std::string symbol = bracket_symbol(name), canonical = canonical_name(name);
    std::string head = pad + symbol + (symbol == canonical ? "" : " [" + canonical + "]");
    if (!seen_.insert(name).second) {
      out_ += head + " " + value_text(step->value, result_) + "  (above)\n";
      return;
    }
    std::string symbols = print_formula(step->formula, Dialect::text, [](const Key& n, Place place) {
      return symbol_in_place(bracket_symbol(n), n, place);
    });
    std::string numbers = print_formula(step->formula, Dialect::text, [&](const Key& n, Place place) {
      const Step* s = trace_.find(n);
      return s ? operand_text(s->value, operand_, Dialect::text, place) : canonical_name(n);
    });
    // A seed has no formula (df/df = 1); a formula without references has no numbers to put in.
    out_ += head + (symbols.empty() ? "" : " = " + symbols) + (numbers == symbols ? "" : " = " + numbers) + " " +
            value_text(step->value, result_) + "\n";
    std::unordered_set<Key, KeyHash> referenced;
    for_each_reference(step->formula, [&](const Key& n) {
      if (referenced.insert(n).second) explain(n, depth + 1);
    });
  }

  std::string text() const { return out_; }

 private:
  const Trace& trace_;
  ValueStyle result_;
  ValueStyle operand_;  // inside a formula: 10 significant digits, never a fraction
  std::string indent_;
  std::unordered_set<Key, KeyHash> seen_;
  std::string out_;
};

}  // namespace

std::string render_explanation(const Trace& trace, const Key& quantity, const ValueStyle& values,
                               const std::string& indent) {
  Explainer e(trace, values, indent);
  e.explain(quantity, 0);
  return e.text();
}

}  // namespace bptrace
