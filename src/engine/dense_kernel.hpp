#pragma once
// A dense multilayer perceptron's forward pass, backward pass and gradient-descent update,
// generic over its number type T (double, Rational, Interval, Value). No trace, no formulas: the
// bare arithmetic of backpropagation, for benchmarks and for cross-checking the traced engine. Loss: L = c · Σ_samples Σ_k (a^L_k − y_k)², c given (½, 1/(2n), ...).
#include "number/interval.hpp"
#include "number/rational.hpp"
#include "ops/activation.hpp"

#include <mpfi.h>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace bptrace::dense {

// The activations and their rules are the operation table's (src/ops/activation.hpp): the same
// g and g' as the traced engine, with the lesson's convention at a kink.
using bptrace::Activation;
using bptrace::ActivationKind;

// rows × columns, row-major: entry (j, i) is W[j,i], from input i to neuron j.
template <class T>
struct Matrix {
  std::size_t rows = 0, columns = 0;
  std::vector<T> entries;

  Matrix() = default;
  Matrix(std::size_t rows, std::size_t columns) : rows(rows), columns(columns), entries(rows * columns, T(0)) {}
  T& operator()(std::size_t j, std::size_t i) { return entries[j * columns + i]; }
  const T& operator()(std::size_t j, std::size_t i) const { return entries[j * columns + i]; }
};

template <class T>
struct Layer {
  Matrix<T> weights;
  std::vector<T> bias;
  Activation activation{ActivationKind::sigmoid};
};

template <class T>
struct Network {
  std::vector<Layer<T>> layers;  // layer 1 first
};

// One sample's forward pass: activation[0] is the input x, activation[l] = σ(pre_activation[l]).
template <class T>
struct ForwardPass {
  std::vector<std::vector<T>> pre_activation;  // [0] unused
  std::vector<std::vector<T>> activation;
};

template <class T>
struct Gradients {
  std::vector<Matrix<T>> weight_gradient;  // ∂L/∂W per layer
  std::vector<std::vector<T>> bias_gradient;  // ∂L/∂b per layer
};

// acc += x·y and acc −= x·y. For an Interval in place, through one scratch product: the inner
// loops then allocate nothing (with expression templates off, x * y would allocate a temporary).
template <class T>
void add_product(T& acc, const T& x, const T& y) {
  acc += x * y;
}
template <class T>
void subtract_product(T& acc, const T& x, const T& y) {
  acc = acc - x * y;
}
// x·y at the precision of `acc`, each operation rounded outward: the result still encloses.
inline mpfi_ptr scratch_product(const Interval& acc, const Interval& x, const Interval& y) {
  thread_local Interval scratch;
  mpfi_ptr p = scratch.backend().data();
  const mpfr_prec_t precision = mpfi_get_prec(acc.backend().data());
  if (mpfi_get_prec(p) != precision) mpfi_set_prec(p, precision);
  mpfi_mul(p, x.backend().data(), y.backend().data());
  return p;
}
inline void add_product(Interval& acc, const Interval& x, const Interval& y) {
  mpfi_add(acc.backend().data(), acc.backend().data(), scratch_product(acc, x, y));
}
inline void subtract_product(Interval& acc, const Interval& x, const Interval& y) {
  mpfi_sub(acc.backend().data(), acc.backend().data(), scratch_product(acc, x, y));
}

// z^l = W^l a^{l−1} + b^l, a^l = g(z^l).
template <class T>
ForwardPass<T> forward(const Network<T>& net, const std::vector<T>& x) {
  ForwardPass<T> pass;
  pass.pre_activation.resize(net.layers.size() + 1);
  pass.activation.resize(net.layers.size() + 1);
  pass.activation[0] = x;
  for (std::size_t l = 1; l <= net.layers.size(); ++l) {
    const Layer<T>& layer = net.layers[l - 1];
    const std::vector<T>& input = pass.activation[l - 1];
    std::vector<T>& z = pass.pre_activation[l];
    std::vector<T>& a = pass.activation[l];
    z = layer.bias;
    a.resize(z.size());
    for (std::size_t j = 0; j < z.size(); ++j) {
      for (std::size_t i = 0; i < input.size(); ++i) add_product(z[j], layer.weights(j, i), input[i]);
      a[j] = activate(layer.activation, z[j]);
    }
  }
  return pass;
}

template <class T>
Gradients<T> zero_gradients(const Network<T>& net) {
  Gradients<T> g;
  for (const Layer<T>& layer : net.layers) {
    g.weight_gradient.emplace_back(layer.weights.rows, layer.weights.columns);
    g.bias_gradient.emplace_back(layer.bias.size(), T(0));
  }
  return g;
}

// Adds one sample's gradient of c · Σ_k (a^L_k − y_k)² to `gradients`:
// δ^L = 2c (a^L − y) ⊙ g'(z^L); δ^l = (W^{l+1}ᵀ δ^{l+1}) ⊙ g'(z^l); ∂L/∂W^l = δ^l a^{l−1}ᵀ; ∂L/∂b^l = δ^l.
template <class T>
void accumulate_gradients(const Network<T>& net, const ForwardPass<T>& pass, const std::vector<T>& y,
                          const T& loss_constant, Gradients<T>& gradients) {
  const std::size_t depth = net.layers.size();
  const T output_scale = T(2) * loss_constant;
  std::vector<T> delta(y.size());
  for (std::size_t k = 0; k < y.size(); ++k) {
    const T& a = pass.activation[depth][k];
    delta[k] = output_scale * (a - y[k]) *
               activation_derivative(net.layers[depth - 1].activation, pass.pre_activation[depth][k], a);
  }
  for (std::size_t l = depth; l >= 1; --l) {
    const std::vector<T>& input = pass.activation[l - 1];
    Matrix<T>& dW = gradients.weight_gradient[l - 1];
    for (std::size_t j = 0; j < delta.size(); ++j) {
      gradients.bias_gradient[l - 1][j] += delta[j];
      for (std::size_t i = 0; i < input.size(); ++i) add_product(dW(j, i), delta[j], input[i]);
    }
    if (l == 1) break;
    // Through the weights of this step, before the update ("old weights").
    const Layer<T>& layer = net.layers[l - 1];
    const Layer<T>& below = net.layers[l - 2];
    std::vector<T> lower(input.size(), T(0));
    for (std::size_t i = 0; i < input.size(); ++i) {
      for (std::size_t j = 0; j < delta.size(); ++j) add_product(lower[i], layer.weights(j, i), delta[j]);
      lower[i] = lower[i] * activation_derivative(below.activation, pass.pre_activation[l - 1][i], input[i]);
    }
    delta = std::move(lower);
  }
}

// W ← W − η ∂L/∂W, b ← b − η ∂L/∂b (biases frozen when !update_biases).
template <class T>
void descend(Network<T>& net, const Gradients<T>& gradients, const T& learning_rate, bool update_biases = true) {
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    Layer<T>& layer = net.layers[l];
    for (std::size_t e = 0; e < layer.weights.entries.size(); ++e)
      subtract_product(layer.weights.entries[e], learning_rate, gradients.weight_gradient[l].entries[e]);
    if (!update_biases) continue;
    for (std::size_t j = 0; j < layer.bias.size(); ++j)
      subtract_product(layer.bias[j], learning_rate, gradients.bias_gradient[l][j]);
  }
}

// A lesson's exact number in T (specialised for the certified types in dense_certify.hpp).
template <class T>
T from_rational(const Rational& q);
template <>
inline Rational from_rational<Rational>(const Rational& q) { return q; }
template <>
inline double from_rational<double>(const Rational& q) { return q.convert_to<double>(); }

// The network with every number converted (e.g. from exact lesson rationals to T).
template <class T, class U, class Convert>
Network<T> converted_network(const Network<U>& net, Convert convert) {
  Network<T> out;
  for (const Layer<U>& layer : net.layers) {
    Layer<T> l;
    l.activation = layer.activation;
    l.weights.rows = layer.weights.rows;
    l.weights.columns = layer.weights.columns;
    for (const U& w : layer.weights.entries) l.weights.entries.push_back(convert(w));
    for (const U& b : layer.bias) l.bias.push_back(convert(b));
    out.layers.push_back(std::move(l));
  }
  return out;
}

struct Sample {
  std::vector<Rational> x, y;
};

template <class T>
struct Batch {
  std::vector<std::vector<T>> x, y;
};

// The samples with every number converted by `convert` (e.g. from exact rationals to T).
template <class T, class Convert>
Batch<T> converted_batch(const std::vector<Sample>& samples, Convert convert) {
  Batch<T> batch;
  for (const Sample& s : samples) {
    batch.x.emplace_back();
    batch.y.emplace_back();
    for (const Rational& q : s.x) batch.x.back().push_back(convert(q));
    for (const Rational& q : s.y) batch.y.back().push_back(convert(q));
  }
  return batch;
}

// The loss c · Σ_samples Σ_k (a^L_k − y_k)² of the network on the batch.
template <class T>
T loss(const Network<T>& net, const Batch<T>& batch, const T& loss_constant) {
  T sum(0);
  for (std::size_t s = 0; s < batch.x.size(); ++s) {
    const ForwardPass<T> pass = forward(net, batch.x[s]);
    for (std::size_t k = 0; k < batch.y[s].size(); ++k) {
      const T error = pass.activation.back()[k] - batch.y[s][k];
      sum += error * error;
    }
  }
  return loss_constant * sum;
}

// One full-batch gradient-descent step; returns the gradients it used.
template <class T>
Gradients<T> gradient_step(Network<T>& net, const Batch<T>& batch, const T& loss_constant, const T& learning_rate,
                           bool update_biases = true) {
  Gradients<T> gradients = zero_gradients(net);
  for (std::size_t s = 0; s < batch.x.size(); ++s)
    accumulate_gradients(net, forward(net, batch.x[s]), batch.y[s], loss_constant, gradients);
  descend(net, gradients, learning_rate, update_biases);
  return gradients;
}

// What training leaves: the parameters, the last step's gradients, the loss after the last update.
template <class T>
struct Outcome {
  Network<T> network;
  Gradients<T> gradients;
  T loss{0};
};

struct Training {
  Rational loss_constant{1, 2};
  Rational learning_rate{1, 10};
  int steps = 1;
  bool update_biases = true;
  bool final_loss = true;  // false: Outcome::loss stays 0
};

// `steps` full-batch updates of `initial` (exact), computed in T; `convert` turns a Rational into a T.
template <class T, class Convert = T (*)(const Rational&)>
Outcome<T> train(const Network<Rational>& initial, const std::vector<Sample>& samples, const Training& training,
                 Convert convert = from_rational<T>) {
  Outcome<T> outcome{converted_network<T>(initial, convert), {}, T(0)};
  const Batch<T> batch = converted_batch<T>(samples, convert);
  const T loss_constant = convert(training.loss_constant), learning_rate = convert(training.learning_rate);
  for (int step = 1; step <= training.steps; ++step)
    outcome.gradients = gradient_step(outcome.network, batch, loss_constant, learning_rate, training.update_biases);
  if (training.final_loss) outcome.loss = loss(outcome.network, batch, loss_constant);
  return outcome;
}

}  // namespace bptrace::dense
