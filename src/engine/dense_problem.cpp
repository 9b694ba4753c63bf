#include "engine/dense_problem.hpp"

#include <stdexcept>

namespace bptrace::dense {

DenseProblem dense_problem(const Problem& problem) {
  const Conventions& c = problem.conventions;
  if (!problem.loss || problem.loss->kind != LossKind::squared_error || problem.loss->over_outputs != Reduction::sum)
    throw std::invalid_argument("the dense kernel needs a squared error summed over the outputs");
  if (problem.mode != TrainingMode::full_batch || c.backprop_new_weights || c.delta_sign != DeltaSign::dl_dz)
    throw std::invalid_argument("the dense kernel takes full-batch steps through the old weights, δ = ∂L/∂z");
  if (c.shared_bias && c.update_biases)
    throw std::invalid_argument("the dense kernel updates one bias per neuron, not a shared one");
  DenseProblem dense;
  std::size_t inputs = problem.network.inputs;
  for (const bptrace::Layer& layer : problem.network.layers) {
    Layer<Rational> l;
    if (layer.activation.kind == ActivationKind::softmax)
      throw std::invalid_argument("the dense kernel has the elementwise activations, not softmax");
    l.activation = layer.activation;
    const std::size_t width = layer.weights.size();
    l.weights = Matrix<Rational>(width, inputs);
    for (std::size_t j = 0; j < width; ++j)
      for (std::size_t i = 0; i < inputs; ++i) l.weights(j, i) = layer.weights[j][i];
    l.bias = layer.bias;  // a shared bias: the loader repeats it in every neuron; frozen, it stays so
    dense.network.layers.push_back(std::move(l));
    inputs = width;
  }
  for (const bptrace::Sample& s : problem.samples) dense.samples.push_back({s.x, s.y});
  const Rational n(static_cast<long>(problem.samples.size()));
  dense.training.loss_constant =
      problem.loss->constant / (problem.loss->over_batch == Reduction::mean ? n : Rational(1));
  dense.training.learning_rate = problem.learning_rate.value_or(Rational(0));
  dense.training.steps = problem.learning_rate ? problem.steps : 0;
  dense.training.update_biases = c.update_biases;
  return dense;
}

}  // namespace bptrace::dense
