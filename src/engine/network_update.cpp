#include "engine/network_tracer.hpp"

#include "number/decimal.hpp"

namespace bptrace {

// The gradient of the loss is the sum of the samples' gradients (each already carries the loss's
// batch factor). With a batch, each total is recorded with its per-sample terms.
Gradients NetworkTracer::batch_gradients(int step, const Runs& runs) {
  Gradients total;
  auto per_sample = [&](auto node) {
    std::vector<Value> g;
    for (std::size_t s : batch_) g.push_back(runs[s]->gradient(node(runs[s]->t)));
    return g;
  };
  for (std::size_t l = 0; l < depth(); ++l) {
    const Layer& layer = net_.layers[l];
    total.dW.emplace_back(layer.width());
    total.db.emplace_back(layer.width());
    const bool biases = biases_updated() && has_bias(l);
    for (std::size_t j = 0; j < layer.width(); ++j) {
      for (std::size_t i = 0; i < layer.weights[j].size(); ++i)
        total.dW[l][j].push_back(batch_sum(step, l, Quantity::weight_gradient, j, static_cast<int>(i),
                                           per_sample([&](const SampleTape& t) { return t.w[l][j][i]; }), false));
      if (biases && !shared_bias())
        total.db[l][j] = batch_sum(step, l, Quantity::bias_gradient, j, -1,
                                   per_sample([&](const SampleTape& t) { return t.b[l][j]; }), n_.batch.bias_first_sample_only);
    }
    if (biases && shared_bias())
      total.db[l][0] = batch_sum(step, l, Quantity::bias_gradient, 0, -1, per_sample([&](const SampleTape& t) { return t.b[l][0]; }),
                                 n_.batch.bias_first_sample_only);
  }
  return total;
}

// Σ over the update's samples, by the batch policy: the first sample's term only (mistake 6b),
// the total scaled (mistake 7: by 1/n or n).
Value NetworkTracer::batch_sum(int step, std::size_t l, Quantity what, std::size_t j, int i, const std::vector<Value>& per_sample,
                               bool first_sample_only) {
  Value sum = 0;
  std::vector<Formula> sample_terms;
  std::vector<Contribution> terms;
  const std::size_t summed = first_sample_only ? 1 : batch_.size();
  for (std::size_t b = 0; b < summed; ++b) {
    Key name = q(step, batch_[b], l, what, j, i);
    sum += per_sample[b];
    sample_terms.push_back(ref(name));
    terms.push_back(Contribution{sample_key(number(batch_[b])), ref(name), per_sample[b]});
  }
  Formula formula = math::sum(std::move(sample_terms));
  if (n_.batch.factor != 1) {
    sum = Value(n_.batch.factor) * sum;
    formula = math::product({math::number(n_.batch.factor), math::group(formula)});
  }
  if (batched()) sum = record(gradient_name(step, l, what, j, i), Phase::backward, formula, sum, std::move(terms));
  return sum;
}

namespace {

// An exact parameter longer than the lesson's exact_digits goes on as a certified enclosure.
Value bounded(Value v, long exact_digits) {
  if (v.is_exact() && fraction_digits(v.exact()) > exact_digits) return Value(v.enclosure());
  return v;
}

}  // namespace

// θ ← θ − η^power·∂L/∂θ by the update policy (θ + … when it adds); the new values are the
// parameters of the next step.
Parameters NetworkTracer::update(int step, const Parameters& params, const Gradients& gradient) {
  const UpdatePolicy& policy = n_.update;
  Parameters next = params;
  Value eta = 1;
  for (int k = 0; k < policy.learning_rate_power; ++k) eta = eta * Value(*p_.learning_rate);
  if (policy.adds) eta = -eta;
  auto formula = [&](const Key& old_name, const Key& gradient_name) {
    if (!recording_) return Formula();  // not traced: never read
    std::vector<Formula> step_factors(static_cast<std::size_t>(std::max(policy.learning_rate_power, 0)), ref(learning_rate_key()));
    step_factors.push_back(ref(gradient_name));
    Formula change = math::product(std::move(step_factors));
    return policy.adds ? math::sum({ref(old_name), change}) : math::difference(ref(old_name), change);
  };
  for (std::size_t l = 0; l < depth(); ++l) {
    for (std::size_t j = 0; j < net_.layers[l].width(); ++j)
      for (std::size_t i = 0; i < params.weights[l][j].size(); ++i)
        next.weights[l][j][i] = record(weight_name(step + 1, l, j, i), Phase::update,
                                       formula(weight_name(step, l, j, i), gradient_name(step, l, Quantity::weight_gradient, j, static_cast<int>(i))),
                                       bounded(params.weights[l][j][i] - eta * gradient.dW[l][j][i], p_.exact_digits));
    for (std::size_t j = 0; biases_updated() && j < bias_count(l); ++j)
      next.bias[l][j] = record(bias_name(step + 1, l, j), Phase::update,
                               formula(bias_name(step, l, j), gradient_name(step, l, Quantity::bias_gradient, j)),
                               bounded(params.bias[l][j] - eta * gradient.db[l][j], p_.exact_digits));
    // Spread a copy: assign() from an element of the vector it overwrites is undefined.
    if (shared_bias() && has_bias(l)) {
      const Value shared = next.bias[l][0];
      next.bias[l].assign(next.bias[l].size(), shared);
    }
  }
  return next;
}

}  // namespace bptrace
