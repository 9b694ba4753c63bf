// The mistake catalogue: for each mistake, a wrong answer worked out by hand by making that
// mistake (exact fractions in the comments, or Python's decimal module at 50 digits for the
// sigmoid lesson), and bptrace must name it. Correct answers are never diagnosed.
#include "support/checked_lesson.hpp"
#include "support/names.hpp"
#include "engine/certify.hpp"
#include "homework/check.hpp"
#include "lesson/lesson.hpp"
#include "number/decimal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace bptrace {
namespace {

namespace fs = std::filesystem;

std::string test_lesson_path(const std::string& file) { return std::string(BPTRACE_TEST_DATA) + "/check/" + file; }
std::string library_lesson_path(const std::string& file) { return std::string(BPTRACE_SOURCE_DIR) + "/lessons/" + file; }

AnswerCheck check(const std::string& path, const std::string& quantity, const std::string& value) {
  const CheckedLesson& c = checked_lesson(path);
  return check_answer(Answer{quantity, value, {}, key(quantity)}, c.exact, c.mistakes);
}

std::string first_changed(const AnswerCheck& c, const std::string& number) {
  for (const Diagnosis& d : c.diagnoses)
    if (d.cause->mistake->number == number) return canonical_name(d.cause->first_changed);
  return "";
}

const std::string k001 = library_lesson_path("001-4-sigmoid-2-2-2.toml");
const std::string kLinear = test_lesson_path("linear-2-2-2.toml");
const std::string kBatchSum = test_lesson_path("batch-sum.toml");
const std::string kBatchMean = test_lesson_path("batch-mean.toml");

// linear-2-2-2 by hand: x = (1, 2), y = (0, 1), W1 = [[1/2, 1], [0, 1]], b1 = (0, 1),
// W2 = [[1, 2], [0, 1]], b2 = 0, identity, L = ½Σ(ŷ − y)², η = 1/10.
//   a1 = z1 = (5/2, 3); ŷ = z2 = (17/2, 3); L = ½(289/4 + 4) = 305/8
//   δ2 = (17/2, 2); ∂L/∂W2 = [[85/4, 51/2], [5, 6]]; ∂L/∂b2 = (17/2, 2)
//   ∂L/∂a1 = W2ᵀδ2 = (17/2, 17 + 2) = (17/2, 19) = δ1; ∂L/∂W1 = [[17/2, 17], [19, 38]]
//   step 2: W2[1,1] = 1 − 85/40 = −9/8; b2[1] = −17/20
// These are the correct values the wrong answers below differ from.
TEST(MistakeCatalogue, LinearLessonExactValuesAreTheHandWorkedOnes) {
  const Trace& t = checked_lesson(kLinear).exact;
  EXPECT_EQ(t.value(key("loss")).exact(), Rational(305, 8));
  EXPECT_EQ(t.value(key("layer2.dW[1,1]")).exact(), Rational(85, 4));
  EXPECT_EQ(t.value(key("layer1.dW[2,1]")).exact(), Rational(19));
  EXPECT_EQ(t.value(key("step2.layer2.W[1,1]")).exact(), Rational(-9, 8));
  EXPECT_EQ(t.value(key("step2.layer2.b[1]")).exact(), Rational(-17, 20));
}

// Mistake 1 on 001-4 (Python decimal, 50 digits): W2' = W2 − η·δ2·a1ᵀ first, then
// ∂L/∂w_11^[1] = (W2'[1,1]δ2_1 + W2'[2,1]δ2_2)·a1_1(1 − a1_1)·x1 = 0.000364722877594093…
TEST(MistakeCatalogue, NewWeightsInBackpropNamedOn001) {
  AnswerCheck c = check(k001, "layer1.dW[1,1]", "0.000365");
  EXPECT_EQ(c.verdict, AnswerVerdict::wrong);
  EXPECT_EQ(named(c), std::vector<std::string>{"1"});
  EXPECT_EQ(first_changed(c, "1"), "layer1.da[1]");
}

// Mistake 1 on linear-2-2-2: W2'[1,1] = 1 − (1/10)(85/4) = −9/8, W2'[2,1] = 0 − (1/10)·5 = −1/2,
// ∂L/∂a1_1 = (−9/8)(17/2) + (−1/2)(2) = −169/16, ∂L/∂w_11^[1] = −169/16·1 = −10.5625.
TEST(MistakeCatalogue, NewWeightsInBackpropNamedOnExactLesson) {
  EXPECT_EQ(named(check(kLinear, "layer1.dW[1,1]", "-10.5625")), std::vector<std::string>{"1"});
}

// Mistake 2a: L = Σ(ŷ − y)² = 305/4 = 76.25 instead of ½ of it.
TEST(MistakeCatalogue, HalfDroppedNamed) {
  AnswerCheck c = check(kLinear, "loss", "76.25");
  EXPECT_EQ(named(c), std::vector<std::string>{"2a"});
  // The first quantity it changes is output 1's term of the loss, recorded before the loss.
  EXPECT_EQ(first_changed(c, "2a"), "loss[1]");
}

// Mistake 2b on batch-sum (L = Σ over 3 samples of (ŷ − y)², no ½): ŷ = 2x + 1 = (3, 5, 1),
// y = (0, 1, 0), L = 9 + 16 + 1 = 26; with a ½ added, 13.
TEST(MistakeCatalogue, HalfAddedNamed) {
  EXPECT_EQ(named(check(kBatchSum, "loss", "13")), std::vector<std::string>{"2b"});
}

// Mistake 3a on 001-4 (Python decimal): ∂L/∂w_11^[2] = (ŷ1 − y1)·σ(ŷ1)(1 − σ(ŷ1))·a1_1
// = 0.0957897695424813…, "0.0958".
TEST(MistakeCatalogue, ActivationAppliedTwiceNamed) {
  AnswerCheck c = check(k001, "layer2.dW[1,1]", "0.0958");
  EXPECT_EQ(named(c), std::vector<std::string>{"3a"});
  EXPECT_EQ(first_changed(c, "3a"), "layer2.dadz[1]");
}

// Mistake 3b on 001-4 (Python decimal): σ'(z) = z(1 − z) in both layers gives
// ∂L/∂w_11^[1] = −0.0000567424560993146…, written −5.67e-5.
TEST(MistakeCatalogue, PreActivationForActivationNamed) {
  EXPECT_EQ(named(check(k001, "layer1.dW[1,1]", "-5.67e-5")), std::vector<std::string>{"3b"});
}

// Mistake 4a: ∂L/∂ŷ = y − ŷ: ∂L/∂w_11^[2] = −(17/2)(5/2) = −85/4 = −21.25.
TEST(MistakeCatalogue, ErrorSignFlippedNamed) {
  AnswerCheck c = check(kLinear, "layer2.dW[1,1]", "-21.25");
  EXPECT_EQ(named(c), std::vector<std::string>{"4a"});
  EXPECT_EQ(first_changed(c, "4a"), "layer2.da[1]");
}

// Mistake 4b: W2[1,1] + η·85/4 = 1 + 17/8 = 25/8. A flipped error sign gives the same number
// (θ − η·(−g)): the match is ambiguous, and both are listed.
TEST(MistakeCatalogue, UpdateAddedNamedWithItsAmbiguousTwin) {
  EXPECT_EQ(named(check(kLinear, "step2.layer2.W[1,1]", "25/8")), (std::vector<std::string>{"4a", "4b"}));
}

// Under delta_sign = "-dL/dz" the correct forms are the negated ones, so the mistakes are worded
// the other way round. Mazur's output o1 = 0.75136507, target 0.01: the error term
// −∂E/∂out_o1 = y − ŷ = −0.74136507; flipped, 0.74136507 (4a). w5 = 0.40, η = 1/2,
// −∂E/∂w5 = −0.082167041: the update w5 + η·(−∂E/∂w5) = 0.35891648; subtracted instead,
// 0.40 + 0.04108352 = 0.44108352 (4b, and 4a's twin).
TEST(MistakeCatalogue, SignMistakesAreWordedInTheErrorTermConvention) {
  const std::string mazur = library_lesson_path("mazur-error-terms.toml");
  auto title_of = [](const AnswerCheck& c, const std::string& number) {
    for (const Diagnosis& d : c.diagnoses)
      if (d.cause->mistake->number == number) return d.cause->title;
    return std::string();
  };
  AnswerCheck error = check(mazur, "layer2.neg_da[1]", "0.74136507");
  EXPECT_EQ(named(error), std::vector<std::string>{"4a"});
  EXPECT_EQ(title_of(error, "4a"), "the sign of the error flipped (ŷ − y instead of y − ŷ)");
  AnswerCheck update = check(mazur, "step2.layer2.W[1,1]", "0.44108352");
  EXPECT_EQ(named(update), (std::vector<std::string>{"4a", "4b"}));
  EXPECT_EQ(title_of(update, "4b"),
            "the update subtracted instead of added (θ − η·(−∂L/∂θ) instead of θ + η·(−∂L/∂θ))");
  // In the default convention the titles are the familiar ones.
  AnswerCheck plain = check(kLinear, "layer2.dW[1,1]", "-21.25");
  EXPECT_EQ(title_of(plain, "4a"), "the sign of the error flipped (y − ŷ instead of ŷ − y)");
}

// Mistake 5a: ∂L/∂a1_i = Σ_j W2[i,j]δ2_j: ∂L/∂a1_1 = 1·17/2 + 2·2 = 25/2 = ∂L/∂w_11^[1].
TEST(MistakeCatalogue, WInsteadOfWTransposedNamed) {
  AnswerCheck c = check(kLinear, "layer1.dW[1,1]", "12.5");
  EXPECT_EQ(named(c), std::vector<std::string>{"5a"});
  EXPECT_EQ(first_changed(c, "5a"), "layer1.da[1]");
}

// Mistake 5b: ∂L/∂w_12^[2] taken as δ2_2·a1_1 = 2·5/2 = 5 (the value of w_21's gradient).
TEST(MistakeCatalogue, TransposedIndicesNamed) {
  EXPECT_EQ(named(check(kLinear, "layer2.dW[1,2]", "5")), std::vector<std::string>{"5b"});
}

// Mistake 6a: ∂L/∂b = 0, so b2[1] stays 0 after the update (correct: −17/20).
TEST(MistakeCatalogue, BiasGradientForgottenNamed) {
  EXPECT_EQ(named(check(kLinear, "step2.layer2.b[1]", "0")), std::vector<std::string>{"6a"});
}

// Mistake 6b on batch-sum: δ per sample = 2(ŷ − y) = (6, 8, 2), ∂L/∂b = 16; the first sample's
// only: 6.
TEST(MistakeCatalogue, SharedBiasNotSummedNamed) {
  EXPECT_EQ(named(check(kBatchSum, "layer1.db[1]", "6")), std::vector<std::string>{"6b"});
}

// Mistake 7a on batch-sum: ∂L/∂w = Σ δ·x = 6·1 + 8·2 + 2·0 = 22; averaged: 22/3 ≈ 7.33.
TEST(MistakeCatalogue, AveragedWhereTheLossSumsNamed) {
  EXPECT_EQ(named(check(kBatchSum, "layer1.dW[1,1]", "7.33")), std::vector<std::string>{"7a"});
}

// Mistake 7b on batch-mean (L = ½·mean of (ŷ − y)²): δ = (ŷ − y)/3 = (1, 4/3, 1/3),
// ∂L/∂w = 1 + 8/3 + 0 = 11/3; summed instead: 11.
TEST(MistakeCatalogue, SummedWhereTheLossAveragesNamed) {
  EXPECT_EQ(named(check(kBatchMean, "layer1.dW[1,1]", "11")), std::vector<std::string>{"7b"});
}

// Mistake 8a: W2[1,1] − 85/4 = −81/4 = −20.25.
TEST(MistakeCatalogue, LearningRateNotAppliedNamed) {
  EXPECT_EQ(named(check(kLinear, "step2.layer2.W[1,1]", "-20.25")), std::vector<std::string>{"8a"});
}

// Mistake 8b: W2[1,1] − (1/100)(85/4) = 1 − 17/80 = 63/80 = 0.7875.
TEST(MistakeCatalogue, LearningRateAppliedTwiceNamed) {
  EXPECT_EQ(named(check(kLinear, "step2.layer2.W[1,1]", "0.7875")), std::vector<std::string>{"8b"});
}

// Mistake 9 on 001-4, every intermediate rounded to 2 significant digits (σ values from
// Python): z1 = (0.38, 0.39), a1 = (σ(0.38) = 0.5939 → 0.59, σ(0.39) = 0.5963 → 0.60),
// z2_1 = 0.4·0.59 + 0.45·0.60 + 0.6 = 1.106 → 1.1, ŷ1 = σ(1.1) = 0.7503 → 0.75,
// ∂L/∂ŷ1 = 0.74, σ' = 0.75·0.25 = 0.1875 → 0.19, δ = 0.74·0.19 = 0.1406 → 0.14,
// ∂L/∂w_11^[2] = 0.14·0.59 = 0.0826 → 0.083 (exact: 0.0822 at 3 decimals).
TEST(MistakeCatalogue, RoundedIntermediatesNamedWithTheRule) {
  AnswerCheck c = check(k001, "layer2.dW[1,1]", "0.083");
  EXPECT_EQ(named(c), std::vector<std::string>{"9"});
  ASSERT_FALSE(c.diagnoses.empty());
  EXPECT_EQ(c.diagnoses.front().cause->label, "intermediates rounded to 2 significant digits");
  EXPECT_EQ(c.diagnoses.front().value.exact(), Rational(83, 1000));
  EXPECT_EQ(first_changed(c, "9"), "layer1.z[1]");
}

// Mistake 10 on 001-4: ∂L/∂w_11^[1] along the path through z_1^[2] only, as document 001's
// first term: w_11^[2]·δ_1^[2]·σ'(z_1^[1])·x1 = 0.000668396021144… (its path listing).
TEST(MistakeCatalogue, OnlyOnePathNamedOn001) {
  AnswerCheck c = check(k001, "layer1.dW[1,1]", "0.000668");
  EXPECT_EQ(named(c), std::vector<std::string>{"10"});
  EXPECT_EQ(first_changed(c, "10"), "layer1.da[1]");
}

// Mistake 10 on linear-2-2-2: ∂L/∂a1_2 through z2_1 only: W2[1,2]·δ2_1 = 2·17/2 = 17 = ∂L/∂w_21^[1].
// Swapping the indices (5b) gives δ1_1·x_2 = (17/2)·2 = 17 as well: both are named.
TEST(MistakeCatalogue, OnlyOnePathNamedOnExactLesson) {
  EXPECT_EQ(named(check(kLinear, "layer1.dW[2,1]", "17")), (std::vector<std::string>{"10", "5b"}));
}

// Through z2_2 only: W2[2,2]·δ2_2 = 2; W instead of Wᵀ gives W2[2,1]·17/2 + W2[2,2]·2 = 2 too:
// both are listed.
TEST(MistakeCatalogue, AmbiguousMatchListsBothMistakes) {
  EXPECT_EQ(named(check(kLinear, "layer1.dW[2,1]", "2")), (std::vector<std::string>{"10", "5a"}));
}

// A wrong answer no catalogued mistake explains gets no diagnosis.
TEST(MistakeCatalogue, UnexplainedWrongAnswerHasNoDiagnosis) {
  AnswerCheck c = check(k001, "loss", "0.1492");
  EXPECT_EQ(c.verdict, AnswerVerdict::wrong);
  EXPECT_TRUE(c.diagnoses.empty());
}

// Every quantity of every test lesson, answered correctly at 1 to 12 significant digits,
// rounded and truncated: always correct, never diagnosed.
TEST(MistakeCatalogue, CorrectAnswersAreNeverDiagnosed) {
  int answers = 0;
  for (const std::string& path : {k001, kLinear, kBatchSum, kBatchMean}) {
    const CheckedLesson& c = checked_lesson(path);
    for (const Step& step : c.exact.steps()) {
      const Value& v = step.value;
      for (int digits = 1; digits <= 12; ++digits) {
        for (Rounding mode : {Rounding::half_away_from_zero, Rounding::toward_zero}) {
          Rational lo = v.is_exact() ? v.exact() : lower_bound(v.enclosure());
          if (lo == 0) continue;
          std::string written = to_string(round_significant(lo, digits, mode));
          if (!v.is_exact() && round_significant(lo, digits, mode) != round_significant(upper_bound(v.enclosure()), digits, mode))
            continue;
          AnswerCheck a = check_answer(Answer{canonical_name(step.key), written, {}, step.key}, c.exact, c.mistakes);
          ++answers;
          SCOPED_TRACE(path + " " + canonical_name(step.key) + " = " + written);
          EXPECT_TRUE(is_correct(a.verdict));
          EXPECT_TRUE(a.diagnoses.empty());
        }
      }
    }
  }
  EXPECT_GT(answers, 1000);
}

}  // namespace
}  // namespace bptrace
