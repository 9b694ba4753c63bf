// Issue 22: `check` printed an exact value of hundreds of digits in full (002-7's step4.loss, a
// fraction of 310 characters). It now gives the decimal and says the fraction is exact but long,
// as `run` does. Expected texts by hand; 002-7's loss by Python's fractions (below).
#include "render/value_format.hpp"
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace bptrace {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// (10^40 + 1)/(3·10^40): 41 + 1 + 41 = 83 characters (10^40 + 1 ≡ 2 mod 3, so it is in lowest
// terms), 0.33333…3333 3333 6666… = 0.333333333333333 at 15 digits.
TEST(NewcomerCheck, ALongFractionIsShownByItsDecimalAndLength) {
  const Rational ten40 = parse_rational("10000000000000000000000000000000000000000");
  const Value v((ten40 + 1) / (3 * ten40));
  ValueStyle s;
  s.form = ValueForm::short_result;
  EXPECT_EQ(value_text(v, s), "≈ 0.333333333333333 (exact fraction of 83 characters)");
  s.whole_fractions = true;  // --fractions asks for it in full
  EXPECT_EQ(value_text(v, s), "= 10000000000000000000000000000000000000001/30000000000000000000000000000000000000000 "
                              "≈ 0.333333333333333");
  // A short fraction stays: 1/3.
  s.whole_fractions = false;
  EXPECT_EQ(value_text(Value(Rational(1, 3)), s), "= 1/3 ≈ 0.333333333333333");
}

// 002-7 by hand in exact arithmetic (Python's fractions.Fraction, the lesson's network, loss
// 1/(2n)·Σ(ŷ − y)², four full-batch steps at η = 1/10): step4.loss = 0.15233703913247454754628…,
// a fraction of 310 characters. Correct at 0.15; the wrong 16-digit answer is shown the value to
// 18 digits, 0.152337039132474548 (two more than the answer has).
TEST(NewcomerCheck, CheckShowsALongExactValueByItsDecimal) {
  auto r = test_support::run_bptrace(
      "check 002-7-xor-relu-gradient-descent --answer step4.loss=0.15 --answer step4.loss=0.1523370391324747");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(contains(r.out, "the value ≈ 0.152337039132475 (exact fraction of 310 characters) rounds to 0.15"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "certified ≈ 0.152337039132474548 (exact fraction of 310 characters)")) << r.out;
  EXPECT_FALSE(contains(r.out, "1929179703267578553550725453086545034175921230338966638350532642548661648")) << r.out;
}

// A document that truncates a long value was told its value at 15 digits, fewer than it printed
// (issue 22: "a failed document check shows fewer digits than the printed value"; the truncation
// note too). 001-4's L = 0.29837110876000268860738… (NewcomerTypography's worked value), printed
// here truncated to 17 digits: the note gives 17 + 2 = 19 digits, 0.2983711087600026886.
TEST(NewcomerCheck, TruncationNoteShowsMoreDigitsThanPrinted) {
  const std::string lesson = ::testing::TempDir() + "newcomer3_truncates.toml";
  {
    std::ifstream in(BPTRACE_SOURCE_DIR "/lessons/001-4-sigmoid-2-2-2.toml");
    std::ofstream out(lesson);
    out << in.rdbuf() << "\n[[document]]\nquantity = \"loss\"\nprinted = \"0.29837110876000268\"\nwhere = \"a test\"\n";
  }
  auto r = test_support::run_bptrace("run '" + lesson + "'");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "note: the document truncates: the value ≈ 0.2983711087600026886 rounds to\n"
                              "         0.29837110876000269, not 0.29837110876000268"))
      << r.out;
}

}  // namespace
}  // namespace bptrace
