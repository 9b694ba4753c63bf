// Issue 22, "Typography": each item of the list, with the text a reader expects written
// out by hand. Formulas are built as the engine builds them, their references filled with numbers.
#include "render/spell.hpp"
#include "support/command.hpp"
#include "support/names.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace bptrace {
namespace {

using test_support::CommandResult;

CommandResult run(const std::string& args) { return test_support::run_bptrace(args); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The formula with each reference written as the number given for it, at its place.
std::string with_numbers(const Formula& f, const std::map<std::string, std::string>& numbers) {
  return print_formula(f, Dialect::text,
                       [&](const Key& k, Place place) { return operand_text(numbers.at(canonical_name(k)), Dialect::text, place); });
}
Formula r(const char* name) { return ref(key(name)); }

// σ'((-0.385)) and ReLU((-2)): a call's argument stands free, so a negative number needs no
// parentheses there, and it is written with the formula's own minus sign.
TEST(NewcomerTypography, NoDoubledParenthesesInCalls) {
  const Formula z = r("layer1.z[1]");
  EXPECT_EQ(with_numbers(math::derivative_call(math::fn::sigma(), {z}), {{"layer1.z[1]", "-0.385"}}), "σ'(−0.385)");
  EXPECT_EQ(with_numbers(math::call(math::fn::relu(), {z}), {{"layer1.z[1]", "-2"}}), "ReLU(−2)");
  EXPECT_EQ(with_numbers(math::exponential(z), {{"layer1.z[1]", "-1"}}), "e^(−1)");
  EXPECT_EQ(with_numbers(math::call(math::fn::max(), {math::integer(0), z}), {{"layer1.z[1]", "-0.5"}}), "max(0, −0.5)");
}

// −(-1.20): one minus sign throughout; a negative number after an operator is parenthesised.
TEST(NewcomerTypography, OneMinusSign) {
  const Formula a = r("layer1.a[1]"), b = r("layer1.b[1]");
  const std::map<std::string, std::string> n{{"layer1.a[1]", "-1.2"}, {"layer1.b[1]", "-0.5"}};
  EXPECT_EQ(with_numbers(math::negation(a), n), "−(−1.2)");
  EXPECT_EQ(with_numbers(math::difference(a, b), n), "−1.2 − (−0.5)");
  EXPECT_EQ(with_numbers(math::product({a, b}), n), "−1.2·(−0.5)");
  EXPECT_EQ(with_numbers(math::square(math::difference(a, math::integer(0))), n), "(−1.2 − 0)²");
}

// −1/1/3 for −1/(1/3), and 1·log 1/3: a fraction as a factor, a denominator or log's argument
// is parenthesised; as a term of a sum it is not.
TEST(NewcomerTypography, FractionsAsOperandsAreParenthesised) {
  const Formula y = r("target.y[1]"), a = r("layer2.a[1]");
  const std::map<std::string, std::string> n{{"target.y[1]", "1"}, {"layer2.a[1]", "1/3"}};
  EXPECT_EQ(with_numbers(math::negation(math::quotient(y, a)), n), "−1/(1/3)");
  EXPECT_EQ(with_numbers(math::product({y, math::prefix(math::fn::log(), a)}), n), "1·log(1/3)");
  EXPECT_EQ(with_numbers(math::sum({a, y}), n), "1/3 + 1");
  EXPECT_EQ(with_numbers(math::quotient(a, y), n), "(1/3)/1");
}

// The derivation of 001-4 as it prints: σ'(…) of a number, and −(…) never beside a '-'.
TEST(NewcomerTypography, TracesUseOneMinusSign) {
  CommandResult r = run("run 001-4");
  ASSERT_EQ(r.status, 0);
  EXPECT_TRUE(contains(r.out, "= 0.5·(−0.03809823652)·0.2413007086·0.05")) << r.out;
  EXPECT_FALSE(contains(r.out, "((-")) << r.out;
  EXPECT_FALSE(contains(r.out, "(-")) << r.out;
  CommandResult relu = run("run 001-3-activation-relu");
  EXPECT_TRUE(contains(relu.out, "= ReLU(−8) = max(0, −8)")) << relu.out;
}

// "a sum over 1 path" (001-2's 3-4-3-1 network and 003-2's SGD: a weight of the layer before a
// single output neuron reaches the loss through that neuron only).
TEST(NewcomerTypography, OnePathIsNotASum) {
  CommandResult all;
  for (const char* lesson : {"001-2", "003-2-sgd"}) {
    CommandResult one = run(std::string("run ") + lesson);
    all.out += one.out;
  }
  EXPECT_FALSE(contains(all.out, "a sum over 1 path")) << all.out;
  EXPECT_TRUE(contains(all.out, "its one path:")) << all.out;
  EXPECT_TRUE(contains(run("run 001-4").out, "a sum over 2 paths:"));
}

// ℰ = (ℰ^(1))/1: the mean over a batch of one sample is that sample's loss (003-2's SGD, formal
// notation: ℰ = ℰ^(1)).
TEST(NewcomerTypography, TheMeanOfOneLossIsNotDividedByOne) {
  CommandResult r = run("run 003-2-sgd");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_FALSE(contains(r.out, ")/1\n")) << r.out;
  EXPECT_FALSE(contains(r.out, "(ℰ^(1))")) << r.out;
  EXPECT_TRUE(contains(r.out, "  ℰ = ℰ^(1)\n")) << r.out;
}

// [L = L] and `df/df [df/df] =  =  = 1` in check's report: a name written as its own symbol,
// a seed without a formula, a node that is its own canonical name.
TEST(NewcomerTypography, CheckReportWithoutEchoes) {
  CommandResult loss = run("check 001-4 --answer 'L=0.2984'");
  EXPECT_TRUE(contains(loss.out, "ok    loss = 0.2984   [L]\n")) << loss.out;
  CommandResult graph = run("check 000-2 --answer 'df/dx=0.5'");
  EXPECT_EQ(graph.status, 1);
  EXPECT_TRUE(contains(graph.out, "df/df = 1\n")) << graph.out;
  EXPECT_TRUE(contains(graph.out, "f.1 = x + y = 2 + 1 = 3\n")) << graph.out;
  EXPECT_TRUE(contains(graph.out, "local.df.3/df.2 = ∂(f.2 + z)/∂f.2 = 1 = 1\n")) << graph.out;
  EXPECT_FALSE(contains(graph.out, "=  =")) << graph.out;
}

// "1 lessons" and "1 printed numbers".
TEST(NewcomerTypography, OneIsSingular) {
  CommandResult test = run("test 000-2");
  EXPECT_TRUE(contains(test.out, "1 lesson: 1 passed, 0 failed, 0 bad input")) << test.out;
  const std::string path = ::testing::TempDir() + "one_check.toml";
  std::ifstream in(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml");
  std::stringstream lesson;
  lesson << in.rdbuf();
  std::string text = lesson.str();
  text = text.substr(0, text.find("[[document]]"));
  std::ofstream(path) << text << "[[document]]\nquantity = \"loss\"\nprinted = \"0.2984\"\nwhere = \"one\"\n";
  CommandResult one = run("run " + path);
  EXPECT_TRUE(contains(one.out, "-- Document checks: 1 printed number --")) << one.out;
}

// A failed document check shows the value to more digits than were printed: L of 001-4 is
// 0.29837110876000268860738… (25 digits above), printed here to 17 digits, wrongly; 17 + 2 = 19
// digits: 0.2983711087600026886.
TEST(NewcomerTypography, AFailedCheckShowsMoreDigitsThanPrinted) {
  const std::string path = ::testing::TempDir() + "long_check.toml";
  std::ifstream in(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml");
  std::stringstream lesson;
  lesson << in.rdbuf();
  std::string text = lesson.str();
  text = text.substr(0, text.find("[[document]]"));
  std::ofstream(path) << text << "[[document]]\nquantity = \"loss\"\nprinted = \"0.29837110876000199\"\nwhere = \"w\"\n";
  CommandResult r = run("run " + path);
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.out, "engine 0.29837110876000269\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "the value ≈ 0.2983711087600026886 neither rounds nor truncates to\n"
                              "         0.29837110876000199\n"))
      << r.out;
}

}  // namespace
}  // namespace bptrace
