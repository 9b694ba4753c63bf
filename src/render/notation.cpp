#include "render/notation.hpp"

#include "trace/names.hpp"

namespace bptrace {

namespace {

const std::vector<std::pair<NotationKind, std::string>> kNames = {
    {NotationKind::bracket, "bracket"}, {NotationKind::augmented, "augmented"},
    {NotationKind::paren, "paren"},     {NotationKind::formal, "formal"},
    {NotationKind::hidden_output, "hidden-output"},
};

// base^sup_sub in both dialects; empty parts are left out.
Math atom(const Math& base, const Math& sup, const Math& sub) {
  Math m = base;
  if (!sup.empty()) {
    m.text += "^" + sup.text;
    m.latex += "^{" + sup.latex + "}";
  }
  if (!sub.empty()) {
    m.text += "_" + sub.text;
    m.latex += "_{" + sub.latex + "}";
  }
  return m;
}
Math atom(const Math& base, const Math& sup) { return atom(base, sup, Math{}); }

// ∂L/∂x, as a fraction in LaTeX.
Math partial(const Math& of, const Math& by) {
  return Math{"∂" + of.text + "/∂" + by.text, "\\frac{\\partial " + of.latex + "}{\\partial " + by.latex + "}"};
}
// ∇_x L
Math nabla(const Math& by, const Math& of) {
  bool compound = by.text.find_first_of("^_") != std::string::npos;
  return Math{"∇_" + (compound ? "(" + by.text + ")" : by.text) + " " + of.text, "\\nabla_{" + by.latex + "}" + of.latex};
}
Math prime(const Math& f, const Math& x) { return f + same("'(") + x + same(")"); }
Math parenthesised(const Math& x) { return same("(") + x + same(")"); }
Math letter(const std::string& text, const std::string& latex) { return Math{text, latex}; }

Math index_of(const Key& q) {
  if (q.whole()) return {};
  return same(q.column ? std::to_string(q.row) + "," + std::to_string(q.column) : std::to_string(q.row));
}
// The formal notation's ω^j_{i,k} holds W[k,i]: rows are inputs, columns neurons.
Math transposed_index(const Key& q) {
  if (q.whole()) return {};
  return same(q.column ? std::to_string(q.column) + "," + std::to_string(q.row) : std::to_string(q.row));
}
Math sample_mark(const Key& q) {
  return q.sample ? same("(" + std::to_string(q.sample) + ")") : Math{};
}
// Documents 002 and 004 index samples by rows (Z = X Wᵀ + B, one row per sample): z_{i,j}.
Math row_sample_index(const Key& q) {
  Math index = index_of(q);
  if (!q.sample) return index;
  return same(std::to_string(q.sample) + ",") + (q.whole() ? same(":") : index);
}
Math step_mark(const Math& m, int step) {
  if (step == 1) return m;
  return Math{m.text + "{t=" + std::to_string(step) + "}",
              "{" + m.latex + "}\\big\\vert_{t=" + std::to_string(step) + "}"};
}

// Names a notation does not know are written as they are.
bool is_matrix(Quantity q) {
  return q == Quantity::weight || q == Quantity::weight_gradient || q == Quantity::weight_without_bias;
}
bool is_input(const Key& q) { return q.quantity == Quantity::input || q.quantity == Quantity::input_gradient; }
bool is_layer(const Key& q) { return q.layer > 0; }

}  // namespace

std::optional<NotationKind> notation_from_name(const std::string& name) {
  for (const auto& [kind, n] : kNames)
    if (n == name) return kind;
  return std::nullopt;
}

std::string notation_name(NotationKind kind) {
  for (const auto& [k, n] : kNames)
    if (k == kind) return n;
  return "?";
}

std::vector<std::string> notation_names() {
  std::vector<std::string> names;
  for (const auto& entry : kNames) names.push_back(entry.second);
  return names;
}

std::optional<std::string> Notation::cannot_express() const {
  // A computation graph (no layers) keeps its own names in every notation.
  if (kind_ == NotationKind::hidden_output && shape_.depth() != 2 && shape_.depth() != 0)
    return "the hidden-output notation (document 004) writes networks of one hidden layer and one "
           "output layer (z^H, u^H, z^O, u^O); this lesson has " +
           std::to_string(shape_.depth()) + " layers: use --notation bracket, paren, formal or augmented";
  if (kind_ == NotationKind::augmented && shape_.shared_bias)
    return "the augmented notation (document 000) folds one bias per neuron into W_l as its last column; "
           "this lesson shares one bias per layer (bias = \"shared_per_layer\"): use --notation bracket, "
           "paren, formal or hidden-output";
  return std::nullopt;
}

std::string Notation::legend() const {
  // A computation graph has no layers for a notation to name: its nodes keep their own names.
  if (shape_.depth() == 0)
    return "Names are the computation graph's own: each node is named by its definition (f.1, f.2, ... "
           "for a definition's unnamed intermediate nodes); local.dc/du is the local derivative along "
           "the edge u → c, dy/dv the reverse-mode adjoint of v, forward.dv/dx the forward-mode tangent.";
  switch (kind_) {
    case NotationKind::bracket:
      return "Notation of document 001 (bracket): z^[l] = W^[l] a^[l−1] + b^[l], a^[l] = g(z^[l]), a^[0] = x; "
             "w^[l]_j,i is row j (neuron j), column i; δ^[l] = ∂L/∂z^[l]; layers 1..L.";
    case NotationKind::augmented:
      return "Notation of document 000 (augmented): z_l = W_(l−1) h_(l−1), h_l = g(z_l), h_0 = x; W_l "
             "holds the bias b_l as its last column and a constant 1 is appended to x and every h_l; "
             "weights are numbered from 0; W̃_l is W_l without its bias column.";
    case NotationKind::paren:
      return "Notation of document 002 (paren): z^(l) = W^(l) h^(l−1) + b^(l), h^(l) = g(z^(l)), h^(0) = x, "
             "the output is ŷ, the loss J; Jacobians have a row per output; sample i is written [i].";
    case NotationKind::formal:
      return "Notation of document 003 (formal): ζ^j = Ω^jᵀ α^(j−1) + β^j, α^j = Φ(ζ^j), α^0 = x, target ρ, "
             "error ℰ; column k of Ω^j holds neuron k's weights (Ω^j is the transpose of W^[j]); "
             "B^j = ∂ℰ/∂ζ^j, P^j = ∂ℰ/∂α^(j−1) with [P^j]ᵀ = Ω^j B^j.";
    case NotationKind::hidden_output:
      return "Notation of document 004 (hidden-output): z^H = W^H x + b^H, u^H = g(z^H), z^O = W^O u^H + b^O, "
             "u^O = g_out(z^O); with several samples, z^H_i,j is sample i, unit j.";
  }
  return "";
}

Math Notation::loss_letter() const {
  switch (kind_) {
    case NotationKind::paren: return same("J");
    case NotationKind::formal: return letter("ℰ", "\\mathcal{E}");
    default: return same("L");
  }
}

Math Notation::activation_letter() const {
  return kind_ == NotationKind::formal ? letter("Φ", "\\Phi ") : same("g");
}

Math Notation::symbol(const Key& key) const {
  if (key.is_path()) {
    // A term of a sum: the quantity along the path through another.
    Math through = symbol(key.via.front());
    Math total = symbol(key.total());
    return Math{total.text + " (via " + through.text + ")", total.latex + "\\ (\\text{via } " + through.latex + ")"};
  }
  bool known_layer = !is_layer(key) || key.layer <= static_cast<int>(shape_.depth());
  bool known = known_layer && !key.is_graph() && key.state == State::none &&
               (is_layer(key) || is_input(key) || key.quantity == Quantity::target || key.quantity == Quantity::loss ||
                key.quantity == Quantity::loss_term || key.quantity == Quantity::learning_rate);
  if (!known || cannot_express()) return verbatim(canonical_name(key));
  if (key.negated) {
    // −∂L/∂z and the other negated derivatives: the value is minus the quantity's.
    Key positive = key;
    positive.negated = false;
    Math m = symbol(positive);
    return Math{"−" + m.text, "-" + m.latex};
  }
  if (key.quantity == Quantity::loss_term) return step_mark(loss_term_symbol(key), key.step);
  return step_mark(entry_symbol(key), key.step);
}

Math Notation::loss_term_symbol(const Key& q) const {
  // The term of output k: L_k (sample s: L^(s)_k; document 004 indexes samples by rows: L_s,k).
  const Math k = same(std::to_string(q.row));
  switch (kind_) {
    case NotationKind::paren:
      return atom(loss_letter(), q.sample ? same("[" + std::to_string(q.sample) + "]") : Math{}, k);
    case NotationKind::hidden_output:
      return atom(loss_letter(), {}, q.sample ? same(std::to_string(q.sample) + ",") + k : k);
    default: return atom(loss_letter(), sample_mark(q), k);
  }
}

Math Notation::entry_symbol(const Key& q) const {
  const Math L = loss_letter();
  const Math g = activation_letter();
  const Math sample = sample_mark(q);
  const int l = q.layer;
  switch (kind_) {
    case NotationKind::bracket: {
      if (q.quantity == Quantity::loss) return atom(L, sample);
      if (q.quantity == Quantity::learning_rate) return letter("η", "\\eta ");
      Math index = index_of(q);
      if (q.quantity == Quantity::target) return atom(same("y"), sample, index);
      if (is_input(q)) {
        Math x = atom(same("x"), sample, index);
        return q.quantity == Quantity::input_gradient ? partial(L, x) : x;
      }
      Math sup = same("[" + std::to_string(l) + "]") + sample;
      Math w = atom(same(q.whole() ? "W" : "w"), sup, index);
      if (q.quantity == Quantity::pre_activation) return atom(same("z"), sup, index);
      if (q.quantity == Quantity::activation) return atom(same("a"), sup, index);
      if (q.quantity == Quantity::weight) return w;
      if (q.quantity == Quantity::bias) return atom(same("b"), sup, index);
      if (q.quantity == Quantity::activation_gradient) return partial(L, atom(same("a"), sup, index));
      if (q.quantity == Quantity::activation_derivative) return prime(g, atom(same("z"), sup, index));
      if (q.quantity == Quantity::delta) return atom(letter("δ", "\\delta "), sup, index);
      if (q.quantity == Quantity::weight_gradient) return partial(L, w);
      if (q.quantity == Quantity::bias_gradient) return partial(L, atom(same("b"), sup, index));
      break;
    }
    case NotationKind::paren: {
      if (q.quantity == Quantity::loss) return q.sample ? atom(L, same("[" + std::to_string(q.sample) + "]")) : L;
      if (q.quantity == Quantity::learning_rate) return letter("η", "\\eta ");
      Math index = index_of(q);
      Math mark = q.sample ? same("[" + std::to_string(q.sample) + "]") : Math{};
      auto vec = [&](const Math& base, const Math& sup) {
        Math s = atom(base, sup + mark, index);
        return s;
      };
      if (q.quantity == Quantity::target) return vec(same("y"), {});
      if (is_input(q)) {
        Math x = vec(same("x"), {});
        if (q.quantity != Quantity::input_gradient) return x;
        return q.whole() ? nabla(atom(same("x"), mark), L) : partial(L, x);
      }
      Math sup = same("(" + std::to_string(l) + ")");
      Math z = vec(same("z"), sup);
      Math h = is_output(l) ? vec(letter("ŷ", "\\hat{y}"), {}) : vec(same("h"), sup);
      Math W = vec(same("W"), sup);
      Math b = vec(same("b"), sup);
      auto gradient = [&](const Math& of) { return q.whole() ? nabla(of, L) : partial(L, of); };
      if (q.quantity == Quantity::pre_activation) return z;
      if (q.quantity == Quantity::activation) return h;
      if (q.quantity == Quantity::weight) return W;
      if (q.quantity == Quantity::bias) return b;
      if (q.quantity == Quantity::activation_gradient) return gradient(h);
      if (q.quantity == Quantity::activation_derivative) return prime(g, z);
      if (q.quantity == Quantity::delta) return gradient(z);
      if (q.quantity == Quantity::weight_gradient) return gradient(W);
      if (q.quantity == Quantity::bias_gradient) return gradient(b);
      break;
    }
    case NotationKind::formal: {
      if (q.quantity == Quantity::loss) return atom(L, sample);
      if (q.quantity == Quantity::learning_rate) return letter("η", "\\eta ");
      Math index = index_of(q);
      if (q.quantity == Quantity::target) return atom(letter("ρ", "\\rho "), sample, index);
      auto layer_sup = [&](int j) { return same(std::to_string(j)) + sample; };
      if (is_input(q)) {
        if (q.quantity == Quantity::input_gradient) return atom(letter("P", "\\mathcal{P}"), layer_sup(1), index);
        return atom(letter("α", "\\alpha "), layer_sup(0), index);
      }
      Math sup = layer_sup(l);
      Math omega = q.whole() ? atom(letter("Ω", "\\Omega "), sup) : atom(letter("ω", "\\omega "), sup, transposed_index(q));
      Math beta = atom(letter("β", "\\beta "), sup, index);
      auto gradient = [&](const Math& of) { return q.whole() ? nabla(of, L) : partial(L, of); };
      if (q.quantity == Quantity::pre_activation) return atom(letter("ζ", "\\zeta "), sup, index);
      if (q.quantity == Quantity::activation) return atom(letter("α", "\\alpha "), sup, index);
      if (q.quantity == Quantity::weight) return omega;
      if (q.quantity == Quantity::bias) return beta;
      if (q.quantity == Quantity::activation_gradient) {
        if (!is_output(l)) return atom(letter("P", "\\mathcal{P}"), layer_sup(l + 1), index);
        return q.whole() ? letter("∇C", "\\nabla\\mathcal{C}") : partial(L, atom(letter("α", "\\alpha "), sup, index));
      }
      if (q.quantity == Quantity::activation_derivative) return prime(g, atom(letter("ζ", "\\zeta "), sup, index));
      if (q.quantity == Quantity::delta) return atom(letter("B", "\\mathcal{B}"), sup, index);
      if (q.quantity == Quantity::weight_gradient) return gradient(omega);
      if (q.quantity == Quantity::bias_gradient) return gradient(beta);
      break;
    }
    case NotationKind::augmented: {
      if (q.quantity == Quantity::loss) return atom(L, sample);
      if (q.quantity == Quantity::learning_rate) return letter("η", "\\eta ");
      Math index = index_of(q);
      if (q.quantity == Quantity::target) return atom(same("y"), sample, index);
      if (is_input(q)) {
        Math x = atom(same("x"), sample, index);
        return q.quantity == Quantity::input_gradient ? partial(L, x) : x;
      }
      // A component of the vector v_l is written (v_l)_j.
      auto component = [&](const Math& base, int number) {
        Math v = atom(base, sample, same(std::to_string(number)));
        return q.whole() ? v : atom(parenthesised(v), {}, index);
      };
      Math z = component(same("z"), l);
      Math h = is_output(l) ? atom(letter("ŷ", "\\hat{y}"), sample, index) : component(same("h"), l);
      Math W = component(same("W"), l - 1);
      Math b = component(same("b"), l - 1);
      if (q.quantity == Quantity::pre_activation) return z;
      if (q.quantity == Quantity::activation) return h;
      if (q.quantity == Quantity::weight) return W;
      if (q.quantity == Quantity::weight_without_bias) return atom(letter("W̃", "\\tilde{W}"), sample, same(std::to_string(l - 1)));
      if (q.quantity == Quantity::bias) return b;
      if (q.quantity == Quantity::activation_gradient) return partial(L, h);
      if (q.quantity == Quantity::activation_derivative) return prime(g, z);
      if (q.quantity == Quantity::delta) return partial(L, z);
      if (q.quantity == Quantity::weight_gradient) return partial(L, W);
      if (q.quantity == Quantity::bias_gradient) return partial(L, b);
      break;
    }
    case NotationKind::hidden_output: {
      if (q.quantity == Quantity::loss) return q.sample ? atom(L, {}, same(std::to_string(q.sample))) : L;
      if (q.quantity == Quantity::learning_rate) return letter("η", "\\eta ");
      Math index = row_sample_index(q);
      if (q.quantity == Quantity::target) return atom(same("y"), {}, index);
      if (is_input(q)) {
        Math x = atom(same("x"), {}, index);
        return q.quantity == Quantity::input_gradient ? partial(L, x) : x;
      }
      Math sup = l == 1 ? Math{"H", "\\mathrm{H}"} : Math{"O", "\\mathrm{O}"};
      Math z = atom(same("z"), sup, index);
      Math u = atom(same("u"), sup, index);
      Math W = atom(same("W"), sup, is_matrix(q.quantity) ? index_of(q) : index);
      Math b = atom(same("b"), sup, index_of(q));
      if (q.quantity == Quantity::pre_activation) return z;
      if (q.quantity == Quantity::activation) return u;
      if (q.quantity == Quantity::weight) return W;
      if (q.quantity == Quantity::bias) return b;
      if (q.quantity == Quantity::activation_gradient) return partial(L, u);
      if (q.quantity == Quantity::activation_derivative) return prime(g, z);
      if (q.quantity == Quantity::delta) return partial(L, z);
      if (q.quantity == Quantity::weight_gradient) return partial(L, W);
      if (q.quantity == Quantity::bias_gradient) return partial(L, b);
      break;
    }
  }
  return verbatim(canonical_name(q));
}

Grid Notation::grid(const Key& whole) const {
  Grid cells;
  if (!whole.whole() || whole.is_path() || whole.is_graph() || (is_layer(whole) && whole.layer > static_cast<int>(shape_.depth())))
    return cells;
  if (is_layer(whole) && is_matrix(whole.quantity)) {
    const int rows = static_cast<int>(shape_.widths[whole.layer - 1]);
    const int columns = static_cast<int>(shape_.fan_in(whole.layer));
    const bool tilde = whole.quantity == Quantity::weight_without_bias;
    Key q = whole;
    if (tilde) q.quantity = Quantity::weight;
    auto cell = [&](int row, int column) { return Cell{q.entry_at(row, column)}; };
    if (kind_ == NotationKind::formal) {
      for (int i = 1; i <= columns; ++i) {
        cells.emplace_back();
        for (int j = 1; j <= rows; ++j) cells.back().push_back(cell(j, i));
      }
      return cells;
    }
    for (int j = 1; j <= rows; ++j) {
      cells.emplace_back();
      for (int i = 1; i <= columns; ++i) cells.back().push_back(cell(j, i));
      if (bias_in_weights() && !tilde) {
        Key bias = q.entry_at(j, 0);
        bias.quantity = q.quantity == Quantity::weight ? Quantity::bias : Quantity::bias_gradient;
        cells.back().push_back(Cell{bias});
      }
    }
    return cells;
  }
  int length = 0;
  if (is_input(whole)) length = static_cast<int>(shape_.inputs);
  else if (whole.quantity == Quantity::target) length = static_cast<int>(shape_.widths.back());
  else if (is_layer(whole)) length = static_cast<int>(shape_.widths[whole.layer - 1]);
  // A shared bias is one number, added to every neuron of its layer.
  if (shape_.shared_bias && (whole.quantity == Quantity::bias || whole.quantity == Quantity::bias_gradient)) length = 1;
  for (int k = 1; k <= length; ++k) cells.push_back({Cell{whole.entry_at(k, 0)}});
  // The augmented notation appends the constant 1 to x and every hidden h_l.
  bool augmented_vector = whole.quantity == Quantity::input ||
                          (whole.quantity == Quantity::activation && !is_output(whole.layer));
  if (bias_in_weights() && augmented_vector) cells.push_back({Cell{std::nullopt}});
  return cells;
}

Key Notation::whole(Quantity what, int step, int sample, int layer) const {
  const bool gradient = what == Quantity::activation_gradient || what == Quantity::delta ||
                        what == Quantity::weight_gradient || what == Quantity::bias_gradient ||
                        what == Quantity::input_gradient;
  return layer_key(what, step, sample, layer, 0, 0, gradient && shape_.negated_gradients);
}

// The input of layer l as a whole vector: x, or a of the layer below.
Key Notation::layer_input(int step, int sample, int layer) const {
  return layer == 1 ? whole(Quantity::input, 1, sample, 0) : whole(Quantity::activation, step, sample, layer - 1);
}

std::vector<VectorEquation> Notation::forward_equations(int step, int sample, int layer) const {
  // A frozen bias keeps its given name at every step.
  const int bias_step = shape_.frozen_bias ? 1 : step;
  const Formula W = ref(whole(Quantity::weight, step, 0, layer)), b = ref(whole(Quantity::bias, bias_step, 0, layer));
  const Formula in = ref(layer_input(step, sample, layer));
  const Key z = whole(Quantity::pre_activation, step, sample, layer);
  Formula z_formula;
  switch (kind_) {
    case NotationKind::formal: z_formula = math::sum({math::matrix_product({math::transpose(W), in}), b}); break;
    case NotationKind::augmented: z_formula = math::matrix_product({W, in}); break;
    default: z_formula = math::sum({math::matrix_product({W, in}), b}); break;
  }
  return {{z, z_formula},
          {whole(Quantity::activation, step, sample, layer), vector_activation_formula(shape_.activations[layer - 1], ref(z))}};
}

std::vector<VectorEquation> Notation::backward_equations(int step, int sample, int layer) const {
  auto own = [&](Quantity what) { return whole(what, step, sample, layer); };
  const Formula in = ref(layer_input(step, sample, layer));
  const Formula dz = ref(own(Quantity::delta));
  const Activation& g = shape_.activations[layer - 1];
  std::vector<VectorEquation> out;
  if (g.kind != ActivationKind::softmax) {
    const Formula dadz = ref(own(Quantity::activation_derivative)), da = ref(own(Quantity::activation_gradient));
    out.push_back({own(Quantity::activation_derivative),
                   vector_derivative_formula(g, ref(own(Quantity::pre_activation)), ref(own(Quantity::activation)))});
    Formula delta;
    switch (kind_) {
      case NotationKind::formal: {
        // B^L = Φ'(ζ^L) ⊙ ∇C;  B^j = Φ'(ζ^j) ⊙ (Ω^{j+1} B^{j+1})
        const Formula next = ref(whole(Quantity::weight, step, 0, layer + 1));
        const Formula next_dz = ref(whole(Quantity::delta, step, sample, layer + 1));
        delta = math::hadamard(dadz, is_output(layer) ? da : math::matrix_product({next, next_dz}));
        break;
      }
      case NotationKind::augmented: delta = math::matrix_product({math::call(math::fn::diag(), {dadz}), da}); break;
      default: delta = math::hadamard(da, dadz); break;
    }
    out.push_back({own(Quantity::delta), delta});
  }
  // ∂L/∂W = δ a^{l−1}ᵀ; formal: ∇_{Ω^j} = α^{j−1} [B^j]ᵀ (the transpose).
  if (kind_ == NotationKind::formal) out.push_back({own(Quantity::weight_gradient), math::matrix_product({in, math::transpose(dz)})});
  else out.push_back({own(Quantity::weight_gradient), math::matrix_product({dz, math::transpose(in)})});
  if (!bias_in_weights()) out.push_back({own(Quantity::bias_gradient), dz});
  // The gradient of the layer's input: W^[l]ᵀ δ^[l]; formal [P^j]ᵀ = Ω^j B^j; augmented W̃ᵀ.
  const Key input_gradient = layer == 1 ? whole(Quantity::input_gradient, step, sample, 0)
                                        : whole(Quantity::activation_gradient, step, sample, layer - 1);
  const Formula W = ref(whole(Quantity::weight, step, 0, layer));
  switch (kind_) {
    case NotationKind::formal: out.push_back({input_gradient, math::matrix_product({W, dz})}); break;
    case NotationKind::augmented:
      out.push_back({input_gradient, math::matrix_product({math::transpose(ref(whole(Quantity::weight_without_bias, step, 0, layer))), dz})});
      break;
    default: out.push_back({input_gradient, math::matrix_product({math::transpose(W), dz})}); break;
  }
  return out;
}

std::string bracket_symbol(const Key& key) {
  NetworkShape shape;
  int layers = key.is_path() ? std::max(key.layer, key.via.front().layer) : key.layer;
  shape.widths.assign(static_cast<std::size_t>(layers), 1);
  shape.activations.assign(shape.widths.size(), Activation{});
  return Notation(NotationKind::bracket, shape).symbol(key).text;
}

}  // namespace bptrace
