#include "engine/network_tracer.hpp"

#include "number/decimal.hpp"

namespace bptrace {

using math::scaled;

// The sample's reverse sweep from its loss, then its backward quantities layer by layer down.
void NetworkTracer::backward(int step, std::size_t s, SampleRun& r) {
  std::vector<bool> every(r.t.tape.size(), true);
  const Formula placeholder = math::literal("·");  // the view writes its own formulas: the tape's are not shown
  const tape::Writer unwritten = [&](tape::NodeId) { return placeholder; };
  located(step, s, r.t, [&] { r.locals = tape::local_derivatives(r.t.tape, r.values, every, r.seams, unwritten); });
  r.adjoint = tape::reverse(r.t.tape, *r.t.loss, r.locals, r.seams);
  if (!recording_) return;  // a step computed but not traced: its gradients are read off the tape
  output_gradient(step, s, r);
  for (std::size_t l = depth(); l-- > 0;) {
    if (net_.layers[l].activation.kind != ActivationKind::softmax) local_deltas(step, s, l, r);
    parameter_gradients(step, s, l, r);
    input_gradients(step, s, l, r);
  }
}

// ∂L/∂a of each output: c·∂term/∂a, c the loss's factor with the seed's sign (mistake 4a flips it).
void NetworkTracer::output_gradient(int step, std::size_t s, const SampleRun& r) {
  const std::size_t L = depth() - 1;
  const Rational c = gradient_scale();
  for (std::size_t k = 0; k < net_.layers[L].width(); ++k) {
    Formula ak = ref(q(step, s, L, Quantity::activation, k));
    Formula yk = ref(target_name(s, k));
    record(q(step, s, L, Quantity::activation_gradient, k), Phase::backward, scaled_loss_derivative_formula(p_.loss->kind, c, ak, yk),
           r.gradient(r.t.a[L][k]));
  }
  if (net_.layers[L].activation.kind == ActivationKind::softmax) softmax_delta(step, s, r);
}

// δ of a softmax layer: with cross-entropy, ∂L/∂z_k = c·(a_k·Σ_j y_j − y_k), = c·(a_k − y_k) when
// the targets sum to 1; otherwise through the Jacobian, ∂L/∂z_k = a_k·(∂L/∂a_k − Σ_j a_j·∂L/∂a_j).
void NetworkTracer::softmax_delta(int step, std::size_t s, const SampleRun& r) {
  const std::size_t L = depth() - 1;
  const std::size_t width = net_.layers[L].width();
  auto a = [&](std::size_t k) { return ref(q(step, s, L, Quantity::activation, k)); };
  Formula weighted;
  if (p_.loss->kind != LossKind::cross_entropy) {
    std::vector<Formula> terms;
    for (std::size_t j = 0; j < width; ++j) terms.push_back(math::product({a(j), ref(q(step, s, L, Quantity::activation_gradient, j))}));
    weighted = math::sum(std::move(terms));
  }
  Rational y_sum = 0;
  for (const Rational& yj : p_.samples[s].y) y_sum += yj;
  const Rational c = gradient_scale();
  for (std::size_t k = 0; k < width; ++k) {
    Formula yk = ref(target_name(s, k));
    Formula formula = p_.loss->kind != LossKind::cross_entropy
                          ? math::product({a(k), math::difference(ref(q(step, s, L, Quantity::activation_gradient, k)), weighted)})
                      : y_sum == 1 ? scaled(c, math::difference(a(k), yk))
                                   : scaled(c, math::difference(math::product({a(k), math::number(y_sum)}), yk));
    record(q(step, s, L, Quantity::delta, k), Phase::backward, std::move(formula), r.gradient(r.t.z[L][k]));
  }
}

// ∂a/∂z and δ = ∂L/∂z = ∂L/∂a · ∂a/∂z, per neuron.
void NetworkTracer::local_deltas(int step, std::size_t s, std::size_t l, const SampleRun& r) {
  const Layer& layer = net_.layers[l];
  for (std::size_t j = 0; j < layer.width(); ++j) {
    Formula z = ref(q(step, s, l, Quantity::pre_activation, j));
    Formula a = ref(q(step, s, l, Quantity::activation, j));
    record(q(step, s, l, Quantity::activation_derivative, j), Phase::backward, derivative_formula(layer.activation, z, a),
           r.activation_derivative(l, j));
    record(q(step, s, l, Quantity::delta, j), Phase::backward,
           math::product({ref(q(step, s, l, Quantity::activation_gradient, j)), ref(q(step, s, l, Quantity::activation_derivative, j))}),
           r.gradient(r.t.z[l][j]));
  }
}

// ∂L/∂W[j,i] = δ_j·in_i and ∂L/∂b_j = δ_j. Below the output layer a weight gradient is a sum
// over the paths through each neuron k of the next layer, W^{l+1}[k,j]·δ^{l+1}_k·∂a_j/∂z_j·in_i:
// the trace derives them from the recorded values when asked (trace/paths.hpp).
void NetworkTracer::parameter_gradients(int step, std::size_t s, std::size_t l, const SampleRun& r) {
  const Layer& layer = net_.layers[l];
  const std::vector<tape::NodeId>& in = r.t.layer_input(l);
  const Step::Terms paths = l + 1 < depth() ? Step::Terms::derived : Step::Terms::stored;
  for (std::size_t j = 0; j < layer.width(); ++j) {
    Formula dz = ref(q(step, s, l, Quantity::delta, j));
    for (std::size_t i = 0; i < in.size(); ++i)
      record(q(step, s, l, Quantity::weight_gradient, j, static_cast<int>(i)), Phase::backward,
             math::product({dz, ref(layer_input_name(step, s, l, i))}), r.gradient(r.t.w[l][j][i]), {}, paths);
    // A frozen bias needs no gradient; a shared one sums below. Mistake 6a drops the edge: 0.
    if (biases_updated() && !shared_bias() && has_bias(l)) {
      const tape::NodeId b = r.t.b[l][j];
      record(q(step, s, l, Quantity::bias_gradient, j), Phase::backward, r.adjoint[b].terms.empty() ? math::integer(0) : dz,
             r.gradient(b));
    }
  }
  if (biases_updated() && shared_bias() && has_bias(l)) shared_bias_gradient(step, s, l, r);
}

// One bias feeds every neuron of the layer: ∂L/∂b = Σ_j δ_j, one term per neuron.
void NetworkTracer::shared_bias_gradient(int step, std::size_t s, std::size_t l, const SampleRun& r) {
  const tape::Chained& db = r.adjoint[r.t.b[l][0]];
  std::vector<Formula> deltas;
  std::vector<Contribution> terms;
  for (const tape::Term& t : db.terms) {
    const std::size_t j = r.t.role(t.via).row;
    Formula dz = ref(q(step, s, l, Quantity::delta, j));
    deltas.push_back(dz);
    terms.push_back(Contribution{q(step, s, l, Quantity::pre_activation, j), dz, t.value});
  }
  Formula formula = deltas.empty() ? math::integer(0) : math::sum(std::move(deltas));
  if (terms.size() < 2) terms.clear();
  record(q(step, s, l, Quantity::bias_gradient, 0), Phase::backward, formula, db.value, std::move(terms));
}

// ∂L/∂in_i = Σ_j W[j,i]·δ_j: in_i feeds every neuron j of the layer, one term each (the edges
// the seams keep). For layer 1 this is ∂L/∂x; otherwise ∂L/∂a of the layer below, whose δ follows.
void NetworkTracer::input_gradients(int step, std::size_t s, std::size_t l, const SampleRun& r) {
  const std::vector<tape::NodeId>& in = r.t.layer_input(l);
  const int w_step = n_.backprop_new_weights ? step + 1 : step;  // through the updated W
  const bool untransposed = n_.backprop_untransposed && in.size() == net_.layers[l].width();
  for (std::size_t i = 0; i < in.size(); ++i) {
    const tape::Chained& gradient = r.adjoint[in[i]];
    std::vector<Formula> term_formulas;
    std::vector<Contribution> paths;
    for (const tape::Term& t : gradient.terms) {
      const std::size_t j = r.t.role(t.via).row;
      const std::size_t row = untransposed ? i : j, column = untransposed ? j : i;
      Formula term = math::product({ref(weight_name(w_step, l, row, column)), ref(q(step, s, l, Quantity::delta, j))});
      term_formulas.push_back(term);
      paths.push_back(Contribution{q(step, s, l, Quantity::pre_activation, j), term, t.value});
    }
    // One term is kept too, unlisted: a weight gradient's one path derives from it.
    Key name = l == 0 ? layer_key(Quantity::input_gradient, step, sample_number(s), 0, number(i), 0, negated(Quantity::input_gradient))
                      : q(step, s, l - 1, Quantity::activation_gradient, i);
    const Step::Terms listed = paths.size() == 1 ? Step::Terms::unlisted : Step::Terms::stored;
    record(name, Phase::backward, term_formulas.empty() ? Formula() : math::sum(std::move(term_formulas)), gradient.value,
           std::move(paths), listed);
  }
}

}  // namespace bptrace
