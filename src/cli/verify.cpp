#include "cli/commands.hpp"
#include "homework/verify.hpp"
#include "lesson/library.hpp"
#include "lesson/trace_lesson.hpp"
#include "report/verify_report.hpp"

#include <iostream>

namespace bptrace::cli {

namespace {

// Enough certain digits to measure a float64 error to a fraction of an ulp.
constexpr int kVerifyDigits = 34;

Rational nonnegative_flag(const std::string& flag, const std::string& text, bool zero_allowed) {
  Rational q;
  try {
    q = parse_rational(text);
  } catch (const NumberSyntaxError& e) {
    throw UsageError(flag + " '" + text + "': " + e.what() + "; expected a number such as 2, 0.5 or 1e-6");
  }
  if (q < 0 || (!zero_allowed && q == 0))
    throw UsageError(flag + " '" + text + "': expected a number " + (zero_allowed ? ">= 0" : "> 0"));
  return q;
}

}  // namespace

void setup_verify(CLI::App& app, VerifyOptions& options) {
  app.add_option("lesson", options.lesson, "Lesson the values were computed for (a path, name or unique prefix)")
      ->required()
      ->type_name("LESSON");
  app.add_option("values", options.values,
                 "Values file (JSON, docs/values-format.md): what a program computed, under canonical names")
      ->required()
      ->type_name("VALUES.json");
  app.add_option("--factor", options.factor,
                 "Margin of the default tolerance: each forward error bound multiplied by K (default 2)")
      ->type_name("K");
  app.add_option("--function-ulps", options.function_ulps,
                 "Accuracy assumed of exp, log, tanh, sigmoid, softplus: N ulps of the result (default 4)")
      ->type_name("N")
      ->check(CLI::Range(0, 1000000));
  app.add_option("--rtol", options.rtol,
                 "Instead of the error bound, a flat tolerance |recorded - exact| <= R*|exact| + A (with --atol)")
      ->type_name("R");
  app.add_option("--atol", options.atol, "The absolute part A of the flat tolerance (default 0; with or without --rtol)")
      ->type_name("A");
}

int run_verify(const VerifyOptions& options) {
  ToleranceRule rule;
  rule.factor = nonnegative_flag("--factor", options.factor, false);
  rule.function_ulps = options.function_ulps;
  if (!options.rtol.empty()) rule.rtol = nonnegative_flag("--rtol", options.rtol, true);
  if (!options.atol.empty()) rule.atol = nonnegative_flag("--atol", options.atol, true);
  Lesson lesson = load_lesson(resolve_lesson(options.lesson).string());
  if (lesson.graph) throw LessonError({lesson.path, 0, 0}, "verify needs a layered network lesson; this lesson is a computation graph");
  ValuesFile file = load_values_file(options.values);
  rule.dtype = file.dtype;
  CertifiedTrace exact = trace_lesson(lesson, kVerifyDigits);
  Verification v = verify_values(lesson, exact.trace, file, rule);
  std::cout << render_verification(exact.trace, v);
  return v.clean() ? 0 : 1;
}

}  // namespace bptrace::cli
