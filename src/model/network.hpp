#pragma once
// A lesson's model and data as plain values: the network, its samples, its loss, its optimiser.
#include "model/activation.hpp"
#include "model/loss.hpp"
#include "model/source_location.hpp"
#include "number/rational.hpp"

#include <optional>
#include <vector>

namespace bptrace {

using Matrix = std::vector<std::vector<Rational>>;  // rows × columns

struct Layer {
  Matrix weights;              // row j holds neuron j's weights (W[j,i]: from input i to neuron j)
  std::vector<Rational> bias;  // one per neuron
  Activation activation;
  SourceLocation where;
  std::size_t width() const { return bias.size(); }
};

struct Network {
  std::size_t inputs = 0;
  std::vector<Layer> layers;  // layer 1 first
};

struct Sample {
  std::vector<Rational> x;
  std::vector<Rational> y;  // empty when the lesson has no loss
  SourceLocation where;
};

struct Problem {
  Network network;
  std::vector<Sample> samples;
  std::optional<Loss> loss;               // none: a forward-only lesson
  std::optional<Rational> learning_rate;  // none: no update
  int steps = 1;                          // gradient-descent steps over the whole batch
};

}  // namespace bptrace
