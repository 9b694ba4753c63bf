// The value formatter (render/value_format.hpp): each form on values worked out by hand, by
// Python's fractions and decimal, or from the documents (σ(0.3775) = 0.593269992…, document 001).
#include "number/interval.hpp"
#include "render/value_format.hpp"

#include <gtest/gtest.h>
#include <fmt/format.h>

namespace bptrace {
namespace {

ValueStyle form(ValueForm f, int digits = 15) {
  ValueStyle s;
  s.form = f;
  s.digits = digits;
  return s;
}

Value q(long n, long d) { return Value(Rational(n, d)); }

Value between(const Rational& lo, const Rational& hi) { return Value(hull(to_interval(lo), to_interval(hi))); }

// 151/400 = 0.3775, document 001's z_1^[1].
TEST(ValueFormat, ATerminatingFractionInEveryForm) {
  const Value z = q(151, 400);
  EXPECT_EQ(value_text(z, form(ValueForm::number)), "0.3775");
  EXPECT_EQ(value_text(z, form(ValueForm::result)), "= 151/400 = 0.3775");
  EXPECT_EQ(value_text(z, form(ValueForm::short_result)), "= 0.3775");
  EXPECT_EQ(value_text(z, form(ValueForm::exact)), "151/400");
  EXPECT_EQ(value_text(z, form(ValueForm::record)), "= 151/400");
  EXPECT_EQ(value_text(z, form(ValueForm::result).in(Dialect::latex)), "= \\tfrac{151}{400} = 0.3775");
  EXPECT_EQ(value_text(q(-151, 400), form(ValueForm::result).in(Dialect::latex)), "= -\\tfrac{151}{400} = -0.3775");
}

TEST(ValueFormat, AnIntegerIsWrittenOnce) {
  EXPECT_EQ(value_text(Value(3), form(ValueForm::result)), "= 3");
  EXPECT_EQ(value_text(Value(3), form(ValueForm::number)), "3");
}

// 1/3 = 0.333…: the fraction, and its decimal rounded to the digits asked for.
TEST(ValueFormat, ARepeatingFractionIsRoundedBesideItsFraction) {
  const Value third = q(1, 3);
  EXPECT_EQ(value_text(third, form(ValueForm::result)), "= 1/3 ≈ 0.333333333333333");
  EXPECT_EQ(value_text(third, form(ValueForm::short_result, 4)), "= 1/3 ≈ 0.3333");
  EXPECT_EQ(value_text(third, form(ValueForm::number)), "1/3");
  EXPECT_EQ(value_text(third, decimal_style(6)), "0.333333");
}

// 1/1024 = 0.0009765625 has 7 significant digits: at 4 it is its fraction, or rounded.
TEST(ValueFormat, NumberFormChoosesDecimalThenShortFractionThenDigits) {
  EXPECT_EQ(value_text(q(1, 1024), form(ValueForm::number, 7)), "0.0009765625");
  EXPECT_EQ(value_text(q(1, 1024), form(ValueForm::number, 4)), "1/1024");
  EXPECT_EQ(value_text(q(1, 1024), decimal_style(4)), "0.0009766");
  // 2/3^25 = 2/847288609443: 14 characters, over the limit of 12; 2.3604707743147665…e-12.
  EXPECT_EQ(value_text(q(2, 847288609443), form(ValueForm::number)), "2.36047077431477e-12");
  ValueStyle whole = form(ValueForm::number);
  whole.fraction_limit = SIZE_MAX;
  EXPECT_EQ(value_text(q(2, 847288609443), whole), "2/847288609443");
}

TEST(ValueFormat, AnOperandIsShortAndBracketedWhenNegative) {
  EXPECT_EQ(value_text(q(-2, 3), operand_style()), "(-2/3)");
  EXPECT_EQ(value_text(q(2, 3), operand_style()), "2/3");
  ValueStyle digits = decimal_style(10);
  digits.parenthesized = true;
  EXPECT_EQ(value_text(q(-2, 3), digits), "(-0.6666666667)");
}

// 1/7^80 is a fraction of 70 characters: by its length, unless whole fractions are asked for.
TEST(ValueFormat, ALongFractionIsShownByItsLength) {
  Rational seventh_power = 1;
  for (int k = 0; k < 80; ++k) seventh_power /= 7;
  const Value tiny(seventh_power);
  EXPECT_EQ(value_text(tiny, form(ValueForm::result)), "= (exact fraction of 70 characters) ≈ 2.46692984352108e-68");
  ValueStyle whole = form(ValueForm::result);
  whole.whole_fractions = true;
  const std::string text = value_text(tiny, whole);
  EXPECT_EQ(text.substr(0, 4), "= 1/");
  EXPECT_EQ(text.size(), std::string("= ").size() + 70 + std::string(" ≈ 2.46692984352108e-68").size());
}

// σ(151/400) = 0.593269992107187255… (mpmath), document 001's a_1^[1].
TEST(ValueFormat, ACertifiedValueShowsItsCertainDigits) {
  WorkingPrecision precision(40);
  const Value a = sigmoid(q(151, 400));
  EXPECT_EQ(value_text(a, form(ValueForm::result)), "≈ 0.593269992107187");
  EXPECT_EQ(value_text(a, form(ValueForm::short_result)), "≈ 0.593269992107187");
  EXPECT_EQ(value_text(a, form(ValueForm::record)), "~ 0.593269992107187");
  EXPECT_EQ(value_text(a, form(ValueForm::number, 6)), "0.593270");
  EXPECT_EQ(value_text(a, form(ValueForm::result).in(Dialect::latex)), "\\approx 0.593269992107187");
}

// [0.12341, 0.12349]: only 0.123 is certain (0.1234 and 0.1235 both lie inside at 4 digits).
TEST(ValueFormat, AWideEnclosureSaysWhichDigitsAreCertain) {
  WorkingPrecision precision(40);
  const Value x = between(Rational(12341, 100000), Rational(12349, 100000));
  EXPECT_EQ(value_text(x, form(ValueForm::result, 5)), "≈ 0.123  (only these digits are certain)");
  EXPECT_EQ(value_text(x, form(ValueForm::record, 5)), "~ 0.123 (incomplete)");
  EXPECT_EQ(value_text(x, form(ValueForm::number, 5)), "0.123");
}

// Around 0 with no certain sign: a bound on |x| by a power of ten, whatever the ends' rounding.
TEST(ValueFormat, AnUndecidedSignIsSpeltByABound) {
  WorkingPrecision precision(40);
  const Value x = between(Rational(-12345, 10000000), Rational(54321, 10000000));
  EXPECT_EQ(value_text(x, form(ValueForm::record, 5)), "~ 0 (undecided: |x| < 1e-2)");
  EXPECT_EQ(value_text(x, form(ValueForm::result, 5)), "≈ 0 (undecided: |x| < 1e-2)");
}

TEST(ValueFormat, IsAnFmtFormatter) {
  EXPECT_EQ(fmt::format("{}", q(151, 400)), "= 151/400 = 0.3775");
  EXPECT_EQ(fmt::format("[{:>8}]", styled(q(151, 400), form(ValueForm::number))), "[  0.3775]");
}

}  // namespace
}  // namespace bptrace
