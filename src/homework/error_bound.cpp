#include "homework/error_bound.hpp"

#include "ops/activation.hpp"
#include "model/loss.hpp"

#include <algorithm>
#include <unordered_set>

namespace bptrace {

namespace {

using boost::multiprecision::denominator;
using boost::multiprecision::msb;
using boost::multiprecision::numerator;

// q ≥ 0 rounded up to 64 significant bits: bounds stay small binary fractions, however long the
// exact values' fractions are (training), and only ever grow by this rounding.
Rational up(const Rational& q) {
  if (q <= 0) return Rational(0);
  long e = static_cast<long>(msb(numerator(q))) - static_cast<long>(msb(denominator(q)));
  long shift = 64 - e;  // q·2^shift has about 64 bits before the point
  Rational scaled = shift >= 0 ? q * Rational(Integer(Integer(1) << static_cast<unsigned>(shift)))
                               : q / Rational(Integer(Integer(1) << static_cast<unsigned>(-shift)));
  Integer n = numerator(scaled) / denominator(scaled);
  if (Rational(n) < scaled) n += 1;
  return shift >= 0 ? Rational(n, Integer(Integer(1) << static_cast<unsigned>(shift)))
                    : Rational(n) * Rational(Integer(Integer(1) << static_cast<unsigned>(-shift)));
}

class Propagation {
 public:
  Propagation(const Problem& p, const Trace& t, const ToleranceRule& r)
      : p_(p), t_(t), rule_(r), u_(unit_roundoff(r.dtype)), f_(r.function_ulps) {}

  Bounds run() {
    for (const Step& step : t_.steps()) {
      // A quantity the lesson does not trace in full (a summarised step's loss or parameters):
      // what it is computed from is not in the trace, so it has no bound, nor has what uses it.
      if (step.phase == Phase::summary || (step.formula.empty() && step.phase != Phase::given && step.phase != Phase::schedule)) {
        unbounded_.insert(step.key);
        continue;
      }
      tainted_ = false;
      try {
        bound_[step.key] = up(bound(step));
      } catch (const NeedMorePrecision&) {
        // A slope or a branch the enclosures cannot decide (z on a kink, a at 0): no first-order
        // bound; the value's own magnitude bounds the error of any sensible result.
        bound_[step.key] = mag(step.value);
      } catch (const DomainError&) {
        bound_[step.key] = mag(step.value);
      }
      if (tainted_) {
        bound_.erase(step.key);
        unbounded_.insert(step.key);
      }
    }
    Bounds out;
    if (rule_.rtol || rule_.atol) {  // the flat rule needs no propagation: every quantity has it
      for (const Step& step : t_.steps())
        out[step.key] = up(rule_.rtol.value_or(0) * mag(step.value) + rule_.atol.value_or(0));
      return out;
    }
    for (const auto& [key, b] : bound_) out[key] = up(rule_.factor * b);
    return out;
  }

 private:
  const Problem& p_;
  const Trace& t_;
  const ToleranceRule& rule_;
  Rational u_;
  int f_;
  Bounds bound_;
  std::unordered_set<Key, KeyHash> unbounded_;
  mutable bool tainted_ = false;

  static Rational mag(const Value& v) { return up(magnitude(v)); }
  Rational mag(const Key& k) const {
    const std::optional<Value> v = t_.find_value(k);
    return v ? mag(*v) : Rational(0);
  }
  // The bound of an operand; an operand without one (not traced, or unbounded) taints the
  // quantity being bounded. One traced but not bounded yet (mistake 1 reads next step's W) is 0.
  Rational b(const Key& k) const {
    auto it = bound_.find(k);
    if (it != bound_.end()) return it->second;
    if (unbounded_.count(k) || !t_.find_value(k)) tainted_ = true;
    return Rational(0);
  }
  Rational gamma(long n) const {
    if (n <= 0) return Rational(0);
    Rational nu = Rational(n) * u_;
    return nu < 1 ? Rational(nu / (1 - nu)) : Rational(1);
  }
  Rational function_rounding() const { return Rational(f_) * u_; }
  static std::vector<Key> refs(const Step& s) {
    std::vector<Key> out;
    for_each_reference(s.formula, [&](const Key& k) { out.push_back(k); });
    return out;
  }
  const Layer& layer(const Key& k) const { return p_.network.layers.at(static_cast<std::size_t>(k.layer - 1)); }
  bool output_layer(const Key& k) const { return static_cast<std::size_t>(k.layer) == p_.network.layers.size(); }
  Value value(const Key& k) const {
    const std::optional<Value> v = t_.find_value(k);
    return v ? *v : Value(0);
  }

  // Σ_i x_i·y_i (+ lone terms): refs in pairs, a last odd one added alone.
  Rational sum_of_products(const std::vector<Key>& r) const {
    Rational terms = 0, propagated = 0;
    long n = 0;
    std::size_t i = 0;
    for (; i + 1 < r.size(); i += 2, ++n) {
      terms += mag(r[i]) * mag(r[i + 1]);
      propagated += mag(r[i]) * b(r[i + 1]) + mag(r[i + 1]) * b(r[i]);
    }
    if (i < r.size()) {
      terms += mag(r[i]);
      propagated += b(r[i]);
      ++n;
    }
    return gamma(n) * terms + propagated;
  }

  // Σ_i x_i: batch totals, bias gradients.
  Rational plain_sum(const std::vector<Key>& r) const {
    Rational terms = 0, propagated = 0;
    for (const Key& k : r) {
      terms += mag(k);
      propagated += b(k);
    }
    return gamma(static_cast<long>(r.size()) - 1) * terms + propagated;
  }

  static bool transcendental(ActivationKind k) {
    return k == ActivationKind::sigmoid || k == ActivationKind::tanh || k == ActivationKind::softplus ||
           k == ActivationKind::softmax;
  }

  // The largest |g'| near z: at a kink within B(z) of z, either side's slope.
  Rational slope(const Activation& g, const Value& z, const Value& a, const Rational& bz) const {
    Rational here = mag(activation_derivative(g, z, a));
    bool kink = g.kind == ActivationKind::relu || g.kind == ActivationKind::leaky_relu;
    if (kink && mag(z) <= bz) return std::max(Rational(1), abs(g.alpha));
    return here;
  }

  Key at(const Key& k, Quantity what, int row) const {
    return layer_key(what, k.step, k.sample, k.layer, row, 0, false);
  }
  std::size_t width(const Key& k) const { return layer(k).width(); }

  // The loss's factor on each term for one sample's gradient: constant, 1/m for a mean over the
  // m outputs, 1/n for a mean over the n samples of the update (counted in the trace).
  Rational gradient_scale(const Key& k) const {
    Rational c = p_.loss->constant;
    if (p_.loss->over_outputs == Reduction::mean) c /= static_cast<long>(p_.network.layers.back().width());
    if (p_.loss->over_batch == Reduction::mean && k.sample > 0) {
      long n = 0;
      for (std::size_t s = 1; s <= p_.samples.size(); ++s)
        if (t_.find(layer_key(Quantity::pre_activation, k.step, static_cast<int>(s), 1, 1))) ++n;
      if (n > 0) c /= n;
    }
    return abs(c);
  }

  // |∂²term/∂a²| of the loss term at (a, y).
  Rational second_derivative(const Value& a, const Value& y) const {
    try {
      return second_derivative_at(a, y);
    } catch (const DomainError&) {  // a = 0 or 1, where the loss itself is undefined
    } catch (const NeedMorePrecision&) {
    }
    return 0;
  }
  Rational second_derivative_at(const Value& a, const Value& y) const {
    switch (p_.loss->kind) {
      case LossKind::squared_error: return 2;
      case LossKind::absolute_error: return 0;
      case LossKind::binary_cross_entropy: {
        Value one_minus = Value(1) - a;
        return mag(y / (a * a)) + mag((Value(1) - y) / (one_minus * one_minus));
      }
      case LossKind::cross_entropy: return mag(y / (a * a));
    }
    return 0;
  }

  bool has_log() const {
    return p_.loss->kind == LossKind::cross_entropy || p_.loss->kind == LossKind::binary_cross_entropy;
  }

  Rational bound(const Step& s) {
    const Key& k = s.key;
    if (s.phase == Phase::given || s.phase == Phase::schedule) return representable_in_dtype(s.value) ? Rational(0) : u_ * mag(s.value);
    const std::vector<Key> r = refs(s);
    const Rational v = mag(s.value);
    switch (k.quantity) {
      case Quantity::pre_activation: return sum_of_products(r);
      case Quantity::activation: return activation_bound(k, v);
      case Quantity::loss: return loss_bound(k, r, v);
      case Quantity::loss_term: {
        // c·term(a, y): its a's error through the term's slope, the log and two roundings.
        Key a = at(k, Quantity::activation, k.row);
        a.layer = static_cast<int>(p_.network.layers.size());
        Value y = value(target_key(k.sample, k.row));
        Rational c = abs(p_.loss->constant);  // the term's factor: the batch's mean is not in it
        if (p_.loss->over_outputs == Reduction::mean) c /= static_cast<long>(p_.network.layers.back().width());
        Rational slope = c * mag(loss_term_derivative(p_.loss->kind, value(a), y));
        return slope * b(a) + Rational(has_log() ? f_ + 3 : 3) * u_ * v;
      }
      case Quantity::activation_gradient:
      case Quantity::input_gradient:
        if (k.quantity == Quantity::activation_gradient && output_layer(k)) {
          // c·term'(a, y): through term'' and three roundings.
          Key a = at(k, Quantity::activation, k.row);
          Value y = value(target_key(k.sample, k.row));
          return gradient_scale(k) * second_derivative(value(a), y) * b(a) + 3 * u_ * v;
        }
        return sum_of_products(r);
      case Quantity::activation_derivative: return derivative_bound(k, v);
      case Quantity::delta: return delta_bound(k, r, v);
      case Quantity::weight_gradient:
        // One sample's δ_j·in_i, or a batch's sum of them.
        if (r.size() == 2 && r[0].quantity == Quantity::delta) return mag(r[1]) * b(r[0]) + mag(r[0]) * b(r[1]) + u_ * v;
        return plain_sum(r);
      case Quantity::bias_gradient: return plain_sum(r);
      case Quantity::weight:
      case Quantity::bias: return update_bound(r, v);
      default: return plain_sum(r);
    }
  }

  bool representable_in_dtype(const Value& v) const { return v.is_exact() && representable(v.exact(), rule_.dtype); }

  Rational activation_bound(const Key& k, const Rational& v) const {
    const Activation& g = layer(k).activation;
    if (g.kind == ActivationKind::softmax) {
      // a_j = e^(z_j − max)/Σ_k e^(z_k − max): ∂a_j/∂z_k = a_j(δ_jk − a_k); the m exps, their sum,
      // the division and the subtraction of the max each round.
      const std::size_t m = width(k);
      Rational propagated = 0, spread = 0;
      std::vector<Value> z(m);
      for (std::size_t i = 0; i < m; ++i) z[i] = value(at(k, Quantity::pre_activation, static_cast<int>(i + 1)));
      for (std::size_t i = 0; i < m; ++i) {
        const Key zi = at(k, Quantity::pre_activation, static_cast<int>(i + 1));
        const Rational ai = mag(value(at(k, Quantity::activation, static_cast<int>(i + 1))));
        propagated += (static_cast<int>(i + 1) == k.row ? abs(Rational(1 - v)) : ai) * b(zi);
        for (std::size_t j = 0; j < m; ++j) spread = std::max(spread, mag(z[i] - z[j]));
      }
      return v * propagated + Rational(f_ + static_cast<long>(m) + 2) * u_ * v + 2 * u_ * v * spread;
    }
    const Key zk = at(k, Quantity::pre_activation, k.row);
    const Rational bz = b(zk);
    const Rational through = slope(g, value(zk), value(k), bz) * bz;
    if (transcendental(g.kind)) return through + function_rounding() * v;
    if (g.kind == ActivationKind::step) return mag(value(zk)) <= bz ? Rational(1) : Rational(0);
    if (g.kind == ActivationKind::leaky_relu || g.kind == ActivationKind::linear) return through + 2 * u_ * v;
    return through;
  }

  Rational loss_bound(const Key& k, const std::vector<Key>& r, const Rational& v) const {
    const bool total_of_batch = k.sample == 0 && p_.samples.size() > 1 &&
                                std::all_of(r.begin(), r.end(), [](const Key& x) { return x.quantity == Quantity::loss; });
    if (total_of_batch) {
      // (mean or sum of the samples' losses): their bounds and a sum of n terms, a division.
      Rational sum = 0, propagated = 0;
      for (const Key& x : r) {
        sum += mag(x);
        propagated += b(x);
      }
      Rational w = sum == 0 ? Rational(1) : Rational(v / sum);
      return w * propagated + gamma(static_cast<long>(r.size()) + 1) * v;
    }
    // One sample: Σ_k c·term(a_k, y_k) over the m outputs; every term is ≥ 0.
    const std::size_t m = p_.network.layers.back().width();
    Rational propagated = 0;
    Rational c = abs(p_.loss->constant);
    if (p_.loss->over_outputs == Reduction::mean) c /= static_cast<long>(m);
    for (std::size_t j = 1; j <= m; ++j) {
      Key a = layer_key(Quantity::activation, k.step, k.sample, static_cast<int>(p_.network.layers.size()), static_cast<int>(j));
      Value y = value(target_key(k.sample, static_cast<int>(j)));
      const Rational slope = mag(loss_term_derivative(p_.loss->kind, value(a), y));
      propagated += c * slope * b(a) + c * target_slope(value(a), slope) * b(target_key(k.sample, static_cast<int>(j)));
    }
    return propagated + gamma(static_cast<long>(m) + 3 + (has_log() ? f_ : 0)) * v;
  }

  // |∂term/∂y|: |2(a − y)| and 1 (the slope in a, up to sign), |log a|, |log a − log(1 − a)|.
  Rational target_slope(const Value& a, const Rational& slope_in_a) const {
    try {
      switch (p_.loss->kind) {
        case LossKind::squared_error: return slope_in_a;
        case LossKind::absolute_error: return 1;
        case LossKind::cross_entropy: return mag(log(a));
        case LossKind::binary_cross_entropy: return mag(log(a) - log(Value(1) - a));
      }
    } catch (const DomainError&) {
    } catch (const NeedMorePrecision&) {
    }
    return 0;
  }

  Rational derivative_bound(const Key& k, const Rational& v) const {
    const Activation& g = layer(k).activation;
    const Key ak = at(k, Quantity::activation, k.row), zk = at(k, Quantity::pre_activation, k.row);
    const Rational a = mag(value(ak));
    switch (g.kind) {
      case ActivationKind::sigmoid:  // a(1 − a)
        return mag(Value(1) - Value(2) * value(ak)) * b(ak) + gamma(2) * a * (1 + a);
      case ActivationKind::tanh:  // 1 − a²
        return 2 * a * b(ak) + gamma(2) * (1 + a * a);
      case ActivationKind::softplus: {  // σ(z)
        Rational s = v;
        return s * abs(Rational(1 - s)) * b(zk) + function_rounding() * v;
      }
      case ActivationKind::relu:
      case ActivationKind::leaky_relu: {
        // g' is 1 or α (the program holds α rounded); it jumps at 0 by 1 (ReLU) or |1 − α|
        // (leaky ReLU), when z is within its bound of 0.
        const Rational held = representable(v, rule_.dtype) ? Rational(0) : u_ * v;
        if (mag(value(zk)) > b(zk)) return held;
        return held + (g.kind == ActivationKind::relu ? Rational(1) : abs(Rational(1 - g.alpha)));
      }
      default:  // identity, linear (α), step (0): a constant, rounded
        return representable(v, rule_.dtype) ? Rational(0) : u_ * v;
    }
  }

  Rational delta_bound(const Key& k, const std::vector<Key>& r, const Rational& v) const {
    const Activation& g = layer(k).activation;
    if (output_layer(k) && g.kind == ActivationKind::softmax && p_.loss && p_.loss->kind == LossKind::cross_entropy) {
      // c·(a_k·Σy − y_k)
      const Rational c = gradient_scale(k);
      Rational ysum = 0, yb = 0;
      for (std::size_t j = 1; j <= width(k); ++j) {
        ysum += mag(value(target_key(k.sample, static_cast<int>(j))));
        yb += b(target_key(k.sample, static_cast<int>(j)));
      }
      const Key ak = at(k, Quantity::activation, k.row), yk = target_key(k.sample, k.row);
      const Rational a = mag(value(ak)), y = mag(value(yk));
      return c * (ysum * b(ak) + a * yb + b(yk)) + gamma(3) * c * (a * ysum + y);
    }
    if (g.kind == ActivationKind::softmax) {
      // a_k·(da_k − Σ_j a_j·da_j)
      Rational weighted = 0, weighted_bound = 0;
      Value w = 0;
      for (std::size_t j = 1; j <= width(k); ++j) {
        Key aj = at(k, Quantity::activation, static_cast<int>(j));
        Key daj = layer_key(Quantity::activation_gradient, k.step, k.sample, k.layer, static_cast<int>(j), 0, k.negated);
        w += value(aj) * value(daj);
        weighted += mag(value(aj)) * mag(value(daj));
        weighted_bound += mag(value(aj)) * b(daj) + mag(value(daj)) * b(aj);
      }
      Key ak = at(k, Quantity::activation, k.row);
      Key dak = layer_key(Quantity::activation_gradient, k.step, k.sample, k.layer, k.row, 0, k.negated);
      const Rational a = mag(value(ak)), da = mag(value(dak));
      return mag(value(dak) - w) * b(ak) + a * (b(dak) + weighted_bound) +
             gamma(static_cast<long>(width(k)) + 2) * a * (da + weighted);
    }
    // ∂L/∂a·g'(z)
    if (r.size() == 2) return mag(r[1]) * b(r[0]) + mag(r[0]) * b(r[1]) + u_ * v;
    return plain_sum(r);
  }

  // θ − η·g (θ + η·g, η^p): the product and the subtraction round.
  Rational update_bound(const std::vector<Key>& r, const Rational& v) const {
    if (r.empty()) return 0;
    Rational product = 1, propagated = 0;
    const Key& theta = r.front();
    for (std::size_t i = 1; i < r.size(); ++i) product *= mag(r[i]);
    for (std::size_t i = 1; i < r.size(); ++i) {
      Rational others = 1;
      for (std::size_t j = 1; j < r.size(); ++j)
        if (j != i) others *= mag(r[j]);
      propagated += others * b(r[i]);
    }
    // p factors (η^p·g) are p − 1 products: γ_(p−1); then the subtraction, u·|θ after|.
    return b(theta) + propagated + gamma(static_cast<long>(r.size()) - 2) * product + u_ * v;
  }
};

}  // namespace

Rational magnitude(const Value& v) {
  if (v.is_exact()) return abs(v.exact());
  Interval e = v.enclosure();
  return std::max(abs(lower_bound(e)), abs(upper_bound(e)));
}

Bounds tolerances(const Problem& problem, const Trace& trace, const ToleranceRule& rule) {
  return Propagation(problem, trace, rule).run();
}

}  // namespace bptrace
