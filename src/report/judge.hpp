#pragma once
// A lesson made ready for judging answers: its exact trace, the names its own notation gives the
// quantities, and its mistake traces (the lesson recomputed under every catalogued mistake),
// each computed once. `check` judges one student's answers with it, `grade` a whole class.
#include "homework/check.hpp"
#include "lesson/lesson.hpp"
#include "render/notation.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bptrace {

// Every quantity as the lesson's own notation writes it (text and LaTeX), so that a student may
// answer in the notation of their course.
NameAliases notation_aliases(const Trace& trace);
// The text and LaTeX symbol of every quantity of the trace in `notation` (none when it cannot write it).
NameAliases notation_spellings(const Trace& trace, const Notation& notation);

class Judge {
 public:
  // Traces the lesson at max(digits, kGoldenDigits) significant digits. `extra_rounding` (the
  // lesson's or a flag's rounding rule) is tried as one more instance of mistake 9.
  Judge(Lesson lesson, int digits, std::optional<RoundingPolicy> extra_rounding);

  const Lesson& lesson() const { return lesson_; }
  const Trace& exact() const { return exact_; }
  const NameAliases& aliases() const { return aliases_; }
  // The quantity a written name stands for (canonical or notation spelling), remembered per spelling.
  std::optional<Key> resolve(const std::string& written) const;
  // The mistake traces: the expensive part, computed on the first call only.
  const std::vector<MistakeTrace>& mistakes() const;

 private:
  Lesson lesson_;
  std::optional<RoundingPolicy> extra_rounding_;
  Trace exact_;
  NameAliases aliases_;
  mutable std::map<std::string, std::optional<Key>> resolved_;
  mutable std::optional<std::vector<MistakeTrace>> mistakes_;
};

}  // namespace bptrace
