#include "homework/verify.hpp"

#include "homework/answers.hpp"

#include <algorithm>
#include <unordered_map>

namespace bptrace {

namespace {

// |r − e|, certain: the larger distance to the ends of e's enclosure.
Rational distance(const Rational& r, const Value& e) {
  if (e.is_exact()) return abs(Rational(r - e.exact()));
  Interval x = e.enclosure();
  return std::max(abs(Rational(r - lower_bound(x))), abs(Rational(r - upper_bound(x))));
}

// A point of the value: itself, or an end of its enclosure (for ulp sizes and signs).
Rational point(const Value& e) { return lower_bound(e); }

bool nonzero(const Value& e) {
  if (e.is_exact()) return e.exact() != 0;
  Interval x = e.enclosure();
  return lower_bound(x) > 0 || upper_bound(x) < 0;
}

bool within_tolerance(const Rational& r, const Value& e, const Rational& tolerance) { return distance(r, e) <= tolerance; }

}  // namespace

std::size_t Verification::out_of_tolerance() const {
  return static_cast<std::size_t>(std::count_if(checks.begin(), checks.end(), [](const ValueCheck& c) { return !c.within; }));
}

Verification verify_values(const Lesson& lesson, const Trace& exact, const ValuesFile& file, const ToleranceRule& rule) {
  const Problem& problem = lesson.problem;
  Verification out;
  out.file = &file;
  out.rule = rule;
  const Bounds bounds = tolerances(problem, exact, rule);
  for (const RecordedValue& r : file.values) {
    auto key = exact.key(r.name);
    const Step* step = key ? exact.find(*key) : nullptr;
    if (!step) {
      out.unknown.push_back(UnknownName{&r, closest_names(r.name, exact)});
      continue;
    }
    if (!bounds.count(*key)) {
      out.unbounded.push_back(&r);
      continue;
    }
    ValueCheck c;
    c.recorded = &r;
    c.key = *key;
    c.phase = step->phase;
    c.exact = step->value;
    c.error = distance(r.value, c.exact);
    const Rational unit = ulp(point(c.exact), file.dtype);
    c.ulps = c.error / unit;
    if (nonzero(c.exact)) c.relative = c.error / abs(point(c.exact));
    c.tolerance = bounds.at(*key);
    c.tolerance_ulps = c.tolerance / unit;
    c.within = c.error <= c.tolerance;
    out.checks.push_back(std::move(c));
  }
  // In trace order (forward, loss, backward, update), whatever the file's order.
  std::unordered_map<Key, std::size_t, KeyHash> position;
  for (std::size_t i = 0; i < exact.steps().size(); ++i) position[exact.steps()[i].key] = i;
  std::stable_sort(out.checks.begin(), out.checks.end(),
                   [&](const ValueCheck& a, const ValueCheck& b) { return position[a.key] < position[b.key]; });
  if (out.out_of_tolerance() == 0) return out;

  // Recomputing the lesson under every mistake is the expensive part: only for a value out of
  // tolerance. A mistake explains a value when the value is within the tolerance of a correct
  // float implementation *of the mistaken computation*.
  out.mistakes = mistake_traces(lesson, exact, std::nullopt);
  std::vector<Bounds> mistake_bounds;
  for (const MistakeTrace& m : out.mistakes) mistake_bounds.push_back(tolerances(problem, m.trace, rule));
  std::vector<bool> all(out.mistakes.size(), true);
  for (ValueCheck& c : out.checks) {
    for (std::size_t i = 0; i < out.mistakes.size(); ++i) {
      const std::optional<Value> v = out.mistakes[i].trace.find_value(c.key);
      auto tolerance = mistake_bounds[i].find(c.key);
      bool agrees = v && tolerance != mistake_bounds[i].end() && within_tolerance(c.recorded->value, *v, tolerance->second);
      if (!agrees) all[i] = false;
      if (!c.within && agrees) c.explanations.push_back(Explanation{&out.mistakes[i], *v});
    }
  }
  for (std::size_t i = 0; i < out.mistakes.size(); ++i)
    if (all[i]) out.explains_all.push_back(&out.mistakes[i]);
  return out;
}

}  // namespace bptrace
