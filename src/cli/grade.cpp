#include "cli/commands.hpp"
#include "homework/answer_sheets.hpp"
#include "homework/mistakes.hpp"
#include "homework/rubric.hpp"
#include "lesson/library.hpp"
#include "report/grade_report.hpp"

#include <iostream>
#include <map>
#include <memory>

namespace bptrace::cli {

void setup_grade(CLI::App& app, GradeOptions& options) {
  app.add_option("lesson", options.lesson, "Lesson the answers are about")->required();
  app.add_option("answers", options.answers,
                 "The class's answers: a CSV file (a header row of id and quantity names, one row per student), "
                 "TOML answers files (one per student, the id is the file name) or folders of them")
      ->required();
  app.add_option("--format", options.format, "Output: text (a line per student and a summary table), csv (a row per answer), "
                                             "json, markdown")
      ->check(CLI::IsMember({"text", "csv", "json", "markdown"}))
      ->default_val("text");
  app.add_option("--rubric", options.rubric, "A TOML rubric: the grading policy (README, 'Grading a class'); flags override it");
  app.add_option("--explain", options.explain, "Print only this student's answers, check-style: the derivation of every wrong one");
  app.add_option("--min-significant", options.min_significant,
                 "A right answer with fewer significant digits is 'insufficient precision' (default 3; 0: any)")
      ->check(CLI::Range(0, 60));
  app.add_option("--min-decimals", options.min_decimals, "Instead: a right answer with fewer decimals is 'insufficient precision'")
      ->check(CLI::Range(-60, 60));
  app.add_option("--truncation", options.truncation, "accept (default): a truncated answer is right; refuse: it must be rounded")
      ->check(CLI::IsMember({"accept", "refuse"}));
  app.add_option("--relative-tolerance", options.relative_tolerance,
                 "Also right within this relative distance of the value (answers computed in floating point), e.g. 1e-9");
  app.add_option("--absolute-tolerance", options.absolute_tolerance, "Also right within this absolute distance, e.g. 1e-12");
  app.add_option("--points", options.points, "Points of every quantity (default 1)");
  app.add_option("--quantity-points", options.quantity_points, "NAME=POINTS: the points of one quantity (repeatable)");
  app.add_option("--mistake-points", options.mistake_points,
                 "MISTAKE=POINTS: partial credit for a wrong answer that mistake explains, e.g. 2a=0.5 (repeatable)");
  app.add_option("--insufficient-points", options.insufficient_points, "Points of an answer of insufficient precision (default 0)");
  app.add_option("--ungradable-points", options.ungradable_points, "Points of an ungradable answer (default 0)");
  app.add_option("--round-intermediates", options.round_intermediates,
                 std::string(kRoundingHelp) + "; tried as a diagnosis of wrong answers");
  add_digits_option(app, options.digits, "Significant digits of certified values");
}

namespace {

Rational flag_number(const std::string& flag, const std::string& text, bool positive) {
  Rational value;
  try {
    value = parse_rational(text);
  } catch (const NumberSyntaxError& e) {
    throw UsageError(flag + " '" + text + "': " + e.what() + " (expected a number such as 1, 0.5 or 1/3)");
  }
  if (value < 0 || (positive && value == 0)) throw UsageError(flag + " '" + text + "': expected a number more than 0");
  return value;
}

std::pair<std::string, std::string> split_assignment(const std::string& flag, const std::string& text) {
  std::size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0) throw UsageError(flag + " '" + text + "': expected NAME=POINTS");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

// The rubric's policy (or the default), then every flag over it.
GradingPolicy grading_policy(const GradeOptions& o) {
  GradingPolicy p = o.rubric.empty() ? GradingPolicy{} : load_rubric(o.rubric);
  if (o.min_significant && o.min_decimals) throw UsageError("give --min-significant or --min-decimals, not both");
  if (o.min_significant) {
    p.min_significant = o.min_significant;
    p.min_decimals.reset();
  }
  if (o.min_decimals) {
    p.min_decimals = o.min_decimals;
    p.min_significant.reset();
  }
  if (!o.truncation.empty()) p.accept_truncation = o.truncation == "accept";
  if (!o.relative_tolerance.empty() && !o.absolute_tolerance.empty())
    throw UsageError("give --relative-tolerance or --absolute-tolerance, not both");
  if (!o.relative_tolerance.empty())
    p.tolerance = Tolerance{Tolerance::Kind::relative, flag_number("--relative-tolerance", o.relative_tolerance, true), o.relative_tolerance};
  if (!o.absolute_tolerance.empty())
    p.tolerance = Tolerance{Tolerance::Kind::absolute, flag_number("--absolute-tolerance", o.absolute_tolerance, true), o.absolute_tolerance};
  if (!o.points.empty()) p.points = flag_number("--points", o.points, false);
  if (!o.insufficient_points.empty()) p.insufficient_points = flag_number("--insufficient-points", o.insufficient_points, false);
  if (!o.ungradable_points.empty()) p.ungradable_points = flag_number("--ungradable-points", o.ungradable_points, false);
  for (const std::string& q : o.quantity_points) {
    auto [name, points] = split_assignment("--quantity-points", q);
    p.quantity_points.push_back(QuantityPoints{name, flag_number("--quantity-points", points, false), {}});
  }
  for (const std::string& m : o.mistake_points) {
    auto [number, points] = split_assignment("--mistake-points", m);
    if (!find_mistake(number)) throw UsageError("--mistake-points '" + m + "': no mistake '" + number + "' in the catalogue");
    p.mistake_points[number] = flag_number("--mistake-points", points, false);
  }
  return p;
}

}  // namespace

int run_grade(const GradeOptions& options) {
  Lesson lesson = load_lesson(resolve_lesson(options.lesson).string());
  auto flag_rule = rounding_flag(options.round_intermediates);
  lesson_rounding(flag_rule, lesson);
  GradingPolicy policy = grading_policy(options);
  std::vector<StudentAnswers> students = read_answer_files(options.answers);

  const Judge judge(std::move(lesson), options.digits, flag_rule);
  const Grader grader(judge, policy);
  // Students on their own lessons (a CSV's lesson column: exercise variants): each lesson and its
  // mistakes computed once, as the class's.
  std::map<std::string, std::pair<std::unique_ptr<Judge>, std::unique_ptr<Grader>>> own;
  for (const StudentAnswers& s : students) {
    if (s.lesson.empty() || own.count(s.lesson)) continue;
    auto j = std::make_unique<Judge>(load_lesson(resolve_lesson(s.lesson).string()), options.digits, flag_rule);
    auto g = std::make_unique<Grader>(*j, policy);
    own.emplace(s.lesson, std::pair{std::move(j), std::move(g)});
  }
  auto grader_of = [&](const StudentAnswers& s) -> const Grader& { return s.lesson.empty() ? grader : *own.at(s.lesson).second; };
  const std::vector<GradedStudent> graded = grade_students(students, grader_of);
  const ValueStyle values{.digits = options.digits};
  if (!options.explain.empty()) {
    for (std::size_t k = 0; k < graded.size(); ++k)
      if (graded[k].id == options.explain) {
        std::cout << render_student_explanation(grader_of(students[k]), graded[k], values);
        return 0;
      }
    throw UsageError("--explain '" + options.explain + "': no student with this id in the answers");
  }
  const ClassSummary summary = summarise(graded, judge.exact());
  // A CSV has no place for the policy: it goes to standard error, so that it is still printed.
  if (options.format == "csv")
    for (const std::string& clause : describe(grader.policy())) std::cerr << "policy: " << clause << "\n";
  std::cout << render_grades(GradeResults{grader, graded, summary}, *grade_format_from_name(options.format), values);
  return 0;
}

}  // namespace bptrace::cli
