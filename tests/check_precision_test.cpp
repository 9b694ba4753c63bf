// Answers judged at the precision the student wrote: rounded or truncated to the written digits
// is correct, and says which; anything else is wrong. Values worked by hand.
#include "homework/check.hpp"
#include "number/interval.hpp"

#include <gtest/gtest.h>

namespace bptrace {
namespace {

AnswerVerdict judged(const Value& truth, const std::string& written) { return judge_answer(truth, written); }

// 2/3 = 0.666…: at 1 to 12 significant digits, "0.7", "0.67", … round; "0.6", "0.66", … truncate.
TEST(AnswerPrecision, OneToTwelveSignificantDigitsRoundedAndTruncated) {
  const Value two_thirds = Rational(2, 3);
  for (int digits = 1; digits <= 12; ++digits) {
    std::string sixes(static_cast<std::size_t>(digits), '6');
    std::string rounded = "0." + sixes.substr(1) + "7";
    std::string truncated = "0." + sixes;
    SCOPED_TRACE(digits);
    EXPECT_EQ(judged(two_thirds, rounded), AnswerVerdict::rounds);
    EXPECT_EQ(judged(two_thirds, truncated), AnswerVerdict::truncates);
    // One unit off in the last place: wrong.
    std::string off = "0." + sixes.substr(1) + "8";
    EXPECT_EQ(judged(two_thirds, off), AnswerVerdict::wrong);
  }
}

// 1/8 = 0.125 sits exactly on the boundary at 2 decimals: "0.13" (half up) and "0.12" (half
// down, half even, truncated) are both right; "0.11" and "0.14" are not.
TEST(AnswerPrecision, RightAtTheRoundingBoundaryBothNeighboursAreCorrect) {
  const Value eighth = Rational(1, 8);
  EXPECT_TRUE(is_correct(judged(eighth, "0.13")));
  EXPECT_TRUE(is_correct(judged(eighth, "0.12")));
  EXPECT_EQ(judged(eighth, "0.11"), AnswerVerdict::wrong);
  EXPECT_EQ(judged(eighth, "0.14"), AnswerVerdict::wrong);
}

// Just inside and just outside half a unit: 0.12499 rounds to 0.12, 0.12501 to 0.13.
TEST(AnswerPrecision, JustEitherSideOfTheBoundary) {
  EXPECT_EQ(judged(Rational(12499, 100000), "0.13"), AnswerVerdict::wrong);
  EXPECT_EQ(judged(Rational(12499, 100000), "0.12"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(Rational(12501, 100000), "0.13"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(Rational(12501, 100000), "0.12"), AnswerVerdict::truncates);
}

// −2/3: "-0.67" rounds, "-0.66" truncates toward zero, "-0.68" and "0.67" are wrong.
TEST(AnswerPrecision, NegativeValues) {
  const Value v = Rational(-2, 3);
  EXPECT_EQ(judged(v, "-0.67"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(v, "-0.66"), AnswerVerdict::truncates);
  EXPECT_EQ(judged(v, "-0.68"), AnswerVerdict::wrong);
  EXPECT_EQ(judged(v, "0.67"), AnswerVerdict::wrong);
}

// A fraction is an exact claim: 2/3 and 4/6 are right; 667/1000 is not, though "0.667" is.
TEST(AnswerPrecision, FractionsMustBeExact) {
  const Value v = Rational(2, 3);
  EXPECT_EQ(judged(v, "2/3"), AnswerVerdict::exact);
  EXPECT_EQ(judged(v, "4/6"), AnswerVerdict::exact);
  EXPECT_EQ(judged(v, "-2/3"), AnswerVerdict::wrong);
  EXPECT_EQ(judged(v, "667/1000"), AnswerVerdict::wrong);
  EXPECT_EQ(judged(v, "0.667"), AnswerVerdict::rounds);
}

// A terminating decimal written in full is exact: 151/400 = 0.3775.
TEST(AnswerPrecision, FullDecimalOfAnExactValueIsExact) {
  EXPECT_EQ(judged(Rational(151, 400), "0.3775"), AnswerVerdict::exact);
  EXPECT_EQ(judged(Rational(151, 400), "0.378"), AnswerVerdict::rounds);
}

// 0.000438567…: 4.39e-4 (3 significant digits) rounds, 4.38e-4 truncates, 4.4e-4 rounds,
// 4.3e-4 truncates, 4.37e-4 is wrong; the exponent counts toward the written precision.
TEST(AnswerPrecision, ScientificNotation) {
  const Value v = Rational(438567, 1000000000);
  EXPECT_EQ(judged(v, "4.39e-4"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(v, "4.38e-4"), AnswerVerdict::truncates);
  EXPECT_EQ(judged(v, "4.4E-4"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(v, "4.3e-4"), AnswerVerdict::truncates);
  EXPECT_EQ(judged(v, "4.37e-4"), AnswerVerdict::wrong);
  EXPECT_EQ(written_precision("4.38e-4"), "6 decimals, 3 significant digits");
}

// A certified value: σ(1) = 0.7310585786300049…: "0.7311" rounds, "0.7310" truncates.
TEST(AnswerPrecision, CertifiedValues) {
  WorkingPrecision precision(40);
  const Value v = sigmoid(Value(1));
  EXPECT_EQ(judged(v, "0.7311"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(v, "0.7310"), AnswerVerdict::truncates);
  EXPECT_EQ(judged(v, "0.73106"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(v, "0.7312"), AnswerVerdict::wrong);
}

// "0" shows no significant digit: right for an exact 0, wrong for 0.138 (not "0 at 0 decimals").
TEST(AnswerPrecision, ZeroIsRightOnlyForZero) {
  EXPECT_EQ(judged(Rational(0), "0"), AnswerVerdict::exact);
  EXPECT_EQ(judged(Rational(138, 1000), "0"), AnswerVerdict::wrong);
  EXPECT_EQ(judged(Rational(3, 10000), "0.000"), AnswerVerdict::wrong);
}

// An integer's trailing zeros may be insignificant: 38.125 is "40" to 1 significant digit and
// "38" to 2; "30" truncates it; "50" is wrong.
TEST(AnswerPrecision, TrailingZerosOfAnIntegerMayBeInsignificant) {
  const Value v = Rational(305, 8);
  EXPECT_EQ(judged(v, "40"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(v, "38"), AnswerVerdict::rounds);
  EXPECT_EQ(judged(v, "30"), AnswerVerdict::truncates);
  EXPECT_EQ(judged(v, "50"), AnswerVerdict::wrong);
  EXPECT_EQ(judged(v, "40.0"), AnswerVerdict::wrong);
}

// The explanation uses the reading that was judged: 21 as "20" is right at 1 significant digit
// (it rounds to 20, not to 21); 645.577… as "600" rounds to 600 at 1 digit (issue 18).
TEST(AnswerPrecision, AnIntegerAnswerIsExplainedAtItsJudgedReading) {
  EXPECT_EQ(judged_reading(Value(21), "20"), "2e1");
  EXPECT_EQ(written_precision("2e1"), "1 significant digit (trailing zeros not significant)");
  EXPECT_EQ(at_written_precision(Value(21), "2e1"), "20");
  const Value v = Rational(645577, 1000);
  EXPECT_EQ(judged(v, "600"), AnswerVerdict::rounds);
  EXPECT_EQ(judged_reading(v, "600"), "6e2");
  EXPECT_EQ(at_written_precision(v, "6e2"), "600");
  EXPECT_EQ(judged_reading(v, "646"), "646");
  EXPECT_EQ(written_precision("646"), "0 decimals, 3 significant digits");
  EXPECT_EQ(judged_reading(v, "700"), "700");  // wrong at every reading: the answer as written
}

// The true value at the student's precision: 0.000439 for "0.000438"; the fraction for "1/3".
TEST(AnswerPrecision, TrueValueAtTheWrittenPrecision) {
  EXPECT_EQ(at_written_precision(Rational(438567, 1000000000), "0.000438"), "0.000439");
  EXPECT_EQ(at_written_precision(Rational(438567, 1000000000), "4.4e-4"), "0.00044");
  EXPECT_EQ(at_written_precision(Rational(2, 3), "1/3"), "2/3");
}

}  // namespace
}  // namespace bptrace
