#include "cli/commands.hpp"
#include "engine/gradcheck.hpp"
#include "lesson/library.hpp"
#include "lesson/lesson.hpp"
#include "number/decimal.hpp"
#include "render/value_format.hpp"
#include "trace/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace bptrace::cli {

void setup_gradcheck(CLI::App& app, GradcheckOptions& options) {
  app.add_option("lesson", options.lesson, "Lesson to check (default: the worked example 001-4)")
      ->default_str(kDefaultLesson)
      ->each([&options](const std::string&) { options.lesson_given = true; });
  app.add_option("--step", options.step, "The finite-difference step h, exact (a decimal or fraction)")
      ->default_val("1e-12");
  add_digits_option(app, options.digits, "Significant digits shown");
}

namespace {

Rational magnitude_upper(const Value& v) {
  if (v.is_exact()) return abs(v.exact());
  return std::max(abs(lower_bound(v.enclosure())), abs(upper_bound(v.enclosure())));
}

Rational magnitude_lower(const Value& v) {
  if (v.is_exact()) return abs(v.exact());
  Rational lo = lower_bound(v.enclosure()), hi = upper_bound(v.enclosure());
  if (lo.sign() != hi.sign()) return 0;
  return std::min(abs(lo), abs(hi));
}

// A gradient in the table: its decimal, else its whole fraction; certified, its certain digits.
ValueStyle gradient_style(int digits) {
  ValueStyle s;
  s.form = ValueForm::number;
  s.digits = digits;
  s.fraction_limit = SIZE_MAX;
  return s;
}

struct Row {
  GradientComparison g;
  bool agrees = false;
  bool decided = true;    // the enclosure of |backprop − difference| lies on one side of the bound
  std::string agreement;  // "exact", "23 digits"
};

// The central difference's error is h²/6·L'''(ξ): a lesson's |L'''| is below 10^3, so agreement
// means |backprop − difference| ≤ 1000·h²·max(1, |∂L/∂θ|), and never looser than 10^-6 of it
// (a large h must not excuse a gradient that is off in its sixth digit).
// At a kink the derivative is not defined: reverse mode's value, the lesson's convention, agrees
// when it lies between the one-sided slopes (each within 1000·h of its limit, the same bound's
// first power: a one-sided quotient's error is h/2·f''(ξ)).
Row compare_at_kink(const GradientComparison& g, const Rational& h, int digits) {
  Row row{g, false, true, ""};
  const OneSided& s = *g.kink;
  const Rational slack = std::min(Rational(Rational(1000) * h), pow10(-6)) * std::max(Rational(1), magnitude_upper(g.backprop));
  const Rational floor_certain = std::min(upper_bound(s.left), upper_bound(s.right)) - slack;
  const Rational ceiling_certain = std::max(lower_bound(s.left), lower_bound(s.right)) + slack;
  row.agrees = lower_bound(g.backprop) >= floor_certain && upper_bound(g.backprop) <= ceiling_certain;
  const bool below = upper_bound(g.backprop) < std::min(lower_bound(s.left), lower_bound(s.right)) - slack;
  const bool above = lower_bound(g.backprop) > std::max(upper_bound(s.left), upper_bound(s.right)) + slack;
  row.decided = row.agrees || below || above;
  const ValueStyle style = decimal_style(std::min(digits, 12));
  row.agreement = fmt::format("at a kink: one-sided slopes {} and {}", styled(s.left, style), styled(s.right, style));
  return row;
}

Row compare(const GradientComparison& g, const Rational& h, int digits) {
  if (g.kink) return compare_at_kink(g, h, digits);
  Row row{g, false, true, ""};
  if (g.backprop.is_exact() && g.central_difference.is_exact() && g.backprop.exact() == g.central_difference.exact()) {
    row.agrees = true;
    row.agreement = "exact";
    return row;
  }
  const Value difference = g.backprop - g.central_difference;
  Rational error = magnitude_upper(difference);
  Rational scale = std::max(Rational(1), magnitude_upper(g.backprop));
  const Rational bound = std::min(Rational(Rational(1000) * h * h), pow10(-6)) * scale;
  row.agrees = error <= bound;
  // Too wide an enclosure straddles the bound: neither agreement nor disagreement is certain yet.
  row.decided = row.agrees || magnitude_lower(difference) > bound;
  Rational size = magnitude_lower(g.backprop);
  if (error == 0) row.agreement = "exact";
  // A bound on the error, so rounded up: ≤ must stay true.
  else if (size == 0) row.agreement = "absolute error ≤ " + to_string(round_outward(error, 2, true));
  else {
    int digits = std::max(0, -decimal_magnitude(Rational(error / size)) - 1);
    row.agreement = std::to_string(digits) + (digits == 1 ? " digit" : " digits");
  }
  return row;
}

constexpr unsigned kMaxWorkingDigits = 4000;

// The working precision is raised until every row's verdict is decided. The difference quotient's
// enclosure is about 10^-W/h wide at W working digits and the bound is 1000·h²: W starts at
// 3·log10(1/h) + 60, and a step that would need more than kMaxWorkingDigits is refused.
std::vector<Row> gradient_rows(const Lesson& lesson, const Rational& h, const std::string& step, int digits) {
  const int places = std::max(0, -decimal_magnitude(h));
  const unsigned first = static_cast<unsigned>(std::max(80, 3 * places + 60));
  auto too_small = [&](unsigned working) {
    return UsageError("--step " + step + ": too small to decide agreement within " + std::to_string(kMaxWorkingDigits) +
                      " working digits (needs about " + std::to_string(working) + "); take a step of at least 1e-" +
                      std::to_string((kMaxWorkingDigits - 60) / 3));
  };
  if (first > kMaxWorkingDigits) throw too_small(first);
  for (unsigned working = first;; working = std::min(2 * working, kMaxWorkingDigits)) {
    try {
      WorkingPrecision precision(working);
      std::vector<Row> rows;
      for (const auto& g : lesson.graph ? finite_difference_check(*lesson.graph, h) : finite_difference_check(lesson.problem, h))
        try {
          rows.push_back(compare(g, h, digits));
        } catch (const BeyondExactRange& e) {
          throw LessonError({lesson.path, 0, 0}, canonical_name(g.parameter) + ": " + e.what());
        }
      if (std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.decided; })) return rows;
      if (working == kMaxWorkingDigits) throw too_small(2 * working);
    } catch (const NeedMorePrecision&) {
      if (working == kMaxWorkingDigits) throw LessonError({lesson.path, 0, 0}, "cannot certify the finite differences");
    }
  }
}

}  // namespace

int run_gradcheck(const GradcheckOptions& options) {
  Lesson lesson = load_lesson(resolve_lesson(options.lesson_given ? options.lesson : kDefaultLesson).string());
  if (!lesson.graph && !lesson.problem.loss) throw UsageError("lesson " + lesson.name + " has no loss: there is no gradient to check");
  Rational h;
  try {
    h = parse_rational(options.step);
  } catch (const NumberSyntaxError& e) {
    throw UsageError("--step '" + options.step + "': " + e.what());
  }
  if (h <= 0) throw UsageError("--step must be positive");
  std::vector<Row> rows = gradient_rows(lesson, h, options.step, options.digits);
  // A network's loss by its parameters; a graph's outputs by its inputs.
  const bool graph = lesson.graph.has_value();
  auto what = [graph](std::size_t n) { return std::string(graph ? "derivative" : "parameter") + (n == 1 ? "" : "s"); };

  std::string out = fmt::format("Gradient check of {} — {}\n", lesson.example.empty() ? lesson.name : lesson.example, lesson.title);
  if (graph)
    out += fmt::format("central differences (f(x + h) − f(x − h)) / 2h, h = {} exactly, in certified arithmetic,\n"
                       "beside reverse mode's ∂f/∂x, for every output f and every input x\n\n",
                       styled(Value(h), gradient_style(30)));
  else
    out += fmt::format("central differences (L(θ + h) − L(θ − h)) / 2h, h = {} exactly, in certified arithmetic,\n"
                       "beside backprop's ∂L/∂θ (first step, the lesson's own parameters)\n\n",
                       styled(Value(h), gradient_style(30)));
  std::size_t width = 10;
  for (const Row& r : rows) width = std::max(width, canonical_name(r.g.parameter).size());
  std::size_t column = static_cast<std::size_t>(options.digits) + 8;
  out += fmt::format("  {:<{}}  {:<{}}  {:<{}}  {}\n", graph ? "derivative" : "parameter", width, graph ? "reverse mode" : "backprop", column, "central difference", column,
                     "agreement");
  const ValueStyle gradients = gradient_style(options.digits);
  int disagreements = 0;
  for (const Row& r : rows) {
    out += fmt::format("  {:<{}}  {:<{}}  {:<{}}  {}{}\n", canonical_name(r.g.parameter), width, styled(r.g.backprop, gradients), column,
                       styled(r.g.central_difference, gradients), column, r.agreement,
                       r.agrees ? "" : "   <-- DISAGREE");
    disagreements += !r.agrees;
  }
  const auto kinks = static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.g.kink.has_value(); }));
  if (disagreements == 0) {
    out += fmt::format("\n{} {}: {} and central differences agree (|difference| ≤ min(1000·h², 10^-6)·max(1, |{}|))\n",
                       rows.size() - kinks, what(rows.size() - kinks), graph ? "reverse mode" : "backprop", graph ? "∂f/∂x" : "∂L/∂θ");
    if (kinks)
      out += fmt::format("{} at a kink, where ∂f/∂x is not defined: reverse mode's value, the lesson's convention, lies "
                         "between the one-sided slopes (f(x) − f(x − h))/h and (f(x + h) − f(x))/h (within "
                         "min(1000·h, 10^-6)·max(1, |∂f/∂x|)); the central difference tends to their mean\n",
                         kinks == 1 ? "one" : std::to_string(kinks));
  } else if (graph) {
    out += fmt::format("\nFAIL: {} of {} derivatives DISAGREE: reverse mode's derivative is not the derivative of the output "
                       "(or h is too large, or an input sits on a kink)\n",
                       disagreements, rows.size());
  } else {
    out += fmt::format("\nFAIL: {} of {} parameters DISAGREE: backprop's gradient is not the derivative of the loss "
                       "(or h is too large, or a parameter sits on a kink)\n",
                       disagreements, rows.size());
  }
  std::cout << out;
  return disagreements ? 1 : 0;
}

}  // namespace bptrace::cli
