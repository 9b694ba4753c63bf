#include "report/check_report.hpp"

#include "render/explain.hpp"
#include "render/notation.hpp"
#include "trace/names.hpp"

#include <fmt/format.h>

namespace bptrace {

namespace {

const char* kIndent = "        ";

std::string correct_line(const AnswerCheck& c, const Value& truth, const ValueStyle& result) {
  const std::string& written = c.answer.value;
  // The precision the answer was judged at: "20" for 21 is right at 1 significant digit.
  const std::string reading = judged_reading(truth, written);
  const auto digits = significant_digits(reading);
  const std::string coarse =
      digits && *digits < kCoarseDigits
          ? fmt::format("\n{}coarse: {} significant digit{} (fewer than {})", kIndent, *digits, *digits == 1 ? "" : "s", kCoarseDigits)
          : "";
  switch (c.verdict) {
    case AnswerVerdict::exact: return "correct: exactly the value " + value_text(truth, result);
    case AnswerVerdict::rounds:
      return fmt::format("correct at your {}: the value {} rounds to {}{}", written_precision(reading),
                         styled(truth, result), at_written_precision(truth, reading), coarse);
    case AnswerVerdict::truncates:
      return fmt::format("correct at your {}, truncated: the value {} truncates to {} (rounded it is {}){}",
                         written_precision(reading), styled(truth, result), written,
                         at_written_precision(truth, reading), coarse);
    default: return "";
  }
}

// The truth as precise as the answer was written: "0.000439 at your 6 decimals, 3 significant
// digits"; a fraction is compared exactly: "1/2 (your answer is an exact fraction)".
std::string true_value_at(const Value& truth, const std::string& written) {
  if (written.find('/') != std::string::npos) return at_written_precision(truth, written) + " (your answer is an exact fraction)";
  return at_written_precision(truth, written) + " at your " + written_precision(written);
}

std::string diagnosis_lines(const AnswerCheck& c, const ValueStyle& result) {
  if (c.diagnoses.empty())
    return std::string(kIndent) + "diagnosis: none of the catalogued mistakes gives this value at your precision\n";
  std::string out = std::string(kIndent) +
                    (c.diagnoses.size() == 1 ? "diagnosis:\n"
                                             : fmt::format("diagnosis: {} catalogued mistakes give this value (ambiguous):\n",
                                                           c.diagnoses.size()));
  for (const Diagnosis& d : c.diagnoses) {
    const MistakeTrace& m = *d.cause;
    out += fmt::format("{}  mistake {}: {}{}\n", kIndent, m.mistake->number, m.title,
                       m.label.empty() ? "" : " (" + m.label + ")");
    out += fmt::format("{}    computed that way it is {}; the mistake first changes {} [{}]\n", kIndent,
                       styled(d.value, result), bracket_symbol(m.first_changed), canonical_name(m.first_changed));
  }
  return out;
}

}  // namespace

std::string render_answer_checks(const Trace& exact, const std::vector<AnswerCheck>& checks, const ValueStyle& values) {
  // The true value as a short result: "= 0.3775", "= 1/3 ≈ 0.333…", "≈ 0.5932…".
  const ValueStyle result = values.as(ValueForm::short_result);
  std::string out = fmt::format("Checking {} answer{} against {} — {}\n", checks.size(), checks.size() == 1 ? "" : "s",
                                exact.header.label(), exact.header.title);
  out += "Values: '=' exact, '≈' certified (every digit printed is certain).\n";
  int correct = 0, wrong = 0, diagnosed = 0, undecided = 0;
  for (const AnswerCheck& c : checks) {
    const Value& truth = exact.value(c.answer.quantity);
    // The true value to two digits more than the answer has, where it has more than --digits.
    const ValueStyle shown = result.with_digits(std::max(result.digits, significant_digits(c.answer.value).value_or(0) + 2));
    std::string name = canonical_name(c.answer.quantity);
    std::string symbol = bracket_symbol(c.answer.quantity);
    // The symbol, and how the student wrote the name when that was neither it nor the canonical name.
    const std::string& written = c.answer.written_name;
    std::string alias = written == name || written == symbol ? symbol : written + " = " + symbol;
    if (is_correct(c.verdict)) {
      ++correct;
      out += fmt::format("\n  ok    {} = {}   [{}]\n{}{}\n", name, c.answer.value, alias, kIndent, correct_line(c, truth, shown));
      continue;
    }
    if (c.verdict == AnswerVerdict::undecided) {
      ++undecided;
      out += fmt::format("\n  ??    {} = {}   [{}]\n{}undecided: the value {} lies on a rounding boundary of your {}\n",
                         name, c.answer.value, alias, kIndent, styled(truth, shown), written_precision(c.answer.value));
      continue;
    }
    ++wrong;
    diagnosed += !c.diagnoses.empty();
    out += fmt::format("\n  WRONG {} = {}   [{}]\n", name, c.answer.value, alias);
    out += fmt::format("{}the true value: {}; certified {}\n", kIndent, true_value_at(truth, c.answer.value),
                       styled(truth, shown));
    out += diagnosis_lines(c, result);
    out += std::string(kIndent) + "derivation of the true value (each quantity once; given values substituted):\n";
    out += render_explanation(exact, c.answer.quantity.total(), result, std::string(kIndent) + "  ");
  }
  out += fmt::format("\n{} answer{}: {} correct, {} wrong ({} diagnosed){}\n", checks.size(),
                     checks.size() == 1 ? "" : "s", correct, wrong, diagnosed,
                     undecided ? fmt::format(", {} undecided", undecided) : "");
  return out;
}

}  // namespace bptrace
