#include "render/explain.hpp"

#include "render/formula_printer.hpp"
#include "render/notation.hpp"
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
    std::string head = pad + bracket_symbol(name) + " [" + canonical_name(name) + "]";
    if (!seen_.insert(name).second) {
      out_ += head + " " + value_text(step->value, result_) + "  (above)\n";
      return;
    }
    std::string symbols = print_formula(step->formula, Dialect::text, [](const Key& n, bool) { return bracket_symbol(n); });
    std::string numbers = print_formula(step->formula, Dialect::text, [&](const Key& n, bool) {
      const Step* s = trace_.find(n);
      return s ? value_text(s->value, operand_) : canonical_name(n);
    });
    out_ += head + " = " + symbols + " = " + numbers + " " + value_text(step->value, result_) + "\n";
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
