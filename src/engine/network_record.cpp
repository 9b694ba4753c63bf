#include "engine/network_tracer.hpp"

namespace bptrace {

bool NetworkTracer::negated(Quantity what) const {
  // Under the −∂L/∂z convention the backward quantities are the negated derivatives.
  return minus_ && (what == Quantity::activation_gradient || what == Quantity::delta || what == Quantity::weight_gradient ||
                    what == Quantity::bias_gradient || what == Quantity::input_gradient);
}

Rational NetworkTracer::seed_scale() const {
  return p_.loss && p_.loss->over_batch == Reduction::mean ? Rational(1, static_cast<long>(batch_.size())) : Rational(1);
}

Rational NetworkTracer::gradient_scale() const {
  const Rational c = sample_loss_factor(p_) * seed_scale();
  return n_.sign.exact() < 0 ? Rational(-c) : c;
}

void NetworkTracer::add(Key key, Phase phase, Formula formula, Value value, std::vector<Contribution> contributions,
                        Step::Terms terms) {
  if (!recording_) return;
  trace_.add(Step{std::move(key), phase, std::move(formula), std::move(value), std::move(contributions), terms});
}

Value NetworkTracer::record(Key name, Phase phase, Formula formula, Value value, std::vector<Contribution> contributions,
                            Step::Terms terms) {
  value = rounded(n_, name.quantity, phase, value);
  for (Contribution& c : contributions) c.value = rounded(n_, name.quantity, phase, c.value);
  add(std::move(name), phase, std::move(formula), value, std::move(contributions), terms);
  return value;
}

void NetworkTracer::summary(const Key& key, const Value& value) { trace_.add(Step{key, Phase::summary, {}, value, {}}); }

void NetworkTracer::record_given() {
  for (std::size_t s = 0; s < p_.samples.size(); ++s) {
    const Sample& sample = p_.samples[s];
    for (std::size_t i = 0; i < sample.x.size(); ++i) add(input_name(s, i), Phase::given, {}, sample.x[i]);
    for (std::size_t k = 0; k < sample.y.size(); ++k) add(target_name(s, k), Phase::given, {}, sample.y[k]);
  }
  for (std::size_t l = 0; l < depth(); ++l) {
    const Layer& layer = net_.layers[l];
    for (std::size_t j = 0; j < layer.width(); ++j)
      for (std::size_t i = 0; i < layer.weights[j].size(); ++i) add(weight_name(1, l, j, i), Phase::given, {}, layer.weights[j][i]);
    for (std::size_t j = 0; j < bias_count(l); ++j) add(bias_name(1, l, j), Phase::given, {}, layer.bias[j]);
  }
  if (p_.learning_rate) add(learning_rate_key(), Phase::given, {}, *p_.learning_rate);
}

void NetworkTracer::record_parameters(int step, const Parameters& params) {
  for (std::size_t l = 0; l < depth(); ++l) {
    for (std::size_t j = 0; j < net_.layers[l].width(); ++j)
      for (std::size_t i = 0; i < params.weights[l][j].size(); ++i)
        add(weight_name(step, l, j, i), Phase::update, {}, params.weights[l][j][i]);
    for (std::size_t j = 0; biases_updated() && j < bias_count(l); ++j)
      add(bias_name(step, l, j), Phase::update, {}, params.bias[l][j]);
  }
}

// Training by epochs: the sample set's size N, the samples whose gradients each update sums
// (N for full-batch gradient descent, 1 for SGD, batch_size M for mini-batch; the last batch of
// an epoch may be smaller) and the updates per epoch (1, N, N/M, or ⌈N/M⌉).
void NetworkTracer::record_schedule() {
  if (!p_.learning_rate || !p_.loss || p_.epochs == 0) return;
  const std::size_t n = p_.samples.size();
  const std::size_t per_update = p_.mode == TrainingMode::full_batch ? n : p_.mode == TrainingMode::sgd ? 1 : p_.batch_size;
  const Key samples = schedule_key(Quantity::training_samples), per = schedule_key(Quantity::samples_per_update);
  trace_.add(Step{samples, Phase::schedule, {}, Value(Rational(static_cast<long>(n))), {}});
  trace_.add(Step{per, Phase::schedule, p_.mode == TrainingMode::full_batch ? ref(samples) : Formula(),
                  Value(Rational(static_cast<long>(per_update))), {}});
  const Formula ratio = math::quotient(ref(samples), ref(per));
  trace_.add(Step{schedule_key(Quantity::updates_per_epoch), Phase::schedule, n % per_update == 0 ? ratio : math::ceiling(ratio),
                  Value(Rational(static_cast<long>(schedule_.updates_per_epoch()))), {}});
}

}  // namespace bptrace
