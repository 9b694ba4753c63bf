#include "render/explain.hpp"

#include "number/decimal.hpp"
#include "render/notation.hpp"
#include "trace/names.hpp"

#include <unordered_set>

namespace bptrace {

namespace {

std::string value_text(const Value& v, int digits) {
  if (v.is_exact()) {
    auto d = terminating_decimal(v.exact(), digits);
    return d ? "= " + *d : "= " + fraction_string(v.exact()) + " ≈ " + to_string(round_significant(v.exact(), digits));
  }
  return "≈ " + certified_text(v, digits).text;
}

// Inside a formula: 10 significant digits, negative numbers in parentheses.
std::string operand(const Value& v) {
  std::string text = v.is_exact() ? terminating_decimal(v.exact(), 10).value_or(to_string(round_significant(v.exact(), 10)))
                                  : certified_text(v, 10).text;
  return text.front() == '-' ? "(" + text + ")" : text;
}

class Explainer {
 public:
  Explainer(const Trace& trace, int digits, std::string indent)
      : trace_(trace), digits_(digits), indent_(std::move(indent)) {}

  void explain(const Key& name, int depth) {
    const Step* step = trace_.find(name);
    if (!step || step->phase == Phase::given) return;
    std::string pad = indent_ + std::string(2 * static_cast<std::size_t>(depth), ' ');
    std::string head = pad + bracket_symbol(name) + " [" + canonical_name(name) + "]";
    if (!seen_.insert(name).second) {
      out_ += head + " " + value_text(step->value, digits_) + "  (above)\n";
      return;
    }
    std::string symbols = substitute(step->formula, [](const Key& n) { return bracket_symbol(n); });
    std::string numbers = substitute(step->formula, [&](const Key& n) {
      const Step* s = trace_.find(n);
      return s ? operand(s->value) : canonical_name(n);
    });
    out_ += head + " = " + symbols + " = " + numbers + " " + value_text(step->value, digits_) + "\n";
    std::unordered_set<Key, KeyHash> referenced;
    for_each_reference(step->formula, [&](const Key& n) {
      if (referenced.insert(n).second) explain(n, depth + 1);
    });
  }

  std::string text() const { return out_; }

 private:
  const Trace& trace_;
  int digits_;
  std::string indent_;
  std::unordered_set<Key, KeyHash> seen_;
  std::string out_;
};

}  // namespace

std::string render_explanation(const Trace& trace, const Key& quantity, int digits, const std::string& indent) {
  Explainer e(trace, digits, indent);
  e.explain(quantity, 0);
  return e.text();
}

}  // namespace bptrace
