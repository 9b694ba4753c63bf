#pragma once
// The key of a quantity of the trace: what it is, which layer, entry, sample and step, and its
// sign convention, as a struct. The canonical string (`step2.sample1.layer2.dW[1,1]`) is written
// and read only by trace/names.hpp, at the edges: goldens, JSON, answers, `[[document]]`, `--show`.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bptrace {

enum class Quantity {
  // A layered network. Indices are 1-based as in the documents; 0 means the whole vector or
  // matrix (the vectorised view's `layer2.W`).
  input,                  // input.x[i]
  target,                 // target.y[k]
  input_gradient,         // input.dx[i]       ∂L/∂x_i
  pre_activation,         // layerL.z[j]
  activation,             // layerL.a[j]
  weight,                 // layerL.W[j,i]
  weight_without_bias,    // layerL.Wtilde     the augmented notation's W̃ (a whole matrix only)
  bias,                   // layerL.b[j]
  activation_gradient,    // layerL.da[j]      ∂L/∂a
  activation_derivative,  // layerL.dadz[j]    g'(z)
  delta,                  // layerL.dz[j]      ∂L/∂z
  weight_gradient,        // layerL.dW[j,i]
  bias_gradient,          // layerL.db[j]
  loss,                   // loss
  loss_term,              // loss[k]           the term of output k (Mazur's E_o1)
  learning_rate,          // learning_rate
  epoch_loss,             // epochE.loss       the loss over the whole data after epoch E
  training_samples,       // training.samples
  samples_per_update,     // training.samples_per_update
  updates_per_epoch,      // training.updates_per_epoch
  sample,                 // sampleK           a batch total's term: the one of sample K
  optimizer_step,         // optimizer.t       (optimizer state: a later issue)
  // A computation graph: nodes are named by the lesson.
  node,      // x, f.1
  adjoint,   // dy/dv           reverse mode: `of` = y, `node` = v
  tangent,   // forward.dv/dx   forward mode: `node` = v, `of` = x
  local,     // local.dc/du     the local derivative along u → c: `node` = c, `of` = u
  entry,     // J[i,j]          an entry of a Jacobian block or product: `node` = the block
  operations_naive,    // ops.naive.additions
  operations_forward,  // ops.forward.additions
  operations_reverse,  // ops.reverse.additions
  document_formula,    // document[K].formula   the value of the K-th printed formula
};

// Optimizer state of a parameter (`step2.layer1.W[1,1].m`): room for the optimizers issue.
enum class State { none, velocity, m, v, m_hat, v_hat };

struct Key {
  Quantity quantity = Quantity::loss;
  int step = 1;     // 1: no "stepT." prefix; update results are named by the step they start
  int sample = 0;   // 0: no "sampleK." prefix (a single sample, or a batch total)
  int layer = 0;    // 1-based, layer quantities only
  int row = 0;      // 1-based first index; 0 for a whole vector or matrix, or no index
  int column = 0;   // second index (W, dW, entries); 0 otherwise
  int number = 0;   // epoch E, printed formula K, sample K of Quantity::sample
  bool negated = false;  // −∂L/∂… under delta_sign = "-dL/dz" (da, dz, dW, db, dx)
  State state = State::none;
  std::string node, of;  // graph names (see Quantity)
  std::vector<Key> via;  // a per-path term: the quantity its path goes through (one, or none)

  bool whole() const { return row == 0; }
  bool is_path() const { return !via.empty(); }
  bool is_graph() const { return quantity >= Quantity::node; }
  // The quantity whose sum this path term is a term of.
  Key total() const;
  // This quantity's term along the path through `through`.
  Key through(Key through) const;
  // The same quantity at another step, or of another sample, or as a whole vector or matrix.
  Key at_step(int t) const;
  Key of_sample(int s) const;
  Key as_whole() const;
  // Entry [row] or [row, column] of a whole quantity.
  Key entry_at(int r, int c = 0) const;

  friend bool operator==(const Key&, const Key&) = default;
};

// Keys of a network.
Key input_key(int sample, int i);
Key target_key(int sample, int k);
Key layer_key(Quantity what, int step, int sample, int layer, int row, int column = 0, bool negated = false);
Key loss_key(int step, int sample);
Key loss_term_key(int step, int sample, int k);
Key learning_rate_key();
Key epoch_loss_key(int epoch);
Key sample_key(int sample);
Key schedule_key(Quantity which);  // training_samples, samples_per_update, updates_per_epoch
// Keys of a computation graph.
Key node_key(const std::string& node);
Key adjoint_key(const std::string& of, const std::string& node);
Key tangent_key(const std::string& node, const std::string& of);
Key local_key(const std::string& node, const std::string& operand);
Key entry_key(const std::string& block, int row, int column);
Key document_formula_key(int k);

struct KeyHash {
  std::size_t operator()(const Key& key) const;
};

}  // namespace bptrace
