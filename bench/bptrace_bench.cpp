// bptrace's benchmarks (issue 7): Google Benchmark timings, and with --report the numbers the
// Python counterparts in bench/ must reproduce (bench/run_benchmarks.py runs both and compares).
//   1. `bptrace test` over the whole lesson library, as a subprocess
//   2. `bptrace run 001-4`, as a subprocess
//   3. one gradient-descent step of a 784-128-64-10 sigmoid MLP: double, certified 30 digits, traced engine
//   4. exact full-batch steps of lesson 002-7's XOR ReLU network
//   5. Mazur's 10,000 steps (lesson mazur-old-weights): the kernel certified, and `bptrace run`
//   6. `bptrace grade`'s work for a class of 1,000 students × 20 answers on lesson 001-4 (issue 18)
#include "engine/certify.hpp"
#include "engine/dense_certify.hpp"
#include "engine/dense_problem.hpp"
#include "homework/answer_sheets.hpp"
#include "lesson/lesson.hpp"
#include "number/decimal.hpp"
#include "number/splitmix.hpp"
#include "report/grade_report.hpp"
#include "trace/names.hpp"

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace bptrace::bench {
namespace {

using dense::Activation;
using dense::Network;

// ---------------------------------------------------------------------------------------------
// 1, 2: the command line, process start included

// Runs `bptrace args...` with BPTRACE_HOME set to the source tree, its output to /dev/null;
// returns the exit status.
int run_bptrace(const std::vector<std::string>& args) {
  std::vector<std::string> words{BPTRACE_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::string home = std::string("BPTRACE_HOME=") + BPTRACE_SOURCE_DIR;
  std::vector<char*> envp{home.data()};
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "BPTRACE_HOME=", 13) != 0) envp.push_back(*e);
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error(std::string("cannot start ") + argv[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void subprocess_benchmark(benchmark::State& state, const std::vector<std::string>& args) {
  int status = 0;
  for (auto _ : state) status = run_bptrace(args);
  state.counters["exit_status"] = status;
}

void BM_LibraryTest(benchmark::State& state) { subprocess_benchmark(state, {"test"}); }
void BM_RunLesson001_4(benchmark::State& state) { subprocess_benchmark(state, {"run", "001-4"}); }
void BM_RunMazurOldWeights(benchmark::State& state) { subprocess_benchmark(state, {"run", "mazur-old-weights"}); }

// ---------------------------------------------------------------------------------------------
// 3: the 784-128-64-10 sigmoid MLP, one sample, L = ½ Σ (a − y)², η = 1/10

// splitmix64: the same stream in bench/mlp_mpmath.py.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    return splitmix64(state);
  }
  // k/1000 with k uniform in [-100, 100]: weights and biases in [-1/10, 1/10].
  Rational weight() { return Rational(static_cast<long>(next() % 201) - 100, 1000); }
  // k/255 with k in [1, 255]: a pixel, never exactly 0.
  Rational pixel() { return Rational(static_cast<long>(next() % 255) + 1, 255); }
};

struct Mlp {
  Network<Rational> network;
  std::vector<dense::Sample> samples;
  dense::Training training;
};

// Weights row by row then biases, layer by layer; then the input; the target is one-hot class 3.
Mlp mlp(const std::vector<std::size_t>& widths) {
  SplitMix64 random{20260701};
  Mlp m;
  for (std::size_t l = 1; l < widths.size(); ++l) {
    dense::Layer<Rational> layer;
    layer.activation = Activation{ActivationKind::sigmoid};
    layer.weights = dense::Matrix<Rational>(widths[l], widths[l - 1]);
    for (Rational& w : layer.weights.entries) w = random.weight();
    for (std::size_t j = 0; j < widths[l]; ++j) layer.bias.push_back(random.weight());
    m.network.layers.push_back(std::move(layer));
  }
  dense::Sample s;
  for (std::size_t i = 0; i < widths.front(); ++i) s.x.push_back(random.pixel());
  for (std::size_t k = 0; k < widths.back(); ++k) s.y.push_back(Rational(k == 3 ? 1 : 0));
  m.samples.push_back(std::move(s));
  m.training = dense::Training{
      .loss_constant = Rational(1, 2), .learning_rate = Rational(1, 10), .steps = 1, .final_loss = false};
  return m;
}

const std::vector<std::size_t> kMnistWidths{784, 128, 64, 10};

std::vector<std::size_t> widths_of(const benchmark::State& state) {
  std::vector<std::size_t> widths;
  for (std::size_t k = 0; k < 4; ++k) widths.push_back(static_cast<std::size_t>(state.range(k)));
  return widths;
}

// The arithmetic of one step in T: the network converted once, then stepped again and again.
template <class T>
void mlp_step(benchmark::State& state) {
  const Mlp m = mlp(widths_of(state));
  WorkingPrecision precision(50);  // what certified_train needs for 30 digits (its working_digits)
  Network<T> net = dense::converted_network<T>(m.network, dense::from_rational<T>);
  const dense::Batch<T> batch = dense::converted_batch<T>(m.samples, dense::from_rational<T>);
  const T loss_constant = dense::from_rational<T>(m.training.loss_constant);
  const T learning_rate = dense::from_rational<T>(m.training.learning_rate);
  for (auto _ : state) benchmark::DoNotOptimize(dense::gradient_step(net, batch, loss_constant, learning_rate));
}
void BM_MlpStepDouble(benchmark::State& state) { mlp_step<double>(state); }
void BM_MlpStepInterval(benchmark::State& state) { mlp_step<Interval>(state); }

// A certified answer: the exact network converted at the working precision, one step, every
// number checked certain to 30 digits (and again at a higher precision when one is not).
template <class T>
void mlp_step_certified(benchmark::State& state) {
  const Mlp m = mlp(widths_of(state));
  unsigned working = 0;
  for (auto _ : state) {
    auto certified = dense::certified_train<T>(m.network, m.samples, m.training, 30);
    working = certified.working_digits;
    benchmark::DoNotOptimize(certified);
  }
  state.counters["working_digits"] = working;
}
void BM_MlpStepCertifiedInterval(benchmark::State& state) { mlp_step_certified<Interval>(state); }
void BM_MlpStepCertifiedValue(benchmark::State& state) { mlp_step_certified<Value>(state); }

// The same network as a lesson's Problem, for the traced engine.
Problem mlp_problem(const Mlp& m) {
  Problem p;
  p.network.inputs = m.network.layers.front().weights.columns;
  for (const dense::Layer<Rational>& l : m.network.layers) {
    bptrace::Layer layer;
    layer.activation.kind = ActivationKind::sigmoid;
    for (std::size_t j = 0; j < l.weights.rows; ++j)
      layer.weights.emplace_back(l.weights.entries.begin() + static_cast<long>(j * l.weights.columns),
                                 l.weights.entries.begin() + static_cast<long>((j + 1) * l.weights.columns));
    layer.bias = l.bias;
    p.network.layers.push_back(std::move(layer));
  }
  for (const dense::Sample& s : m.samples) p.samples.push_back(bptrace::Sample{s.x, s.y, {}});
  Loss loss;
  loss.constant = Rational(1, 2);
  p.loss = loss;
  p.learning_rate = m.training.learning_rate;
  return p;
}

// What `bptrace run` pays: backpropagate with every step, formula and contribution recorded, certified.
void BM_MlpStepTracedEngine(benchmark::State& state) {
  const Problem p = mlp_problem(mlp(widths_of(state)));
  std::size_t steps = 0;
  for (auto _ : state) {
    CertifiedTrace certified = certified_trace(p, kGoldenDigits);
    steps = certified.trace.steps().size();
    benchmark::DoNotOptimize(certified);
  }
  state.counters["trace_steps"] = static_cast<double>(steps);
}

// ---------------------------------------------------------------------------------------------
// 4, 5: the lessons

dense::DenseProblem lesson(const std::string& name) {
  return dense::dense_problem(load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/" + name + ".toml").problem);
}

dense::DenseProblem xor_lesson(int steps) {
  dense::DenseProblem p = lesson("002-7-xor-relu-gradient-descent");
  p.training.steps = steps;
  p.training.final_loss = false;  // as bench/xor_sympy.py: the steps only
  return p;
}

void BM_XorExactSteps(benchmark::State& state) {
  const dense::DenseProblem p = xor_lesson(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(dense::train<Rational>(p.network, p.samples, p.training));
}

void BM_MazurCertifiedKernel(benchmark::State& state) {
  const dense::DenseProblem p = lesson("mazur-old-weights");
  const int digits = static_cast<int>(state.range(0));
  unsigned working = 0;
  for (auto _ : state) {
    auto certified = dense::certified_train<Interval>(p.network, p.samples, p.training, digits);
    working = certified.working_digits;
    benchmark::DoNotOptimize(certified);
  }
  state.counters["working_digits"] = working;
}

void BM_MazurDoubleKernel(benchmark::State& state) {
  const dense::DenseProblem p = lesson("mazur-old-weights");
  for (auto _ : state) benchmark::DoNotOptimize(dense::train<double>(p.network, p.samples, p.training));
}

// ---------------------------------------------------------------------------------------------
// 6: grading a class of 1,000 students × 20 answers on 001-4, as `bptrace grade` does it: the
// CSV read, the lesson and its mistakes traced once, every answer judged (each wrong one
// diagnosed), the class summarised and the text report rendered.

const std::vector<std::string> kGradedQuantities{
    "loss", "layer2.dW[1,1]", "layer2.dW[1,2]", "layer2.dW[2,1]", "layer2.dW[2,2]", "layer2.db[1]", "layer2.db[2]",
    "layer1.dW[1,1]", "layer1.dW[1,2]", "layer1.dW[2,1]", "layer1.dW[2,2]", "layer1.db[1]", "layer1.db[2]",
    "step2.layer2.W[1,1]", "step2.layer2.W[1,2]", "step2.layer2.W[2,1]", "step2.layer2.W[2,2]",
    "step2.layer1.W[1,1]", "input.dx[1]", "input.dx[2]"};

std::string lesson_001_4() { return std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml"; }

// A quoted CSV field.
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// A class whose answers are drawn as students make them (splitmix64, the same class every run):
// half right at 3 to 6 significant digits, rounded or truncated; a third a catalogued mistake's
// value; the rest a number of 4 digits that no computation gives.
std::string class_csv(int students) {
  const Lesson lesson = load_lesson(lesson_001_4());
  const Judge judge(lesson, 15, std::nullopt);
  const auto& mistakes = judge.mistakes();
  SplitMix64 random{20261202};
  std::string csv = "id";
  for (const std::string& q : kGradedQuantities) csv += "," + quoted(q);
  csv += "\n";
  for (int s = 1; s <= students; ++s) {
    csv += "student" + std::to_string(s);
    for (const std::string& name : kGradedQuantities) {
      const Key key = *parse_name(name);
      const std::uint64_t draw = random.next() % 6;
      const int digits = 3 + static_cast<int>(random.next() % 4);
      const Rounding mode = random.next() % 2 ? Rounding::half_away_from_zero : Rounding::toward_zero;
      std::optional<Value> value = judge.exact().value(key);
      if (draw >= 3 && draw < 5) value = mistakes[random.next() % mistakes.size()].trace.find_value(key);
      std::string answer;
      if (draw == 5 || !value) {
        answer = "0." + std::to_string(1000 + random.next() % 9000);
      } else {
        const Rational v = value->is_exact() ? value->exact() : lower_bound(value->enclosure());
        answer = v == 0 ? "0" : to_string(round_significant(v, digits, mode));
      }
      csv += "," + answer;
    }
    csv += "\n";
  }
  return csv;
}

void BM_GradeClass001_4(benchmark::State& state) {
  const std::string csv = class_csv(static_cast<int>(state.range(0)));
  ClassSummary last;
  for (auto _ : state) {
    const std::vector<StudentAnswers> students = read_class_csv("class.csv", csv);
    const Judge judge(load_lesson(lesson_001_4()), 15, std::nullopt);
    const Grader grader(judge, GradingPolicy{});
    const std::vector<GradedStudent> graded = grader.grade_class(students);
    const ClassSummary summary = summarise(graded, judge.exact());
    const std::string report = render_grades(GradeResults{grader, graded, summary}, GradeFormat::text, ValueStyle{});
    benchmark::DoNotOptimize(report.data());
    last = summary;
  }
  state.counters["correct"] = last.totals[static_cast<std::size_t>(Grade::correct)];
  state.counters["wrong"] = last.totals[static_cast<std::size_t>(Grade::wrong)];
  state.counters["insufficient"] = last.totals[static_cast<std::size_t>(Grade::insufficient_precision)];
  state.counters["ungradable"] = last.totals[static_cast<std::size_t>(Grade::ungradable)];
}

BENCHMARK(BM_LibraryTest)->Unit(benchmark::kMillisecond)->MinTime(5);
BENCHMARK(BM_RunLesson001_4)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_MlpStepDouble)->Args({784, 128, 64, 10})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MlpStepInterval)->Args({784, 128, 64, 10})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MlpStepCertifiedInterval)->Args({784, 128, 64, 10})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MlpStepCertifiedValue)->Args({784, 128, 64, 10})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MlpStepTracedEngine)->Args({784, 128, 64, 10})->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_XorExactSteps)->Arg(1)->Arg(5)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MazurCertifiedKernel)->Arg(20)->Arg(30)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MazurDoubleKernel)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunMazurOldWeights)->Unit(benchmark::kMillisecond)->MinTime(5);
BENCHMARK(BM_GradeClass001_4)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(3);

// ---------------------------------------------------------------------------------------------
// --report: the numbers the Python counterparts must reproduce

// FNV-1a 64 of the text: the same function in bench/xor_sympy.py.
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// "p/q" per parameter (layer by layer: weights row by row, then biases), one a line.
std::string parameters_text(const Network<Rational>& net) {
  std::string text;
  for (const dense::Layer<Rational>& l : net.layers) {
    for (const Rational& w : l.weights.entries) text += numerator(w).str() + "/" + denominator(w).str() + "\n";
    for (const Rational& b : l.bias) text += numerator(b).str() + "/" + denominator(b).str() + "\n";
  }
  return text;
}

std::size_t bits(const Integer& n) { return n == 0 ? 0 : msb(abs(n)) + 1; }

void report_xor(int steps) {
  const dense::DenseProblem p = xor_lesson(0);
  Network<Rational> net = p.network;
  const dense::Batch<Rational> batch = dense::converted_batch<Rational>(p.samples, dense::from_rational<Rational>);
  std::printf("xor: step, largest numerator bits, largest denominator bits, fnv1a of the parameters\n");
  for (int step = 1; step <= steps; ++step) {
    dense::gradient_step(net, batch, p.training.loss_constant, p.training.learning_rate);
    std::size_t num = 0, den = 0;
    for (const dense::Layer<Rational>& l : net.layers) {
      for (const std::vector<Rational>* v : {&l.weights.entries, &l.bias})
        for (const Rational& q : *v) {
          num = std::max(num, bits(numerator(q)));
          den = std::max(den, bits(denominator(q)));
        }
    }
    std::printf("xor %d %zu %zu %016llx\n", step, num, den,
                static_cast<unsigned long long>(fnv1a(parameters_text(net))));
  }
}

std::string digits_of(const Interval& x, int digits) {
  auto d = dense::certain(x, digits) ? certain_decimal(x, digits) : std::nullopt;
  return d ? to_string(*d) : "uncertain";
}

void report_mlp() {
  const Mlp m = mlp(kMnistWidths);
  const auto certified = dense::certified_train<Interval>(m.network, m.samples, m.training, 30);
  const auto& g = certified.outcome.gradients.weight_gradient;
  const auto& w = certified.outcome.network.layers;
  std::printf("mlp working_digits %u\n", certified.working_digits);
  std::printf("mlp dW3[1,1] %s\n", digits_of(g[2](0, 0), 30).c_str());
  std::printf("mlp dW2[1,1] %s\n", digits_of(g[1](0, 0), 30).c_str());
  std::printf("mlp dW1[1,1] %s\n", digits_of(g[0](0, 0), 30).c_str());
  std::printf("mlp W1[128,784] %s\n", digits_of(w[0].weights(127, 783), 30).c_str());
}

void report_mazur() {
  const dense::DenseProblem p = lesson("mazur-old-weights");
  for (int digits : {20, 30}) {
    const auto certified = dense::certified_train<Interval>(p.network, p.samples, p.training, digits);
    std::printf("mazur digits %d working_digits %u loss %s\n", digits, certified.working_digits,
                digits_of(certified.outcome.loss, digits).c_str());
  }
}

}  // namespace
}  // namespace bptrace::bench

int main(int argc, char** argv) {
  using namespace bptrace::bench;
  if (argc >= 2 && std::string(argv[1]) == "--report") {
    report_xor(argc >= 3 ? std::stoi(argv[2]) : 10);
    report_mlp();
    report_mazur();
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
