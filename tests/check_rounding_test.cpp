// Rounding emulation: every intermediate rounded or truncated as it is produced, worked by hand.
#include "support/names.hpp"
#include "engine/certify.hpp"
#include "lesson/document_check.hpp"
#include "lesson/lesson.hpp"
#include "lesson/rounding_check.hpp"
#include "lesson/trace_lesson.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace bptrace {
namespace {

Lesson lesson001() { return load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml"); }

Trace emulated(const Lesson& lesson, const std::string& rule) {
  Variant v;
  v.round_intermediates = parse_rounding_rule(rule);
  return certified_trace(lesson.problem, 20, v).trace;
}

// "4d", "3s", "2d:truncate" and their descriptions; nonsense is refused.
TEST(RoundingRule, ParsesAndDescribes) {
  EXPECT_EQ(describe(*parse_rounding_rule("4d")), "rounded to 4 decimals");
  EXPECT_EQ(describe(*parse_rounding_rule("3s:truncate")), "truncated to 3 significant digits");
  EXPECT_EQ(describe(*parse_rounding_rule("1d:round")), "rounded to 1 decimal");
  EXPECT_FALSE(parse_rounding_rule("4"));
  EXPECT_FALSE(parse_rounding_rule("4x"));
  EXPECT_FALSE(parse_rounding_rule("0d"));
  EXPECT_FALSE(parse_rounding_rule("4d:floor"));
}

// Document 001's "0.0821" for dL/dw_11^[2], reproduced with every intermediate truncated to 4
// significant digits (σ values from Python's decimal module): a1 = (σ(0.3775) = 0.593269… →
// 0.5932, σ(0.3925) = 0.596884… → 0.5968), z2_1 = 0.4·0.5932 + 0.45·0.5968 + 0.6 = 1.10584 →
// 1.105, ŷ1 = σ(1.105) = 0.751195… → 0.7511, ∂L/∂ŷ1 = 0.7411, σ' = 0.7511·0.2489 = 0.18694879
// → 0.1869, δ = 0.7411·0.1869 = 0.13851159 → 0.1385, ∂L/∂w = 0.1385·0.5932 = 0.0821582 →
// 0.08215, whose 4-decimal truncation is the printed 0.0821 (and which lies on the rounding
// boundary 0.08215, so it also rounds to it half-down).
TEST(RoundingEmulation, TruncatingToFourSignificantDigitsReproduces0821) {
  Trace t = emulated(lesson001(), "4s:truncate");
  EXPECT_EQ(t.value(key("layer1.a[1]")).exact(), Rational(5932, 10000));
  EXPECT_EQ(t.value(key("layer2.a[1]")).exact(), Rational(7511, 10000));
  EXPECT_EQ(t.value(key("layer2.dadz[1]")).exact(), Rational(1869, 10000));
  EXPECT_EQ(t.value(key("layer2.dz[1]")).exact(), Rational(1385, 10000));
  EXPECT_EQ(t.value(key("layer2.dW[1,1]")).exact(), Rational(8215, 100000));
  EXPECT_EQ(judge(t.value(key("layer2.dW[1,1]")), "0.0821", false), Verdict::rounds);
}

// With every intermediate rounded to 4 significant digits (the rule behind the document's other
// printed values: 0.5933, 1.106, 0.7514, 0.7414, 0.1868), δ = 0.7414·0.1868 = 0.13849352 →
// 0.1385 and ∂L/∂w = 0.1385·0.5933 = 0.08217205 → 0.08217: "0.0821" only truncates it.
TEST(RoundingEmulation, RoundingToFourSignificantDigitsGives08217) {
  Trace t = emulated(lesson001(), "4s");
  EXPECT_EQ(t.value(key("layer2.da[1]")).exact(), Rational(7414, 10000));
  EXPECT_EQ(t.value(key("layer2.dadz[1]")).exact(), Rational(1868, 10000));
  EXPECT_EQ(t.value(key("layer2.dW[1,1]")).exact(), Rational(8217, 100000));
  EXPECT_EQ(judge(t.value(key("layer2.dW[1,1]")), "0.0821", false), Verdict::truncates);
}

// Decimals, not significant digits: z1_1 = 0.3775 → 0.38 at 2 decimals, and 0.3775 stays at 4.
TEST(RoundingEmulation, DecimalsRoundTheComputedSteps) {
  EXPECT_EQ(emulated(lesson001(), "2d").value(key("layer1.z[1]")).exact(), Rational(38, 100));
  EXPECT_EQ(emulated(lesson001(), "4d").value(key("layer1.z[1]")).exact(), Rational(3775, 10000));
  // Given values are never rounded.
  EXPECT_EQ(emulated(lesson001(), "1d").value(key("input.x[1]")).exact(), Rational(1, 20));
}

// A document value that fails exactly but matches under the lesson's [rounding] is rescued,
// and the drift report lists the quantities whose error accumulated beyond one rounding.
TEST(RoundingEmulation, DocumentCheckRescuedByTheLessonsRounding) {
  Lesson lesson = load_lesson(std::string(BPTRACE_TEST_DATA) + "/check/rounding-note.toml");
  ASSERT_TRUE(lesson.rounding.has_value());
  Trace exact = certified_trace(lesson.problem, 30).trace;
  RoundingEmulation e = emulate_rounding(lesson, exact, *lesson.rounding);
  ASSERT_EQ(e.documents.size(), 1u);
  EXPECT_EQ(e.documents[0].exact, Verdict::mismatch);
  EXPECT_EQ(e.documents[0].emulated, Verdict::rounds);
  EXPECT_TRUE(e.documents[0].rescued());
  // ŷ1: exact 0.751365… truncates to 0.7513 in one rounding, but the emulation gives 0.7511.
  bool output_drifts = std::any_of(e.drifts.begin(), e.drifts.end(), [](const Drift& d) { return d.quantity == key("layer2.a[1]"); });
  EXPECT_TRUE(output_drifts);
}

// A policy: a default rule, and rules of their own for a phase or a quantity kind; the kind's
// rule beats the phase's, which beats the default; without any, a value stays exact.
TEST(RoundingPolicy, ParsesDescribesAndPicksTheMostSpecificRule) {
  RoundingPolicy p = *parse_rounding_policy("4d,backward=5s,dz=3d:truncate");
  EXPECT_EQ(describe(p),
            "rounded per quantity (default: rounded to 4 decimals; backward: rounded to 5 significant digits; "
            "dz: truncated to 3 decimals)");
  EXPECT_EQ(p.rule_for(Quantity::activation, Phase::forward), parse_rounding_rule("4d"));
  EXPECT_EQ(p.rule_for(Quantity::weight_gradient, Phase::backward), parse_rounding_rule("5s"));
  EXPECT_EQ(p.rule_for(Quantity::delta, Phase::backward), parse_rounding_rule("3d:truncate"));
  RoundingPolicy only_a = *parse_rounding_policy("a=3d");
  EXPECT_EQ(describe(only_a), "rounded per quantity (a: rounded to 3 decimals; the rest exact)");
  EXPECT_FALSE(only_a.rule_for(Quantity::pre_activation, Phase::forward));
  // "loss" names the loss phase, and every loss value (a term, a sample's, an epoch's) with it.
  RoundingPolicy loss = *parse_rounding_policy("loss=2d");
  EXPECT_EQ(loss.rule_for(Quantity::loss_term, Phase::forward), parse_rounding_rule("2d"));
  // One rule alone reads as before.
  EXPECT_EQ(describe(*parse_rounding_policy("4d")), "rounded to 4 decimals");
  std::string error;
  EXPECT_FALSE(parse_rounding_policy("q=3d", &error));
  EXPECT_NE(error.find("'q' is neither a phase nor a quantity kind"), std::string::npos) << error;
  EXPECT_FALSE(parse_rounding_policy("3d,4d", &error));
  EXPECT_FALSE(parse_rounding_policy("a=3", &error));
  EXPECT_FALSE(parse_rounding_policy("", &error));
}

// Issue 15, defect 5: activations to 3 decimals, error terms to 4, everything else exact (the
// hand computation is in tests/data/check/rounding-by-kind.toml). One global rule cannot do it:
// 3 decimals would make δ 0.139, 4 would keep a = 0.5933.
TEST(RoundingEmulation, ActivationsAndErrorTermsRoundedByTheirOwnRules) {
  Lesson lesson = load_lesson(std::string(BPTRACE_TEST_DATA) + "/check/rounding-by-kind.toml");
  ASSERT_TRUE(lesson.rounding.has_value());
  EXPECT_EQ(*lesson.rounding, *parse_rounding_policy("a=3d,dz=4d"));
  Trace exact = certified_trace(lesson.problem, 30).trace;
  RoundingEmulation e = emulate_rounding(lesson, exact, *lesson.rounding);
  EXPECT_EQ(e.trace.value(key("layer1.a[1]")).exact(), Rational(593, 1000));
  EXPECT_EQ(e.trace.value(key("layer1.a[2]")).exact(), Rational(597, 1000));
  EXPECT_EQ(e.trace.value(key("layer2.z[1]")).exact(), Rational(110585, 100000));  // not rounded
  EXPECT_EQ(e.trace.value(key("layer2.a[1]")).exact(), Rational(751, 1000));
  EXPECT_EQ(e.trace.value(key("layer2.dadz[1]")).exact(), Rational(186999, 1000000));  // not rounded
  EXPECT_EQ(e.trace.value(key("layer2.dz[1]")).exact(), Rational(1386, 10000));
  EXPECT_EQ(e.trace.value(key("layer2.dW[1,1]")).exact(), Rational(821898, 10000000));  // 0.1386·0.593
  ASSERT_EQ(e.documents.size(), 1u);
  EXPECT_TRUE(e.documents[0].rescued());
  // z2_1 is left exact, yet differs from the exact z2_1: it drifts, from the rounded a1.
  bool z_drifts = std::any_of(e.drifts.begin(), e.drifts.end(), [](const Drift& d) { return d.quantity == key("layer2.z[1]"); });
  EXPECT_TRUE(z_drifts);
}

// A graph lesson rounds by phase. 000-2: f = log((x + y)² + z) at (2, 1, 1) = log 10 =
// 2.302585…, ∂f/∂x = 2(x + y)/10 = 3/5. Forward values to 1 decimal: f = 2.3, the adjoints exact;
// a default of 1 decimal with forward values to 3: f = 2.303.
TEST(RoundingEmulation, GraphLessonsRoundByPhase) {
  Lesson lesson = load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/000-2-log-graph.toml");
  Trace exact = trace_lesson(lesson, 20).trace;
  RoundingEmulation forward = emulate_rounding(lesson, exact, *parse_rounding_policy("forward=1d"));
  EXPECT_EQ(forward.trace.value(*exact.key("f")).exact(), Rational(23, 10));
  EXPECT_EQ(forward.trace.value(*exact.key("df/dx")).exact(), Rational(3, 5));
  RoundingEmulation most = emulate_rounding(lesson, exact, *parse_rounding_policy("1d,forward=3d"));
  EXPECT_EQ(most.trace.value(*exact.key("f")).exact(), Rational(2303, 1000));
}

// A graph lesson has no network quantities: [rounding.a] is refused where it is written.
TEST(RoundingEmulation, GraphLessonRefusesAQuantityKindRule) {
  namespace fs = std::filesystem;
  const fs::path path = fs::temp_directory_path() / ("bptrace-rounding-kind-" + std::to_string(::getpid()) + ".toml");
  {
    std::ofstream out(path);
    out << "[lesson]\ntitle = \"t\"\nsource = \"s\"\n\n[graph]\ninputs = [\"x\"]\npoint = [2]\n"
           "definitions = [\"f = x * x\"]\noutputs = [\"f\"]\n\n[rounding.a]\ndecimals = 3\n";
  }
  try {
    load_lesson(path.string());
    ADD_FAILURE() << "a graph lesson with [rounding.a] was accepted";
  } catch (const LessonError& e) {
    EXPECT_NE(e.located().find(":11:1: [rounding.a]: a graph lesson has no a values"), std::string::npos)
        << e.located();
  }
  fs::remove(path);
}

}  // namespace
}  // namespace bptrace

namespace bptrace {
namespace {

// Softmax with cross-entropy, rounded to 4 decimals, as a hand computation does it: δ = a − y
// from the rounded outputs (lesson 004-8, sample 1, y = (0, 1, 0), a summed loss: c = 1).
// a_1 = 0.546549… → 0.5465 and a_2 = 0.331498… → 0.3315, so δ_1 = 0.5465 − 0 = 0.5465 and
// δ_2 = 0.3315 − 1 = −0.6685 exactly. (Through the rounded ∂L/∂a and the Jacobian instead, the
// rounded −1/a_2 = −3.0166 makes δ_1 another number.)
TEST(RoundingEmulation, SoftmaxCrossEntropyDeltaFromTheRoundedOutputs) {
  Trace t = emulated(load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/004-8-cross-entropy-relu-minibatch.toml"), "4d");
  EXPECT_EQ(t.value(key("sample1.layer2.a[1]")).exact(), Rational(5465, 10000));
  EXPECT_EQ(t.value(key("sample1.layer2.a[2]")).exact(), Rational(3315, 10000));
  EXPECT_EQ(t.value(key("sample1.layer2.dz[1]")).exact(), Rational(5465, 10000));
  EXPECT_EQ(t.value(key("sample1.layer2.dz[2]")).exact(), Rational(-6685, 10000));
}

}  // namespace
}  // namespace bptrace
