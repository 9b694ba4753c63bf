#include "ops/operation.hpp"

#include "number/decimal.hpp"

namespace bptrace::ops {

Formula minus_one() { return math::literal(Math{"(−1)", "(-1)"}); }

Formula on_side(Formula derivative, Formula a, const Math& sign, Formula b) {
  return math::annotated(std::move(derivative), same("   "), math::relation(std::move(a), sign, std::move(b)));
}

Formula by_convention(const Rational& c, Formula a, Formula b) {
  Formula note = math::sequence(same(""), {math::relation(std::move(a), math::equals(), std::move(b)),
                                            math::words(": the lesson's convention")});
  return math::annotated(math::literal(fraction_string(c)), same("   "), std::move(note));
}

Formula softmax_component(const std::vector<Formula>& z, int i) {
  return math::sequence(same(""), {math::call(math::fn::softmax(), z), math::literal("[" + std::to_string(i) + "]")});
}

namespace {

// The convention at a kink, or MissingConvention naming the lesson field that would state it.
const Rational& stated(const std::optional<Rational>& convention, const std::string& kink, const char* field) {
  if (!convention) throw MissingConvention(kink, field);
  return *convention;
}

// The other operands' formulas: the factors that remain when one is differentiated away.
Formula product_of(std::vector<Formula> factors) {
  return factors.size() == 1 ? factors[0] : math::spaced_product(std::move(factors));
}

struct Copy {
  // a;  ∂/∂a = 1
  static Value value(const Point& p) { return p[0]; }
  static Local partial(const Point&, const Written&, std::size_t) { return {1, math::integer(1)}; }
  static Formula formula(const Written& w) { return w[0]; }
};

struct Add {
  // a + b + …;  ∂/∂(any term) = 1
  static Value value(const Point& p) {
    Value sum = p[0];
    for (std::size_t k = 1; k < p.operands.size(); ++k) sum += p[k];
    return sum;
  }
  static Local partial(const Point&, const Written&, std::size_t) { return {1, math::integer(1)}; }
  static Formula formula(const Written& w) { return math::sum(w.operands); }
};

struct Subtract {
  // a − b;  ∂/∂a = 1, ∂/∂b = −1
  static Value value(const Point& p) { return p[0] - p[1]; }
  static Local partial(const Point&, const Written&, std::size_t k) {
    return k == 0 ? Local{1, math::integer(1)} : Local{-1, minus_one()};
  }
  static Formula formula(const Written& w) { return math::difference(w[0], w[1]); }
};

struct Multiply {
  // a·b·…;  ∂/∂(factor k) = the product of the other factors
  static Value value(const Point& p) {
    Value product = p[0];
    for (std::size_t k = 1; k < p.operands.size(); ++k) product = product * p[k];
    return product;
  }
  static Local partial(const Point& p, const Written& w, std::size_t k) {
    Value value = 1;
    std::vector<Formula> others;
    for (std::size_t j = 0; j < p.operands.size(); ++j) {
      if (j == k) continue;
      value = others.empty() ? p[j] : value * p[j];
      others.push_back(w[j]);
    }
    return {value, product_of(std::move(others))};
  }
  static Formula formula(const Written& w) { return math::spaced_product(w.operands); }
};

struct Divide {
  // a/b;  ∂/∂a = 1/b, ∂/∂b = −a/b²
  static Value value(const Point& p) { return p[0] / p[1]; }
  static Local partial(const Point& p, const Written& w, std::size_t k) {
    if (k == 0) return {Value(1) / p[1], math::quotient(math::integer(1), w[1])};
    return {-(p[0] / square(p[1])), math::negation(math::quotient(w[0], math::power(w[1], 2)))};
  }
  static Formula formula(const Written& w) { return math::spaced_quotient(w[0], w[1]); }
};

struct Power {
  // a^n;  ∂/∂a = n·a^(n−1)
  static Value value(const Point& p) { return power(p[0], p.exponent); }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    const int n = p.exponent;
    // a^0 = 1 everywhere (0^0 = 1 too): the derivative is 0, never 0·a^(−1), undefined at a = 0.
    if (n == 0) return {Value(0), math::integer(0)};
    Value value = Value(n) * power(p[0], n - 1);
    if (n == 1) return {value, math::integer(1)};
    if (n == 2) return {value, math::product({math::integer(n), w[0]})};
    return {value, math::product({math::integer(n), math::power(w[0], n - 1)})};
  }
  static Formula formula(const Written& w) { return math::power(w[0], w.exponent); }
};

struct Negate {
  // −a;  ∂/∂a = −1
  static Value value(const Point& p) { return -p[0]; }
  static Local partial(const Point&, const Written&, std::size_t) { return {-1, minus_one()}; }
  static Formula formula(const Written& w) { return math::negation(w[0]); }
};

struct Exp {
  // exp(a);  ∂/∂a = exp(a), the node's own value
  static Value value(const Point& p) { return exp(p[0]); }
  static Local partial(const Point& p, const Written& w, std::size_t) { return {p.self, w.self}; }
  static Formula formula(const Written& w) { return math::call(math::fn::exp(), w.operands); }
};

struct Log {
  // log(a);  ∂/∂a = 1/a
  static Value value(const Point& p) { return log(p[0]); }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    return {Value(1) / p[0], math::quotient(math::integer(1), w[0])};
  }
  static Formula formula(const Written& w) { return math::call(math::fn::log(), w.operands); }
};

// σ, tanh, relu, softplus: the activations' rules (ops/activation.hpp), written as graph lessons
// write them (σ' from the node's own value).
struct SigmoidOp {
  // σ(a);  ∂/∂a = σ(a)·(1 − σ(a))
  static Value value(const Point& p) { return Sigmoid::value(Activation{ActivationKind::sigmoid}, p[0]); }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    return {Sigmoid::derivative(Activation{ActivationKind::sigmoid}, p[0], p.self),
            math::product({w.self, math::difference(math::integer(1), w.self)})};
  }
  static Formula formula(const Written& w) { return math::call(math::fn::sigma(), w.operands); }
};

struct TanhOp {
  // tanh(a);  ∂/∂a = 1 − tanh(a)^2
  static Value value(const Point& p) { return Tanh::value(Activation{ActivationKind::tanh}, p[0]); }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    return {Tanh::derivative(Activation{ActivationKind::tanh}, p[0], p.self),
            math::difference(math::integer(1), math::power(w.self, 2))};
  }
  static Formula formula(const Written& w) { return math::call(math::fn::tanh(), w.operands); }
};

struct ReluOp {
  // relu(a) = max(0, a);  ∂/∂a = 1 for a > 0, 0 for a < 0, the lesson's relu'(0) at 0
  static Value value(const Point& p) { return Relu::value(Activation{ActivationKind::relu}, p[0]); }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    const int s = sign(p[0]);
    if (s == 0) {
      const Rational& c = stated(p.conventions.relu_at_zero, "relu is not differentiable at 0", "relu_derivative_at_zero");
      return {Value(c), by_convention(c, w[0], math::integer(0))};
    }
    if (s > 0) return {1, on_side(math::integer(1), w[0], math::greater(), math::integer(0))};
    return {0, on_side(math::integer(0), w[0], math::less(), math::integer(0))};
  }
  static Formula formula(const Written& w) { return math::call(math::fn::relu_lower(), w.operands); }
};

struct SoftplusOp {
  // softplus(a) = log(1 + e^a);  ∂/∂a = σ(a)
  static Value value(const Point& p) { return Softplus::value(Activation{ActivationKind::softplus}, p[0]); }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    return {Softplus::derivative(Activation{ActivationKind::softplus}, p[0], p.self), math::call(math::fn::sigma(), {w[0]})};
  }
  static Formula formula(const Written& w) { return math::call(math::fn::softplus(), w.operands); }
};

// max and min: the operand that wins has derivative 1, the other 0; at a tie the lesson's share t
// goes to the first operand and 1 − t to the second (a subgradient).
template <bool is_max>
struct Extremum {
  // max(a, b): ∂/∂a = 1 for a > b, 0 for a < b;  min(a, b): ∂/∂a = 1 for a < b, 0 for a > b
  static int first_wins(const Point& p) {
    const int s = sign(p[0] - p[1]);
    return is_max ? s : -s;  // 1: the first operand wins, −1: the second, 0: a tie
  }
  static Value value(const Point& p) { return first_wins(p) >= 0 ? p[0] : p[1]; }
  static Local partial(const Point& p, const Written& w, std::size_t k) {
    const int wins = first_wins(p);
    if (wins == 0) {
      const Rational& t = is_max ? stated(p.conventions.max_at_tie, "max(a, b) is not differentiable where a = b", "max_derivative_at_tie")
                                 : stated(p.conventions.min_at_tie, "min(a, b) is not differentiable where a = b", "min_derivative_at_tie");
      const Rational share = k == 0 ? t : Rational(1 - t);
      return {Value(share), by_convention(share, w[0], w[1])};
    }
    const bool this_wins = (k == 0) == (wins > 0);
    const Math sign = (sign_of(p[0] - p[1]) > 0) ? math::greater() : math::less();
    return {this_wins ? 1 : 0, on_side(math::integer(this_wins ? 1 : 0), w[0], sign, w[1])};
  }
  static Formula formula(const Written& w) { return math::call(is_max ? math::fn::max() : math::fn::min(), w.operands); }
};

struct Abs {
  // |a|;  ∂/∂a = 1 for a > 0, −1 for a < 0, the lesson's abs'(0) at 0
  static Value value(const Point& p) { return sign(p[0]) < 0 ? -p[0] : p[0]; }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    const int s = sign(p[0]);
    if (s == 0) {
      const Rational& c = stated(p.conventions.abs_at_zero, "abs is not differentiable at 0", "abs_derivative_at_zero");
      return {Value(c), by_convention(c, w[0], math::integer(0))};
    }
    if (s > 0) return {1, on_side(math::integer(1), w[0], math::greater(), math::integer(0))};
    return {-1, on_side(minus_one(), w[0], math::less(), math::integer(0))};
  }
  static Formula formula(const Written& w) { return math::absolute(w[0]); }
};

// e^(z_k) / Σ_j e^(z_j), each exponential computed once.
Value softmax_at(const std::vector<Value>& z, std::size_t k) {
  Value total = 0, mine = 0;
  for (std::size_t j = 0; j < z.size(); ++j) {
    Value e = exp(z[j]);
    if (j == k) mine = e;
    total += e;
  }
  return mine / total;
}

struct Softmax {
  // s_i = softmax(z_1, …, z_n)[i] = e^(z_i)/Σ_j e^(z_j);  ∂s_i/∂z_k = s_i·(1 − s_i) for k = i, −s_i·s_k otherwise
  static Value value(const Point& p) { return softmax_at(p.operands, static_cast<std::size_t>(p.index - 1)); }
  static Local partial(const Point& p, const Written& w, std::size_t k) {
    if (static_cast<int>(k) + 1 == p.index)
      return {p.self * (Value(1) - p.self), math::product({w.self, math::difference(math::integer(1), w.self)})};
    return {-(p.self * softmax_at(p.operands, k)),
            math::negation(math::product({w.self, softmax_component(w.operands, static_cast<int>(k) + 1)}))};
  }
  static Formula formula(const Written& w) { return softmax_component(w.operands, w.index); }
};

struct Logsumexp {
  // L = log(e^(z_1) + … + e^(z_n));  ∂L/∂z_k = e^(z_k − L), the softmax's component k
  static Value value(const Point& p) {
    Value total = 0;
    for (const Value& z : p.operands) total += exp(z);
    return log(total);
  }
  static Local partial(const Point& p, const Written& w, std::size_t k) {
    return {exp(p[k] - p.self), math::call(math::fn::exp(), {math::difference(w[k], w.self)})};
  }
  static Formula formula(const Written& w) { return math::call(math::fn::logsumexp(), w.operands); }
};

struct WeightedSum {
  // Σ_k w_k·u_k (+ b);  ∂/∂w_k = u_k, ∂/∂u_k = w_k, ∂/∂b = 1
  static bool is_bias(const Point& p, std::size_t k) { return p.operands.size() % 2 == 1 && k + 1 == p.operands.size(); }
  static Value value(const Point& p) {
    Value sum = is_bias(p, p.operands.size() - 1) ? p.operands.back() : Value(0);
    for (std::size_t k = 0; k + 1 < p.operands.size(); k += 2) sum += p[k] * p[k + 1];
    return sum;
  }
  static Local partial(const Point& p, const Written& w, std::size_t k) {
    if (is_bias(p, k)) return {1, math::integer(1)};
    const std::size_t other = k % 2 == 0 ? k + 1 : k - 1;
    return {p[other], w[other]};
  }
  static Formula formula(const Written& w) {
    std::vector<Formula> terms;
    for (std::size_t k = 0; k + 1 < w.operands.size(); k += 2) terms.push_back(math::product({w[k], w[k + 1]}));
    if (w.operands.size() % 2 == 1) terms.push_back(w.operands.back());
    return math::sum(std::move(terms));
  }
};

struct ActivationOp {
  // g(z);  ∂/∂z = g'(z), from z and the node's own value a = g(z)
  static Value value(const Point& p) { return activate(*p.activation, p[0]); }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    return {activation_derivative(*p.activation, p[0], p.self), derivative_formula(*w.activation, w[0], w.self)};
  }
  static Formula formula(const Written& w) { return activation_formula(*w.activation, w[0]); }
};

struct LossTermOp {
  // term(a, y);  ∂/∂a by the loss's rule (y is a constant: no derivative is asked for it)
  static Value value(const Point& p) { return loss_term(p.loss->kind, p[0], p[1]); }
  static Local partial(const Point& p, const Written& w, std::size_t) {
    return {loss_term_derivative(p.loss->kind, p[0], p[1], p.loss->at_zero), loss_term_derivative_formula(w.loss->kind, w[0], w[1])};
  }
  static Formula formula(const Written& w) { return loss_term_formula(w.loss->kind, w[0], w[1]); }
};

// The one dispatch on an operation.
template <class F>
decltype(auto) with_operation_rules(Operation op, F&& f) {
  switch (op) {
    case Operation::input:
    case Operation::constant: break;
    case Operation::copy: return f(Copy{});
    case Operation::add: return f(Add{});
    case Operation::subtract: return f(Subtract{});
    case Operation::multiply: return f(Multiply{});
    case Operation::divide: return f(Divide{});
    case Operation::power: return f(Power{});
    case Operation::negate: return f(Negate{});
    case Operation::exp: return f(Exp{});
    case Operation::log: return f(Log{});
    case Operation::sigmoid: return f(SigmoidOp{});
    case Operation::tanh: return f(TanhOp{});
    case Operation::relu: return f(ReluOp{});
    case Operation::softplus: return f(SoftplusOp{});
    case Operation::max: return f(Extremum<true>{});
    case Operation::min: return f(Extremum<false>{});
    case Operation::abs: return f(Abs{});
    case Operation::softmax: return f(Softmax{});
    case Operation::logsumexp: return f(Logsumexp{});
    case Operation::weighted_sum: return f(WeightedSum{});
    case Operation::activation: return f(ActivationOp{});
    case Operation::loss_term: return f(LossTermOp{});
  }
  throw std::logic_error("a leaf (an input or a constant) has no operation");
}

}  // namespace

}  // namespace bptrace::ops

namespace bptrace {

Value operation_value(Operation op, const ops::Point& point) {
  return ops::with_operation_rules(op, [&](auto rules) { return decltype(rules)::value(point); });
}

ops::Local operation_partial(Operation op, const ops::Point& point, const ops::Written& written, std::size_t k) {
  return ops::with_operation_rules(op, [&](auto rules) { return decltype(rules)::partial(point, written, k); });
}

Formula operation_formula(Operation op, const ops::Written& written) {
  return ops::with_operation_rules(op, [&](auto rules) { return decltype(rules)::formula(written); });
}

}  // namespace bptrace
