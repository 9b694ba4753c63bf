#include "engine/certify.hpp"

#include "number/decimal.hpp"
#include "tape/sweep.hpp"
#include "trace/names.hpp"
#include "trace/paths.hpp"

namespace bptrace {

namespace {

constexpr unsigned kMaxWorkingDigits = 4000;

bool certain(const Value& v, int digits) {
  return v.is_exact() || certain_decimal(v.enclosure(), digits).has_value();
}

// Whether `ok` holds for a step's value and for each term it stores or derives.
template <class Ok>
bool every_value(const Trace& trace, const Step& step, Ok ok) {
  if (!ok(step.value)) return false;
  for (const Contribution& c : step.contributions)
    if (!ok(c.value)) return false;
  if (step.terms == Step::Terms::derived)
    for (const Contribution& c : path_terms(trace, step))
      if (!ok(c.value)) return false;
  return true;
}

bool all_certain(const Trace& trace, int digits) {
  for (const Step& step : trace.steps())
    if (!every_value(trace, step, [digits](const Value& v) { return certain(v, digits); })) return false;
  return true;
}

// The first value in trace order that overflowed: the forward value where it starts, before the
// values computed from it.
void refuse_unbounded(const Trace& trace, const KeyPlace& where) {
  for (const Step& step : trace.steps()) {
    if (!every_value(trace, step, [](const Value& v) { return is_bounded(v); }))
      throw LessonError(where ? where(step.key) : SourceLocation{}, std::string(kOverflow) + " in " + canonical_name(step.key));
  }
}

// A network's quantity is computed where its layer is written; the loss where [loss] is.
SourceLocation network_place(const Problem& problem, const Key& key) {
  const auto& layers = problem.network.layers;
  if (key.layer >= 1 && static_cast<std::size_t>(key.layer) <= layers.size()) return layers[key.layer - 1].where;
  if (problem.loss) return problem.loss->where;
  return layers.empty() ? SourceLocation{} : layers.front().where;
}

}  // namespace

CertifiedTrace certified_trace(const Problem& problem, int digits, const Variant& variant) {
  return certify([&] { return backpropagate(problem, variant); }, digits,
                 [&](const Key& key) { return network_place(problem, key); });
}

CertifiedTrace certify(const std::function<Trace()>& compute, int digits, const KeyPlace& where) {
  for (unsigned working = static_cast<unsigned>(digits) + 20;; working *= 2) {
    bool last = working >= kMaxWorkingDigits;
    WorkingPrecision precision(working);
    try {
      Trace trace = compute();
      trace.derivation.working_digits = working;
      refuse_unbounded(trace, where);
      // A value whose enclosure stays around an exact 0, or on a rounding tie, never becomes
      // certain: past the limit it is printed with the digits that are certain.
      if (last || all_certain(trace, digits)) return CertifiedTrace{std::move(trace), digits, working};
    } catch (const NeedMorePrecision& e) {
      if (!last) continue;
      // Undecided past the precision limit: almost surely an exact 0 reached through exp, log or σ.
      const auto* undecided = dynamic_cast<const UndecidedValue*>(&e);
      const auto* node = dynamic_cast<const tape::Undecided*>(&e);
      std::string what = undecided || node ? e.what() : std::string("cannot certify the computation (") + e.what() + ")";
      throw LessonError(undecided ? undecided->where : node ? node->where : SourceLocation{},
                        what + " even at " + std::to_string(working) +
                            " working digits; expected a value that is exact or certainly away from 0");
    }
  }
}

}  // namespace bptrace
