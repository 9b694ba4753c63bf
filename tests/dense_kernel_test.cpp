// The dense kernel (engine/dense_kernel.hpp) checked against values worked out independently:
// document 001's 2-2-2 sigmoid network (certified digits derived from the document), a small
// identity/ReLU network whose every value is a fraction computed by hand in the comments, and
// the traced engine on the lessons the kernel can compute.
#include "support/names.hpp"
#include "engine/certify.hpp"
#include "engine/dense_certify.hpp"
#include "engine/dense_problem.hpp"
#include "lesson/lesson.hpp"
#include "number/splitmix.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace bptrace::dense {
namespace {

using R = Rational;

Layer<R> layer(std::size_t rows, std::size_t columns, std::vector<R> weights, std::vector<R> bias, Activation g) {
  Layer<R> l;
  l.weights = Matrix<R>(rows, columns);
  l.weights.entries = std::move(weights);
  l.bias = std::move(bias);
  l.activation = g;
  return l;
}

// Lesson 001-4: x = (0.05, 0.1), y = (0.01, 0.99), W1 = [[0.15, 0.2], [0.25, 0.3]], b1 = (0.35, 0.35),
// W2 = [[0.4, 0.45], [0.5, 0.55]], b2 = (0.6, 0.6), L = ½ Σ (a − y)².
DenseProblem sigmoid_2_2_2() {
  DenseProblem p;
  p.network.layers = {layer(2, 2, {R(3, 20), R(1, 5), R(1, 4), R(3, 10)}, {R(7, 20), R(7, 20)}, Activation{ActivationKind::sigmoid}),
                      layer(2, 2, {R(2, 5), R(9, 20), R(1, 2), R(11, 20)}, {R(3, 5), R(3, 5)}, Activation{ActivationKind::sigmoid})};
  p.samples = {{{R(1, 20), R(1, 10)}, {R(1, 100), R(99, 100)}}};
  p.training = Training{.loss_constant = R(1, 2), .learning_rate = R(1, 2), .steps = 1, .final_loss = false};
  return p;
}

// x lies within one unit of the last digit of `digits` (the document-derived digits are truncated).
void expect_digits(const Value& x, const std::string& digits) {
  const Interval enclosure = x.enclosure();
  const R d = parse_rational(digits);
  const R ulp = pow10(-(decimal_places(digits)));
  EXPECT_LE(d - ulp, lower_bound(enclosure)) << digits;
  EXPECT_LE(upper_bound(enclosure), d + ulp) << digits;
}

// dL/dW2[1,1] = (a2_1 − y_1) a2_1 (1 − a2_1) a1_1 and dL/dW1[1,1] = Σ_k δ2_k W2[k,1] a1_1 (1 − a1_1) x_1, at
// 30 certified digits: the enclosures agree with 0.08216704056423077884641 and 0.00043856773447434672704.
TEST(DenseKernel, SigmoidGradientsOfDocument001Example4) {
  const DenseProblem p = sigmoid_2_2_2();
  const auto value = certified_train<Value>(p.network, p.samples, p.training, 30);
  expect_digits(value.outcome.gradients.weight_gradient[1](0, 0), "0.08216704056423077884641");
  expect_digits(value.outcome.gradients.weight_gradient[0](0, 0), "0.00043856773447434672704");
  const auto interval = certified_train<Interval>(p.network, p.samples, p.training, 30);
  expect_digits(Value(interval.outcome.gradients.weight_gradient[1](0, 0)), "0.08216704056423077884641");
  expect_digits(Value(interval.outcome.gradients.weight_gradient[0](0, 0)), "0.00043856773447434672704");
}

// In double the same gradients agree to double's precision.
TEST(DenseKernel, DoubleAgreesWithTheCertifiedGradients) {
  const DenseProblem p = sigmoid_2_2_2();
  const Outcome<double> outcome = train<double>(p.network, p.samples, p.training);
  EXPECT_NEAR(outcome.gradients.weight_gradient[1](0, 0), 0.08216704056423078, 1e-16);
  EXPECT_NEAR(outcome.gradients.weight_gradient[0](0, 0), 0.00043856773447434673, 1e-18);
}

// x = (1, 2), y = 1; layer 1 relu, W1 = [[1, −1], [1/2, 1]], b1 = 0; layer 2 identity, W2 = [[2, 1/3]],
// b2 = 1/4; L = ½ (a − y)², η = 1/2.
//   z1 = (1 − 2, 1/2 + 2) = (−1, 5/2), a1 = (0, 5/2), relu' = (0, 1)
//   z2 = 2·0 + 1/3 · 5/2 + 1/4 = 13/12, δ2 = 13/12 − 1 = 1/12
//   dW2 = δ2 a1ᵀ = (0, 5/24), db2 = 1/12
//   δ1 = (W2ᵀ δ2) ⊙ relu' = (2/12 · 0, 1/36 · 1) = (0, 1/36), dW1 = δ1 xᵀ = [[0, 0], [1/36, 1/18]], db1 = (0, 1/36)
//   W2' = (2, 1/3 − 5/48) = (2, 11/48), b2' = 1/4 − 1/24 = 5/24
//   W1' = [[1, −1], [1/2 − 1/72, 1 − 1/36]] = [[1, −1], [35/72, 35/36]], b1' = (0, −1/72)
//   after: z1 = (−1, 35/72 + 70/36 − 1/72 = 29/12), a1 = (0, 29/12), z2 = 11/48 · 29/12 + 5/24 = 439/576,
//   L = ½ (439/576 − 1)² = ½ (137/576)² = 18769/663552
TEST(DenseKernel, ReluIdentityStepInExactFractions) {
  Network<R> net;
  net.layers = {layer(2, 2, {R(1), R(-1), R(1, 2), R(1)}, {R(0), R(0)}, Activation{ActivationKind::relu, 1, 0, 0}),
                layer(1, 2, {R(2), R(1, 3)}, {R(1, 4)}, Activation{ActivationKind::identity})};
  const std::vector<Sample> samples{{{R(1), R(2)}, {R(1)}}};
  const Training training{.loss_constant = R(1, 2), .learning_rate = R(1, 2), .steps = 1};
  const Outcome<R> out = train<R>(net, samples, training);
  const auto& dW = out.gradients.weight_gradient;
  EXPECT_EQ(dW[1].entries, (std::vector<R>{R(0), R(5, 24)}));
  EXPECT_EQ(out.gradients.bias_gradient[1], (std::vector<R>{R(1, 12)}));
  EXPECT_EQ(dW[0].entries, (std::vector<R>{R(0), R(0), R(1, 36), R(1, 18)}));
  EXPECT_EQ(out.gradients.bias_gradient[0], (std::vector<R>{R(0), R(1, 36)}));
  EXPECT_EQ(out.network.layers[1].weights.entries, (std::vector<R>{R(2), R(11, 48)}));
  EXPECT_EQ(out.network.layers[1].bias, (std::vector<R>{R(5, 24)}));
  EXPECT_EQ(out.network.layers[0].weights.entries, (std::vector<R>{R(1), R(-1), R(35, 72), R(35, 36)}));
  EXPECT_EQ(out.network.layers[0].bias, (std::vector<R>{R(0), R(-1, 72)}));
  EXPECT_EQ(out.loss, R(18769, 663552));
}

// relu'(0) = 0, as the layer states: a unit exactly at its kink passes no gradient (z = 1 − 1 = 0, error 0 − 1 = −1).
TEST(DenseKernel, ReluAtZeroPassesNoGradient) {
  Network<R> net;
  net.layers = {layer(1, 1, {R(1)}, {R(-1)}, Activation{ActivationKind::relu, 1, 0, 0})};
  const Training training{.loss_constant = R(1, 2), .learning_rate = R(1), .steps = 1, .final_loss = false};
  const Outcome<R> out = train<R>(net, {{{R(1)}, {R(1)}}}, training);
  EXPECT_EQ(out.gradients.weight_gradient[0].entries, (std::vector<R>{R(0)}));
  EXPECT_EQ(out.gradients.bias_gradient[0], (std::vector<R>{R(0)}));
}

DenseProblem lesson_problem(const std::string& name, Problem& problem) {
  problem = load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/" + name + ".toml").problem;
  return dense_problem(problem);
}

std::string parameter_name(int step, std::size_t l, const char* kind, std::size_t j, std::size_t i) {
  std::string name = "step" + std::to_string(step) + ".layer" + std::to_string(l + 1) + "." + kind;
  return name + "[" + std::to_string(j + 1) + (kind[0] == 'W' ? "," + std::to_string(i + 1) : "") + "]";
}

// Lesson 002-7 (XOR, relu'(0) = 0, 1/(2n) Σ, η = 1/10): the kernel's exact parameters after the
// lesson's steps equal the traced engine's parameters of the step after the last, fraction for fraction.
TEST(DenseKernel, XorLessonEqualsTheTracedEngine) {
  Problem problem;
  const DenseProblem p = lesson_problem("002-7-xor-relu-gradient-descent", problem);
  const Trace trace = certified_trace(problem, kGoldenDigits).trace;
  const Outcome<R> out = train<R>(p.network, p.samples, p.training);
  const int after = p.training.steps + 1;
  for (std::size_t l = 0; l < out.network.layers.size(); ++l) {
    const Layer<R>& layer = out.network.layers[l];
    for (std::size_t j = 0; j < layer.weights.rows; ++j) {
      EXPECT_EQ(trace.value(key(parameter_name(after, l, "b", j, 0))).exact(), layer.bias[j]);
      for (std::size_t i = 0; i < layer.weights.columns; ++i)
        EXPECT_EQ(trace.value(key(parameter_name(after, l, "W", j, i))).exact(), layer.weights(j, i));
    }
  }
}

// Mazur's lesson (shared biases never updated), shortened to 3 steps: the kernel's certified
// weights and loss have the same 30 digits as the traced engine's.
TEST(DenseKernel, MazurLessonAgreesWithTheTracedEngine) {
  Problem problem;
  DenseProblem p = lesson_problem("mazur-old-weights", problem);
  problem.steps = p.training.steps = 3;
  problem.detail_steps = 0;
  const Trace trace = certified_trace(problem, 30).trace;
  const auto certified = certified_train<Interval>(p.network, p.samples, p.training, 30);
  const auto same_digits = [](const Value& engine, const Interval& kernel) {
    return certain_decimal(engine.enclosure(), 30) == certain_decimal(kernel, 30);
  };
  EXPECT_TRUE(same_digits(trace.value(key("step4.loss")), certified.outcome.loss));
  for (std::size_t l = 0; l < 2; ++l)
    for (std::size_t j = 0; j < 2; ++j)
      for (std::size_t i = 0; i < 2; ++i)
        EXPECT_TRUE(same_digits(trace.value(key(parameter_name(4, l, "W", j, i))),
                                certified.outcome.network.layers[l].weights(j, i)))
            << parameter_name(4, l, "W", j, i);
}

// The six activation lessons of document 001 (identity-weight neurons at z = −8, −1/2, 0, 1/2, 8,
// relu'(0) and step(0) as each lesson states them): the kernel's g(z) and g'(z), on Value, have
// the traced engine's 30 digits. Both come from the one table of src/ops, so this checks that the
// kernel applies it to the lesson's own conventions (it once fixed relu'(0) at 0).
TEST(DenseKernel, EveryActivationLessonAgreesWithTheTracedEngine) {
  for (const char* name : {"001-3-activation-linear", "001-3-activation-step", "001-3-activation-sigmoid",
                           "001-3-activation-tanh", "001-3-activation-relu", "001-3-activation-leaky-relu"}) {
    SCOPED_TRACE(name);
    Problem problem;
    const DenseProblem p = lesson_problem(name, problem);
    const Trace trace = certified_trace(problem, 30).trace;
    WorkingPrecision precision(200);  // bits: far more than 30 certain digits need
    Network<Value> net;
    for (const Layer<R>& layer : p.network.layers) {
      Layer<Value> l;
      l.activation = layer.activation;
      l.weights = Matrix<Value>(layer.weights.rows, layer.weights.columns);
      for (std::size_t k = 0; k < layer.weights.entries.size(); ++k) l.weights.entries[k] = Value(layer.weights.entries[k]);
      for (const R& b : layer.bias) l.bias.push_back(Value(b));
      net.layers.push_back(std::move(l));
    }
    const auto same = [](const Value& engine, const Value& kernel) {
      if (engine.is_exact() || kernel.is_exact()) return engine.is_exact() && kernel.is_exact() && engine.exact() == kernel.exact();
      return certain_decimal(engine.enclosure(), 30) == certain_decimal(kernel.enclosure(), 30);
    };
    for (std::size_t s = 0; s < p.samples.size(); ++s) {
      std::vector<Value> x;
      for (const R& xi : p.samples[s].x) x.push_back(Value(xi));
      const ForwardPass<Value> pass = forward(net, x);
      const Value& z = pass.pre_activation[1][0];
      const Value& a = pass.activation[1][0];
      const std::string sample = "sample" + std::to_string(s + 1) + ".layer1.";
      EXPECT_TRUE(same(trace.value(key(sample + "a[1]")), a)) << sample << "a[1]";
      EXPECT_TRUE(same(trace.value(key(sample + "dadz[1]")), activation_derivative(net.layers[0].activation, z, a)))
          << sample << "dadz[1]";
    }
  }
}

}  // namespace
}  // namespace bptrace::dense

namespace bptrace::dense {
namespace {

Interval enclosure_of(const Rational& lo, const Rational& hi) {
  Interval x;
  mpfi_interv_q(x.backend().data(), lo.backend().data(), hi.backend().data());
  return x;
}

// The kernel's quick certainty test never claims digits that certain_decimal (exact rationals) does
// not, and almost always reaches the same verdict: on intervals of every width around random values and around decimal rounding ties
// (m + 1/2)·10^e, of both signs, touching the tie from either side, and on intervals about 0.
TEST(DenseKernel, CertaintyTestIsNoLooserThanCertainDecimal) {
  WorkingPrecision precision(50);
  std::uint64_t state = 12345;
  auto next = [&state] {
    return splitmix64(state);
  };
  int agreed = 0, certain_count = 0;
  for (int k = 0; k < 3000; ++k) {
    const int digits = 1 + static_cast<int>(next() % 35);
    // A `digits`-digit mantissa m, scaled by 10^e: m·10^e is exact at `digits` significant digits.
    const Integer lowest = boost::multiprecision::pow(Integer(10), static_cast<unsigned>(digits - 1));
    const Integer m = lowest + Integer(next()) * Integer(next()) % (9 * lowest);
    const Rational scale = pow10(-static_cast<int>(next() % 12));
    // Every third center is a rounding tie (m + 1/2)·10^e; the others are not decimals at all.
    Rational center = k % 3 == 0 ? (Rational(m) + Rational(1, 2)) * scale : Rational(m) * scale / 7;
    if (k % 2) center = -center;
    const Rational width = abs(center) * pow10(-digits - static_cast<int>(next() % 42) + 1) *
                           Rational(static_cast<long>(next() % 10) + 1, 10);
    const Rational lo = k % 5 == 1 ? center : center - width;  // touching the tie from above
    const Rational hi = k % 5 == 2 ? center : center + width;  // from below
    const Interval x = enclosure_of(lo, hi);
    const bool fast = quickly_certain(x, digits);
    const bool exact = certain_decimal(x, digits).has_value();
    if (fast) {
      EXPECT_TRUE(exact) << "digits " << digits << " [" << lo.str() << ", " << hi.str() << "]";
    }
    agreed += fast == exact;
    certain_count += fast;
  }
  EXPECT_GT(certain_count, 1000);  // the test sees both verdicts
  EXPECT_LT(certain_count, 2500);
  EXPECT_GT(agreed, 2900);
  EXPECT_TRUE(certain(Interval(0), 30));
  EXPECT_FALSE(certain(enclosure_of(Rational(-1, 1000), Rational(1, 1000)), 1));
}

}  // namespace
}  // namespace bptrace::dense
