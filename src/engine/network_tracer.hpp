#pragma once
// Records a network lesson into a Trace from its tapes: the engine's view of the layers. Each
// step lowers every sample of its update onto a tape (network_tape.hpp), runs the tape's
// forward and reverse sweeps with the variant's seams (network_seams.hpp), and records each
// neuron's quantities with the formulas the documents write, in the order they compute them.
// Internal to src/engine: backprop.hpp is the interface.
#include "engine/backprop.hpp"
#include "engine/network_seams.hpp"
#include "tape/sweep.hpp"

#include <functional>
#include <memory>

namespace bptrace {

// One sample of one step: its tape, values, local derivatives and adjoints.
struct SampleRun {
  SampleTape t;
  std::vector<Value> values;
  tape::Seams seams;
  tape::Locals locals;
  std::vector<tape::Chained> adjoint;

  const Value& value(tape::NodeId id) const { return values[id]; }
  const Value& gradient(tape::NodeId id) const { return adjoint[id].value; }
  // ∂a/∂z of neuron j of layer l.
  const Value& activation_derivative(std::size_t l, std::size_t j) const { return locals.find(t.a[l][j], t.z[l][j])->value; }
};
using Runs = std::vector<std::unique_ptr<SampleRun>>;  // indexed by sample; only the update's are made

// ∂L/∂W and ∂L/∂b of the update per layer (index 0 = layer 1).
struct Gradients {
  std::vector<std::vector<Vector>> dW;
  std::vector<Vector> db;
};

class NetworkTracer {
 public:
  NetworkTracer(const Problem& problem, const Variant& variant);
  Trace run();

 private:
  NetworkSeams n_;
  const Problem& p_;  // n_.problem: the lesson as computed
  const Network& net_;
  Schedule schedule_;
  const bool minus_;                // δ = −∂L/∂z: the backward quantities are keyed as negated
  std::vector<std::size_t> batch_;  // the samples of the current update
  bool recording_ = true;           // false: a step computed but not traced in full
  Trace trace_;

  // network_trace.cpp: the schedule, the given values, the forward pass and the loss.
  Parameters run_step(int step, const Parameters& params);
  Value evaluate(int step, const Parameters& params, bool traced);
  Runs forward(int step, const Parameters& params);
  Value loss(int step, Runs& runs, bool as_summary);
  void record_forward(int step, std::size_t s, const SampleRun& r);
  void record_loss_terms(int step, std::size_t s, const SampleRun& r, const Rational& c);
  void record_given();
  void record_parameters(int step, const Parameters& params);
  void record_schedule();
  void summary(const Key& key, const Value& value);
  void located(int step, std::size_t s, const SampleTape& t, const std::function<void()>& f) const;

  // network_backward.cpp: the backward pass, the batch's gradients and the update.
  void backward(int step, std::size_t s, SampleRun& r);
  void output_gradient(int step, std::size_t s, const SampleRun& r);
  void softmax_delta(int step, std::size_t s, const SampleRun& r);
  void local_deltas(int step, std::size_t s, std::size_t l, const SampleRun& r);
  void parameter_gradients(int step, std::size_t s, std::size_t l, const SampleRun& r);
  void shared_bias_gradient(int step, std::size_t s, std::size_t l, const SampleRun& r);
  void input_gradients(int step, std::size_t s, std::size_t l, const SampleRun& r);
  Gradients batch_gradients(int step, const Runs& runs);
  Value batch_sum(int step, std::size_t l, Quantity what, std::size_t j, int i, const std::vector<Value>& per_sample,
                  bool first_sample_only);
  Parameters update(int step, const Parameters& params, const Gradients& gradient);

  // Names and recording.
  bool shared_bias() const { return p_.conventions.shared_bias; }
  bool biases_updated() const { return p_.conventions.update_biases; }
  bool has_bias(std::size_t l) const { return net_.layers[l].has_bias; }
  std::size_t bias_count(std::size_t l) const { return !has_bias(l) ? 0 : shared_bias() ? 1 : net_.layers[l].width(); }
  std::size_t depth() const { return net_.layers.size(); }
  bool batched() const { return p_.samples.size() > 1; }
  int sample_number(std::size_t s) const { return batched() ? static_cast<int>(s) + 1 : 0; }
  static int number(std::size_t index) { return static_cast<int>(index) + 1; }
  bool negated(Quantity what) const;
  Key input_name(std::size_t s, std::size_t i) const { return input_key(sample_number(s), number(i)); }
  Key target_name(std::size_t s, std::size_t k) const { return target_key(sample_number(s), number(k)); }
  Key weight_name(int step, std::size_t l, std::size_t j, std::size_t i) const {
    return layer_key(Quantity::weight, step, 0, number(l), number(j), number(i));
  }
  // A frozen bias keeps its given name; a shared bias is layerL.b[1].
  Key bias_name(int step, std::size_t l, std::size_t j) const {
    return layer_key(Quantity::bias, biases_updated() ? step : 1, 0, number(l), shared_bias() ? 1 : number(j));
  }
  Key q(int step, std::size_t s, std::size_t l, Quantity what, std::size_t j, int i = -1) const {
    return layer_key(what, step, sample_number(s), number(l), number(j), i < 0 ? 0 : i + 1, negated(what));
  }
  Key layer_input_name(int step, std::size_t s, std::size_t l, std::size_t i) const {
    return l == 0 ? input_name(s, i) : q(step, s, l - 1, Quantity::activation, i);
  }
  Key loss_name(int step) const { return loss_key(step, 0); }
  Key sample_loss_name(int step, std::size_t s) const { return loss_key(step, sample_number(s)); }
  // The name of a gradient of the loss: the batch total, or the single sample's gradient.
  Key gradient_name(int step, std::size_t l, Quantity what, std::size_t j, int i = -1) const {
    return batched() ? layer_key(what, step, 0, number(l), number(j), i < 0 ? 0 : i + 1, negated(what))
                     : q(step, 0, l, what, j, i);
  }
  // The factor of ∂L/∂(term of output k): the seed's sign × the loss's constant × the means' 1/n.
  Rational gradient_scale() const;
  Rational seed_scale() const;

  void add(Key key, Phase phase, Formula formula, Value value, std::vector<Contribution> contributions = {},
           Step::Terms terms = Step::Terms::stored);
  // Records a step and returns its value as later steps use it: rounded by its rule when the
  // variant rounds intermediates (the tape's values already are; a rule rounds once).
  // `terms`: which of its terms renderers list, or that its paths are derived (trace/paths.hpp).
  Value record(Key name, Phase phase, Formula formula, Value value, std::vector<Contribution> contributions = {},
               Step::Terms terms = Step::Terms::stored);
};

}  // namespace bptrace
