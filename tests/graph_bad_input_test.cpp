// Malformed graph lessons run through the real binary: exit status 2, nothing on standard
// output, and one line `error: FILE:LINE:COL: ...` pointing at the offending character.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct Run {
  int status = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Run run_lesson(const std::string& file) {
  fs::path dir = fs::temp_directory_path() / ("bptrace_graph_bad_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string command = std::string("\"") + BPTRACE_BINARY + "\" run \"" + file + "\" >\"" + (dir / "out").string() +
                        "\" 2>\"" + (dir / "err").string() + "\"";
  int raw = std::system(command.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  fs::remove_all(dir);
  return r;
}

// Runs tests/data/graph_bad/NAME.toml and checks the exit status, the silence on stdout, and
// that stderr is the single line "error: FILE:LINE:COL: ..." containing `message`.
void expect_error(const std::string& name, int line, int column, const std::string& message) {
  std::string file = std::string(BPTRACE_TEST_DATA) + "/graph_bad/" + name + ".toml";
  Run r = run_lesson(file);
  EXPECT_EQ(r.status, 2) << name;
  EXPECT_EQ(r.out, "") << name;
  std::string prefix = "error: " + file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  EXPECT_EQ(r.err.rfind(prefix, 0), 0u) << name << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << name << ": " << r.err;
  EXPECT_NE(r.err.find(message), std::string::npos) << name << ": " << r.err;
}

}  // namespace

// "y = x1 + # 2": the '#' is character 9 of the string that starts in column 4.
TEST(GraphBadInput, UnexpectedCharacter) { expect_error("bad-character", 9, 13, "unexpected '#'"); }
// "y = x1 *": the expression ends where an operand is needed.
TEST(GraphBadInput, MissingOperand) { expect_error("missing-operand", 9, 12, "found the end"); }
// "y = 2*(x1 + x2": points at the '(' left open.
TEST(GraphBadInput, UnclosedParenthesis) { expect_error("unclosed-parenthesis", 9, 10, "expected ')'"); }
// "y = x1^x2": points at the exponent.
TEST(GraphBadInput, VariableExponent) { expect_error("variable-exponent", 9, 11, "exponent must be an integer"); }
// "y = cosh(x1)": points at the name.
TEST(GraphBadInput, UnknownFunction) { expect_error("unknown-function", 9, 8, "unknown function 'cosh'"); }
// "y = z + x9" on the second line of definitions: points at x9.
TEST(GraphBadInput, UnknownVariable) { expect_error("unknown-variable", 10, 12, "unknown variable 'x9'"); }
// The second "y = ...": points at its name.
TEST(GraphBadInput, DefinedTwice) { expect_error("defined-twice", 10, 4, "'y' is already defined"); }
// log(x1 - 1) at x1 = 1: log of an exact 0, at the log.
TEST(GraphBadInput, LogOfZero) { expect_error("log-of-zero", 9, 8, "log of an exact 0"); }
// x2 / (x1 - 1) at x1 = 1: at the '/'.
TEST(GraphBadInput, DivisionByZero) { expect_error("divide-by-zero", 9, 11, "division by an exact 0"); }
// relu(x1 - 1) at x1 = 1: no derivative at 0.
TEST(GraphBadInput, ReluAtZero) { expect_error("relu-at-zero", 9, 8, "relu is not differentiable at 0"); }
// relu_derivative_at_zero = 2: not a subgradient of relu at 0; points at the value.
TEST(GraphBadInput, ReluConventionOutOfRange) {
  expect_error("relu-convention-out-of-range", 6, 27, "must lie in [0, 1]");
}
// outputs = ["w"]: no such node.
TEST(GraphBadInput, UnknownOutput) { expect_error("unknown-output", 9, 12, "no node named 'w'"); }
// A [[document]] formula "1 +": points inside the formula string.
TEST(GraphBadInput, BadPrintedFormula) { expect_error("bad-formula", 13, 15, "found the end"); }
// A Jacobian block of a node that is not an output.
TEST(GraphBadInput, JacobianOfNonOutput) { expect_error("jacobian-of-non-output", 13, 6, "must be one of the [graph] outputs"); }
// A lesson with both a [network] and a [graph].
TEST(GraphBadInput, NetworkAndGraph) { expect_error("network-and-graph", 5, 1, "either a [network] or a [graph]"); }
