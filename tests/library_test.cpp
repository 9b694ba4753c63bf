// The lesson library checked against things that are not bptrace: central finite differences
// for every gradient of every lesson, values computed independently (Python's fractions and
// decimal modules, by hand), and `bptrace test` failing loudly when a golden or a printed
// document value is altered.
#include "support/names.hpp"
#include "engine/certify.hpp"
#include "engine/gradcheck.hpp"
#include "lesson/lesson.hpp"
#include "lesson/library.hpp"
#include "number/decimal.hpp"

#include "support/command.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bptrace {
namespace {

namespace fs = std::filesystem;

Lesson lesson(const std::string& prefix) {
  fs::path dir = fs::path(BPTRACE_SOURCE_DIR) / "lessons";
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".toml" && entry.path().stem().string().rfind(prefix, 0) == 0)
      return load_lesson(entry.path().string());
  throw std::runtime_error("no lesson " + prefix);
}

std::string digits25(const Trace& trace, const std::string& name) {
  return certified_text(trace.value(key(name)), 25).text;
}

// Whether some sample puts a relu, leaky relu or step unit exactly on its kink (z = 0), or an
// absolute-error output exactly on its target: there the gradient is the lesson's convention
// (g'(0) = 1 or 0), which no finite difference measures (it sees the mean of the one-sided
// slopes, or the step's jump). The 001-3 activation lessons evaluate at z = 0 on purpose.
bool evaluated_at_a_kink(const Lesson& l) {
  CertifiedTrace t = certified_trace(l.problem, 25);
  const std::size_t n = l.problem.samples.size();
  auto exactly_zero = [&](const std::string& name) {
    const Step* step = t.trace.find(key(name));
    return step && step->value.is_exact() && step->value.exact() == 0;
  };
  for (std::size_t s = 1; s <= n; ++s) {
    const std::string sample = n > 1 ? "sample" + std::to_string(s) + "." : "";
    const auto& layers = l.problem.network.layers;
    for (std::size_t k = 1; k <= layers.size(); ++k) {
      ActivationKind kind = layers[k - 1].activation.kind;
      if (kind != ActivationKind::relu && kind != ActivationKind::leaky_relu && kind != ActivationKind::step) continue;
      for (std::size_t j = 1; j <= layers[k - 1].width(); ++j)
        if (exactly_zero(sample + "layer" + std::to_string(k) + ".z[" + std::to_string(j) + "]")) return true;
    }
    if (l.problem.loss && l.problem.loss->kind == LossKind::absolute_error) {
      const std::string out = "layer" + std::to_string(l.problem.network.layers.size());
      for (std::size_t j = 1; j <= l.problem.network.layers.back().width(); ++j) {
        const Step* a = t.trace.find(key(sample + out + ".a[" + std::to_string(j) + "]"));
        const Step* y = t.trace.find(key(sample + "target.y[" + std::to_string(j) + "]"));
        if (a && y && a->value.is_exact() && y->value.is_exact() && a->value.exact() == y->value.exact()) return true;
      }
    }
  }
  return false;
}

// Kinks are detected from the trace, not listed by hand: ReLU at z = 0 in 001-3 is found, and
// 001-4 (sigmoid everywhere) is not at a kink.
TEST(FiniteDifferences, KinksAreDetected) {
  EXPECT_TRUE(evaluated_at_a_kink(lesson("001-3-activation-relu")));
  EXPECT_TRUE(evaluated_at_a_kink(lesson("001-3-activation-step")));
  EXPECT_FALSE(evaluated_at_a_kink(lesson("001-4")));
  EXPECT_FALSE(evaluated_at_a_kink(lesson("002-7-xor-relu-gradient-descent")));
}

// For every lesson with a loss, every backprop gradient agrees with the central difference
// (L(θ+h) − L(θ−h))/2h, h = 10^-12 exact, in certified arithmetic. The central difference
// is off by h²/6·L'''(ξ); these lessons have |L'''| < 10^3, so |difference| < 10^-21, and we
// demand 10^-20. A piecewise-quadratic loss (ReLU, identity, squared error) away from kinks
// makes the central difference exact: there the agreement must be equality.
TEST(FiniteDifferences, AgreeWithBackpropInEveryLesson) {
  fs::path dir = fs::path(BPTRACE_SOURCE_DIR) / "lessons";
  int lessons_checked = 0, gradients_checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;  // lessons/SOURCES.md
    Lesson l = load_lesson(entry.path().string());
    if (!l.problem.loss || evaluated_at_a_kink(l)) continue;
    ++lessons_checked;
    WorkingPrecision precision(80);  // L(θ±h) cancel in 12 digits: keep 60 more
    const Rational h = pow10(-12);
    for (const auto& g : finite_difference_check(l.problem, h)) {
      ++gradients_checked;
      SCOPED_TRACE(l.name + " " + canonical_name(g.parameter));
      if (g.backprop.is_exact() && g.central_difference.is_exact()) {
        EXPECT_EQ(g.backprop.exact(), g.central_difference.exact());
      } else {
        Value difference = g.backprop - g.central_difference;
        EXPECT_EQ(lies_within(difference, -pow10(-20), true, pow10(-20), true), Certainty::yes)
            << "backprop " << certified_text(g.backprop, 25).text << " vs central difference "
            << certified_text(g.central_difference, 25).text;
      }
    }
  }
  EXPECT_GE(lessons_checked, 3);
  EXPECT_GE(gradients_checked, 30);
}

// 002-7: full-batch XOR with ReLU, f = 1/(2n)Σ(ŷ−y)². Worked with Python's fractions module
// (an independent forward/backward written from the document's formulas):
// L = 215/1152, ∂L/∂w1 = −11/240, ∂L/∂w6 = −41/180, ∂L/∂b3 = −59/240, and after one step
// with η = 1/10 the loss is 204963756122873/1194393600000000.
TEST(Lesson002_7, ExactGradientsAndSecondStepLoss) {
  CertifiedTrace t = certified_trace(lesson("002-7-xor-relu-gradient-descent").problem, 25);
  EXPECT_EQ(t.trace.value(key("loss")).exact(), Rational(215, 1152));
  EXPECT_EQ(t.trace.value(key("layer1.dW[1,1]")).exact(), Rational(-11, 240));
  EXPECT_EQ(t.trace.value(key("layer1.dW[1,2]")).exact(), Rational(1, 120));
  EXPECT_EQ(t.trace.value(key("layer1.dW[2,2]")).exact(), Rational(67, 480));
  EXPECT_EQ(t.trace.value(key("layer1.db[2]")).exact(), Rational(1, 6));
  EXPECT_EQ(t.trace.value(key("layer2.dW[1,1]")).exact(), Rational(-1, 48));
  EXPECT_EQ(t.trace.value(key("layer2.dW[1,2]")).exact(), Rational(-41, 180));
  EXPECT_EQ(t.trace.value(key("layer2.db[1]")).exact(), Rational(-59, 240));
  // w1 after one step: 1/2 − (1/10)(−11/240) = 1/2 + 11/2400 = 1211/2400
  EXPECT_EQ(t.trace.value(key("step2.layer1.W[1,1]")).exact(), Rational(1211, 2400));
  EXPECT_EQ(t.trace.value(key("step2.loss")).exact(),
            Rational(Integer("204963756122873"), Integer("1194393600000000")));
}

// 002-8: softmax + cross-entropy. z^(2) = (3/2, −1/4, 1/8) exactly (by hand: h = (3/2, 3/4, 0)).
// 002-7 by mini-batches of M = 2 (shuffle_seed 541 draws samples 1 and 3 first): sample 1
// (0,0): z = (1/10, −1/5), ŷ = 1/10 + 1/4 = 7/20; sample 3 (1,0): z = (3/5, 2/15),
// ŷ = 3/5 − 1/15 + 1/4 = 47/60, error −13/60. f = ((7/20)² + (13/60)²)/4 = 610/14400 = 61/1440;
// ∂f/∂w1 = ½(−13/60) = −13/120, so w1 = 1/2 + 13/1200 = 613/1200; ∂f/∂b3 = ½(7/20 − 13/60) = 1/15,
// b3 = 1/4 − 1/150 = 73/300. The loss over all four points after epoch 1 is from the same
// Fraction re-implementation that drew the shuffle independently.
TEST(Lesson002_7, MiniBatchUpdatesUseTheirOwnSamples) {
  CertifiedTrace t = certified_trace(lesson("002-7-xor-relu-mini-batch").problem, 25);
  EXPECT_EQ(t.trace.value(key("loss")).exact(), Rational(61, 1440));
  EXPECT_EQ(t.trace.value(key("step2.layer1.W[1,1]")).exact(), Rational(613, 1200));
  EXPECT_EQ(t.trace.value(key("step2.layer2.b[1]")).exact(), Rational(73, 300));
  EXPECT_EQ(t.trace.value(key("training.updates_per_epoch")).exact(), Rational(2));
  EXPECT_EQ(t.trace.value(key("epoch1.loss")).exact(),
            Rational(Integer("117882157713224235778946351145070257957993728591"),
                     Integer("739537035580145664000000000000000000000000000000")));
}

// Digits from Python's decimal module at 60 digits, rounded to 25: softmax, −log ŷ_2, and the
// document's formulas grad_W2 = (ŷ − y) hᵀ, g = (W2ᵀ(ŷ − y)) ⊙ relu'(z), grad_W1 = g xᵀ.
TEST(Lesson002_8, SoftmaxCrossEntropyMatchesIndependentDigits) {
  CertifiedTrace t = certified_trace(lesson("002-8-softmax-cross-entropy").problem, 25);
  const Trace& tr = t.trace;
  EXPECT_EQ(tr.value(key("layer2.z[1]")).exact(), Rational(3, 2));
  EXPECT_EQ(tr.value(key("layer2.z[2]")).exact(), Rational(-1, 4));
  EXPECT_EQ(tr.value(key("layer2.z[3]")).exact(), Rational(1, 8));
  EXPECT_EQ(digits25(tr, "layer2.a[1]"), "0.7009606824018236930332948");
  EXPECT_EQ(digits25(tr, "layer2.a[2]"), "0.1218087019846799369119088");
  EXPECT_EQ(digits25(tr, "loss"), "2.105303481392393954460998");
  EXPECT_EQ(digits25(tr, "layer2.dz[1]"), "0.7009606824018236930332948");  // ŷ_1 − 0
  EXPECT_EQ(digits25(tr, "layer2.dW[1,2]"), "0.5257205118013677697749711");
  EXPECT_EQ(digits25(tr, "layer1.da[1]"), "1.667767288223891941148784");
  EXPECT_EQ(digits25(tr, "layer1.dW[1,1]"), "0.8338836441119459705743921");
  EXPECT_EQ(digits25(tr, "layer1.dW[2,2]"), "0.9668066058220682481154895");
  // The third hidden unit is off (z = −1): its gradients are exactly 0, not an enclosure.
  EXPECT_TRUE(tr.value(key("layer1.dW[3,1]")).is_exact_zero());
  EXPECT_TRUE(tr.value(key("layer1.db[3]")).is_exact_zero());
}

// --- `bptrace test` on an altered copy of lesson 001-4 -------------------------------------

using test_support::CommandResult;

// The scratch lessons are named by path, so the library root does not matter here.
CommandResult run(const std::string& args) { return test_support::run_command(std::string(BPTRACE_BINARY) + " " + args + " 2>&1"); }

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_once(const fs::path& p, const std::string& from, const std::string& to) {
  std::string text = slurp(p);
  auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  std::ofstream(p) << text;
}

// A scratch library with a copy of 001-4 and its golden.
class AlteredLibrary : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("bptrace-altered-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root / "lessons");
    fs::create_directories(root / "golden");
    fs::path src = fs::path(BPTRACE_SOURCE_DIR);
    fs::copy_file(src / "lessons/001-4-sigmoid-2-2-2.toml", root / "lessons/001-4-sigmoid-2-2-2.toml");
    fs::copy_file(src / "golden/001-4-sigmoid-2-2-2.trace", root / "golden/001-4-sigmoid-2-2-2.trace");
  }
  void TearDown() override { fs::remove_all(root); }
  fs::path lesson() const { return root / "lessons/001-4-sigmoid-2-2-2.toml"; }
  fs::path golden() const { return root / "golden/001-4-sigmoid-2-2-2.trace"; }
  fs::path root;
};

// The unaltered copy passes: the scratch setup itself is sound.
TEST_F(AlteredLibrary, UnalteredCopyPasses) {
  CommandResult r = run("test " + lesson().string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("PASS 001-4-sigmoid-2-2-2"), std::string::npos) << r.out;
}

// A golden value changed by one digit: exit 1, the quantity named with both values.
TEST_F(AlteredLibrary, AlteredGoldenFailsWithReadableDiff) {
  replace_once(golden(), "layer1.z[1] = 151/400", "layer1.z[1] = 152/400");
  CommandResult r = run("test " + lesson().string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("golden DIFFERS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("layer1.z[1]:\n      golden = 152/400\n      now    = 151/400"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(root / "golden/001-4-sigmoid-2-2-2.received.trace"));
}

// A printed document value altered: "0.5933" becomes "0.5934", which neither rounds nor
// truncates from 0.59326999...: exit 1 and the check is named.
TEST_F(AlteredLibrary, AlteredDocumentValueFails) {
  replace_once(lesson(), "printed = \"0.5933\"", "printed = \"0.5934\"");
  CommandResult r = run("test " + lesson().string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("FAIL a^[1]_1 [layer1.a[1]]: printed 0.5934, engine 0.5933"), std::string::npos) << r.out;
}

// --bless rewrites the golden (and only then does the altered one pass again).
TEST_F(AlteredLibrary, BlessRewritesGolden) {
  replace_once(golden(), "layer1.z[1] = 151/400", "layer1.z[1] = 152/400");
  EXPECT_EQ(run("test --bless " + lesson().string()).status, 0);
  EXPECT_EQ(slurp(golden()), slurp(fs::path(BPTRACE_SOURCE_DIR) / "golden/001-4-sigmoid-2-2-2.trace"));
  EXPECT_EQ(run("test " + lesson().string()).status, 0);
}

// A bless killed half-way through writing leaves the golden as it was: the new text goes to a
// temporary file first (here killed with half of it written) and only a rename replaces the golden.
TEST_F(AlteredLibrary, KilledBlessLeavesTheGoldenWhole) {
  replace_once(golden(), "layer1.z[1] = 151/400", "layer1.z[1] = 152/400");
  const std::string before = slurp(golden());
  std::string command = "BPTRACE_TEST_PAUSE_MID_WRITE=30 '" BPTRACE_BINARY "' test --bless '" + lesson().string() +
                        "' > /dev/null 2>&1 & pid=$!; "
                        "for i in $(seq 100); do ls '" + (root / "golden").string() + "' | grep -q tmp && break; sleep 0.1; done; "
                        "sleep 0.2; kill -9 $pid; wait $pid 2>/dev/null; echo killed";
  EXPECT_EQ(test_support::run_command(command).out, "killed\n");
  EXPECT_EQ(slurp(golden()), before) << "the golden changed";
  // The interrupted temporary file is there, half written: the kill did happen mid-write.
  bool found_partial = false;
  for (const auto& entry : fs::directory_iterator(root / "golden"))
    if (entry.path().string().find(".tmp.") != std::string::npos) {
      std::string partial = slurp(entry.path());
      found_partial = !partial.empty() && partial.size() < before.size() && before.find("# bptrace") == 0;
    }
  EXPECT_TRUE(found_partial);
}

}  // namespace
}  // namespace bptrace
