// Bad input, the lesson loader and the document checks.
//
// Bad lessons live in tests/data/bad/, one mistake each, said in the file's first line. Each is
// run through the real binary: exit status 2, nothing on stdout, no file written, and exactly one
// line on stderr, "error: <path>:<line>:<column>: <what is wrong and what was expected>", at the
// place worked out by hand in the comment above the test.
#include "support/names.hpp"
#include "engine/certify.hpp"
#include "engine/gradcheck.hpp"
#include "lesson/document_check.hpp"
#include "lesson/lesson.hpp"
#include "number/decimal.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace bptrace {
namespace {

namespace fs = std::filesystem;

const std::string kData = BPTRACE_TEST_DATA;

std::string bad(const std::string& name) { return kData + "/bad/" + name; }
std::string good(const std::string& name) { return kData + "/good/" + name; }

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A scratch folder per test: `inputs/` for generated lessons, `cwd/` where bptrace runs (it must
// stay empty), and the captured stdout and stderr beside them.
class Scratch {
 public:
  Scratch() {
    static int count = 0;
    root_ = fs::temp_directory_path() /
            ("bptrace-lesson-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" + std::to_string(++count));
    fs::remove_all(root_);
    fs::create_directories(root_ / "inputs");
    fs::create_directories(root_ / "cwd");
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  const fs::path& root() const { return root_; }

  std::string write(const std::string& name, const std::string& bytes) const {
    fs::path path = root_ / "inputs" / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

 private:
  fs::path root_;
};

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
  std::vector<std::string> written;  // files that appeared where bptrace ran
};

// Runs the real binary with stdout and stderr captured apart.
Outcome bptrace(const Scratch& scratch, const std::string& args) {
  fs::path cwd = scratch.root() / "cwd";
  std::string command = "cd " + shell_quoted(cwd.string()) + " && " + shell_quoted(BPTRACE_BINARY) + " " + args +
                        " >" + shell_quoted((scratch.root() / "stdout").string()) + " 2>" +
                        shell_quoted((scratch.root() / "stderr").string());
  int raw = std::system(command.c_str());
  Outcome o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;  // -1: killed by a signal (a crash)
  o.out = slurp(scratch.root() / "stdout");
  o.err = slurp(scratch.root() / "stderr");
  o.written = listing(cwd);
  return o;
}

// `bptrace run <path>` on a bad lesson: status 2, no output, no file, one located error line.
void expect_bad_lesson(const std::string& path, int line, int column, const std::string& message) {
  Scratch scratch;
  fs::path folder = fs::path(path).parent_path();
  auto before = listing(folder);
  Outcome o = bptrace(scratch, "run " + shell_quoted(path));
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "error: " + path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                       message + "\n");
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_TRUE(o.written.empty());
  EXPECT_EQ(listing(folder), before);
}

// ---------------------------------------------------------------------------------------------
// The required bad cases

// weights = [[0.15, 0.2   (line 11) never closes its row; the parser meets `bias` at 12:1.
TEST(BadInput, MalformedToml) {
  expect_bad_lesson(bad("malformed-toml.toml"), 12, 1,
                    "TOML syntax: Error while parsing array: expected comma or closing ']', saw 'b'");
}

// The [[layer]] header (9:1) opens a table without `bias`.
TEST(BadInput, MissingField) {
  expect_bad_lesson(bad("missing-field.toml"), 9, 1, "missing field 'bias' in [[layer]] 1");
}

// activation = "sigmiod" (line 10): the string starts at column 14.
TEST(BadInput, UnknownActivation) {
  expect_bad_lesson(bad("unknown-activation.toml"), 10, 14,
                    "unknown activation 'sigmiod'; expected one of: identity, linear, step, sigmoid, "
                    "tanh, relu, leaky_relu, softplus, softmax");
}

// weights = [[...  (line 11): the matrix starts at column 11; 2 neurons over 2 inputs, 3 columns.
TEST(BadInput, WeightMatrixOfWrongShape) {
  expect_bad_lesson(bad("wrong-shape.toml"), 11, 11,
                    "[[layer]] 1 weights: expected a 2×2 matrix (2 neurons in rows, 2 inputs in "
                    "columns), found 2×3");
}

// quantity = "layer2.z[1]" (line 18, string at column 12) in a one-layer network: the nearest
// names by letters and digits are layer1.z[1] (one digit changed), then layer1.b[1] and
// layer1.a[1] (a digit and a letter), in trace order.
TEST(BadInput, DocumentNamesUnknownQuantity) {
  expect_bad_lesson(bad("unknown-quantity.toml"), 18, 12,
                    "no quantity 'layer2.z[1]' in this lesson; did you mean layer1.z[1], layer1.b[1], layer1.a[1]?");
}

// Identity output W = 0, b = 0 gives a = 0 exactly; y = 1 needs log a = log 0. The error points at
// the [loss] header (18:1).
TEST(BadInput, LogOfExactZero) {
  expect_bad_lesson(bad("log-of-zero.toml"), 18, 1,
                    "log of an exact 0 in the loss of sample 1, output 1; binary_cross_entropy expects "
                    "every output a with 0 < a < 1 (log a where y ≠ 0, log(1 − a) where y ≠ 1)");
}

// ---------------------------------------------------------------------------------------------
// More bad cases

// weigths = ... (line 11) is a typo: the key is at column 1.
TEST(BadInput, UnknownFieldTypo) {
  expect_bad_lesson(bad("unknown-field.toml"), 11, 1,
                    "unknown field 'weigths' in [[layer]] 1; expected one of: activation, weights, bias");
}

// The [loss] header (18:1) has kind, outputs and batch, but no constant.
TEST(BadInput, MissingLossConstant) {
  expect_bad_lesson(bad("missing-loss-constant.toml"), 18, 1,
                    "missing field 'constant' in [loss] (the loss's constant factor, e.g. \"1/2\")");
}

// weights = [[0.15, "1/0"]] (line 11): the string opens at column 19, its '0' denominator is at 22.
TEST(BadInput, ZeroDenominator) {
  expect_bad_lesson(bad("zero-denominator.toml"), 11, 22,
                    "fraction with zero denominator in [[layer]] 1 weights \"1/0\"");
}

// x = [0.05, 0.1, 0.2] (line 15, array at column 5) for a 2-input network.
TEST(BadInput, WrongNumberOfInputs) {
  expect_bad_lesson(bad("x-length.toml"), 15, 5, "[[sample]] 1: x has 3 entries, the network has 2 inputs");
}

// y = [0.01] (line 17, array at column 5) for a 2-output network.
TEST(BadInput, TargetLengthMismatch) {
  expect_bad_lesson(bad("y-length.toml"), 17, 5, "[[sample]] 1: y has 1 entries, the network has 2 outputs");
}

// activation = "softmax" (line 10, column 14) on layer 1 of 2.
TEST(BadInput, SoftmaxOnHiddenLayer) {
  expect_bad_lesson(bad("softmax-hidden.toml"), 10, 14, "softmax is only supported on the output layer");
}

// kind = "cross_entropy" (line 20, string at column 8) over a sigmoid output layer.
TEST(BadInput, CrossEntropyWithoutSoftmax) {
  expect_bad_lesson(bad("cross-entropy-without-softmax.toml"), 20, 8,
                    "cross_entropy needs a softmax output layer; use binary_cross_entropy for a "
                    "probability per output");
}

// inputs = 1000000000 (line 7, the number at column 10): refused before anything is allocated.
TEST(BadInput, BillionWideLayer) {
  expect_bad_lesson(bad("huge-width.toml"), 7, 10, "'inputs' must be between 1 and 4096, found 1000000000");
}

// bias = [0, 0, ...] with 4097 entries (line 12, array at column 8).
TEST(BadInput, TooManyNeurons) {
  expect_bad_lesson(bad("too-many-neurons.toml"), 12, 8, "[[layer]] 1: too many neurons: 4097 (at most 4096)");
}

// learning_rate = -0.5 (line 25, the number at column 17).
TEST(BadInput, NegativeLearningRate) {
  expect_bad_lesson(bad("negative-learning-rate.toml"), 25, 17, "learning_rate must be positive");
}

// relu of σ(1) + σ(−1) − 1, which is exactly 0 but only ever enclosed: no precision decides the
// branch. Reported at the relu layer's header (14:1), not as an internal error.
TEST(BadInput, UndecidableReluBranch) {
  expect_bad_lesson(bad("uncertifiable.toml"), 14, 1,
                    "cannot decide the sign of layer2.z[1] for relu (enclosure contains zero) even at "
                    "6400 working digits; expected a value that is exact or certainly away from 0");
}

// binary_cross_entropy of the identity output σ(1) + σ(−1) − 1 (exactly 0, only ever enclosed)
// with y = 1: log of an enclosure around 0. Reported at the [loss] header (23:1).
TEST(BadInput, LogOfEnclosedZero) {
  expect_bad_lesson(bad("log-of-uncertain-zero.toml"), 23, 1,
                    "cannot decide the loss of sample 1, output 1 (enclosure contains zero) even at "
                    "6400 working digits; expected a value that is exact or certainly away from 0");
}

// An empty file is valid TOML without a [lesson]: 1:1.
TEST(BadInput, EmptyFile) {
  Scratch scratch;
  expect_bad_lesson(scratch.write("empty.toml", ""), 1, 1, "missing table [lesson]");
}

// A directory given where a lesson file is expected: the file as a whole, no line.
TEST(BadInput, DirectoryInsteadOfFile) {
  Scratch scratch;
  Outcome o = bptrace(scratch, "run " + shell_quoted(kData + "/bad"));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "error: " + kData + "/bad: expected a lesson file (a regular file), found a directory\n");
}

// A title saved in Latin-1: "café" with é as the single byte 0xE9. In `title = "caf\xE9"` (line 3)
// the quote is column 9, so the byte is column 13.
TEST(BadInput, NotUtf8) {
  Scratch scratch;
  std::string path = scratch.write("latin1.toml", "# A lesson saved in Latin-1.\n[lesson]\ntitle = \"caf\xE9\"\n");
  expect_bad_lesson(path, 3, 13, "invalid UTF-8 (byte 0xE9); expected a lesson file in UTF-8");
}

// `bptrace test` on a bad lesson: status 2, the same located error, and neither a golden nor a
// received trace written beside it.
TEST(BadInput, TestCommandWritesNoGolden) {
  Scratch scratch;
  Outcome o = bptrace(scratch, "test " + shell_quoted(bad("wrong-shape.toml")));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err.rfind("error: " + bad("wrong-shape.toml") + ":11:11: ", 0), 0u) << o.err;
  EXPECT_FALSE(fs::exists(kData + "/golden"));
  EXPECT_TRUE(o.written.empty());
}

// A weight of 10^9999 is not bad input: σ(10^9999) is 1 at every working precision, and the values
// that depend on 1 − σ are printed as the enclosures they are. No crash, no internal error.
TEST(BadInput, HugeWeightIsEnclosedNotACrash) {
  Scratch scratch;
  Outcome o = bptrace(scratch, "run " + shell_quoted(good("huge-weight.toml")));
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "");
  // σ'(z) at z = 10^9999 lies in [0, 1.59e-6401]: no digit and not even the sign is certain
  // at the precision cap, so it is spelt by a bound on its size, not by the backend's ends.
  EXPECT_NE(o.out.find("≈ 0 (undecided: |x| < 1e-6400)   [layer1.dadz[1]]"), std::string::npos)
      << o.out;
}

// ---------------------------------------------------------------------------------------------
// The command line

// A lesson name that matches nothing: status 2, one line naming it.
TEST(Cli, UnknownLessonName) {
  Scratch scratch;
  Outcome o = bptrace(scratch, "run no-such-lesson");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err.rfind("error: no lesson matches 'no-such-lesson' in ", 0), 0u) << o.err;
  EXPECT_NE(o.err.find("(`bptrace list` shows them)\n"), std::string::npos) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
}

// A path to a file that does not exist.
TEST(Cli, MissingLessonFile) {
  Scratch scratch;
  std::string path = (scratch.root() / "inputs" / "nope.toml").string();
  Outcome o = bptrace(scratch, "run " + shell_quoted(path));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "error: no such lesson file: " + path + "\n");
}

// An unknown option: status 2, the option named on stderr.
TEST(Cli, UnknownOption) {
  Scratch scratch;
  Outcome o = bptrace(scratch, "run --frobnicate");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_NE(o.err.find("The following argument was not expected: --frobnicate"), std::string::npos) << o.err;
}

// No subcommand is a usage error.
TEST(Cli, NoSubcommand) {
  Scratch scratch;
  Outcome o = bptrace(scratch, "");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err.rfind("error: a command is required, one of: run, test, check", 0), 0u) << o.err;
}

// --help: usage on stdout, status 0.
TEST(Cli, Help) {
  Scratch scratch;
  Outcome o = bptrace(scratch, "--help");
  EXPECT_EQ(o.status, 0);
  EXPECT_NE(o.out.find("Usage: bptrace"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("Exit status: 0 success, 1 a check failed, 2 bad input or usage."), std::string::npos);
  EXPECT_EQ(o.err, "");
}

// --version: "bptrace <version>" on stdout, status 0.
TEST(Cli, Version) {
  Scratch scratch;
  Outcome o = bptrace(scratch, "--version");
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out, "bptrace " BPTRACE_VERSION "\n");
  EXPECT_EQ(o.err, "");
}

// ---------------------------------------------------------------------------------------------
// The loader, in process

// bias = "none": a 2-2-1 identity network at x = (1, 1), y = 0, L = ½(a − y)², η = 1/10, worked by
// hand: z1 = (3, 7), z2 = 3 − 7 = −4, L = 8, δ2 = −4, ∂L/∂W2 = (−12, −28), δ1 = W2ᵀδ2 = (−4, 4),
// ∂L/∂W1 = [[−4, −4], [4, 4]], W2 ← (2.2, 1.8). No b and no ∂L/∂b anywhere: not in the trace, not in gradcheck.
TEST(LessonLoader, ALayerWithoutBiasHasNoBiasQuantities) {
  Lesson l = load_lesson(good("no-bias.toml"));
  EXPECT_FALSE(l.problem.network.layers[0].has_bias);
  const Trace t = certified_trace(l.problem, 30).trace;
  for (const Step& s : t.steps())
    EXPECT_TRUE(s.key.quantity != Quantity::bias && s.key.quantity != Quantity::bias_gradient) << canonical_name(s.key);
  EXPECT_EQ(t.value(key("layer2.z[1]")).exact(), Rational(-4));
  EXPECT_EQ(t.value(key("loss")).exact(), Rational(8));
  EXPECT_EQ(t.value(key("layer2.dW[1,2]")).exact(), Rational(-28));
  EXPECT_EQ(t.value(key("layer1.dz[2]")).exact(), Rational(4));
  EXPECT_EQ(t.value(key("layer1.dW[2,1]")).exact(), Rational(4));
  EXPECT_EQ(t.value(key("step2.layer2.W[1,1]")).exact(), Rational(11, 5));
  EXPECT_EQ(t.value(key("step2.layer2.W[1,2]")).exact(), Rational(9, 5));
  const auto checked = finite_difference_check(l.problem, Rational(1, 1000000));
  EXPECT_EQ(checked.size(), 6u);  // the six weights only
  for (const GradientComparison& c : checked) EXPECT_EQ(c.parameter.quantity, Quantity::weight);
}

// bias = "nothing": a word that is not "none", at the string (11:8).
TEST(BadInput, BiasWordOtherThanNone) {
  expect_bad_lesson(bad("bias-word.toml"), 11, 8,
                    "[[layer]] 1: expected the layer's biases (an array of numbers) or \"none\" for a layer without bias");
}

// 0.05 is read from its text, exactly 1/20 — a double would not be (it is 0.05000000000000000277...).
TEST(LessonLoader, DecimalLiteralIsExact) {
  Lesson l = load_lesson(good("minimal.toml"));
  EXPECT_EQ(l.problem.network.layers[0].weights[0][0], Rational(1, 20));
  EXPECT_NE(Rational(0.05), Rational(1, 20));
}

// "1/3" is the fraction 1/3.
TEST(LessonLoader, FractionStringIsExact) {
  Lesson l = load_lesson(good("minimal.toml"));
  EXPECT_EQ(l.problem.network.layers[0].weights[0][1], Rational(1, 3));
}

// weights_layout = "columns": the file's 3×2 [[1,4],[2,5],[3,6]] (column k = neuron k) is stored as
// rows per neuron, [[1,2,3],[4,5,6]].
TEST(LessonLoader, ColumnsLayoutIsTransposedToRows) {
  Lesson l = load_lesson(good("columns.toml"));
  const Matrix& w = l.problem.network.layers[0].weights;
  Matrix expected{{1, 2, 3}, {4, 5, 6}};
  EXPECT_EQ(w, expected);
  EXPECT_EQ(l.problem.network.layers[0].bias, (std::vector<Rational>{Rational(1, 2), Rational(-1, 4)}));
}

// Every field of columns.toml read as written: 1e-1 is 1/10, "1/100" the leaky slope.
TEST(LessonLoader, EveryFieldAsWritten) {
  Lesson l = load_lesson(good("columns.toml"));
  EXPECT_EQ(l.name, "columns");
  EXPECT_EQ(l.example, "test-columns");
  EXPECT_EQ(l.description, "A 3-input, 2-neuron layer written column per neuron.");
  const Problem& p = l.problem;
  EXPECT_EQ(p.network.inputs, 3u);
  const Activation& g = p.network.layers[0].activation;
  EXPECT_EQ(g.kind, ActivationKind::leaky_relu);
  EXPECT_EQ(g.alpha, Rational(1, 100));
  EXPECT_EQ(g.at_zero, Rational(1, 100));
  ASSERT_EQ(p.samples.size(), 1u);
  EXPECT_EQ(p.samples[0].x, (std::vector<Rational>{1, 0, -1}));
  EXPECT_EQ(p.samples[0].y, (std::vector<Rational>{1, 0}));
  ASSERT_TRUE(p.loss.has_value());
  EXPECT_EQ(p.loss->kind, LossKind::squared_error);
  EXPECT_EQ(p.loss->constant, Rational(1, 2));
  EXPECT_EQ(p.loss->over_outputs, Reduction::sum);
  EXPECT_EQ(p.loss->over_batch, Reduction::mean);
  ASSERT_TRUE(p.learning_rate.has_value());
  EXPECT_EQ(*p.learning_rate, Rational(1, 10));
  EXPECT_EQ(p.steps, 2);
}

// What a lesson may leave out: notation "bracket", no example or description, rows layout, no
// loss, no training (steps 1), no document values, no errata.
TEST(LessonLoader, Defaults) {
  Lesson l = load_lesson(good("minimal.toml"));
  EXPECT_EQ(l.path, good("minimal.toml"));
  EXPECT_EQ(l.name, "minimal");
  EXPECT_EQ(l.title, "Minimal lesson");
  EXPECT_EQ(l.notation, "bracket");
  EXPECT_EQ(l.example, "");
  EXPECT_EQ(l.description, "");
  EXPECT_EQ(l.problem.network.layers[0].weights.size(), 1u);  // rows: one neuron, two inputs
  EXPECT_FALSE(l.problem.loss.has_value());
  EXPECT_FALSE(l.problem.learning_rate.has_value());
  EXPECT_EQ(l.problem.steps, 1);
  EXPECT_TRUE(l.problem.samples[0].y.empty());
  EXPECT_TRUE(l.documents.empty());
  EXPECT_TRUE(l.errata.empty());
}

// A linear layer without alpha or beta is the identity line: slope 1, intercept 0.
TEST(LessonLoader, LinearDefaults) {
  Scratch scratch;
  std::string path = scratch.write("linear.toml",
                                   "[lesson]\ntitle = \"t\"\nsource = \"s\"\n[network]\ninputs = 1\n"
                                   "[[layer]]\nactivation = \"linear\"\nweights = [[2]]\nbias = [0]\n"
                                   "[[sample]]\nx = [1]\n");
  Lesson l = load_lesson(path);
  EXPECT_EQ(l.problem.network.layers[0].activation.alpha, 1);
  EXPECT_EQ(l.problem.network.layers[0].activation.beta, 0);
}

// Numbers keep their exact value through TOML's other spellings: 1_000.5e-3 is 1.0005 = 2001/2000.
TEST(LessonLoader, UnderscoresAndExponents) {
  Scratch scratch;
  std::string path = scratch.write("spellings.toml",
                                   "[lesson]\ntitle = \"t\"\nsource = \"s\"\n[network]\ninputs = 1\n"
                                   "[[layer]]\nactivation = \"sigmoid\"\nweights = [[1_000.5e-3]]\nbias = [-7]\n"
                                   "[[sample]]\nx = [\"-7/20\"]\n");
  Lesson l = load_lesson(path);
  EXPECT_EQ(l.problem.network.layers[0].weights[0][0], Rational(2001, 2000));
  EXPECT_EQ(l.problem.network.layers[0].bias[0], -7);
  EXPECT_EQ(l.problem.samples[0].x[0], Rational(-7, 20));
}

// A bad lesson throws LessonError carrying its location (the CLI prints it; see BadInput).
TEST(LessonLoader, ErrorCarriesLocation) {
  try {
    load_lesson(bad("unknown-activation.toml"));
    FAIL() << "expected a LessonError";
  } catch (const LessonError& e) {
    EXPECT_EQ(e.where.file, bad("unknown-activation.toml"));
    EXPECT_EQ(e.where.line, 10);
    EXPECT_EQ(e.where.column, 14);
  }
}

// A [[document]]'s location is that of its quantity string, for the error when it names nothing.
TEST(LessonLoader, DocumentValueLocation) {
  Lesson l = load_lesson(bad("unknown-quantity.toml"));
  ASSERT_EQ(l.documents.size(), 1u);
  EXPECT_EQ(l.documents[0].quantity, "layer2.z[1]");
  EXPECT_EQ(l.documents[0].printed, "0.3775");
  EXPECT_FALSE(l.documents[0].erratum.has_value());
  EXPECT_EQ(l.documents[0].location.line, 18);
  EXPECT_EQ(l.documents[0].location.column, 12);
}

// ---------------------------------------------------------------------------------------------
// Document checks: judge()

// [lo, hi] as an enclosure: the hull of the two (outward-rounded) endpoints.
Value enclosure(const Rational& lo, const Rational& hi) {
  return Value(Interval(hull(to_interval(lo), to_interval(hi))));
}

Rational decimal(const std::string& text) { return parse_rational(text); }

// Document 001's dL/dw_{1,1}^[2] = 0.08216704056423..., here cut to an exact 14-place decimal.
const Rational kDw11(Integer("8216704056423"), Integer("100000000000000"));

// 0.08216704... truncates to 0.0821 (it rounds to 0.0822): passes with a note.
TEST(DocumentCheck, TruncatedDigitsTruncate) {
  EXPECT_EQ(judge(kDw11, "0.0821", false), Verdict::truncates);
}

// 0.08216704... rounds to 0.0822.
TEST(DocumentCheck, RoundedDigitsRound) {
  EXPECT_EQ(judge(kDw11, "0.0822", false), Verdict::rounds);
}

// 0.0823 is neither: [0.08225, 0.08235] and [0.0823, 0.0824) miss 0.08216704....
TEST(DocumentCheck, WrongDigitsMismatch) {
  EXPECT_EQ(judge(kDw11, "0.0823", false), Verdict::mismatch);
  EXPECT_EQ(judge(kDw11, "0.0820", false), Verdict::mismatch);
}

// The same from an enclosure, [0.0821670405642, 0.0821670405643] (the true value is
// 0.08216704056423077...). At 13 places the enclosure straddles the rounding boundary ...6425.
TEST(DocumentCheck, EnclosureJudgedLikeExact) {
  WorkingPrecision precision(50);
  Value v = enclosure(decimal("0.0821670405642"), decimal("0.0821670405643"));
  EXPECT_EQ(judge(v, "0.0821", false), Verdict::truncates);
  EXPECT_EQ(judge(v, "0.0822", false), Verdict::rounds);
  EXPECT_EQ(judge(v, "0.0823", false), Verdict::mismatch);
  EXPECT_EQ(judge(v, "0.082167040564", false), Verdict::rounds);
  EXPECT_EQ(judge(v, "0.0821670405642", false), Verdict::uncertain);
}

// The engine's certified value for document 001 (lesson 001-4), 0.08216704056423077...:
// "0.0821" truncates, "0.08216704" rounds (next digit 0), "0.082167041" rounds up (next digit 5...).
TEST(DocumentCheck, Document001PrintedGradient) {
  Lesson l = load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml");
  CertifiedTrace t = certified_trace(l.problem, 30);
  const Value& v = t.trace.value(key("layer2.dW[1,1]"));
  EXPECT_FALSE(v.is_exact());
  EXPECT_EQ(judge(v, "0.0821", false), Verdict::truncates);
  EXPECT_EQ(judge(v, "0.08216704", false), Verdict::rounds);
  EXPECT_EQ(judge(v, "0.082167041", false), Verdict::rounds);
  EXPECT_EQ(judge(v, "0.082167040", false), Verdict::truncates);
}

// An enclosure that straddles the rounding boundary 0.08215 cannot decide: uncertain (fails).
TEST(DocumentCheck, EnclosureOnBoundaryIsUncertain) {
  WorkingPrecision precision(50);
  EXPECT_EQ(judge(enclosure(decimal("0.08214"), decimal("0.08216")), "0.0821", false), Verdict::uncertain);
}

// Ties are accepted either way: 0.08215 exactly rounds to 0.0822 (half away) and to 0.0821 (half even).
TEST(DocumentCheck, ExactTieRoundsBothWays) {
  EXPECT_EQ(judge(decimal("0.08215"), "0.0822", false), Verdict::rounds);
  EXPECT_EQ(judge(decimal("0.08215"), "0.0821", false), Verdict::rounds);
}

// A declared erratum on a value the document got wrong: passes as an erratum.
TEST(DocumentCheck, ErratumOnWrongValue) {
  EXPECT_EQ(judge(kDw11, "0.0823", true), Verdict::erratum);
  EXPECT_TRUE(passes(Verdict::erratum));
}

// A declared erratum on a value the document got right (rounded or truncated): fails.
TEST(DocumentCheck, ErratumOnRightValueFails) {
  EXPECT_EQ(judge(kDw11, "0.0822", true), Verdict::erratum_matches);
  EXPECT_EQ(judge(kDw11, "0.0821", true), Verdict::erratum_matches);
  EXPECT_FALSE(passes(Verdict::erratum_matches));
}

// Negative values truncate toward 0: −0.57 truncates to "-0.5" (range (−0.6, −0.5]) and rounds to
// "-0.6" (range [−0.65, −0.55]); "-0.4" and "0.5" are neither.
TEST(DocumentCheck, NegativeValues) {
  Rational v = decimal("-0.57");
  EXPECT_EQ(judge(v, "-0.5", false), Verdict::truncates);
  EXPECT_EQ(judge(v, "-0.6", false), Verdict::rounds);
  EXPECT_EQ(judge(v, "-0.4", false), Verdict::mismatch);
  EXPECT_EQ(judge(v, "0.5", false), Verdict::mismatch);
  // −0.6 itself truncates to −0.6, not to −0.5: the range (−0.6, −0.5] is open at −0.6.
  EXPECT_EQ(judge(decimal("-0.6"), "-0.5", false), Verdict::mismatch);
  // −0.47 rounds to −0.5 ([−0.55, −0.45]).
  EXPECT_EQ(judge(decimal("-0.47"), "-0.5", false), Verdict::rounds);
}

// A printed fraction is compared exactly: "1/3" is 1/3 and nothing else; "2/6" is 1/3 too.
TEST(DocumentCheck, FractionsComparedExactly) {
  EXPECT_EQ(judge(Rational(1, 3), "1/3", false), Verdict::rounds);
  EXPECT_EQ(judge(Rational(1, 3), "2/6", false), Verdict::rounds);
  EXPECT_EQ(judge(Rational(333, 1000), "1/3", false), Verdict::mismatch);
  EXPECT_EQ(judge(Rational(-1, 3), "-1/3", false), Verdict::rounds);
  EXPECT_EQ(judge(Rational(1, 3), "-1/3", false), Verdict::mismatch);
  WorkingPrecision precision(50);
  // An enclosure away from 1/3 certainly differs; one around 1/3 can never equal it for certain.
  EXPECT_EQ(judge(enclosure(decimal("0.34"), decimal("0.35")), "1/3", false), Verdict::mismatch);
  EXPECT_EQ(judge(enclosure(decimal("0.3333"), decimal("0.3334")), "1/3", false), Verdict::uncertain);
}

// Integers: "-2" covers [−2.5, −1.5] rounded and (−3, −2] truncated.
TEST(DocumentCheck, Integers) {
  EXPECT_EQ(judge(-2, "-2", false), Verdict::rounds);
  EXPECT_EQ(judge(decimal("-1.6"), "-2", false), Verdict::rounds);
  EXPECT_EQ(judge(decimal("-2.4"), "-2", false), Verdict::rounds);
  EXPECT_EQ(judge(decimal("-2.7"), "-2", false), Verdict::truncates);
  EXPECT_EQ(judge(-3, "-2", false), Verdict::mismatch);
  EXPECT_EQ(judge(2, "-2", false), Verdict::mismatch);
}

// An exponent counts toward the places: "8.22e-2" is 0.0822, four places.
TEST(DocumentCheck, ScientificNotation) {
  EXPECT_EQ(judge(kDw11, "8.22e-2", false), Verdict::rounds);
  EXPECT_EQ(judge(kDw11, "8.21e-2", false), Verdict::truncates);
}

}  // namespace
}  // namespace bptrace
