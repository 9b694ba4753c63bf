// The mistakes of a backward pass through a computation graph (catalogue numbers 10–15), each
// named from a wrong answer worked out by hand by making that mistake, on lesson 000-6
// (f = log(xw − x²) + max(x + y, 1)·x + relu(w − 6)·w at (3, −2, 5), max's tie share 1/2) and on
// 000-2 (f = log((x + y)² + z) at (2, 1, 1)). Rounding emulation and gradcheck on graphs too.
#include "engine/gradcheck.hpp"
#include "homework/check.hpp"
#include "lesson/library.hpp"
#include "lesson/rounding_check.hpp"
#include "lesson/trace_lesson.hpp"
#include "support/checked_lesson.hpp"
#include "support/command.hpp"
#include "trace/names.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>

namespace bptrace {
namespace {

std::string library_path(const std::string& file) { return std::string(BPTRACE_SOURCE_DIR) + "/lessons/" + file; }

const std::string k0006 = "000-6-fan-out-dead-relu.toml";
const std::string k0002 = "000-2-log-graph.toml";

// The numbers of the mistakes that explain `value` as the answer for df/d(input), sorted.
std::vector<std::string> named(const std::string& file, const std::string& input, const std::string& value) {
  const CheckedLesson& c = checked_lesson(library_path(file));
  return named(check_answer(Answer{"df/d" + input, value, {}, adjoint_key("f", input)}, c.exact, c.mistakes));
}

using Numbers = std::vector<std::string>;

// By hand (see the lesson): u = 15, g = log 6, m = max(1, 1) = 1, r = relu(−1) = 0;
// ∂f/∂g = 1, ∂g/∂(u − x²) = 1/6, ∂m/∂(x + y) = 1/2 (the tie), relu′(−1) = 0.
// df/dx = 5/6 (via u) − 1 (via x·x) + 3/2 (via x + y) + 1 (via m·x) = 7/3; df/dy = 3/2; df/dw = 1/2.
TEST(GraphMistakes, TheExactValuesAreTheHandWorkedOnes) {
  const Trace& t = checked_lesson(library_path(k0006)).exact;
  EXPECT_EQ(t.value(adjoint_key("f", "x")).exact(), Rational(7, 3));
  EXPECT_EQ(t.value(adjoint_key("f", "y")).exact(), Rational(3, 2));
  EXPECT_EQ(t.value(adjoint_key("f", "w")).exact(), Rational(1, 2));
  EXPECT_TRUE(named(k0006, "x", "7/3").empty());
}

// 10, one path kept where x feeds four nodes: the path through x·x alone gives −1.
TEST(GraphMistakes, OnePathKept) { EXPECT_EQ(named(k0006, "x", "-1"), (Numbers{"10"})); }

// 11, the product rule with the wrong operand's value at u = x·w: ∂u/∂w taken as w = 5 instead
// of x = 3, so df/dw = (1/6)·5 = 5/6.
TEST(GraphMistakes, ProductRuleWithTheWrongOperand) { EXPECT_EQ(named(k0006, "w", "5/6"), (Numbers{"11"})); }

// 12, a chain factor dropped: ∂g/∂(u − x²) taken as 1 instead of 1/6, so df/dw = 1·3 = 3.
TEST(GraphMistakes, ChainFactorDropped) { EXPECT_EQ(named(k0006, "w", "3"), (Numbers{"12"})); }

// 13, log′(a) taken as a = 6 instead of 1/6: df/dw = 6·3 = 18.
TEST(GraphMistakes, LogDerivativeTakenAsItsOperand) { EXPECT_EQ(named(k0006, "w", "18"), (Numbers{"13"})); }

// 14, the sign of x·x in u − x·x lost: via x·x +1 instead of −1, df/dx = 5/6 + 1 + 3/2 + 1 = 13/3.
TEST(GraphMistakes, SubtractionSignLost) { EXPECT_EQ(named(k0006, "x", "13/3"), (Numbers{"14"})); }

// 15, max's tie taken as 0 instead of the lesson's 1/2: df/dy = x·0 = 0. (Taken as 1 it is also
// mistake 12, max's local derivative dropped: df/dy = 3 for both.)
TEST(GraphMistakes, KinkWithAnotherConvention) {
  EXPECT_EQ(named(k0006, "y", "0"), (Numbers{"15"}));
  EXPECT_EQ(named(k0006, "y", "3"), (Numbers{"12", "15"}));
}

// On 000-2 (df/dx = 2(x + y)/((x + y)² + z) = 6/10): a chain factor dropped, ∂f/∂f.3 = 1
// instead of 1/10, gives df/dx = 6; log′(f.3) taken as f.3 = 10 gives 60. No node of 000-2
// feeds several, and it has no product, subtraction or kink: the other mistakes do not apply.
TEST(GraphMistakes, OnTheLogGraph) {
  EXPECT_EQ(named(k0002, "x", "6"), (Numbers{"12"}));
  EXPECT_EQ(named(k0002, "x", "60"), (Numbers{"13"}));
  for (const MistakeTrace& m : checked_lesson(library_path(k0002)).mistakes)
    EXPECT_TRUE(m.mistake->number == "9" || m.mistake->number == "12" || m.mistake->number == "13") << m.mistake->number;
}

// Rounding emulation on 000-6 to 4 decimals: ∂g/∂(u − x²) = 1/6 becomes 0.1667, so df/du is
// 0.1667 and df/dw = 0.1667·3 = 0.5001, not 1/2: a drift. (df/dx's terms 0.8335 − 1.0002 + 1.5 + 1
// still give 2.3333, 7/3 rounded once.)
TEST(GraphRounding, IntermediatesRoundedDrift) {
  const CheckedLesson& c = checked_lesson(library_path(k0006));
  RoundingEmulation e = emulate_rounding(c.lesson, c.exact, *parse_rounding_rule("4d"));
  EXPECT_EQ(e.trace.value(adjoint_key("f", "w")).exact(), Rational(5001, 10000));
  EXPECT_EQ(e.trace.value(adjoint_key("f", "x")).exact(), Rational(23333, 10000));
  std::vector<std::string> drifted;
  for (const Drift& d : e.drifts) drifted.push_back(canonical_name(d.quantity));
  EXPECT_NE(std::find(drifted.begin(), drifted.end(), canonical_name(adjoint_key("f", "w"))), drifted.end());
  EXPECT_EQ(std::find(drifted.begin(), drifted.end(), canonical_name(adjoint_key("f", "x"))), drifted.end());
}

// The same drift from the command line: one quantity, df/dw, said in the singular.
TEST(GraphRounding, TheCommandReportsTheDrift) {
  auto r = test_support::run_bptrace("run 000-6 --round-intermediates 4d");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("  1 quantity drifts beyond one rounding of its exact value (emulated − exact):\n"
                       "    df/dw [df/dw]: exact 0.5, emulated 0.5001, drift +0.0001\n"),
            std::string::npos)
      << r.out;
}

// Central differences agree with reverse mode on every input of every graph lesson but at a kink.
TEST(GraphGradcheck, CentralDifferencesAgreeOnEveryInput) {
  const CheckedLesson& c = checked_lesson(library_path(k0006));
  WorkingPrecision precision(200);
  auto rows = finite_difference_check(*c.lesson.graph, Rational(1, 1000000));
  ASSERT_EQ(rows.size(), 3u);
  // x and w are away from kinks; y sits on max's tie (x + y = 1), where the difference quotient
  // is the mean of the one-sided slopes, 3·(0 + 1)/2 = 3/2: the tie share 1/2 agrees.
  for (const GradientComparison& g : rows) {
    if (g.kink) continue;  // below
    Value error = g.backprop - g.central_difference;
    Rational bound = Rational(1, 1000000);
    EXPECT_TRUE(error.is_exact() ? abs(error.exact()) < bound
                                 : abs(lower_bound(error.enclosure())) < bound && abs(upper_bound(error.enclosure())) < bound)
        << canonical_name(g.parameter);
  }
}

// Defect 1 of the tape issue: every graph lesson with --round-intermediates ended in a
// segmentation fault (the rounding ran the network engine on the graph lesson's empty network).
// Now each runs (exit 0) and ends with the rounding report; `test` and `check` honour the flag.
TEST(GraphRounding, EveryGraphLessonRunsWithTheFlag) {
  using test_support::run_bptrace;
  int graphs = 0;
  for (const auto& path : all_lessons()) {
    Lesson lesson = load_lesson(path.string());
    if (!lesson.graph) continue;
    ++graphs;
    auto r = run_bptrace("run " + lesson.name + " --round-intermediates 4d");
    EXPECT_EQ(r.status, 0) << lesson.name << "\n" << r.out;
    EXPECT_NE(r.out.find("-- Rounding emulation: every intermediate rounded to 4 decimals"), std::string::npos) << lesson.name;
  }
  EXPECT_GE(graphs, 9);
  auto drift = run_bptrace("run 000-6 --round-intermediates 4d");
  EXPECT_NE(drift.out.find("df/dw [df/dw]: exact 0.5, emulated 0.5001, drift +0.0001"), std::string::npos) << drift.out;
  EXPECT_EQ(run_bptrace("test 000-2-log-graph --round-intermediates 4d").status, 0);
}

// The graph mistakes through the command line, as a student meets them.
TEST(GraphMistakes, CheckNamesThemFromTheCommandLine) {
  auto r = test_support::run_bptrace("check 000-6 --answer 'df/dx=-1' --answer 'df/dw=18'");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("mistake 10: only one path summed where a node feeds several (at x, only the path through g.1)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mistake 13: log′(u) taken as u (at g)"), std::string::npos) << r.out;
}

// x and y of 000-6 sit on max's tie (x + y = 1), w on no kink (relu(w − 6) is dead at −1, not at
// 0). By hand, f's one-sided slopes: in x, left 5/6 − 1 + 1 = 5/6 (m = 1: ∂(m·x)/∂x = 1) and right
// −1/6 + (2x − 2) = 23/6 (m = x − 2); in y, left 0 and right x = 3. One-sided quotients are within
// h·|f''| of them; the central difference of x is their mean plus h/2 (right side curved: x² − 2x).
TEST(GraphGradcheck, AKinkIsFoundWithItsOneSidedSlopes) {
  const CheckedLesson& c = checked_lesson(library_path(k0006));
  WorkingPrecision precision(200);
  const Rational h(1, 1000000);
  auto rows = finite_difference_check(*c.lesson.graph, h);
  ASSERT_EQ(rows.size(), 3u);
  auto near = [](const Value& v, const Rational& expected) {
    Rational tolerance(1, 100000);  // 10·h
    return abs(lower_bound(v.enclosure()) - expected) < tolerance && abs(upper_bound(v.enclosure()) - expected) < tolerance;
  };
  const std::map<std::string, std::pair<Rational, Rational>> one_sided{{"df/dx", {Rational(5, 6), Rational(23, 6)}},
                                                                       {"df/dy", {Rational(0), Rational(3)}}};
  for (const GradientComparison& g : rows) {
    const std::string name = canonical_name(g.parameter);
    auto expected = one_sided.find(name);
    ASSERT_EQ(g.kink.has_value(), expected != one_sided.end()) << name;
    if (!g.kink) continue;
    EXPECT_TRUE(near(g.kink->left, expected->second.first)) << name;
    EXPECT_TRUE(near(g.kink->right, expected->second.second)) << name;
  }
  // 7/3 + h/2 up to the smooth part's O(h^2), about 10^-12: not 7/3 within 1000·h² = 10^-9.
  const Value off = rows[0].central_difference - Value(Rational(7, 3) + h / Rational(2));
  EXPECT_LT(abs(lower_bound(off.enclosure())), Rational(1, 10000000000));
  EXPECT_LT(abs(upper_bound(off.enclosure())), Rational(1, 10000000000));
}

// At h = 10^-12 the central difference of df/dx is 7/3 + 5·10^-13, off by far more than 1000·h²:
// the command compares at a kink with the one-sided slopes instead (it said DISAGREE, exit 1).
// 003-1's costs at their kinks too: L1 and hinge at ŷ = y, Huber at |y − ŷ| = δ (exit 1 before).
TEST(GraphGradcheck, AtAKinkTheConventionLiesBetweenTheOneSidedSlopes) {
  auto r = test_support::run_bptrace("gradcheck 000-6");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("df/dx       7/3                      2.33333333333383         at a kink: one-sided slopes "
                       "0.833333333334 and 3.83333333333"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 derivative: reverse mode and central differences agree"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 at a kink, where ∂f/∂x is not defined"), std::string::npos) << r.out;
  auto costs = test_support::run_bptrace("gradcheck 003-1-cost-functions");
  EXPECT_EQ(costs.status, 0) << costs.out;
  EXPECT_NE(costs.out.find("dhinge_d/dy         0                        0.5                      at a kink: one-sided "
                           "slopes 0 and 1"),
            std::string::npos)
      << costs.out;
}

// gradcheck of a graph lesson: every output by every input, exit 0.
TEST(GraphGradcheck, TheCommandChecksEveryInput) {
  auto r = test_support::run_bptrace("gradcheck 000-2");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("df/dz       0.1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 derivatives: reverse mode and central differences agree"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace bptrace
