#pragma once
// A lesson's model and data as plain values: the network, its samples, its loss, its optimiser.
#include "ops/activation.hpp"
#include "model/loss.hpp"
#include "model/source_location.hpp"
#include "number/rational.hpp"

#include <cstdint>
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

// Which samples each gradient-descent update uses.
enum class TrainingMode {
  full_batch,  // every sample, every update
  sgd,         // one sample per update, in the epoch's order
  mini_batch,  // batch_size samples per update, in the epoch's order (the last batch may be smaller)
};

// The sign of the backward quantities a document shows.
enum class DeltaSign {
  dl_dz,        // δ = ∂L/∂z, θ ← θ − η·∂L/∂θ
  minus_dl_dz,  // δ = −∂L/∂z (the trace names it neg_dz), θ ← θ + η·(−∂L/∂θ)
};

// Conventions on which documents and blogs differ. The defaults are bptrace's own.
struct Conventions {
  DeltaSign delta_sign = DeltaSign::dl_dz;
  bool shared_bias = false;           // one bias per layer (all its neurons), not one per neuron
  bool update_biases = true;          // false: biases frozen at their given values
  bool backprop_new_weights = false;  // ∂L/∂a^[l] through W^[l+1] already updated in this step
};

inline constexpr long kDefaultExactDigits = 10000;

struct Problem {
  Network network;
  std::vector<Sample> samples;
  std::optional<Loss> loss;               // none: a forward-only lesson
  std::optional<Rational> learning_rate;  // none: no update
  int steps = 1;                          // gradient-descent updates
  int epochs = 0;                         // [training] epochs: passes over the data (0: given as steps)
  TrainingMode mode = TrainingMode::full_batch;
  std::size_t batch_size = 1;                 // mini_batch only
  std::vector<std::size_t> order;             // 0-based sample order of every epoch; empty: lesson order
  std::optional<std::uint64_t> shuffle_seed;  // reshuffle every epoch, reproducibly
  int detail_steps = 0;    // steps 1..detail_steps and the last are traced in full; 0: every step
  int loss_every = 1;      // a step not traced in full records its loss when step % loss_every == 0
  bool final_loss = false; // after the last update: the forward pass and loss of step steps + 1
  // An updated parameter whose exact fraction would need more digits (numerator and denominator
  // together) continues as a certified enclosure: exact training fractions grow about threefold
  // per step (docs/fraction-growth.md), so that exactness cannot last long.
  long exact_digits = kDefaultExactDigits;
  Conventions conventions;
};

// The samples (0-based) that update `step` (1-based) uses, epoch after epoch.
class Schedule {
 public:
  explicit Schedule(const Problem& problem);
  std::size_t updates_per_epoch() const;
  // Steps must be asked for in increasing order (a shuffle draws each epoch in turn).
  std::vector<std::size_t> batch(int step);

 private:
  const Problem& p_;
  int epoch_ = 0;                  // the epoch whose order is in order_
  std::vector<std::size_t> order_;
  std::uint64_t state_ = 0;        // the shuffle's generator
};

// Fisher–Yates with splitmix64 and unbiased rejection: the same permutation on every platform.
std::vector<std::size_t> shuffled(std::vector<std::size_t> items, std::uint64_t& state);

}  // namespace bptrace
