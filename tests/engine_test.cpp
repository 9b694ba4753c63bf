// The engine checked against worked examples: document 001's 2-2-2 sigmoid network (digits given
// by the issue, and Mazur's published update), and small networks whose every value is a
// fraction worked out by hand in the comment above its assertion.
#include "trace/paths.hpp"
#include "support/names.hpp"
#include "engine/backprop.hpp"
#include "engine/certify.hpp"
#include "lesson/lesson.hpp"
#include "number/decimal.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace bptrace {
namespace {

using R = Rational;

// ---------------------------------------------------------------------------------------------
// Building problems

Activation activation(ActivationKind kind) {
  Activation g;
  g.kind = kind;
  return g;
}

Activation with_alpha(ActivationKind kind, const R& alpha) {
  Activation g = activation(kind);
  g.alpha = alpha;
  return g;
}

Activation with_at_zero(ActivationKind kind, const R& at_zero) {
  Activation g = activation(kind);
  g.at_zero = at_zero;
  return g;
}

Layer layer(Matrix weights, std::vector<R> bias, Activation g) {
  Layer l;
  l.weights = std::move(weights);
  l.bias = std::move(bias);
  l.activation = g;
  return l;
}

Sample sample(std::vector<R> x, std::vector<R> y) {
  Sample s;
  s.x = std::move(x);
  s.y = std::move(y);
  return s;
}

Loss loss(LossKind kind, const R& constant, Reduction over_batch = Reduction::sum) {
  Loss l;
  l.kind = kind;
  l.constant = constant;
  l.over_outputs = Reduction::sum;
  l.over_batch = over_batch;
  return l;
}

// L = 1/2 Σ_k (a_k − y_k)²
Loss half_squared_error(Reduction over_batch = Reduction::sum) {
  return loss(LossKind::squared_error, R(1, 2), over_batch);
}

Problem problem(std::size_t inputs, std::vector<Layer> layers, std::vector<Sample> samples,
                std::optional<Loss> l) {
  Problem p;
  p.network.inputs = inputs;
  p.network.layers = std::move(layers);
  p.samples = std::move(samples);
  p.loss = std::move(l);
  return p;
}

// One neuron g(1·x + 0) with input x = z, so that layer1.z[1] = z; target y, loss ½(a − y)².
Problem one_neuron(Activation g, const R& z, const R& y = R(0)) {
  return problem(1, {layer({{R(1)}}, {R(0)}, g)}, {sample({z}, {y})}, half_squared_error());
}

// Document 001 (LUMS EE514), "Back Propagation – Example": x = (0.05, 0.1), y = (0.01, 0.99),
// W1 = [[0.15, 0.2], [0.25, 0.3]], b1 = (0.35, 0.35), W2 = [[0.4, 0.45], [0.5, 0.55]],
// b2 = (0.6, 0.6), sigmoid everywhere, L = ½ Σ (a_k − y_k)², one step with η = 1/2. It is
// also Mazur's "A Step by Step Backpropagation Example" (his w1..w8, b1, b2).
Problem document_001_4() {
  const Activation s = activation(ActivationKind::sigmoid);
  Problem p = problem(2,
                      {layer({{R(3, 20), R(1, 5)}, {R(1, 4), R(3, 10)}}, {R(7, 20), R(7, 20)}, s),
                       layer({{R(2, 5), R(9, 20)}, {R(1, 2), R(11, 20)}}, {R(3, 5), R(3, 5)}, s)},
                      {sample({R(1, 20), R(1, 10)}, {R(1, 100), R(99, 100)})}, half_squared_error());
  p.learning_rate = R(1, 2);
  return p;
}

// 2-2-1: ReLU hidden layer, identity output, x = (1, 2), y = 1/2, η = 1/10.
//   W1 = [[1/2, 1/4], [-1, 1/3]], b1 = (1/10, -1/2), W2 = [[2, -3]], b2 = 1/5.
// Neuron 2 of layer 1 is off (z < 0), so its derivative is 0.
Problem relu_2_2_1() {
  Problem p = problem(2,
                      {layer({{R(1, 2), R(1, 4)}, {R(-1), R(1, 3)}}, {R(1, 10), R(-1, 2)},
                             with_at_zero(ActivationKind::relu, R(0))),
                       layer({{R(2), R(-3)}}, {R(1, 5)}, activation(ActivationKind::identity))},
                      {sample({R(1), R(2)}, {R(1, 2)})}, half_squared_error());
  p.learning_rate = R(1, 10);
  return p;
}

// 1 input → 2 softmax outputs with W = [[w1], [w2]], b = 0, so z = (w1·x, w2·x).
Problem softmax_2(const R& w1, const R& w2, const R& x, std::vector<R> y, Loss l) {
  return problem(1, {layer({{w1}, {w2}}, {R(0), R(0)}, activation(ActivationKind::softmax))},
                 {sample({x}, std::move(y))}, l);
}

Loss cross_entropy() { return loss(LossKind::cross_entropy, R(1)); }

// ---------------------------------------------------------------------------------------------
// Reading traces

const Step& step(const Trace& t, const std::string& name) {
  const Step* s = t.find(key(name));
  if (!s) throw std::out_of_range("the trace has no quantity " + name);
  return *s;
}

const Value& value(const Trace& t, const std::string& name) { return step(t, name).value; }

R exact(const Trace& t, const std::string& name) {
  const Value& v = value(t, name);
  if (!v.is_exact()) throw std::logic_error(name + " is not exact");
  return v.exact();
}

// Whether v certainly begins with the (truncated) digits: lies in [d, d + ulp) for d ≥ 0, in
// (d − ulp, d] for d < 0, where ulp is one unit in the last place written.
testing::AssertionResult BeginsWith(const Value& v, const std::string& digits) {
  const R d = parse_rational(digits);
  const R ulp = pow10(-decimal_places(digits));
  const Certainty c = d >= 0 ? lies_within(v, d, true, R(d + ulp), false)
                             : lies_within(v, R(d - ulp), false, d, true);
  if (c == Certainty::yes) return testing::AssertionSuccess();
  return testing::AssertionFailure() << certified_text(v, 30).text << " does not certainly begin with "
                                     << digits;
}

// 25 significant digits, certain.
std::string digits25(const Value& v) { return certified_text(v, 25).text; }

// ---------------------------------------------------------------------------------------------
// 1. Document 001-4

// z_1^[1] = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.0075 + 0.02 + 0.35 = 0.3775 = 151/400;
// z_2^[1] = 0.25·0.05 + 0.3·0.1 + 0.35 = 0.0125 + 0.03 + 0.35 = 0.3925 = 157/400.
// Defect 2 of issue 15: one bias shared per layer, updated, sigmoid layers, two steps
// (tests/data/engine/shared-bias-two-steps.toml). Step 2 failed with "cannot decide the sign of
// step2.layer1.z[1] (enclosure is not a number)": the shared bias was spread from an element of
// the vector being assigned. Independently (mpmath, 50 digits, db = Σ_j δ_j):
// b1 after step 1 = 0.34063719530264793201, z^[1]_1 at step 2 = 0.36808237433583863867,
// L at step 2 = 0.28575088669929649738, db^[1] at step 2 = 0.015843655946288600951,
// and the biases after step 2: b1 = 0.33271536732950363154, b2 = 0.49905959722019807994.
TEST(SharedBias, UpdatedOverTwoStepsWithSigmoidLayers) {
  const Lesson lesson = load_lesson(std::string(BPTRACE_TEST_DATA) + "/engine/shared-bias-two-steps.toml");
  const Trace t = certified_trace(lesson.problem, 30).trace;
  EXPECT_TRUE(BeginsWith(value(t, "step2.layer1.b[1]"), "0.3406371953026479320"));
  EXPECT_TRUE(BeginsWith(value(t, "step2.layer1.z[1]"), "0.3680823743358386386"));
  EXPECT_TRUE(BeginsWith(value(t, "step2.loss"), "0.2857508866992964973"));
  EXPECT_TRUE(BeginsWith(value(t, "step2.layer1.db[1]"), "0.01584365594628860095"));
  EXPECT_TRUE(BeginsWith(value(t, "step3.layer1.b[1]"), "0.3327153673295036315"));
  EXPECT_TRUE(BeginsWith(value(t, "step3.layer2.b[1]"), "0.4990595972201980799"));
}

TEST(Document001, HiddenPreActivationsAreExact) {
  Trace t = backpropagate(document_001_4());
  EXPECT_EQ(exact(t, "layer1.z[1]"), R(151, 400));
  EXPECT_EQ(exact(t, "layer1.z[2]"), R(157, 400));
}

// W[j,i] is row j = neuron j: w_{1,2}^[1] = 0.2 is x_2's weight into neuron 1, and
// ∂L/∂w_{1,2}^[1] = δ_1·x_2 = δ_1·0.1 is twice ∂L/∂w_{1,1}^[1] = δ_1·0.05.
TEST(Document001, IndexesWeightsByNeuronThenInput) {
  CertifiedTrace c = certified_trace(document_001_4(), 25);
  EXPECT_EQ(exact(c.trace, "layer1.W[1,2]"), R(1, 5));
  EXPECT_EQ(exact(c.trace, "layer1.W[2,1]"), R(1, 4));
  WorkingPrecision precision(c.working_digits);  // for the test's own arithmetic
  Value residual = value(c.trace, "layer1.dW[1,2]") - Value(2) * value(c.trace, "layer1.dW[1,1]");
  EXPECT_EQ(lies_within(residual, R(-pow10(-40)), true, pow10(-40), true), Certainty::yes);
}

// The certified digits: L = 0.29837110876000268860738...
TEST(Document001, LossHasTheCertifiedDigits) {
  CertifiedTrace c = certified_trace(document_001_4(), 25);
  EXPECT_TRUE(BeginsWith(value(c.trace, "loss"), "0.29837110876000268860738"));
}

// The certified digits: dL/dw_11^[2] = 0.08216704056423077884641... (the document
// prints 0.0821).
TEST(Document001, OutputWeightGradientHasTheCertifiedDigits) {
  CertifiedTrace c = certified_trace(document_001_4(), 25);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer2.dW[1,1]"), "0.08216704056423077884641"));
}

// The certified digits: dL/dw_11^[1] = 0.00043856773447434672704...
TEST(Document001, HiddenWeightGradientHasTheCertifiedDigits) {
  CertifiedTrace c = certified_trace(document_001_4(), 25);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dW[1,1]"), "0.00043856773447434672704"));
}

// w_11^[1] reaches L through z_1^[2] and z_2^[2]: w_11^[2]·δ_1^[2]·σ'(z_1^[1])·x_1 and
// w_21^[2]·δ_2^[2]·σ'(z_1^[1])·x_1. Independently (mpmath, 50 digits) these are
// 0.000668396021144372993004... and -0.000229828286670026265956...; they sum to dL/dw_11^[1].
TEST(Document001, TwoPathContributionsSumToTheHiddenGradient) {
  CertifiedTrace c = certified_trace(document_001_4(), 30);
  const Step& s = step(c.trace, "layer1.dW[1,1]");
  EXPECT_TRUE(s.contributions.empty());  // derived when asked, not stored
  const PathTerms paths = path_terms(c.trace, s);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0].via, key("layer2.z[1]"));
  EXPECT_EQ(paths[1].via, key("layer2.z[2]"));
  EXPECT_TRUE(BeginsWith(paths[0].value, "0.000668396021144372993004"));
  EXPECT_TRUE(BeginsWith(paths[1].value, "-0.000229828286670026265956"));
  WorkingPrecision precision(c.working_digits);  // for the test's own arithmetic
  Value residual = paths[0].value + paths[1].value - s.value;
  EXPECT_EQ(lies_within(residual, R(-pow10(-40)), true, pow10(-40), true), Certainty::yes);
}

// Mazur's published update for the same network: w5+ = w5 − η·∂E/∂w5 = 0.4 − 0.5·0.0821670...
// = 0.35891648 (8 digits).
TEST(Document001, UpdatedOutputWeightMatchesMazur) {
  CertifiedTrace c = certified_trace(document_001_4(), 25);
  EXPECT_EQ(certified_text(value(c.trace, "step2.layer2.W[1,1]"), 8).text, "0.35891648");
}

// Every canonical name of DESIGN.md is present for a single-sample, one-step lesson.
TEST(Document001, NamesEveryQuantityCanonically) {
  Trace t = backpropagate(document_001_4());
  for (const char* name :
       {"input.x[1]", "input.x[2]", "target.y[1]", "target.y[2]", "layer1.W[2,1]", "layer1.b[1]",
        "learning_rate", "layer1.z[2]", "layer1.a[1]", "layer2.z[1]", "layer2.a[2]", "loss",
        "layer2.da[1]", "layer2.dadz[1]", "layer2.dz[2]", "layer2.dW[1,2]", "layer2.db[2]",
        "layer1.da[1]", "layer1.dadz[2]", "layer1.dz[1]", "layer1.dW[2,2]", "layer1.db[2]",
        "input.dx[1]", "input.dx[2]", "step2.layer1.W[1,1]", "step2.layer2.b[2]"})
    EXPECT_NE(t.find(key(name)), nullptr) << name;
  EXPECT_EQ(t.find(key("layer3.z[1]")), nullptr);
  EXPECT_EQ(t.find(key("sample1.layer1.z[1]")), nullptr);  // one sample: no prefix
}

// The derivation reads in order: given, forward, loss, backward, update, never going back.
TEST(Document001, RecordsPhasesInDerivationOrder) {
  Trace t = backpropagate(document_001_4());
  ASSERT_FALSE(t.steps().empty());
  for (std::size_t i = 1; i < t.steps().size(); ++i)
    EXPECT_LE(t.steps()[i - 1].phase, t.steps()[i].phase) << canonical_name(t.steps()[i].key);
  EXPECT_EQ(t.steps().front().phase, Phase::given);
  EXPECT_EQ(t.steps().back().phase, Phase::update);
}

// ---------------------------------------------------------------------------------------------
// 2. ReLU / identity 2-2-1, every value a fraction

// z_1^[1] = 1/2·1 + 1/4·2 + 1/10 = 11/10; z_2^[1] = -1·1 + 1/3·2 − 1/2 = -5/6;
// a^[1] = (11/10, 0); z^[2] = a^[2] = 2·11/10 − 3·0 + 1/5 = 12/5.
TEST(ReluNetwork, ForwardPassIsExact) {
  Trace t = backpropagate(relu_2_2_1());
  EXPECT_EQ(exact(t, "layer1.z[1]"), R(11, 10));
  EXPECT_EQ(exact(t, "layer1.z[2]"), R(-5, 6));
  EXPECT_EQ(exact(t, "layer1.a[1]"), R(11, 10));
  EXPECT_EQ(exact(t, "layer1.a[2]"), R(0));
  EXPECT_EQ(exact(t, "layer2.z[1]"), R(12, 5));
  EXPECT_EQ(exact(t, "layer2.a[1]"), R(12, 5));
}

// L = ½(12/5 − 1/2)² = ½(19/10)² = 361/200.
TEST(ReluNetwork, LossIsExact) {
  Trace t = backpropagate(relu_2_2_1());
  EXPECT_EQ(exact(t, "loss"), R(361, 200));
}

// ∂L/∂a^[2] = 12/5 − 1/2 = 19/10; identity' = 1, so δ^[2] = 19/10;
// ∂L/∂W^[2] = δ^[2]·a^[1] = (19/10·11/10, 19/10·0) = (209/100, 0); ∂L/∂b^[2] = 19/10.
TEST(ReluNetwork, OutputLayerGradientsAreExact) {
  Trace t = backpropagate(relu_2_2_1());
  EXPECT_EQ(exact(t, "layer2.da[1]"), R(19, 10));
  EXPECT_EQ(exact(t, "layer2.dadz[1]"), R(1));
  EXPECT_EQ(exact(t, "layer2.dz[1]"), R(19, 10));
  EXPECT_EQ(exact(t, "layer2.dW[1,1]"), R(209, 100));
  EXPECT_EQ(exact(t, "layer2.dW[1,2]"), R(0));
  EXPECT_EQ(exact(t, "layer2.db[1]"), R(19, 10));
}

// ∂L/∂a^[1] = W^[2]ᵀδ^[2] = (2·19/10, -3·19/10) = (19/5, -57/10); ReLU' = (1, 0) since
// z^[1] = (11/10, -5/6); δ^[1] = (19/5, 0); ∂L/∂W^[1] = δ^[1]xᵀ = [[19/5, 38/5], [0, 0]];
// ∂L/∂b^[1] = (19/5, 0).
TEST(ReluNetwork, HiddenLayerGradientsAreExactAndZeroForTheOffNeuron) {
  Trace t = backpropagate(relu_2_2_1());
  EXPECT_EQ(exact(t, "layer1.da[1]"), R(19, 5));
  EXPECT_EQ(exact(t, "layer1.da[2]"), R(-57, 10));
  EXPECT_EQ(exact(t, "layer1.dadz[1]"), R(1));
  EXPECT_EQ(exact(t, "layer1.dadz[2]"), R(0));
  EXPECT_EQ(exact(t, "layer1.dz[1]"), R(19, 5));
  EXPECT_EQ(exact(t, "layer1.dz[2]"), R(0));
  EXPECT_EQ(exact(t, "layer1.dW[1,1]"), R(19, 5));
  EXPECT_EQ(exact(t, "layer1.dW[1,2]"), R(38, 5));
  EXPECT_EQ(exact(t, "layer1.dW[2,1]"), R(0));
  EXPECT_EQ(exact(t, "layer1.dW[2,2]"), R(0));
  EXPECT_EQ(exact(t, "layer1.db[1]"), R(19, 5));
  EXPECT_EQ(exact(t, "layer1.db[2]"), R(0));
}

// ∂L/∂x = W^[1]ᵀδ^[1]: x_1: 1/2·19/5 + (-1)·0 = 19/10; x_2: 1/4·19/5 + 1/3·0 = 19/20.
TEST(ReluNetwork, InputGradientIsExact) {
  Trace t = backpropagate(relu_2_2_1());
  EXPECT_EQ(exact(t, "input.dx[1]"), R(19, 10));
  EXPECT_EQ(exact(t, "input.dx[2]"), R(19, 20));
}

// θ − η·∂L/∂θ with η = 1/10: W^[2]_11: 2 − 209/1000 = 1791/1000; b^[2]: 1/5 − 19/100 = 1/100;
// W^[1]_11: 1/2 − 19/50 = 3/25; W^[1]_12: 1/4 − 38/50 = -51/100; b^[1]_1: 1/10 − 19/50 = -7/25;
// the off neuron's W^[1]_21 = -1 is unchanged.
TEST(ReluNetwork, UpdateStepIsExact) {
  Trace t = backpropagate(relu_2_2_1());
  EXPECT_EQ(exact(t, "step2.layer2.W[1,1]"), R(1791, 1000));
  EXPECT_EQ(exact(t, "step2.layer2.b[1]"), R(1, 100));
  EXPECT_EQ(exact(t, "step2.layer1.W[1,1]"), R(3, 25));
  EXPECT_EQ(exact(t, "step2.layer1.W[1,2]"), R(-51, 100));
  EXPECT_EQ(exact(t, "step2.layer1.b[1]"), R(-7, 25));
  EXPECT_EQ(exact(t, "step2.layer1.W[2,1]"), R(-1));
}

// Step 2 runs forward with the updated parameters: z_1^[1] = 3/25·1 − 51/100·2 − 7/25
// = (12 − 102 − 28)/100 = -59/50, so both hidden units are off, z^[2] = b^[2] = 1/100 and
// L = ½(1/100 − 1/2)² = ½(49/100)² = 2401/20000.
TEST(ReluNetwork, SecondStepUsesTheUpdatedParameters) {
  Problem p = relu_2_2_1();
  p.steps = 2;
  Trace t = backpropagate(p);
  EXPECT_EQ(exact(t, "step2.layer1.z[1]"), R(-59, 50));
  EXPECT_EQ(exact(t, "step2.layer2.z[1]"), R(1, 100));
  EXPECT_EQ(exact(t, "step2.loss"), R(2401, 20000));
  EXPECT_NE(t.find(key("step3.layer2.W[1,1]")), nullptr);
}

// exact_digits bounds the exact fractions: 1791/1000 has 4 + 4 digits (by the bit-length count,
// at least 8), so with a limit of 7 the updated W^[2]_11 goes on as an enclosure of 1791/1000,
// while -1 (1 + 1 digits) stays exact; with the default limit both stay exact.
TEST(ReluNetwork, LongFractionsGoOnAsCertifiedEnclosures) {
  Problem p = relu_2_2_1();
  p.exact_digits = 7;
  Trace t = backpropagate(p);
  const Value& w = t.find(key("step2.layer2.W[1,1]"))->value;
  ASSERT_FALSE(w.is_exact());
  EXPECT_LE(lower_bound(w.enclosure()), R(1791, 1000));
  EXPECT_GE(upper_bound(w.enclosure()), R(1791, 1000));
  EXPECT_EQ(exact(t, "step2.layer1.W[2,1]"), R(-1));
  EXPECT_EQ(exact(backpropagate(relu_2_2_1()), "step2.layer2.W[1,1]"), R(1791, 1000));
}

// ReLU at exactly z = 0 (x = 0) with y = 1: a = 0, ∂L/∂a = 0 − 1 = -1, ReLU'(0) is the
// lesson's derivative_at_zero = 1, so δ = -1 and ∂L/∂x = w·δ = -1.
TEST(ReluNetwork, DerivativeAtZeroFollowsTheConventionOne) {
  Trace t = backpropagate(one_neuron(with_at_zero(ActivationKind::relu, R(1)), R(0), R(1)));
  EXPECT_EQ(exact(t, "layer1.a[1]"), R(0));
  EXPECT_EQ(exact(t, "layer1.dadz[1]"), R(1));
  EXPECT_EQ(exact(t, "layer1.dz[1]"), R(-1));
  EXPECT_EQ(exact(t, "input.dx[1]"), R(-1));
}

// The same with derivative_at_zero = 0: ReLU'(0) = 0, δ = -1·0 = 0, ∂L/∂x = 0.
TEST(ReluNetwork, DerivativeAtZeroFollowsTheConventionZero) {
  Trace t = backpropagate(one_neuron(with_at_zero(ActivationKind::relu, R(0)), R(0), R(1)));
  EXPECT_EQ(exact(t, "layer1.dadz[1]"), R(0));
  EXPECT_EQ(exact(t, "layer1.dz[1]"), R(0));
  EXPECT_EQ(exact(t, "input.dx[1]"), R(0));
}

// Leaky ReLU, α = 1/10, x = 1, W = [[-2], [3]], b = 0, y = 0: z = (-2, 3), a = (-2/10, 3) =
// (-1/5, 3); g' = (1/10, 1); ∂L/∂a = a − y = (-1/5, 3); δ = (-1/50, 3); ∂L/∂W = δ·1.
TEST(ReluNetwork, LeakyReluScalesNegativeSideByAlpha) {
  Problem p = problem(1, {layer({{R(-2)}, {R(3)}}, {R(0), R(0)}, with_alpha(ActivationKind::leaky_relu, R(1, 10)))},
                      {sample({R(1)}, {R(0), R(0)})}, half_squared_error());
  Trace t = backpropagate(p);
  EXPECT_EQ(exact(t, "layer1.a[1]"), R(-1, 5));
  EXPECT_EQ(exact(t, "layer1.a[2]"), R(3));
  EXPECT_EQ(exact(t, "layer1.dadz[1]"), R(1, 10));
  EXPECT_EQ(exact(t, "layer1.dadz[2]"), R(1));
  EXPECT_EQ(exact(t, "layer1.dW[1,1]"), R(-1, 50));
  EXPECT_EQ(exact(t, "layer1.dW[2,1]"), R(3));
}

// ---------------------------------------------------------------------------------------------
// 3. A batch of two samples, L = 1/(2n) Σ_s (a_s − y_s)²

// One identity neuron W = [[1, -1]], b = 1/2; sample 1: x = (1, 0), y = 1; sample 2:
// x = (0, 2), y = 0; η = 1/2.
Problem batch_of_two() {
  Problem p = problem(2, {layer({{R(1), R(-1)}}, {R(1, 2)}, activation(ActivationKind::identity))},
                      {sample({R(1), R(0)}, {R(1)}), sample({R(0), R(2)}, {R(0)})},
                      half_squared_error(Reduction::mean));
  p.learning_rate = R(1, 2);
  return p;
}

// a_1 = 1 + 1/2 = 3/2, a_2 = -2 + 1/2 = -3/2; sample losses ½(1/2)² = 1/8 and ½(3/2)² = 9/8;
// the batch mean L = (1/8 + 9/8)/2 = 5/8.
TEST(Batch, NamesPerSampleQuantitiesAndAveragesTheLoss) {
  Trace t = backpropagate(batch_of_two());
  EXPECT_EQ(exact(t, "sample2.input.x[2]"), R(2));
  EXPECT_EQ(exact(t, "sample2.target.y[1]"), R(0));
  EXPECT_EQ(exact(t, "sample1.layer1.z[1]"), R(3, 2));
  EXPECT_EQ(exact(t, "sample2.layer1.a[1]"), R(-3, 2));
  EXPECT_EQ(exact(t, "sample1.loss"), R(1, 8));
  EXPECT_EQ(exact(t, "sample2.loss"), R(9, 8));
  EXPECT_EQ(exact(t, "loss"), R(5, 8));
  EXPECT_EQ(t.find(key("layer1.z[1]")), nullptr);  // per-sample quantities always carry the prefix
}

// Each sample's ∂L/∂a carries the 1/n: ½·2·(a − y)/2 = (a − y)/2: sample 1: (1/2)/2 = 1/4,
// sample 2: (-3/2)/2 = -3/4. ∂L/∂W = δ·x: sample 1 (1/4, 0), sample 2 (0, -3/2).
TEST(Batch, PerSampleGradientsCarryTheMeanFactor) {
  Trace t = backpropagate(batch_of_two());
  EXPECT_EQ(exact(t, "sample1.layer1.da[1]"), R(1, 4));
  EXPECT_EQ(exact(t, "sample2.layer1.dz[1]"), R(-3, 4));
  EXPECT_EQ(exact(t, "sample1.layer1.dW[1,1]"), R(1, 4));
  EXPECT_EQ(exact(t, "sample1.layer1.dW[1,2]"), R(0));
  EXPECT_EQ(exact(t, "sample2.layer1.dW[1,1]"), R(0));
  EXPECT_EQ(exact(t, "sample2.layer1.dW[1,2]"), R(-3, 2));
}

// ∂L/∂θ = 1/n Σ_s (a_s − y_s)·∂a_s/∂θ: W_11: ½(1/2·1 + (-3/2)·0) = 1/4; W_12: ½(1/2·0 +
// (-3/2)·2) = -3/2; b: ½(1/2 − 3/2) = -1/2. Each is the sum of the samples' gradients.
TEST(Batch, TotalGradientIsTheSumOfPerSampleGradients) {
  Trace t = backpropagate(batch_of_two());
  EXPECT_EQ(exact(t, "layer1.dW[1,1]"), R(1, 4));
  EXPECT_EQ(exact(t, "layer1.dW[1,2]"), R(-3, 2));
  EXPECT_EQ(exact(t, "layer1.db[1]"), R(-1, 2));
  for (const char* q : {"layer1.dW[1,1]", "layer1.dW[1,2]", "layer1.db[1]"}) {
    const std::string name = q;
    EXPECT_EQ(exact(t, name), R(exact(t, "sample1." + name) + exact(t, "sample2." + name))) << name;
  }
  const Step& s = step(t, "layer1.dW[1,2]");
  ASSERT_EQ(s.contributions.size(), 2u);
  EXPECT_EQ(s.contributions[0].via, key("sample1"));
  EXPECT_EQ(s.contributions[1].via, key("sample2"));
}

// η = 1/2: W_12: -1 − ½·(-3/2) = -1/4; b: 1/2 − ½·(-1/2) = 3/4.
TEST(Batch, UpdateUsesTheBatchGradient) {
  Trace t = backpropagate(batch_of_two());
  EXPECT_EQ(exact(t, "step2.layer1.W[1,2]"), R(-1, 4));
  EXPECT_EQ(exact(t, "step2.layer1.b[1]"), R(3, 4));
}

// ---------------------------------------------------------------------------------------------
// 4. Softmax output

// Equal logits z = (1/3, 1/3): a = e^{1/3}/(2e^{1/3}) = 1/2 each (certified, since e^{1/3} is);
// with y = (1, 0), δ = a − y = (-1/2, 1/2) and L = −log(1/2) = ln 2 = 0.6931471805599453094172321...
TEST(Softmax, EqualLogitsShareProbabilityEqually) {
  CertifiedTrace c = certified_trace(softmax_2(R(1), R(1), R(1, 3), {R(1), R(0)}, cross_entropy()), 25);
  const std::string half = "0.5" + std::string(24, '0');
  EXPECT_EQ(digits25(value(c.trace, "layer1.a[1]")), half);
  EXPECT_EQ(digits25(value(c.trace, "layer1.a[2]")), half);
  EXPECT_EQ(digits25(value(c.trace, "layer1.dz[1]")), "-" + half);
  EXPECT_EQ(digits25(value(c.trace, "layer1.dz[2]")), half);
  EXPECT_TRUE(BeginsWith(value(c.trace, "loss"), "0.6931471805599453094172321"));
}

// Logits (1, 0): a_1 = e/(e + 1) = σ(1) = 0.7310585786300048792511592..., a_2 = 1 − σ(1) =
// 0.2689414213699951207488407... (subtracted by hand).
TEST(Softmax, TwoLogitsGiveTheSigmoidOfTheirDifference) {
  CertifiedTrace c = certified_trace(softmax_2(R(1), R(0), R(1), {R(0), R(1)}, cross_entropy()), 30);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.a[1]"), "0.7310585786300048792511592"));
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.a[2]"), "0.2689414213699951207488407"));
}

// Cross-entropy with one-hot y = (0, 1) at logits (1, 0): δ = a − y = (σ(1), −σ(1));
// L = −log(1 − σ(1)) = log(1 + e) = 1.313261687518222834048995... (mpmath, 40 digits).
TEST(Softmax, CrossEntropyDeltaIsOutputMinusOneHotTarget) {
  CertifiedTrace c = certified_trace(softmax_2(R(1), R(0), R(1), {R(0), R(1)}, cross_entropy()), 30);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dz[1]"), "0.7310585786300048792511592"));
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dz[2]"), "-0.7310585786300048792511592"));
  EXPECT_TRUE(BeginsWith(value(c.trace, "loss"), "1.313261687518222834048995"));
  // ∂L/∂W[k,1] = δ_k·x with x = 1.
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dW[1,1]"), "0.7310585786300048792511592"));
}

// Soft targets summing to 1, y = (1/4, 3/4), logits (1, 0): δ_1 = σ(1) − 1/4 =
// 0.4810585786300048792511592..., δ_2 = (1 − σ(1)) − 3/4 = −0.4810585786300048792511592...
TEST(Softmax, CrossEntropyDeltaIsOutputMinusSoftTarget) {
  CertifiedTrace c = certified_trace(softmax_2(R(1), R(0), R(1), {R(1, 4), R(3, 4)}, cross_entropy()), 30);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dz[1]"), "0.4810585786300048792511592"));
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dz[2]"), "-0.4810585786300048792511592"));
}

// Targets summing to 2, y = (1, 1): L = −log a_1 − log a_2, ∂L/∂z_k = 2a_k − y_k:
// δ_1 = 2σ(1) − 1 = 0.4621171572600097585023184..., δ_2 = 2(1 − σ(1)) − 1 = −0.46211715726...
TEST(Softmax, CrossEntropyDeltaScalesOutputByTargetSum) {
  CertifiedTrace c = certified_trace(softmax_2(R(1), R(0), R(1), {R(1), R(1)}, cross_entropy()), 30);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dz[1]"), "0.4621171572600097585023184"));
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dz[2]"), "-0.4621171572600097585023184"));
}

// Softmax with squared error goes through the Jacobian. Logits (0, 0): e^0 = 1 exactly, so
// a = (1/2, 1/2) exactly; y = (1/2, 0): L = ½(0² + (1/2)²) = 1/8, ∂L/∂a = a − y = (0, 1/2);
// J = [[1/4, -1/4], [-1/4, 1/4]] (∂a_j/∂z_k = a_j(δ_jk − a_k)), so
// δ = Jᵀ∂L/∂a = (1/4·0 − 1/4·1/2, −1/4·0 + 1/4·1/2) = (-1/8, 1/8).
TEST(Softmax, SquaredErrorGoesThroughTheJacobianExactly) {
  Trace t = backpropagate(softmax_2(R(0), R(0), R(1), {R(1, 2), R(0)}, half_squared_error()));
  EXPECT_EQ(exact(t, "layer1.a[1]"), R(1, 2));
  EXPECT_EQ(exact(t, "layer1.a[2]"), R(1, 2));
  EXPECT_EQ(exact(t, "loss"), R(1, 8));
  EXPECT_EQ(exact(t, "layer1.da[1]"), R(0));
  EXPECT_EQ(exact(t, "layer1.da[2]"), R(1, 2));
  EXPECT_EQ(exact(t, "layer1.dz[1]"), R(-1, 8));
  EXPECT_EQ(exact(t, "layer1.dz[2]"), R(1, 8));
}

// ---------------------------------------------------------------------------------------------
// 5. Each activation once, one neuron with z given

// identity(-3/2) = -3/2, identity' = 1.
TEST(Activations, Identity) {
  Trace t = backpropagate(one_neuron(activation(ActivationKind::identity), R(-3, 2)));
  EXPECT_EQ(exact(t, "layer1.a[1]"), R(-3, 2));
  EXPECT_EQ(exact(t, "layer1.dadz[1]"), R(1));
}

// linear with α = 3, β = -1/2 at z = 1/2: 3·1/2 − 1/2 = 1; derivative α = 3.
TEST(Activations, LinearUsesAlphaAndBeta) {
  Activation g = with_alpha(ActivationKind::linear, R(3));
  g.beta = R(-1, 2);
  Trace t = backpropagate(one_neuron(g, R(1, 2)));
  EXPECT_EQ(exact(t, "layer1.a[1]"), R(1));
  EXPECT_EQ(exact(t, "layer1.dadz[1]"), R(3));
}

// step: 1 for z > 0, 0 for z < 0, value_at_zero at 0 (here 1/2); flat, so step' = 0.
TEST(Activations, StepTakesValueAtZero) {
  const Activation g = with_at_zero(ActivationKind::step, R(1, 2));
  EXPECT_EQ(exact(backpropagate(one_neuron(g, R(1, 10))), "layer1.a[1]"), R(1));
  EXPECT_EQ(exact(backpropagate(one_neuron(g, R(-1, 10))), "layer1.a[1]"), R(0));
  Trace at_zero = backpropagate(one_neuron(g, R(0)));
  EXPECT_EQ(exact(at_zero, "layer1.a[1]"), R(1, 2));
  EXPECT_EQ(exact(at_zero, "layer1.dadz[1]"), R(0));
}

// σ(1) = 0.7310585786300048792511592...; σ'(1) = σ(1)(1 − σ(1)) = e/(1 + e)² =
// 0.1966119332414818525374247... (mpmath, 40 digits).
TEST(Activations, Sigmoid) {
  CertifiedTrace c = certified_trace(one_neuron(activation(ActivationKind::sigmoid), R(1)), 30);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.a[1]"), "0.7310585786300048792511592"));
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dadz[1]"), "0.1966119332414818525374247"));
}

// tanh(1) = 0.7615941559557648881194582...; tanh'(1) = 1 − tanh²(1) = sech²(1) =
// 0.4199743416140260693944967... (mpmath, 40 digits).
TEST(Activations, Tanh) {
  CertifiedTrace c = certified_trace(one_neuron(activation(ActivationKind::tanh), R(1)), 30);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.a[1]"), "0.7615941559557648881194582"));
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.dadz[1]"), "0.4199743416140260693944967"));
}

// ReLU(5/2) = 5/2 with ReLU' = 1; ReLU(-5/2) = 0 with ReLU' = 0.
TEST(Activations, Relu) {
  const Activation g = activation(ActivationKind::relu);
  Trace on = backpropagate(one_neuron(g, R(5, 2)));
  EXPECT_EQ(exact(on, "layer1.a[1]"), R(5, 2));
  EXPECT_EQ(exact(on, "layer1.dadz[1]"), R(1));
  Trace off = backpropagate(one_neuron(g, R(-5, 2)));
  EXPECT_EQ(exact(off, "layer1.a[1]"), R(0));
  EXPECT_EQ(exact(off, "layer1.dadz[1]"), R(0));
}

// LeakyReLU with α = 1/4: -2 → -1/2 with derivative 1/4; 2 → 2 with derivative 1.
TEST(Activations, LeakyRelu) {
  const Activation g = with_alpha(ActivationKind::leaky_relu, R(1, 4));
  Trace negative = backpropagate(one_neuron(g, R(-2)));
  EXPECT_EQ(exact(negative, "layer1.a[1]"), R(-1, 2));
  EXPECT_EQ(exact(negative, "layer1.dadz[1]"), R(1, 4));
  Trace positive = backpropagate(one_neuron(g, R(2)));
  EXPECT_EQ(exact(positive, "layer1.a[1]"), R(2));
  EXPECT_EQ(exact(positive, "layer1.dadz[1]"), R(1));
}

// softplus(0) = log(1 + e^0) = ln 2 = 0.6931471805599453094172321...; softplus'(0) = σ(0) = 1/2.
TEST(Activations, Softplus) {
  CertifiedTrace c = certified_trace(one_neuron(activation(ActivationKind::softplus), R(0)), 30);
  EXPECT_TRUE(BeginsWith(value(c.trace, "layer1.a[1]"), "0.6931471805599453094172321"));
  EXPECT_EQ(exact(c.trace, "layer1.dadz[1]"), R(1, 2));
}

// Binary cross-entropy after a sigmoid at z = 1/2·2 − 1 = 0: a = 1/2; y = 1/4:
// L = −[1/4·log(1/2) + 3/4·log(1/2)] = ln 2; ∂L/∂a = −(1/4)/(1/2) + (3/4)/(1/2) = 1;
// σ' = 1/2·1/2 = 1/4; δ = 1/4 (= a − y); ∂L/∂w = δ·x = 1/4·2 = 1/2.
TEST(Activations, BinaryCrossEntropyAfterSigmoid) {
  Problem p = problem(1, {layer({{R(1, 2)}}, {R(-1)}, activation(ActivationKind::sigmoid))},
                      {sample({R(2)}, {R(1, 4)})}, loss(LossKind::binary_cross_entropy, R(1)));
  CertifiedTrace c = certified_trace(p, 30);
  EXPECT_EQ(exact(c.trace, "layer1.a[1]"), R(1, 2));
  EXPECT_TRUE(BeginsWith(value(c.trace, "loss"), "0.6931471805599453094172321"));
  EXPECT_EQ(exact(c.trace, "layer1.da[1]"), R(1));
  EXPECT_EQ(exact(c.trace, "layer1.dadz[1]"), R(1, 4));
  EXPECT_EQ(exact(c.trace, "layer1.dz[1]"), R(1, 4));
  EXPECT_EQ(exact(c.trace, "layer1.dW[1,1]"), R(1, 2));
}

// Binary cross-entropy of an identity output a = 1 with y = 0 needs log(1 − 1) = log 0: the
// lesson is at fault, reported as a LessonError (not a crash, not a DomainError).
TEST(Activations, BinaryCrossEntropyOfCertainWrongAnswerIsALessonError) {
  Problem p = problem(1, {layer({{R(1)}}, {R(0)}, activation(ActivationKind::identity))},
                      {sample({R(1)}, {R(0)})}, loss(LossKind::binary_cross_entropy, R(1)));
  EXPECT_THROW(backpropagate(p), LessonError);
}

// ---------------------------------------------------------------------------------------------
// 6. certified_trace

// Asked for 40 digits of document 001, every value and every path contribution is exact or
// certain to 40 significant digits.
TEST(CertifiedTrace, EveryValueIsCertainToTheRequestedDigits) {
  CertifiedTrace c = certified_trace(document_001_4(), 40);
  EXPECT_EQ(c.digits, 40);
  EXPECT_GE(c.working_digits, 40u);
  for (const Step& s : c.trace.steps()) {
    EXPECT_TRUE(certified_text(s.value, 40).complete) << canonical_name(s.key);
    for (const Contribution& k : s.contributions)
      EXPECT_TRUE(certified_text(k.value, 40).complete) << canonical_name(s.key.through(k.via));
  }
}

// To 10 digits, L = 0.29837110876|0... rounds to 0.2983711088 and dL/dw_11^[2] =
// 0.08216704056|42... to 0.08216704056 (from the digits).
TEST(CertifiedTrace, FewerDigitsAreTheRoundedDigits) {
  CertifiedTrace c = certified_trace(document_001_4(), 10);
  EXPECT_EQ(certified_text(value(c.trace, "loss"), 10).text, "0.2983711088");
  EXPECT_EQ(certified_text(value(c.trace, "layer2.dW[1,1]"), 10).text, "0.08216704056");
}

// The ReLU/identity network uses only + − × and ReLU: every step and contribution stays exact.
TEST(CertifiedTrace, ExactOnlyProblemStaysExact) {
  Problem p = relu_2_2_1();
  p.steps = 2;
  CertifiedTrace c = certified_trace(p, 30);
  ASSERT_FALSE(c.trace.steps().empty());
  for (const Step& s : c.trace.steps()) {
    EXPECT_TRUE(s.value.is_exact()) << canonical_name(s.key);
    for (const Contribution& k : s.contributions) EXPECT_TRUE(k.value.is_exact()) << canonical_name(s.key.through(k.via));
  }
}

}  // namespace
}  // namespace bptrace

namespace bptrace {
namespace {

// L1 loss on one identity neuron a = 2x, x = 1, so a = 2.
// y = 3/2: L = |2 − 3/2| = 1/2, ∂L/∂a = sign(1/2) = 1, ∂L/∂W = 1·x = 1, ∂L/∂b = 1.
// y = 5/2: L = 1/2, ∂L/∂a = −1, ∂L/∂W = −1.
// y = 2 (a = y, the kink): L = 0, ∂L/∂a = the lesson's derivative_at_zero, here 1/3.
TEST(AbsoluteError, ValueAndSignDerivativeWithTheKinkConvention) {
  auto run = [](const R& y) {
    Loss l = loss(LossKind::absolute_error, R(1));
    l.derivative_at_zero = R(1, 3);
    return backpropagate(problem(1, {layer({{R(2)}}, {R(0)}, activation(ActivationKind::identity))},
                                 {sample({R(1)}, {y})}, l));
  };
  Trace below = run(R(3, 2));
  EXPECT_EQ(below.value(key("loss")).exact(), R(1, 2));
  EXPECT_EQ(below.value(key("layer1.da[1]")).exact(), R(1));
  EXPECT_EQ(below.value(key("layer1.dW[1,1]")).exact(), R(1));
  EXPECT_EQ(below.value(key("layer1.db[1]")).exact(), R(1));
  Trace above = run(R(5, 2));
  EXPECT_EQ(above.value(key("loss")).exact(), R(1, 2));
  EXPECT_EQ(above.value(key("layer1.dW[1,1]")).exact(), R(-1));
  Trace kink = run(R(2));
  EXPECT_EQ(kink.value(key("loss")).exact(), R(0));
  EXPECT_EQ(kink.value(key("layer1.dW[1,1]")).exact(), R(1, 3));
}

// ---------------------------------------------------------------------------------------------
// Training by epochs: the schedule of document 003's table (updates per epoch, samples per update)

// One identity neuron a = 1·x + 0, four samples x = 1, 2, 3, 4 with y = 0, L = ½·mean (a − y)²,
// η = 1/10, one epoch.
Problem four_samples(TrainingMode mode, std::size_t batch_size = 1, std::size_t n = 4) {
  std::vector<Sample> samples;
  for (std::size_t k = 1; k <= n; ++k) samples.push_back(sample({R(static_cast<long>(k))}, {R(0)}));
  Problem p = problem(1, {layer({{R(1)}}, {R(0)}, activation(ActivationKind::identity))}, std::move(samples),
                      half_squared_error(Reduction::mean));
  p.learning_rate = R(1, 10);
  p.mode = mode;
  p.batch_size = batch_size;
  p.epochs = 1;
  p.steps = static_cast<int>(mode == TrainingMode::full_batch ? 1
                             : mode == TrainingMode::sgd      ? n
                                                              : (n + batch_size - 1) / batch_size);
  return p;
}

// Full-batch gradient descent: N = 4 samples per update, 4/4 = 1 update per epoch; the mean's
// 1/N in each sample's ∂L/∂a: ½·2·(1/4)·(a_1 − y_1) = (1 − 0)/4 = 1/4.
TEST(Schedule, GradientDescentIsOneUpdateOfNSamples) {
  Trace t = backpropagate(four_samples(TrainingMode::full_batch));
  EXPECT_EQ(exact(t, "training.samples"), R(4));
  EXPECT_EQ(exact(t, "training.samples_per_update"), R(4));
  EXPECT_EQ(exact(t, "training.updates_per_epoch"), R(1));
  EXPECT_EQ(template_text(step(t, "training.samples_per_update").formula), "{training.samples}");
  EXPECT_EQ(template_text(step(t, "training.updates_per_epoch").formula), "{training.samples}/{training.samples_per_update}");
  EXPECT_EQ(step(t, "training.updates_per_epoch").phase, Phase::schedule);
  EXPECT_EQ(exact(t, "sample1.layer1.da[1]"), R(1, 4));
  EXPECT_NE(t.find(key("sample4.layer1.z[1]")), nullptr);
  EXPECT_EQ(t.find(key("step2.sample1.layer1.z[1]")), nullptr);
}

// SGD: 1 sample per update, 4/1 = 4 updates per epoch; ∂L/∂a of step 1 has no 1/N:
// ½·2·(a_1 − y_1) = 1. Step 4 uses sample 4; there is no step 5.
TEST(Schedule, SgdIsNUpdatesOfOneSample) {
  Trace t = backpropagate(four_samples(TrainingMode::sgd));
  EXPECT_EQ(exact(t, "training.samples_per_update"), R(1));
  EXPECT_EQ(template_text(step(t, "training.samples_per_update").formula), "");
  EXPECT_EQ(exact(t, "training.updates_per_epoch"), R(4));
  EXPECT_EQ(exact(t, "sample1.layer1.da[1]"), R(1));
  EXPECT_EQ(t.find(key("sample2.layer1.z[1]")), nullptr);
  EXPECT_NE(t.find(key("step4.sample4.layer1.z[1]")), nullptr);
  EXPECT_EQ(t.find(key("step5.sample1.layer1.z[1]")), nullptr);
}

// Mini-batch, M = 2: 2 samples per update, 4/2 = 2 updates per epoch; ∂L/∂a carries 1/M:
// ½·2·(1/2)·(a_1 − y_1) = 1/2. Step 2 uses samples 3 and 4.
TEST(Schedule, MiniBatchIsNOverMUpdatesOfMSamples) {
  Trace t = backpropagate(four_samples(TrainingMode::mini_batch, 2));
  EXPECT_EQ(exact(t, "training.samples_per_update"), R(2));
  EXPECT_EQ(exact(t, "training.updates_per_epoch"), R(2));
  EXPECT_EQ(exact(t, "sample1.layer1.da[1]"), R(1, 2));
  EXPECT_NE(t.find(key("step2.sample3.layer1.z[1]")), nullptr);
  EXPECT_EQ(t.find(key("step2.sample1.layer1.z[1]")), nullptr);
}

// N = 3, M = 2: ⌈3/2⌉ = 2 updates, the second of one sample.
TEST(Schedule, UnevenMiniBatchesRoundTheUpdatesUp) {
  Trace t = backpropagate(four_samples(TrainingMode::mini_batch, 2, 3));
  EXPECT_EQ(exact(t, "training.updates_per_epoch"), R(2));
  EXPECT_EQ(template_text(step(t, "training.updates_per_epoch").formula), "⌈{training.samples}/{training.samples_per_update}⌉");
  EXPECT_NE(t.find(key("step2.sample3.layer1.z[1]")), nullptr);
}

// Training counted in steps records no schedule (the existing lessons' traces are unchanged).
TEST(Schedule, OnlyTrainingByEpochsRecordsTheSchedule) {
  Problem p = four_samples(TrainingMode::sgd);
  p.epochs = 0;
  Trace t = backpropagate(p);
  EXPECT_EQ(t.find(key("training.samples")), nullptr);
  EXPECT_EQ(t.find(key("training.updates_per_epoch")), nullptr);
}

}  // namespace
}  // namespace bptrace
