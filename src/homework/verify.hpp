#pragma once
// `bptrace verify`: what a program computed (a values file) against the lesson's exact trace.
// Each recorded value is compared with the exact value of the very quantity it names: its error
// in ulps of the file's dtype and relative, a verdict under the tolerance rule
// (homework/error_bound.hpp), and for a value out of tolerance the catalogued mistakes whose
// computation gives it.
#include "homework/check.hpp"
#include "homework/error_bound.hpp"
#include "homework/values_file.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

struct Explanation {
  const MistakeTrace* mistake = nullptr;
  Value value;  // the quantity under the mistake
};

struct ValueCheck {
  const RecordedValue* recorded = nullptr;
  Key key;
  Phase phase = Phase::given;
  Value exact;
  Rational error;                    // |recorded − exact| (an upper bound when exact is certified)
  Rational ulps;                     // error / ulp(exact)
  std::optional<Rational> relative;  // error / |exact|; none when exact is 0
  Rational tolerance;                // absolute
  Rational tolerance_ulps;
  bool within = false;
  std::vector<Explanation> explanations;  // only out of tolerance
};

struct UnknownName {
  const RecordedValue* recorded = nullptr;
  std::vector<std::string> closest;  // the lesson's names nearest to it
};

struct Verification {
  const ValuesFile* file = nullptr;
  ToleranceRule rule;
  std::vector<ValueCheck> checks;        // in file order
  std::vector<UnknownName> unknown;      // reported and skipped
  std::vector<const RecordedValue*> unbounded;  // the lesson does not trace them in full: skipped
  std::vector<MistakeTrace> mistakes;    // computed only when some value is out of tolerance
  // Mistakes under which every recorded value is within tolerance: the program made this one.
  std::vector<const MistakeTrace*> explains_all;
  std::size_t out_of_tolerance() const;
  bool clean() const { return out_of_tolerance() == 0 && unknown.empty() && unbounded.empty(); }
};

// `exact` is the lesson's trace (certified to enough digits to judge float64: 30 or more).
Verification verify_values(const Lesson& lesson, const Trace& exact, const ValuesFile& file, const ToleranceRule& rule);

}  // namespace bptrace
