#include "engine/certify.hpp"

#include "number/decimal.hpp"

namespace bptrace {

namespace {

constexpr unsigned kMaxWorkingDigits = 4000;

bool certain(const Value& v, int digits) {
  return v.is_exact() || certain_decimal(v.enclosure(), digits).has_value();
}

bool all_certain(const Trace& trace, int digits) {
  for (const Step& step : trace.steps()) {
    if (!certain(step.value, digits)) return false;
    for (const Contribution& c : step.contributions)
      if (!certain(c.value, digits)) return false;
  }
  return true;
}

}  // namespace

CertifiedTrace certified_trace(const Problem& problem, int digits, const Variant& variant) {
  return certify([&] { return backpropagate(problem, variant); }, digits);
}

CertifiedTrace certify(const std::function<Trace()>& compute, int digits) {
  for (unsigned working = static_cast<unsigned>(digits) + 20;; working *= 2) {
    bool last = working >= kMaxWorkingDigits;
    WorkingPrecision precision(working);
    try {
      Trace trace = compute();
      // A value whose enclosure stays around an exact 0, or on a rounding tie, never becomes
      // certain: past the limit it is printed with the digits that are certain.
      if (last || all_certain(trace, digits)) return CertifiedTrace{std::move(trace), digits, working};
    } catch (const NeedMorePrecision& e) {
      if (!last) continue;
      // Undecided past the precision limit: almost surely an exact 0 reached through exp, log or σ.
      const auto* undecided = dynamic_cast<const UndecidedValue*>(&e);
      std::string what = undecided ? e.what() : std::string("cannot certify the computation (") + e.what() + ")";
      throw LessonError(undecided ? undecided->where : SourceLocation{},
                        what + " even at " + std::to_string(working) +
                            " working digits; expected a value that is exact or certainly away from 0");
    }
  }
}

}  // namespace bptrace
