// `bptrace check` and `bptrace gradcheck` as a user runs them: the real binary, its output and
// its exit status (0 all correct, 1 any wrong, 2 bad input).
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

using bptrace::test_support::CommandResult;

CommandResult run(const std::string& args) { return bptrace::test_support::run_bptrace(args); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string data(const std::string& file) { return std::string(BPTRACE_TEST_DATA) + "/check/" + file; }

// The issue's own example: 0.000438 truncates ∂L/∂w_11^[1] = 0.000438567… and 0.2984 rounds L.
TEST(CheckCommand, RightAnswersExitZeroAndSayRoundedOrTruncated) {
  CommandResult r = run("check 001-4 --answer 'layer1.dW[1,1]=0.000438' --answer 'loss=0.2984'");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "truncated: the value ≈ 0.000438567734474347 truncates to 0.000438 (rounded it is 0.000439)")) << r.out;
  EXPECT_TRUE(contains(r.out, "the value ≈ 0.298371108760003 rounds to 0.2984")) << r.out;
  EXPECT_TRUE(contains(r.out, "2 answers: 2 correct, 0 wrong")) << r.out;
  EXPECT_FALSE(contains(r.out, "diagnosis")) << r.out;
}

// Under delta_sign = "-dL/dz" the derivation brackets a negated symbol where a negative number
// would be, as `run` does: Mazur's w5+ = w5 + η·(−∂E/∂w5) = 0.4 + 0.5·(−0.08216704056).
TEST(CheckCommand, DerivationBracketsANegatedSymbolInAProduct) {
  CommandResult r = run("check mazur-error-terms --answer 'step2.layer2.W[1,1]=0.44108352'");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "= w^[2]_1,1 + η·(−∂L/∂w^[2]_1,1) = 0.4 + 0.5·(−0.08216704056)")) << r.out;
}

// An answer of fewer than 3 significant digits is still correct for check, and called coarse
// (issue 18: 0.2 for L = 0.2984 and 0.1 for ∂L/∂w^[2]_1,1 = 0.0822); 0.2984 is not.
TEST(CheckCommand, AnAnswerOfFewDigitsIsCalledCoarse) {
  CommandResult r = run("check 001-4 --answer 'loss=0.2' --answer 'layer2.dW[1,1]=0.1' --answer 'layer1.z[1]=0.3775'"
                        " --answer 'layer2.a[1]=0.751'");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "truncates to 0.2 (rounded it is 0.3)\n        coarse: 1 significant digit (fewer than 3)")) << r.out;
  EXPECT_TRUE(contains(r.out, "rounds to 0.1\n        coarse: 1 significant digit (fewer than 3)")) << r.out;
  EXPECT_EQ(r.out.find("coarse", r.out.find("layer2.a[1] = 0.751")), std::string::npos) << r.out;
  EXPECT_TRUE(contains(r.out, "4 answers: 4 correct, 0 wrong")) << r.out;
}

// A wrong fraction is compared exactly, and said so: on 000-6, df/dw = 1/2 by hand (see
// check_graph_mistakes_test.cpp); 5/6 is the product rule with the wrong operand (mistake 11).
TEST(CheckCommand, AWrongFractionIsComparedExactly) {
  CommandResult r = run("check 000-6 --answer 'df/dw=5/6'");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "the true value: 1/2 (your answer is an exact fraction); certified = 0.5")) << r.out;
  EXPECT_TRUE(contains(r.out, "mistake 11: the product rule with the wrong operand's value (at u)")) << r.out;
}

// A wrong answer: exit 1, the true value at the student's precision and certified, the
// mistake named with the quantity it first changes, and the derivation of the true value.
TEST(CheckCommand, WrongAnswerIsDiagnosedAndExplained) {
  CommandResult r = run("check 001-4 --answer 'layer1.dW[1,1]=0.000365'");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "WRONG layer1.dW[1,1] = 0.000365")) << r.out;
  EXPECT_TRUE(contains(r.out, "the true value: 0.000439 at your 6 decimals, 3 significant digits; certified ≈ 0.000438567734474347")) << r.out;
  EXPECT_TRUE(contains(r.out, "mistake 1: updated (new) weights used when back-propagating to an earlier layer")) << r.out;
  EXPECT_TRUE(contains(r.out, "first changes ∂L/∂a^[1]_1 [layer1.da[1]]")) << r.out;
  EXPECT_TRUE(contains(r.out, "δ^[1]_1 [layer1.dz[1]] = ∂L/∂a^[1]_1·g'(z^[1]_1)")) << r.out;
}

// The notation name as a student writes it, and mistake 3 named.
TEST(CheckCommand, NotationNameAndMistakeThree) {
  CommandResult r = run("check 001-4 --answer 'dL/dw_{1,1}^{[2]}=0.0958'");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "[dL/dw_{1,1}^{[2]} = ∂L/∂w^[2]_1,1]")) << r.out;
  EXPECT_TRUE(contains(r.out, "mistake 3a: σ'(z) computed as σ(a)(1 − σ(a))")) << r.out;
}

// Names in the lesson's own notation: 002-8 is in document 002's paren notation (z^(1)_1, ŷ_2, J)
// and 004-2 in document 004's hidden-output notation (z^H_{i,j} for sample i, unit j).
// z^(1)_1 = 1·(1/2) + (−1)·(−1) + 0 = 3/2; Table 1: z^H at x = 0 is −2, at x = 3.5 it is −0.5.
TEST(CheckCommand, NamesInTheLessonsOwnNotation) {
  CommandResult paren = run("check 002-8-softmax-cross-entropy --answer 'z^{(1)}_{1}=3/2' --answer 'J=2.105' --answer '\\hat{y}_2=0.1218'");
  EXPECT_EQ(paren.status, 0) << paren.out;
  EXPECT_TRUE(contains(paren.out, "layer1.z[1] = 3/2")) << paren.out;
  EXPECT_TRUE(contains(paren.out, "loss = 2.105")) << paren.out;
  CommandResult hidden = run("check 004-2 --answer 'z^H_{1,1}=-2' --answer 'z^{\\mathrm{H}}_{5,2}=-0.5'");
  EXPECT_EQ(hidden.status, 0) << hidden.out;
  EXPECT_TRUE(contains(hidden.out, "sample5.layer1.z[2] = -0.5")) << hidden.out;
}

// An answers file in the document's notation: two right, one wrong (mistake 1).
TEST(CheckCommand, AnswersFile) {
  CommandResult r = run("check 001-4 --answers " + data("answers-001-4.toml"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "3 answers: 2 correct, 1 wrong (1 diagnosed)")) << r.out;
  EXPECT_TRUE(contains(r.out, "mistake 1:")) << r.out;
}

// An unknown name: exit 2, "did you mean" with the closest names, nothing on standard output.
TEST(CheckCommand, UnknownNameSuggestsTheClosest) {
  CommandResult r = run("check 001-4 --answer 'layer2.dW[1,3]=0.1'");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_TRUE(contains(r.out, "error: no quantity 'layer2.dW[1,3]' in this lesson; did you mean layer2.dW[1,1]")) << r.out;
  EXPECT_FALSE(contains(r.out, "Checking")) << r.out;
}

// Bad input: not NAME=VALUE, not a number, a value given as a TOML number, no answers at all.
TEST(CheckCommand, BadInputExitsTwo) {
  EXPECT_EQ(run("check 001-4 --answer 'loss'").status, 2);
  CommandResult r = run("check 001-4 --answer 'loss=0.29x'");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.out, "error: expected a digit")) << r.out;
  CommandResult f = run("check 001-4 --answers " + data("answers-bad.toml"));
  EXPECT_EQ(f.status, 2);
  EXPECT_TRUE(contains(f.out, "answers-bad.toml:3:9: [[answer]] needs value = \"...\" as a string")) << f.out;
  EXPECT_EQ(run("check 001-4").status, 2);
  EXPECT_EQ(run("check 001-4 --answer 'loss=0.3' --round-intermediates 4q").status, 2);
}

// gradcheck on 001-4: every parameter, backprop beside the central difference, agreement in digits.
TEST(GradcheckCommand, AgreesOn001) {
  CommandResult r = run("gradcheck 001-4");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "layer1.W[1,1]  0.000438567734474347     0.000438567734474347")) << r.out;
  EXPECT_TRUE(contains(r.out, "12 parameters: backprop and central differences agree")) << r.out;
}

// Exact lessons agree exactly (a piecewise-quadratic loss makes the central difference exact).
TEST(GradcheckCommand, ExactLessonAgreesExactly) {
  CommandResult r = run("gradcheck " + data("linear-2-2-2.toml"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "layer1.W[1,1]  8.5")) << r.out;
  EXPECT_TRUE(contains(r.out, "exact")) << r.out;
}

// With a step far too large for a sigmoid network the difference is off: it fails loudly.
TEST(GradcheckCommand, DisagreementFailsLoudly) {
  CommandResult r = run("gradcheck 001-4 --step 0.5");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "<-- DISAGREE")) << r.out;
  EXPECT_TRUE(contains(r.out, "FAIL:")) << r.out;
}

// A lesson without a loss has no gradient: exit 2.
TEST(GradcheckCommand, ForwardOnlyLessonIsBadInput) { EXPECT_EQ(run("gradcheck 004-2").status, 2); }

// A printed value that fails exactly but matches under the lesson's [rounding] says so and passes.
TEST(RoundingFlag, RunSaysMatchesIfIntermediatesAreRounded) {
  CommandResult r = run("run " + data("rounding-note.toml"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "matches if intermediates are truncated to 4 significant digits")) << r.out;
}

// The flag on 001-4: under 4d the printed 0.0821 no longer even truncates (emulated 0.0822).
TEST(RoundingFlag, RunReportsDrift) {
  CommandResult r = run("run 001-4 --round-intermediates 4d");
  EXPECT_TRUE(contains(r.out, "-- Rounding emulation: every intermediate rounded to 4 decimals as it is produced --")) << r.out;
  EXPECT_TRUE(contains(r.out, "the emulated value 0.0822 neither rounds nor truncates to it")) << r.out;
}

// Rules per quantity kind from the flag: a to 3 decimals and δ to 4 give ∂L/∂w_11^[2] =
// 0.1386·0.593 = 0.0821898 (worked in tests/data/check/rounding-by-kind.toml); check names it.
// A graph lesson has no a: the flag is refused there, exit 2.
TEST(RoundingFlag, RulesPerQuantityKind) {
  CommandResult r = run("run 001-4 --round-intermediates a=3d,dz=4d");
  EXPECT_TRUE(contains(r.out, "-- Rounding emulation: intermediates rounded per quantity (a: rounded to 3 decimals; "
                              "dz: rounded to 4 decimals; the rest exact) as they are produced --")) << r.out;
  EXPECT_TRUE(contains(r.out, "[layer2.dW[1,1]]: exact 0.0821670405642308, emulated 0.0821898,")) << r.out;
  CommandResult c = run("check 001-4 --answer 'layer2.dW[1,1]=0.0821898' --round-intermediates a=3d,dz=4d");
  EXPECT_EQ(c.status, 1) << c.out;
  EXPECT_TRUE(contains(c.out, "mistake 9: ")) << c.out;
  EXPECT_TRUE(contains(c.out, "(intermediates rounded per quantity (a: rounded to 3 decimals; dz: rounded to 4 decimals; the rest exact))")) << c.out;
  CommandResult g = run("run 000-1 --round-intermediates a=3d");
  EXPECT_EQ(g.status, 2) << g.out;
  EXPECT_TRUE(contains(g.out, "error: --round-intermediates: 000-1-sum-product-graph is a graph lesson")) << g.out;
  CommandResult bad = run("run 001-4 --round-intermediates q=3d");
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_TRUE(contains(bad.out, "'q' is neither a phase nor a quantity kind; expected one of: forward,")) << bad.out;
}

// On check, the flag adds its rule to the diagnoses (7 decimals is outside mistake 9's 2…6).
TEST(RoundingFlag, CheckTriesTheFlagsRule) {
  CommandResult r = run("check 001-4 --answer 'layer2.dW[1,1]=0.08215' --round-intermediates 4s:truncate");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "intermediates truncated to 4 significant digits")) << r.out;
}

// A [rounding] table with both decimals and significant is bad input with its location.
TEST(RoundingFlag, BadRoundingTableIsLocated) {
  CommandResult r = run("run " + data("rounding-both.toml"));
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_TRUE(contains(r.out, "rounding-both.toml:16:1: [rounding] needs exactly one of 'decimals' or 'significant'")) << r.out;
}

}  // namespace
