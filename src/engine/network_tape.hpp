#pragma once
// A network lesson lowered onto the tape, one sample at a time: the parameters and the sample's
// inputs are input nodes, each z is a weighted-sum node Σ_i W[j,i]·in_i + b_j, each a is an
// activation node (softmax: one n-ary node per component), each output's loss term a loss-term
// node, and the sample's loss their weighted sum c·Σ_k term_k. The layers stay a view over it:
// the node ids below are where each neuron's quantities live.
#include "model/network.hpp"
#include "tape/tape.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace bptrace {

using Vector = std::vector<Value>;

// The parameters of one step: the given ones, then each update's.
struct Parameters {
  std::vector<std::vector<Vector>> weights;  // [layer][row][column]
  std::vector<Vector> bias;                  // [layer][row]
};
Parameters initial_parameters(const Network& network);

// What a node of a sample's tape is, for the seams and for messages.
enum class TapeRole { input, target, weight, bias, pre_activation, activation, loss_constant, loss_term, loss };
struct NodeRole {
  TapeRole role = TapeRole::input;
  std::size_t layer = 0, row = 0, column = 0;  // 0-based; an input's or a term's index is `row`
};

struct SampleTape {
  tape::Tape tape;
  std::vector<NodeRole> roles;                       // one per node
  std::vector<tape::NodeId> x, y;                    // inputs; targets (constants)
  std::vector<std::vector<std::vector<tape::NodeId>>> w;  // [layer][row][column]
  std::vector<std::vector<tape::NodeId>> b;          // [layer]: one per neuron, one (shared), or none
  std::vector<std::vector<tape::NodeId>> z, a;       // [layer][neuron]
  std::vector<tape::NodeId> terms;                   // one per output, when the lesson has a loss
  std::optional<tape::NodeId> loss;                  // c·Σ_k term_k
  std::unique_ptr<LossTerm> rule;                    // the loss-term nodes' rule (they point to it)

  // The input of layer `l`'s neurons: x for layer 1, a of the layer below otherwise.
  const std::vector<tape::NodeId>& layer_input(std::size_t l) const { return l == 0 ? x : a[l - 1]; }
  const NodeRole& role(tape::NodeId id) const { return roles[id]; }
};

// The forward pass of sample `s` with `params`, as nodes.
SampleTape lower_network(const Problem& problem, const Parameters& params, std::size_t s);
// The sample's loss appended: each output's term, and c·Σ_k term_k with c the loss's constant
// (÷ outputs for a mean over them).
void lower_loss(const Problem& problem, std::size_t s, SampleTape& t);
// c: the factor of each term in the sample's loss.
Rational sample_loss_factor(const Problem& problem);

}  // namespace bptrace
