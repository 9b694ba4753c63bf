#include "engine/backprop.hpp"

#include "number/decimal.hpp"
#include "trace/names.hpp"

namespace bptrace {

namespace {

using math::scaled;

using Vector = std::vector<Value>;

struct Parameters {
  std::vector<std::vector<Vector>> weights;  // [layer][row][column]
  std::vector<Vector> bias;                  // [layer][row]
};

// ∂L/∂W and ∂L/∂b per layer (index 0 = layer 1).
struct Gradients {
  std::vector<std::vector<Vector>> dW;
  std::vector<Vector> db;
};

// Everything one sample computes in one step, per layer (index 0 = layer 1).
struct SampleState {
  std::vector<Vector> z, a, da, dadz, dz;
  std::vector<std::vector<Vector>> dW;
  std::vector<Vector> db;
};

class Backprop {
 public:
  Backprop(const Problem& p, const Variant& v)
      : p_(p), net_(p.network), v_(v), schedule_(p), minus_(p.conventions.delta_sign == DeltaSign::minus_dl_dz) {}

  Trace run() {
    record_given();
    record_schedule();
    Parameters params = initial_parameters();
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

 private:
  const Problem& p_;
  const Network& net_;
  const Variant& v_;
  Schedule schedule_;
  const bool minus_;  // δ = −∂L/∂z: every backward quantity is the negated derivative, and keyed so
  std::vector<std::size_t> batch_;  // the samples of the current update
  bool recording_ = true;           // false: a step computed but not traced in full
  Trace trace_;

  bool shared_bias() const { return p_.conventions.shared_bias; }
  bool biases_updated() const { return p_.conventions.update_biases; }
  // Biases in a layer: one per neuron, or one for the whole layer.
  std::size_t bias_count(std::size_t l) const {
    if (!net_.layers[l].has_bias) return 0;  // bias = "none"
    return shared_bias() ? 1 : net_.layers[l].width();
  }
  bool has_bias(std::size_t l) const { return net_.layers[l].has_bias; }
  // Back-propagation through the updated W^{l+1}: the lesson's convention, or mistake 1 against it.
  bool backprop_new_weights() const { return v_.new_weights_in_backprop != p_.conventions.backprop_new_weights; }
  // θ + η·… instead of θ − η·…: mistake 4b, or the −∂L/∂z convention (whose gradients are negated).
  bool update_adds() const { return v_.update_added != minus_; }

  // The forward pass and loss of every sample with `params`, named as step `step`: traced when
  // `traced` (the final loss), or only computed (the loss after an epoch).
  Value evaluate(int step, const Parameters& params, bool traced) {
    const bool was_recording = recording_;
    recording_ = traced;
    batch_.clear();
    for (std::size_t s = 0; s < p_.samples.size(); ++s) batch_.push_back(s);
    std::vector<SampleState> states(p_.samples.size());
    for (std::size_t s : batch_) forward(step, s, params, states[s]);
    Value loss = record_loss(step, states, false);
    recording_ = was_recording;
    return loss;
  }

  void record_parameters(int step, const Parameters& params) {
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
  void record_schedule() {
    if (!p_.learning_rate || !p_.loss || p_.epochs == 0) return;
    const std::size_t n = p_.samples.size();
    const std::size_t per_update = p_.mode == TrainingMode::full_batch ? n
                                   : p_.mode == TrainingMode::sgd      ? 1
                                                                       : p_.batch_size;
    const Key samples = schedule_key(Quantity::training_samples), per = schedule_key(Quantity::samples_per_update);
    trace_.add(Step{samples, Phase::schedule, {}, Value(Rational(static_cast<long>(n))), {}});
    trace_.add(Step{per, Phase::schedule, p_.mode == TrainingMode::full_batch ? ref(samples) : Formula(),
                    Value(Rational(static_cast<long>(per_update))), {}});
    const Formula ratio = math::quotient(ref(samples), ref(per));
    trace_.add(Step{schedule_key(Quantity::updates_per_epoch), Phase::schedule, n % per_update == 0 ? ratio : math::ceiling(ratio),
                    Value(Rational(static_cast<long>(schedule_.updates_per_epoch()))), {}});
  }

  void summary(const Key& key, const Value& value) {
    trace_.add(Step{key, Phase::summary, {}, value, {}});
  }

  std::size_t depth() const { return net_.layers.size(); }
  bool batched() const { return p_.samples.size() > 1; }
  // Samples are numbered in keys only when there are several.
  int sample_number(std::size_t s) const { return batched() ? static_cast<int>(s) + 1 : 0; }
  static int number(std::size_t index) { return static_cast<int>(index) + 1; }
  Key input_name(std::size_t s, std::size_t i) const { return input_key(sample_number(s), number(i)); }
  Key target_name(std::size_t s, std::size_t k) const { return target_key(sample_number(s), number(k)); }
  Key weight_name(int step, std::size_t l, std::size_t j, std::size_t i) const {
    return layer_key(Quantity::weight, step, 0, number(l), number(j), number(i));
  }
  // A frozen bias keeps its given name; a shared bias is layerL.b[1].
  Key bias_name(int step, std::size_t l, std::size_t j) const {
    return layer_key(Quantity::bias, biases_updated() ? step : 1, 0, number(l), shared_bias() ? 1 : number(j));
  }
  // Under the −∂L/∂z convention the backward quantities are the negated derivatives.
  bool negated(Quantity what) const {
    return minus_ && (what == Quantity::activation_gradient || what == Quantity::delta ||
                      what == Quantity::weight_gradient || what == Quantity::bias_gradient ||
                      what == Quantity::input_gradient);
  }
  // A per-sample quantity of layer l (0-based), entry j (and i): step2.sample1.layer3.z[1].
  Key q(int step, std::size_t s, std::size_t l, Quantity what, std::size_t j, int i = -1) const {
    return layer_key(what, step, sample_number(s), number(l), number(j), i < 0 ? 0 : i + 1, negated(what));
  }
  // The input of layer l for sample s: x for layer 1, a of the layer below otherwise.
  Key layer_input_name(int step, std::size_t s, std::size_t l, std::size_t i) const {
    return l == 0 ? input_name(s, i) : q(step, s, l - 1, Quantity::activation, i);
  }

  void add(Key key, Phase phase, Formula formula, Value value, std::vector<Contribution> contributions = {}) {
    if (!recording_) return;
    trace_.add(Step{std::move(key), phase, std::move(formula), std::move(value), std::move(contributions)});
  }

  // Records a computed step and returns its value as later steps use it: rounded by its rule,
  // when the variant rounds intermediates (mistake 9, rounding emulation), exact otherwise.
  Value record(Key name, Phase phase, Formula formula, Value value,
               std::vector<Contribution> contributions = {}) {
    if (v_.round_intermediates) {
      if (auto rule = v_.round_intermediates->rule_for(name.quantity, phase)) {
        value = apply(*rule, value);
        for (Contribution& c : contributions) c.value = apply(*rule, c.value);
      }
    }
    add(std::move(name), phase, std::move(formula), value, std::move(contributions));
    return value;
  }

  void record_given() {
    for (std::size_t s = 0; s < p_.samples.size(); ++s) {
      const Sample& sample = p_.samples[s];
      for (std::size_t i = 0; i < sample.x.size(); ++i)
        add(input_name(s, i), Phase::given, {}, sample.x[i]);
      for (std::size_t k = 0; k < sample.y.size(); ++k)
        add(target_name(s, k), Phase::given, {}, sample.y[k]);
    }
    for (std::size_t l = 0; l < depth(); ++l) {
      const Layer& layer = net_.layers[l];
      for (std::size_t j = 0; j < layer.width(); ++j)
        for (std::size_t i = 0; i < layer.weights[j].size(); ++i)
          add(weight_name(1, l, j, i), Phase::given, {}, layer.weights[j][i]);
      for (std::size_t j = 0; j < bias_count(l); ++j)
        add(bias_name(1, l, j), Phase::given, {}, layer.bias[j]);
    }
    if (p_.learning_rate) add(learning_rate_key(), Phase::given, {}, *p_.learning_rate);
  }

  Parameters initial_parameters() const {
    Parameters params;
    for (const Layer& layer : net_.layers) {
      std::vector<Vector> rows;
      for (const auto& row : layer.weights) rows.emplace_back(row.begin(), row.end());
      params.weights.push_back(std::move(rows));
      params.bias.emplace_back(layer.bias.begin(), layer.bias.end());
    }
    return params;
  }

  Parameters run_step(int step, const Parameters& params) {
    // Indexed by sample; only the update's samples are computed.
    std::vector<SampleState> states(p_.samples.size());
    for (std::size_t s : batch_) forward(step, s, params, states[s]);
    if (!p_.loss) return params;
    record_loss(step, states, !recording_ && step % p_.loss_every == 0);
    for (std::size_t s : batch_) backward(step, s, params, states[s]);
    Gradients gradient = batch_gradients(step, states);
    if (!p_.learning_rate) return params;
    return update(step, params, gradient);
  }

  void forward(int step, std::size_t s, const Parameters& params, SampleState& st) {
    Vector input(p_.samples[s].x.begin(), p_.samples[s].x.end());
    for (std::size_t l = 0; l < depth(); ++l) {
      const Layer& layer = net_.layers[l];
      const Vector& in = l == 0 ? input : st.a[l - 1];
      Vector z(layer.width()), a(layer.width());
      for (std::size_t j = 0; j < layer.width(); ++j) {
        // z_j = Σ_i W[j,i]·in_i + b_j
        std::vector<Formula> terms;
        Value sum = params.bias[l][j];
        for (std::size_t i = 0; i < in.size(); ++i) {
          sum += params.weights[l][j][i] * in[i];
          terms.push_back(math::product({ref(weight_name(step, l, j, i)), ref(layer_input_name(step, s, l, i))}));
        }
        if (has_bias(l)) terms.push_back(ref(bias_name(step, l, j)));
        z[j] = record(q(step, s, l, Quantity::pre_activation, j), Phase::forward, math::sum(std::move(terms)), sum);
      }
      if (layer.activation.kind == ActivationKind::softmax) {
        softmax(step, s, l, z, a);
      } else {
        for (std::size_t j = 0; j < layer.width(); ++j) {
          a[j] = record(q(step, s, l, Quantity::activation, j), Phase::forward,
                        activation_formula(layer.activation, ref(q(step, s, l, Quantity::pre_activation, j))),
                        branch_at(l, q(step, s, l, Quantity::pre_activation, j), [&] { return activate(layer.activation, z[j]); }));
        }
      }
      st.z.push_back(std::move(z));
      st.a.push_back(std::move(a));
    }
  }

  // a_j = e^{z_j} / Σ_k e^{z_k}
  void softmax(int step, std::size_t s, std::size_t l, const Vector& z, Vector& a) {
    Vector e(z.size());
    Value total = 0;
    std::vector<Formula> exponentials;
    for (std::size_t k = 0; k < z.size(); ++k) {
      e[k] = exp(z[k]);
      total += e[k];
      exponentials.push_back(math::call(math::fn::exp(), {ref(q(step, s, l, Quantity::pre_activation, k))}));
    }
    const Formula denominator = math::sum(exponentials);
    for (std::size_t j = 0; j < z.size(); ++j) {
      a[j] = record(q(step, s, l, Quantity::activation, j), Phase::forward,
                    math::spaced_quotient(exponentials[j], denominator), e[j] / total);
    }
  }

  Key loss_name(int step) const { return loss_key(step, 0); }
  Key sample_loss_name(int step, std::size_t s) const { return loss_key(step, sample_number(s)); }

  // The factor of ∂L/∂(term of output k of sample s): constant × the means' 1/n.
  Rational gradient_scale() const {
    const Loss& loss = *p_.loss;
    Rational c = loss_constant();
    if (loss.over_outputs == Reduction::mean) c /= net_.layers.back().width();
    if (loss.over_batch == Reduction::mean) c /= batch_.size();  // the update's samples
    return c;
  }

  // The loss of the update's samples. A step not traced in full records it as a summary when asked.
  Value record_loss(int step, const std::vector<SampleState>& states, bool as_summary) {
    const Loss& loss = *p_.loss;
    const std::size_t outputs = net_.layers.back().width();
    Value total = 0;
    Formula batch_formula;
    for (std::size_t s : batch_) {
      Value sum = 0;
      std::vector<Formula> a, y;
      for (std::size_t k = 0; k < outputs; ++k) {
        a.push_back(ref(q(step, s, depth() - 1, Quantity::activation, k)));
        y.push_back(ref(target_name(s, k)));
        sum += undefined_at_loss(s, k, [&] {
          return loss_term(loss.kind, states[s].a.back()[k], Value(p_.samples[s].y[k]));
        });
      }
      const Formula terms = loss_terms_formula(loss.kind, a, y);
      Rational c = loss_constant();
      if (loss.over_outputs == Reduction::mean) c /= outputs;
      if (outputs > 1) record_loss_terms(step, s, states[s], c);
      Value sample_loss = Value(c) * sum;
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
  void record_loss_terms(int step, std::size_t s, const SampleState& st, const Rational& c) {
    const Loss& loss = *p_.loss;
    for (std::size_t k = 0; k < net_.layers.back().width(); ++k) {
      Formula a = ref(q(step, s, depth() - 1, Quantity::activation, k));
      Formula y = ref(target_name(s, k));
      Value term = undefined_at_loss(s, k, [&] { return loss_term(loss.kind, st.a.back()[k], Value(p_.samples[s].y[k])); });
      record(loss_term_key(step, sample_number(s), number(k)), Phase::loss, scaled_loss_term_formula(loss.kind, c, a, y),
             Value(c) * term);
    }
  }

  // The loss's constant; mistake 2 drops or adds a ½.
  Rational loss_constant() const { return p_.loss->constant * v_.loss_constant_factor; }

  // Undefined loss values (log of 0) are the lesson's fault: point at its loss, and say what the
  // loss needs. An enclosure of an exact 0 never certifies: point there too.
  template <class F>
  Value undefined_at_loss(std::size_t s, std::size_t k, F&& f) const {
    auto term = [&] { return "the loss of sample " + std::to_string(s + 1) + ", output " + std::to_string(k + 1); };
    try {
      return f();
    } catch (const DomainError& e) {
      std::string expected = p_.loss->kind == LossKind::binary_cross_entropy
                                 ? "binary_cross_entropy expects every output a with 0 < a < 1 "
                                   "(log a where y ≠ 0, log(1 − a) where y ≠ 1)"
                                 : ::bptrace::loss_name(p_.loss->kind) + " expects every output a > 0 where y ≠ 0";
      throw LessonError(p_.loss->where, std::string(e.what()) + " in " + term() + "; " + expected);
    } catch (const NeedMorePrecision& e) {
      throw UndecidedValue(p_.loss->where, "cannot decide " + term() + " (" + e.what() + ")");
    }
  }

  // A branch on the sign of z (relu, step, leaky_relu), located at its layer.
  template <class F>
  Value branch_at(std::size_t l, const Key& z, F&& f) const {
    try {
      return f();
    } catch (const NeedMorePrecision& e) {
      const Layer& layer = net_.layers[l];
      throw UndecidedValue(layer.where, "cannot decide the sign of " + canonical_name(z) + " for " +
                                            activation_name(layer.activation.kind) + " (" + e.what() + ")");
    }
  }

  void output_gradient(int step, std::size_t s, SampleState& st) {
    const Loss& loss = *p_.loss;
    const std::size_t L = depth() - 1;
    const Layer& out = net_.layers[L];
    // Mistake 4a flips the error: y − ŷ instead of ŷ − y.
    // The −∂L/∂z convention negates it too (and mistake 4a under it restores ŷ − y).
    const Rational c = v_.error_sign_flipped != minus_ ? Rational(-gradient_scale()) : gradient_scale();
    const Vector& a = st.a[L];
    Vector y(p_.samples[s].y.begin(), p_.samples[s].y.end());
    st.da[L] = Vector(out.width());
    for (std::size_t k = 0; k < out.width(); ++k) {
      Formula ak = ref(q(step, s, L, Quantity::activation, k));
      Formula yk = ref(target_name(s, k));
      Value da = Value(c) * undefined_at_loss(s, k, [&] { return loss_term_derivative(loss.kind, a[k], y[k], loss.derivative_at_zero); });
      st.da[L][k] = record(q(step, s, L, Quantity::activation_gradient, k), Phase::backward,
                           scaled_loss_derivative_formula(loss.kind, c, ak, yk), da);
    }
    if (out.activation.kind != ActivationKind::softmax) return;
    st.dz[L] = Vector(out.width());
    if (loss.kind == LossKind::cross_entropy) {
      // Softmax and cross-entropy together: ∂L/∂z_k = c·(a_k·Σ_j y_j − y_k), = c·(a_k − y_k)
      // when the targets sum to 1.
      Value y_sum = 0;
      for (const Value& yj : y) y_sum += yj;
      bool one_hot_sum = y_sum.is_exact() && y_sum.exact() == 1;
      for (std::size_t k = 0; k < out.width(); ++k) {
        Formula ak = ref(q(step, s, L, Quantity::activation, k));
        Formula yk = ref(target_name(s, k));
        Formula formula = one_hot_sum ? scaled(c, math::difference(ak, yk))
                                      : scaled(c, math::difference(math::product({ak, math::number(y_sum.exact())}), yk));
        st.dz[L][k] = record(q(step, s, L, Quantity::delta, k), Phase::backward, formula,
                             Value(c) * (a[k] * y_sum - y[k]));
      }
      return;
    }
    // Softmax Jacobian ∂a_j/∂z_k = a_j(δ_jk − a_k), so ∂L/∂z_k = a_k·(∂L/∂a_k − Σ_j a_j·∂L/∂a_j).
    Value weighted = 0;
    std::vector<Formula> weighted_terms;
    for (std::size_t j = 0; j < out.width(); ++j) {
      weighted += a[j] * st.da[L][j];
      weighted_terms.push_back(math::product({ref(q(step, s, L, Quantity::activation, j)),
                                              ref(q(step, s, L, Quantity::activation_gradient, j))}));
    }
    const Formula weighted_formula = math::sum(std::move(weighted_terms));
    for (std::size_t k = 0; k < out.width(); ++k) {
      st.dz[L][k] = record(q(step, s, L, Quantity::delta, k), Phase::backward,
                           math::product({ref(q(step, s, L, Quantity::activation, k)),
                                          math::difference(ref(q(step, s, L, Quantity::activation_gradient, k)), weighted_formula)}),
                           a[k] * (st.da[L][k] - weighted));
    }
  }

  void backward(int step, std::size_t s, const Parameters& params, SampleState& st) {
    const std::size_t n = depth();
    st.da.assign(n, {});
    st.dadz.assign(n, {});
    st.dz.assign(n, {});
    st.dW.assign(n, {});
    st.db.assign(n, {});
    output_gradient(step, s, st);
    for (std::size_t l = n; l-- > 0;) {
      const Layer& layer = net_.layers[l];
      if (layer.activation.kind != ActivationKind::softmax) local_deltas(step, s, l, st);
      parameter_gradients(step, s, l, params, st);
      if (backprop_new_weights() && p_.learning_rate) {
        input_gradients(step, s, l, updated_weights(l, params, st), step + 1, st);
      } else {
        input_gradients(step, s, l, params.weights[l], step, st);
      }
    }
  }

  // ∂a/∂z and δ = ∂L/∂z = ∂L/∂a · ∂a/∂z, per neuron.
  void local_deltas(int step, std::size_t s, std::size_t l, SampleState& st) {
    const Layer& layer = net_.layers[l];
    st.dadz[l] = Vector(layer.width());
    st.dz[l] = Vector(layer.width());
    for (std::size_t j = 0; j < layer.width(); ++j) {
      Formula z = ref(q(step, s, l, Quantity::pre_activation, j));
      Formula a = ref(q(step, s, l, Quantity::activation, j));
      st.dadz[l][j] = record(q(step, s, l, Quantity::activation_derivative, j), Phase::backward,
                             derivative_formula(layer.activation, z, a),
                             branch_at(l, q(step, s, l, Quantity::pre_activation, j),
                                       [&] { return local_derivative(layer.activation, st.z[l][j], st.a[l][j]); }));
      st.dz[l][j] = record(q(step, s, l, Quantity::delta, j), Phase::backward,
                           math::product({ref(q(step, s, l, Quantity::activation_gradient, j)), ref(q(step, s, l, Quantity::activation_derivative, j))}),
                           st.da[l][j] * st.dadz[l][j]);
    }
  }

  // ∂a/∂z, or mistake 3: the activation applied twice, g'(a), or z fed where a belongs.
  Value local_derivative(const Activation& g, const Value& z, const Value& a) const {
    switch (v_.derivative_from) {
      case DerivativeFrom::activation: return activation_derivative(g, z, a);
      case DerivativeFrom::activation_applied_twice: return activation_derivative(g, a, activate(g, a));
      case DerivativeFrom::pre_activation: return activation_derivative(g, z, z);
    }
    return activation_derivative(g, z, a);
  }

  static bool square(const std::vector<Vector>& w) { return !w.empty() && w.size() == w[0].size(); }

  // Mistake 1, or the new-weights convention: layer l's weights already updated with this
  // sample's gradient, W − η·∂L/∂W (W + η·(−∂L/∂W) under the −∂L/∂z convention).
  std::vector<Vector> updated_weights(std::size_t l, const Parameters& params, const SampleState& st) const {
    std::vector<Vector> w = params.weights[l];
    const Value eta = minus_ ? Value(-*p_.learning_rate) : Value(*p_.learning_rate);
    for (std::size_t j = 0; j < w.size(); ++j)
      for (std::size_t i = 0; i < w[j].size(); ++i) w[j][i] = w[j][i] - eta * st.dW[l][j][i];
    return w;
  }

  // ∂L/∂W[j,i] = δ_j·in_i and ∂L/∂b_j = δ_j. Below the output layer, the weight gradient also
  // lists the path through each neuron k of the next layer:
  // W^{l+1}[k,j]·δ^{l+1}_k · ∂a_j/∂z_j · in_i, which sum to it.
  void parameter_gradients(int step, std::size_t s, std::size_t l, const Parameters& params,
                           SampleState& st) {
    const Layer& layer = net_.layers[l];
    const std::size_t inputs = params.weights[l].empty() ? 0 : params.weights[l][0].size();
    st.dW[l].assign(layer.width(), Vector(inputs));
    st.db[l] = Vector(layer.width());
    for (std::size_t j = 0; j < layer.width(); ++j) {
      Formula dz = ref(q(step, s, l, Quantity::delta, j));
      for (std::size_t i = 0; i < inputs; ++i) {
        const Value& in = l == 0 ? Value(p_.samples[s].x[i]) : st.a[l - 1][i];
        Formula in_ref = ref(layer_input_name(step, s, l, i));
        Value gradient = st.dz[l][j] * in;
        if (v_.weight_gradient_transposed && square(params.weights[l])) {
          // Mistake 5b: δ_i·in_j, the indices of w_ij read as those of w_ji.
          const Value& in_j = l == 0 ? Value(p_.samples[s].x[j]) : st.a[l - 1][j];
          gradient = st.dz[l][i] * in_j;
        }
        std::vector<Contribution> paths;
        if (l + 1 < depth()) {
          for (std::size_t k = 0; k < net_.layers[l + 1].width(); ++k) {
            Value path = params.weights[l + 1][k][j] * st.dz[l + 1][k] * st.dadz[l][j] * in;
            paths.push_back(Contribution{
                q(step, s, l + 1, Quantity::pre_activation, k),
                math::product({ref(weight_name(step, l + 1, k, j)), ref(q(step, s, l + 1, Quantity::delta, k)),
                               ref(q(step, s, l, Quantity::activation_derivative, j)), in_ref}),
                path});
          }
        }
        st.dW[l][j][i] = record(q(step, s, l, Quantity::weight_gradient, j, static_cast<int>(i)), Phase::backward, math::product({dz, in_ref}),
                                gradient, std::move(paths));
      }
      // Mistake 6a forgets the bias gradient. A frozen bias needs none; a shared one sums below.
      if (biases_updated() && !shared_bias() && has_bias(l))
        st.db[l][j] = record(q(step, s, l, Quantity::bias_gradient, j), Phase::backward, v_.bias_gradient_forgotten ? math::integer(0) : dz,
                             v_.bias_gradient_forgotten ? Value(0) : st.dz[l][j]);
    }
    if (biases_updated() && shared_bias() && has_bias(l)) {
      // One bias feeds every neuron of the layer: ∂L/∂b = Σ_j δ_j, one term per neuron.
      Value sum = 0;
      std::vector<Formula> deltas;
      std::vector<Contribution> terms;
      for (std::size_t j = 0; j < layer.width(); ++j) {
        Formula dz = ref(q(step, s, l, Quantity::delta, j));
        sum += st.dz[l][j];
        deltas.push_back(dz);
        terms.push_back(Contribution{q(step, s, l, Quantity::pre_activation, j), dz, st.dz[l][j]});
      }
      Formula formula = math::sum(std::move(deltas));
      if (terms.size() < 2) terms.clear();
      if (v_.bias_gradient_forgotten) {
        sum = 0;
        formula = math::integer(0);
        terms.clear();
      }
      st.db[l][0] = record(q(step, s, l, Quantity::bias_gradient, 0), Phase::backward, formula, sum, std::move(terms));
    }
  }

  // ∂L/∂in_i = Σ_j W[j,i]·δ_j: in_i feeds every neuron j of the layer, one contribution each.
  // For layer 1 this is ∂L/∂x; otherwise ∂L/∂a of the layer below, whose δ follows.
  // `w` is the layer's W, named as in step `w_step` (the next step's W for mistake 1).
  void input_gradients(int step, std::size_t s, std::size_t l, const std::vector<Vector>& w, int w_step,
                       SampleState& st) {
    const Layer& layer = net_.layers[l];
    const std::size_t inputs = w.empty() ? 0 : w[0].size();
    // Mistake 5a: W[i,j] where Wᵀ's entry W[j,i] belongs.
    const bool untransposed = v_.backprop_through_untransposed_w && square(w);
    Vector grad(inputs);
    for (std::size_t i = 0; i < inputs; ++i) {
      Value sum = 0;
      std::vector<Formula> term_formulas;
      std::vector<Contribution> paths;
      for (std::size_t j = 0; j < layer.width(); ++j) {
        // Mistake 10 keeps one path only.
        if (v_.only_path && *v_.only_path != j && *v_.only_path < layer.width()) continue;
        std::size_t row = untransposed ? i : j, column = untransposed ? j : i;
        Value term = w[row][column] * st.dz[l][j];
        Formula term_formula = math::product({ref(weight_name(w_step, l, row, column)), ref(q(step, s, l, Quantity::delta, j))});
        sum += term;
        term_formulas.push_back(term_formula);
        paths.push_back(Contribution{q(step, s, l, Quantity::pre_activation, j), term_formula, term});
      }
      if (paths.size() < 2) paths.clear();
      Key name = l == 0 ? layer_key(Quantity::input_gradient, step, sample_number(s), 0, number(i), 0,
                                    negated(Quantity::input_gradient))
                                : q(step, s, l - 1, Quantity::activation_gradient, i);
      grad[i] = record(name, Phase::backward, term_formulas.empty() ? Formula() : math::sum(std::move(term_formulas)), sum,
                       std::move(paths));
    }
    if (l > 0) st.da[l - 1] = std::move(grad);
  }

  // The gradient of the loss is the sum of the samples' gradients (each already carries the
  // loss's batch factor). With a batch, each total is recorded with its per-sample terms.
  Gradients batch_gradients(int step, const std::vector<SampleState>& states) {
    Gradients total;
    for (std::size_t l = 0; l < depth(); ++l) {
      const Layer& layer = net_.layers[l];
      total.dW.emplace_back(layer.width());
      total.db.emplace_back(layer.width());
      for (std::size_t j = 0; j < layer.width(); ++j) {
        for (std::size_t i = 0; i < layer.weights[j].size(); ++i)
          total.dW[l][j].push_back(
              batch_sum(step, l, Quantity::weight_gradient, j, static_cast<int>(i), states, [&](const SampleState& st) { return st.dW[l][j][i]; }));
        if (biases_updated() && !shared_bias() && has_bias(l)) bias_total(step, l, j, states, total);
      }
      if (biases_updated() && shared_bias() && has_bias(l)) bias_total(step, l, 0, states, total);
    }
    return total;
  }

  void bias_total(int step, std::size_t l, std::size_t j, const std::vector<SampleState>& states, Gradients& total) {
    total.db[l][j] = batch_sum(step, l, Quantity::bias_gradient, j, -1, states, [&](const SampleState& st) { return st.db[l][j]; },
                               v_.bias_gradient_not_summed);
  }

  // Mistake 6b takes the first sample's term only; mistake 7 scales the total (by 1/n or n).
  template <class Get>
  Value batch_sum(int step, std::size_t l, Quantity what, std::size_t j, int i,
                  const std::vector<SampleState>& states, Get get, bool first_sample_only = false) {
    Value sum = 0;
    std::vector<Formula> sample_terms;
    std::vector<Contribution> terms;
    const std::size_t summed = first_sample_only ? 1 : batch_.size();
    for (std::size_t b = 0; b < summed; ++b) {
      const std::size_t s = batch_[b];
      Key name = q(step, s, l, what, j, i);
      sum += get(states[s]);
      sample_terms.push_back(ref(name));
      terms.push_back(Contribution{sample_key(number(s)), ref(name), get(states[s])});
    }
    Formula formula = math::sum(std::move(sample_terms));
    if (v_.batch_gradient_factor != 1) {
      sum = Value(v_.batch_gradient_factor) * sum;
      formula = math::product({math::number(v_.batch_gradient_factor), math::group(formula)});
    }
    if (batched()) sum = record(gradient_name(step, l, what, j, i), Phase::backward, formula, sum, std::move(terms));
    return sum;
  }

  // The name of a gradient of the loss: the batch total, or the single sample's gradient.
  Key gradient_name(int step, std::size_t l, Quantity what, std::size_t j, int i = -1) const {
    return batched() ? layer_key(what, step, 0, number(l), number(j), i < 0 ? 0 : i + 1, negated(what))
                     : q(step, 0, l, what, j, i);
  }

  // An exact parameter longer than the lesson's exact_digits goes on as a certified enclosure.
  Value bounded(Value v) const {
    if (v.is_exact() && fraction_digits(v.exact()) > p_.exact_digits) return Value(v.enclosure());
    return v;
  }

  // θ ← θ − η·∂L/∂θ; the new values are the parameters of the next step. Mistake 4b adds the
  // step; mistake 8 applies η zero times or twice.
  Parameters update(int step, const Parameters& params, const Gradients& gradient) {
    Parameters next = params;
    Value eta = 1;
    for (int k = 0; k < v_.learning_rate_power; ++k) eta = eta * Value(*p_.learning_rate);
    if (update_adds()) eta = -eta;
    auto formula = [&](const Key& old_name, const Key& gradient_name) {
      std::vector<Formula> step_factors(static_cast<std::size_t>(std::max(v_.learning_rate_power, 0)), ref(learning_rate_key()));
      step_factors.push_back(ref(gradient_name));
      Formula change = math::product(std::move(step_factors));
      return update_adds() ? math::sum({ref(old_name), change}) : math::difference(ref(old_name), change);
    };
    for (std::size_t l = 0; l < depth(); ++l) {
      for (std::size_t j = 0; j < net_.layers[l].width(); ++j) {
        for (std::size_t i = 0; i < params.weights[l][j].size(); ++i) {
          next.weights[l][j][i] = record(weight_name(step + 1, l, j, i), Phase::update,
                                         formula(weight_name(step, l, j, i), gradient_name(step, l, Quantity::weight_gradient, j, static_cast<int>(i))),
                                         bounded(params.weights[l][j][i] - eta * gradient.dW[l][j][i]));
        }
      }
      for (std::size_t j = 0; biases_updated() && j < bias_count(l); ++j) {
        next.bias[l][j] = record(bias_name(step + 1, l, j), Phase::update,
                                 formula(bias_name(step, l, j), gradient_name(step, l, Quantity::bias_gradient, j)),
                                 bounded(params.bias[l][j] - eta * gradient.db[l][j]));
      }
      // Spread a copy: assign() from an element of the vector it overwrites is undefined.
      if (shared_bias() && has_bias(l)) {
        const Value shared = next.bias[l][0];
        next.bias[l].assign(next.bias[l].size(), shared);
      }
    }
    return next;
  }
};

}  // namespace

Trace backpropagate(const Problem& problem, const Variant& variant) { return Backprop(problem, variant).run(); }

}  // namespace bptrace
