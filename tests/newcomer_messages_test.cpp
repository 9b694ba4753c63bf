// Issue 22, "Messages": what a newcomer meets first when a command or a lesson is wrong. Each
// expected text is the message the issue asks for, written here by hand, not copied from a run.
#include "homework/answers.hpp"
#include "render/text.hpp"
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace {

using bptrace::test_support::CommandResult;

CommandResult run(const std::string& args) { return bptrace::test_support::run_bptrace(args); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

int lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

// A parse error of the argument parser is one `error:` line, exit 2 (it was two lines, unprefixed).
TEST(NewcomerMessages, ParserErrorsAreOneErrorLine) {
  CommandResult unknown = run("foo");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_EQ(unknown.out.rfind("error: unknown command 'foo'; one of: run, test, check", 0), 0u) << unknown.out;
  EXPECT_EQ(lines(unknown.out), 1) << unknown.out;
  CommandResult none = run("");
  EXPECT_EQ(none.status, 2);
  EXPECT_EQ(none.out.rfind("error: a command is required, one of: run, ", 0), 0u) << none.out;
  CommandResult digits = run("run 001-4 --digits abc");
  EXPECT_EQ(digits.status, 2);
  EXPECT_EQ(digits.out.rfind("error: --digits: ", 0), 0u) << digits.out;
  EXPECT_TRUE(contains(digits.out, "(see bptrace run --help)")) << digits.out;
  EXPECT_EQ(lines(digits.out), 1) << digits.out;
  EXPECT_EQ(run("--help").status, 0);
  EXPECT_EQ(run("--version").status, 0);
}

// --view means nothing to json, dot and svg: asking for it there is an error, not ignored.
TEST(NewcomerMessages, ViewWithAFormatWithoutViewsIsAnError) {
  for (const char* format : {"json", "dot", "svg"}) {
    CommandResult r = run(std::string("run 001-4 --view vectorised --format ") + format);
    EXPECT_EQ(r.status, 2) << format;
    EXPECT_EQ(r.out.rfind(std::string("error: --view vectorised with --format ") + format + ": ", 0), 0u) << r.out;
  }
  EXPECT_EQ(run("run 001-4 --format json").status, 0);
  EXPECT_EQ(run("run 001-4 --view vectorised --format markdown").status, 0);
}

// no-color.org: an empty NO_COLOR does not disable colour; TERM=dumb does, and so does a pipe.
TEST(NewcomerMessages, ColourFollowsNoColorAndTerm) {
  EXPECT_TRUE(bptrace::terminal_color(true, nullptr, "xterm"));
  EXPECT_TRUE(bptrace::terminal_color(true, "", "xterm"));
  EXPECT_FALSE(bptrace::terminal_color(true, "1", "xterm"));
  EXPECT_FALSE(bptrace::terminal_color(true, nullptr, "dumb"));
  EXPECT_FALSE(bptrace::terminal_color(false, nullptr, "xterm"));
  EXPECT_TRUE(bptrace::terminal_color(true, nullptr, nullptr));
}

// ".0822" is how students write 0.0822: read with the same digits (so the same 3 significant
// digits), and 0.0822 is ∂L/∂w^[2]_1,1 of 001-4 (0.08216704056… rounds to it).
TEST(NewcomerMessages, AnAnswerWithoutLeadingZeroIsRead) {
  EXPECT_EQ(bptrace::answer_digits(".0822"), "0.0822");
  EXPECT_EQ(bptrace::answer_digits("-.5"), "-0.5");
  EXPECT_EQ(bptrace::answer_digits("0.5"), "0.5");
  EXPECT_EQ(bptrace::answer_digits(".x"), ".x");
  CommandResult r = run("check 001-4 --answer 'layer2.dW[1,1]=.0822'");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "correct at your 4 decimals, 3 significant digits")) << r.out;
}

// A bias list one short: the bias is blamed, at its own place, not the weights (which fit).
TEST(NewcomerMessages, AShortBiasListBlamesTheBias) {
  const std::string path = ::testing::TempDir() + "short_bias.toml";
  std::ofstream(path) << "[lesson]\ntitle = \"t\"\nsource = \"s\"\n\n[network]\ninputs = 2\n\n"
                         "[[layer]]\nactivation = \"sigmoid\"\nweights = [[1, 2], [3, 4]]\nbias = [1]\n\n"
                         "[[layer]]\nactivation = \"identity\"\nweights = [[1, 1]]\nbias = [0]\n\n"
                         "[[sample]]\nx = [1, 1]\ny = [1]\n\n"
                         "[loss]\nkind = \"squared_error\"\nconstant = \"1/2\"\noutputs = \"sum\"\nbatch = \"sum\"\n";
  CommandResult r = run("run " + path);
  EXPECT_EQ(r.status, 2);
  // bias = [1] is on line 11; the array starts in column 8.
  EXPECT_EQ(r.out, "error: " + path + ":11:8: [[layer]] 1 bias: expected 2 biases, one per neuron (the weights have "
                                      "2 neurons in rows), found 1\n");
}

}  // namespace

namespace {

// --digits has one range, 1 to 1000, in every command that takes it, and a word that is not a
// number is called what it is.
TEST(NewcomerMessages, DigitsHaveOneRangeEverywhere) {
  for (const std::string command : {"run 001-4", "check 001-4 --answer loss=0.3", "grade 001-4 x.toml", "gradcheck 001-4"}) {
    for (const std::string bad : {"0", "1001", "abc", "2.5"}) {
      CommandResult r = run(command + " --digits " + bad);
      EXPECT_EQ(r.status, 2) << command << " " << bad;
      EXPECT_TRUE(contains(r.out, "--digits: expected a whole number of digits from 1 to 1000, found '" + bad + "'"))
          << command << ": " << r.out;
    }
  }
  EXPECT_EQ(run("gradcheck 001-4 --digits 1000").status, 0);  // was refused above 60
  EXPECT_EQ(run("check 001-4 --answer loss=0.2984 --digits 1000").status, 0);  // was refused above 100
}

}  // namespace
