#include "cli/commands.hpp"
#include "homework/check.hpp"
#include "lesson/library.hpp"
#include "lesson/trace_lesson.hpp"
#include "report/check_report.hpp"
#include "render/notation.hpp"
#include "render/text.hpp"

#include <algorithm>
#include <iostream>

namespace bptrace::cli {

void setup_check(CLI::App& app, CheckOptions& options) {
  app.add_option("lesson", options.lesson, "Lesson the answers are about")->required();
  app.add_option("--answer", options.answers,
                 "An answer NAME=VALUE: a canonical name or the lesson's notation, and a decimal, "
                 "fraction or scientific-notation value (repeatable)");
  app.add_option("--answers", options.answers_file, "A TOML file of [[answer]] tables (quantity, value)");
  app.add_option("--round-intermediates", options.round_intermediates,
                 std::string(kRoundingHelp) + "; tried as a diagnosis of wrong answers");
  app.add_option("--digits", options.digits, "Significant digits of certified values")
      ->check(CLI::Range(1, 100))
      ->default_val(15);
}

std::optional<RoundingRule> rounding_flag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto rule = parse_rounding_rule(text);
  if (!rule)
    throw UsageError("--round-intermediates '" + text +
                     "': expected Nd (N decimals) or Ns (N significant digits), optionally :truncate, e.g. 4d or 3s:truncate");
  return rule;
}

// Every quantity as the lesson's own notation writes it (text and LaTeX), so that a student may
// answer in the notation of their course.
NameAliases notation_aliases(const Trace& trace) {
  NameAliases aliases;
  auto kind = notation_from_name(trace.header.notation);
  if (!kind) return aliases;
  Notation notation = trace_notation(trace, *kind);
  if (notation.cannot_express()) return aliases;
  for (const Step& step : trace.steps()) {
    Math symbol = notation.symbol(step.key);
    aliases.emplace_back(symbol.text, step.key);
    aliases.emplace_back(symbol.latex, step.key);
  }
  return aliases;
}

int run_check(const CheckOptions& options) {
  Lesson lesson = load_lesson(resolve_lesson(options.lesson).string());
  auto flag_rule = rounding_flag(options.round_intermediates);
  std::vector<Answer> answers;
  for (const auto& argument : options.answers) answers.push_back(parse_answer_argument(argument));
  if (!options.answers_file.empty()) {
    auto from_file = load_answers(options.answers_file);
    answers.insert(answers.end(), from_file.begin(), from_file.end());
  }
  if (answers.empty()) throw UsageError("no answers: give --answer NAME=VALUE or --answers FILE");

  CertifiedTrace exact = trace_lesson(lesson, std::max(options.digits, kGoldenDigits));
  resolve_answers(answers, exact.trace, notation_aliases(exact.trace));

  bool any_wrong = std::any_of(answers.begin(), answers.end(), [&](const Answer& a) {
    return judge_answer(exact.trace.value(a.quantity), a.value) == AnswerVerdict::wrong;
  });
  // Recomputing the lesson under every mistake is the expensive part: only when an answer is wrong.
  std::vector<MistakeTrace> mistakes;
  if (any_wrong) mistakes = mistake_traces(lesson.problem, exact.trace, flag_rule ? flag_rule : lesson.rounding);
  std::vector<AnswerCheck> checks;
  for (const Answer& a : answers) checks.push_back(check_answer(a, exact.trace, mistakes));
  std::cout << render_answer_checks(exact.trace, checks, ValueStyle{.digits = options.digits});
  bool all_correct = std::all_of(checks.begin(), checks.end(), [](const AnswerCheck& c) { return is_correct(c.verdict); });
  return all_correct ? 0 : 1;
}

}  // namespace bptrace::cli
