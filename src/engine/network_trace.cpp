#include "engine/network_tracer.hpp"

#include "trace/names.hpp"

namespace bptrace {

using math::scaled;

NetworkTracer::NetworkTracer(const Problem& problem, const Variant& variant)
    : n_(network_seams(problem, variant)),
      p_(n_.problem),
      net_(p_.network),
      schedule_(p_),
      minus_(p_.conventions.delta_sign == DeltaSign::minus_dl_dz) {}

Trace NetworkTracer::run() {
  // A weight gradient's paths, derived when asked, are rounded as the weight gradient is.
  if (n_.rounding) trace_.derivation.rounding = n_.rounding->rule_for(Quantity::weight_gradient, Phase::backward);
  record_given();
  record_schedule();
  Parameters params = initial_parameters(net_);
  const int per_epoch = static_cast<int>(schedule_.updates_per_epoch());
  for (int step = 1; step <= p_.steps; ++step) {
    batch_ = schedule_.batch(step);
    const bool previous = recording_;
    recording_ = p_.detail_steps == 0 || step <= p_.detail_steps || step == p_.steps;
    // After steps computed but not traced, the parameters they reached (no formula: its terms
    // were not traced), so that this step's formulas refer to recorded values.
    if (recording_ && !previous) record_parameters(step, params);
    params = run_step(step, params);
    // Stochastic and mini-batch training: the loss over the whole data after each epoch.
    if (p_.loss && p_.learning_rate && p_.mode != TrainingMode::full_batch && step % per_epoch == 0)
      summary(epoch_loss_key(step / per_epoch), evaluate(step + 1, params, false));
  }
  if (p_.final_loss && p_.loss) evaluate(p_.steps + 1, params, true);
  recording_ = true;
  return std::move(trace_);
}

Parameters NetworkTracer::run_step(int step, const Parameters& params) {
  Runs runs = forward(step, params);
  if (!p_.loss) return params;
  loss(step, runs, !recording_ && step % p_.loss_every == 0);
  for (std::size_t s : batch_) backward(step, s, *runs[s]);
  Gradients gradient = batch_gradients(step, runs);
  if (!p_.learning_rate) return params;
  return update(step, params, gradient);
}

// The forward pass and loss of every sample with `params`, named as step `step`: traced when
// `traced` (the final loss), or only computed (the loss after an epoch).
Value NetworkTracer::evaluate(int step, const Parameters& params, bool traced) {
  const bool was_recording = recording_;
  recording_ = traced;
  batch_.clear();
  for (std::size_t s = 0; s < p_.samples.size(); ++s) batch_.push_back(s);
  Runs runs = forward(step, params);
  Value total = loss(step, runs, false);
  recording_ = was_recording;
  return total;
}

// Every sample of the update lowered and its forward pass run, sample by sample.
Runs NetworkTracer::forward(int step, const Parameters& params) {
  Runs runs(p_.samples.size());
  for (std::size_t s : batch_) {
    runs[s] = std::make_unique<SampleRun>();
    SampleRun& r = *runs[s];
    r.t = lower_network(p_, params, s);
    r.seams = sample_seams(n_, r.t, r.values, seed_scale());
    located(step, s, r.t, [&] { tape::extend_forward(r.t.tape, r.seams, r.values); });
    record_forward(step, s, r);
  }
  return runs;
}

void NetworkTracer::record_forward(int step, std::size_t s, const SampleRun& r) {
  if (!recording_) return;  // the formulas of a step computed but not traced are never read
  for (std::size_t l = 0; l < depth(); ++l) {
    const Layer& layer = net_.layers[l];
    const std::size_t inputs = r.t.layer_input(l).size();
    for (std::size_t j = 0; j < layer.width(); ++j) {
      // z_j = Σ_i W[j,i]·in_i + b_j
      std::vector<Formula> terms;
      for (std::size_t i = 0; i < inputs; ++i)
        terms.push_back(math::product({ref(weight_name(step, l, j, i)), ref(layer_input_name(step, s, l, i))}));
      if (has_bias(l)) terms.push_back(ref(bias_name(step, l, j)));
      record(q(step, s, l, Quantity::pre_activation, j), Phase::forward, math::sum(std::move(terms)), r.value(r.t.z[l][j]));
    }
    std::vector<Formula> exponentials;  // softmax: a_j = e^{z_j} / Σ_k e^{z_k}
    for (std::size_t k = 0; layer.activation.kind == ActivationKind::softmax && k < layer.width(); ++k)
      exponentials.push_back(math::call(math::fn::exp(), {ref(q(step, s, l, Quantity::pre_activation, k))}));
    for (std::size_t j = 0; j < layer.width(); ++j) {
      Formula formula = exponentials.empty()
                            ? activation_formula(layer.activation, ref(q(step, s, l, Quantity::pre_activation, j)))
                            : math::spaced_quotient(exponentials[j], math::sum(exponentials));
      record(q(step, s, l, Quantity::activation, j), Phase::forward, std::move(formula), r.value(r.t.a[l][j]));
    }
  }
}

// The loss of the update's samples. A step not traced in full records it as a summary when asked.
Value NetworkTracer::loss(int step, Runs& runs, bool as_summary) {
  const Loss& loss = *p_.loss;
  const std::size_t outputs = net_.layers.back().width();
  const Rational c = sample_loss_factor(p_);
  Value total = 0;
  Formula batch_formula;
  for (std::size_t s : batch_) {
    SampleRun& r = *runs[s];
    lower_loss(p_, s, r.t);
    located(step, s, r.t, [&] { tape::extend_forward(r.t.tape, r.seams, r.values); });
    std::vector<Formula> a, y;
    for (std::size_t k = 0; k < outputs; ++k) {
      a.push_back(ref(q(step, s, depth() - 1, Quantity::activation, k)));
      y.push_back(ref(target_name(s, k)));
    }
    const Formula terms = loss_terms_formula(loss.kind, a, y);
    if (outputs > 1) record_loss_terms(step, s, r, c);
    Value sample_loss = r.value(*r.t.loss);
    if (batched()) sample_loss = record(sample_loss_name(step, s), Phase::loss, scaled(c, terms), sample_loss);
    else batch_formula = scaled(c, terms);
    total += sample_loss;
  }
  if (batched()) {
    std::vector<Formula> sample_losses;
    for (std::size_t s : batch_) sample_losses.push_back(ref(sample_loss_name(step, s)));
    batch_formula = math::sum(std::move(sample_losses));
    if (loss.over_batch == Reduction::mean && batch_.size() > 1) {  // the mean of one loss is itself: no "/1"
      batch_formula = math::quotient(batch_formula, math::integer(static_cast<long>(batch_.size())));
      total = total / Value(static_cast<int>(batch_.size()));
    }
  }
  if (as_summary) summary(loss_name(step), total);
  return record(loss_name(step), Phase::loss, batch_formula, total);
}

// Each output's term of a sample's loss, with the loss's factor: Mazur's E_o1 = ½(target − out)².
// Recorded beside the loss, whose own formula and value are computed from the terms as a whole.
void NetworkTracer::record_loss_terms(int step, std::size_t s, const SampleRun& r, const Rational& c) {
  if (!recording_) return;
  for (std::size_t k = 0; k < net_.layers.back().width(); ++k) {
    Formula a = ref(q(step, s, depth() - 1, Quantity::activation, k));
    Formula y = ref(target_name(s, k));
    record(loss_term_key(step, sample_number(s), number(k)), Phase::loss, scaled_loss_term_formula(p_.loss->kind, c, a, y),
           Value(c) * r.value(r.t.terms[k]));
  }
}

// The tape's errors at the lesson's places: a branch on the sign of z (relu, step, leaky_relu)
// at its layer, an undefined or undecided loss value (log of 0) at the loss, with what it needs.
void NetworkTracer::located(int step, std::size_t s, const SampleTape& t, const std::function<void()>& f) const {
  auto term = [&](const NodeRole& r) {
    return "the loss of sample " + std::to_string(s + 1) + ", output " + std::to_string(r.row + 1);
  };
  try {
    f();
  } catch (const tape::Undecided& e) {
    const NodeRole& r = t.role(e.node);
    if (r.role == TapeRole::loss_term) throw UndecidedValue(p_.loss->where, "cannot decide " + term(r) + " (" + e.what() + ")");
    if (r.role != TapeRole::activation && r.role != TapeRole::pre_activation) throw NeedMorePrecision(e.what());
    const Layer& layer = net_.layers[r.layer];
    throw UndecidedValue(layer.where, "cannot decide the sign of " + canonical_name(q(step, s, r.layer, Quantity::pre_activation, r.row)) +
                                          " for " + activation_name(layer.activation.kind) + " (" + e.what() + ")");
  } catch (const tape::Undefined& e) {
    const NodeRole& r = t.role(e.node);
    if (r.role == TapeRole::activation || r.role == TapeRole::pre_activation) {  // an overflow, say
      const Quantity kind = r.role == TapeRole::activation ? Quantity::activation : Quantity::pre_activation;
      throw LessonError(net_.layers[r.layer].where, std::string(e.what()) + " in " + canonical_name(q(step, s, r.layer, kind, r.row)));
    }
    if (r.role != TapeRole::loss_term) throw DomainError(e.what());
    std::string expected = p_.loss->kind == LossKind::binary_cross_entropy
                               ? "binary_cross_entropy expects every output a with 0 < a < 1 "
                                 "(log a where y ≠ 0, log(1 − a) where y ≠ 1)"
                               : ::bptrace::loss_name(p_.loss->kind) + " expects every output a > 0 where y ≠ 0";
    throw LessonError(p_.loss->where, std::string(e.what()) + " in " + term(r) + "; " + expected);
  }
}

}  // namespace bptrace
