#pragma once
// Checking a student's answers: right at the precision the student wrote (rounded or
// truncated), or wrong; and for a wrong answer, the classic mistakes whose computation gives it.
#include "homework/answers.hpp"
#include "homework/mistakes.hpp"
#include "lesson/lesson.hpp"
#include "number/value.hpp"
#include "trace/trace.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

enum class AnswerVerdict {
  exact,      // equals the value exactly (a fraction, or a terminating decimal written in full)
  rounds,     // the value rounds to the written digits
  truncates,  // the value truncates to them
  wrong,
  undecided,  // a certified value on a rounding boundary of the written digits
};

bool is_correct(AnswerVerdict v);
AnswerVerdict judge_answer(const Value& truth, const std::string& written);
// The reading of the answer that judge_answer judged: the answer itself, or, for an integer right
// only with its trailing zeros not significant, that coarser reading ("20" as "2e1" for 21).
std::string judged_reading(const Value& truth, const std::string& written);
// The value at the precision of the written text: "0.000439" for "0.000438"; the fraction for a fraction.
std::string at_written_precision(const Value& truth, const std::string& written);
// "6 decimals, 3 significant digits", "an exact fraction"; a reading without its trailing zeros
// ("2e1") "1 significant digit (trailing zeros not significant)".
std::string written_precision(const std::string& written);
// The significant digits a decimal answer shows (0.000438: 3; 2e1: 1); none for a fraction or 0.
std::optional<int> significant_digits(const std::string& written);
// Fewer significant digits than this is a coarse answer: check says so (grading may refuse it).
inline constexpr int kCoarseDigits = 3;

// The lesson recomputed under one instance of one mistake.
struct MistakeTrace {
  const Mistake* mistake = nullptr;
  std::string title;  // mistake_title() in the lesson's sign convention
  std::string label;
  Trace trace;
  Key first_changed;  // the first quantity (in trace order) whose value differs from the exact one
};

// Every applicable instance of every mistake, plus `extra_rounding` (the lesson's or the flag's
// rule) as an instance of mistake 9. Instances that change nothing, or cannot be certified, are left out.
std::vector<MistakeTrace> mistake_traces(const Lesson& lesson, const Trace& exact,
                                         const std::optional<RoundingPolicy>& extra_rounding);

struct Diagnosis {
  const MistakeTrace* cause = nullptr;
  Value value;  // the quantity under that mistake
};

struct AnswerCheck {
  Answer answer;
  AnswerVerdict verdict = AnswerVerdict::wrong;
  std::vector<Diagnosis> diagnoses;  // only for a wrong answer; several when ambiguous
};

AnswerCheck check_answer(const Answer& answer, const Trace& exact, const std::vector<MistakeTrace>& mistakes);
// The mistakes under which a wrong answer would be right (by the same rule as a right answer),
// nearest first.
std::vector<Diagnosis> diagnose(const Answer& answer, const std::vector<MistakeTrace>& mistakes);

}  // namespace bptrace
