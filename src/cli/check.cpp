#include "cli/commands.hpp"
#include "homework/check.hpp"
#include "lesson/library.hpp"
#include "report/check_report.hpp"
#include "report/judge.hpp"

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
  add_digits_option(app, options.digits, "Significant digits of certified values");
}

std::optional<RoundingPolicy> rounding_flag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::string error;
  auto policy = parse_rounding_policy(text, &error);
  if (!policy)
    throw UsageError("--round-intermediates '" + text + "': " + error);
  return policy;
}

std::optional<RoundingPolicy> lesson_rounding(const std::optional<RoundingPolicy>& flag, const Lesson& lesson) {
  if (!flag) return lesson.rounding;
  if (lesson.graph && rounds_network_kinds(*flag))
    throw UsageError("--round-intermediates: " + lesson.name +
                     " is a graph lesson, whose values round by phase only (forward, backward, local, tangent)");
  return flag;
}

int run_check(const CheckOptions& options) {
  Lesson lesson = load_lesson(resolve_lesson(options.lesson).string());
  auto flag_rule = rounding_flag(options.round_intermediates);
  lesson_rounding(flag_rule, lesson);
  std::vector<Answer> answers;
  for (const auto& argument : options.answers) answers.push_back(parse_answer_argument(argument));
  if (!options.answers_file.empty()) {
    auto from_file = load_answers(options.answers_file);
    answers.insert(answers.end(), from_file.begin(), from_file.end());
  }
  if (answers.empty()) throw UsageError("no answers: give --answer NAME=VALUE or --answers FILE");

  const Judge judge(std::move(lesson), options.digits, flag_rule);
  const Trace& exact = judge.exact();
  resolve_answers(answers, exact, judge.aliases());

  bool any_wrong = std::any_of(answers.begin(), answers.end(), [&](const Answer& a) {
    return judge_answer(exact.value(a.quantity), a.value) == AnswerVerdict::wrong;
  });
  // Recomputing the lesson under every mistake is the expensive part: only when an answer is wrong.
  static const std::vector<MistakeTrace> none;
  const std::vector<MistakeTrace>& mistakes = any_wrong ? judge.mistakes() : none;
  std::vector<AnswerCheck> checks;
  for (const Answer& a : answers) checks.push_back(check_answer(a, exact, mistakes));
  std::cout << render_answer_checks(exact, checks, ValueStyle{.digits = options.digits});
  bool all_correct = std::all_of(checks.begin(), checks.end(), [](const AnswerCheck& c) { return is_correct(c.verdict); });
  return all_correct ? 0 : 1;
}

}  // namespace bptrace::cli
