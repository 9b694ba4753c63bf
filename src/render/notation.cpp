#include "render/notation.hpp"

#include <regex>

namespace bptrace {

namespace {

using Owner = QuantityName::Owner;

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

Math index_of(const QuantityName& q) {
  if (q.whole()) return {};
  return same(q.column ? std::to_string(q.row) + "," + std::to_string(q.column) : std::to_string(q.row));
}
// The formal notation's ω^j_{i,k} holds W[k,i]: rows are inputs, columns neurons.
Math transposed_index(const QuantityName& q) {
  if (q.whole()) return {};
  return same(q.column ? std::to_string(q.column) + "," + std::to_string(q.row) : std::to_string(q.row));
}
Math sample_mark(const QuantityName& q) {
  return q.sample ? same("(" + std::to_string(q.sample) + ")") : Math{};
}
// Documents 002 and 004 index samples by rows (Z = X Wᵀ + B, one row per sample): z_{i,j}.
Math row_sample_index(const QuantityName& q) {
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
Math verbatim(const std::string& canonical) {
  std::string escaped;
  for (char c : canonical) escaped += c == '_' ? std::string("\\_") : std::string(1, c);
  return Math{canonical, "\\texttt{" + escaped + "}"};
}

bool is_matrix(const std::string& what) { return what == "W" || what == "dW" || what == "Wtilde"; }

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

std::optional<QuantityName> parse_quantity(const std::string& canonical) {
  static const std::regex pattern(
      R"(^(?:step(\d+)\.)?(?:sample(\d+)\.)?(?:(input|target|layer(\d+))\.(\w+)(?:\[(\d+)(?:,(\d+))?\])?|(loss)|(learning_rate))$)");
  std::smatch m;
  if (!std::regex_match(canonical, m, pattern)) return std::nullopt;
  QuantityName q;
  if (m[1].matched) q.step = std::stoi(m[1].str());
  if (m[2].matched) q.sample = std::stoi(m[2].str());
  if (m[8].matched) return q;
  if (m[9].matched) {
    q.owner = Owner::learning_rate;
    return q;
  }
  q.owner = m[3].str() == "input" ? Owner::input : m[3].str() == "target" ? Owner::target : Owner::layer;
  if (m[4].matched) q.layer = std::stoi(m[4].str());
  q.what = m[5].str();
  if (m[6].matched) q.row = std::stoi(m[6].str());
  if (m[7].matched) q.column = std::stoi(m[7].str());
  return q;
}

std::string canonical_name(const QuantityName& q) {
  std::string out = q.step > 1 ? "step" + std::to_string(q.step) + "." : "";
  if (q.sample) out += "sample" + std::to_string(q.sample) + ".";
  switch (q.owner) {
    case Owner::loss: return out + "loss";
    case Owner::learning_rate: return out + "learning_rate";
    case Owner::input: out += "input."; break;
    case Owner::target: out += "target."; break;
    case Owner::layer: out += "layer" + std::to_string(q.layer) + "."; break;
  }
  out += q.what;
  if (q.whole()) return out;
  return out + "[" + std::to_string(q.row) + (q.column ? "," + std::to_string(q.column) : "") + "]";
}

NetworkShape shape_of(const Network& network) {
  NetworkShape shape;
  shape.inputs = network.inputs;
  for (const Layer& layer : network.layers) {
    shape.widths.push_back(layer.width());
    shape.activations.push_back(layer.activation);
  }
  return shape;
}

std::optional<std::string> Notation::cannot_express() const {
  // A computation graph (no layers) keeps its own names in every notation.
  if (kind_ == NotationKind::hidden_output && shape_.depth() != 2 && shape_.depth() != 0)
    return "the hidden-output notation (document 004) writes networks of one hidden layer and one "
           "output layer (z^H, u^H, z^O, u^O); this lesson has " +
           std::to_string(shape_.depth()) + " layers: use --notation bracket, paren, formal or augmented";
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

Math Notation::symbol(const std::string& canonical) const {
  auto q = parse_quantity(canonical);
  bool known_layer = !q || q->owner != Owner::layer || (q->layer >= 1 && q->layer <= static_cast<int>(shape_.depth()));
  if (!q || !known_layer || cannot_express()) return verbatim(canonical);
  return step_mark(entry_symbol(*q), q->step);
}

Math Notation::entry_symbol(const QuantityName& q) const {
  const Math L = loss_letter();
  const Math g = activation_letter();
  const Math sample = sample_mark(q);
  const int l = q.layer;
  switch (kind_) {
    case NotationKind::bracket: {
      if (q.owner == Owner::loss) return atom(L, sample);
      if (q.owner == Owner::learning_rate) return letter("η", "\\eta ");
      Math index = index_of(q);
      if (q.owner == Owner::target) return atom(same("y"), sample, index);
      if (q.owner == Owner::input) {
        Math x = atom(same("x"), sample, index);
        return q.what == "dx" ? partial(L, x) : x;
      }
      Math sup = same("[" + std::to_string(l) + "]") + sample;
      Math w = atom(same(q.whole() ? "W" : "w"), sup, index);
      if (q.what == "z") return atom(same("z"), sup, index);
      if (q.what == "a") return atom(same("a"), sup, index);
      if (q.what == "W") return w;
      if (q.what == "b") return atom(same("b"), sup, index);
      if (q.what == "da") return partial(L, atom(same("a"), sup, index));
      if (q.what == "dadz") return prime(g, atom(same("z"), sup, index));
      if (q.what == "dz") return atom(letter("δ", "\\delta "), sup, index);
      if (q.what == "dW") return partial(L, w);
      if (q.what == "db") return partial(L, atom(same("b"), sup, index));
      break;
    }
    case NotationKind::paren: {
      if (q.owner == Owner::loss) return q.sample ? atom(L, same("[" + std::to_string(q.sample) + "]")) : L;
      if (q.owner == Owner::learning_rate) return letter("η", "\\eta ");
      Math index = index_of(q);
      Math mark = q.sample ? same("[" + std::to_string(q.sample) + "]") : Math{};
      auto vec = [&](const Math& base, const Math& sup) {
        Math s = atom(base, sup + mark, index);
        return s;
      };
      if (q.owner == Owner::target) return vec(same("y"), {});
      if (q.owner == Owner::input) {
        Math x = vec(same("x"), {});
        if (q.what != "dx") return x;
        return q.whole() ? nabla(atom(same("x"), mark), L) : partial(L, x);
      }
      Math sup = same("(" + std::to_string(l) + ")");
      Math z = vec(same("z"), sup);
      Math h = is_output(l) ? vec(letter("ŷ", "\\hat{y}"), {}) : vec(same("h"), sup);
      Math W = vec(same("W"), sup);
      Math b = vec(same("b"), sup);
      auto gradient = [&](const Math& of) { return q.whole() ? nabla(of, L) : partial(L, of); };
      if (q.what == "z") return z;
      if (q.what == "a") return h;
      if (q.what == "W") return W;
      if (q.what == "b") return b;
      if (q.what == "da") return gradient(h);
      if (q.what == "dadz") return prime(g, z);
      if (q.what == "dz") return gradient(z);
      if (q.what == "dW") return gradient(W);
      if (q.what == "db") return gradient(b);
      break;
    }
    case NotationKind::formal: {
      if (q.owner == Owner::loss) return atom(L, sample);
      if (q.owner == Owner::learning_rate) return letter("η", "\\eta ");
      Math index = index_of(q);
      if (q.owner == Owner::target) return atom(letter("ρ", "\\rho "), sample, index);
      auto layer_sup = [&](int j) { return same(std::to_string(j)) + sample; };
      if (q.owner == Owner::input) {
        if (q.what == "dx") return atom(letter("P", "\\mathcal{P}"), layer_sup(1), index);
        return atom(letter("α", "\\alpha "), layer_sup(0), index);
      }
      Math sup = layer_sup(l);
      Math omega = q.whole() ? atom(letter("Ω", "\\Omega "), sup) : atom(letter("ω", "\\omega "), sup, transposed_index(q));
      Math beta = atom(letter("β", "\\beta "), sup, index);
      auto gradient = [&](const Math& of) { return q.whole() ? nabla(of, L) : partial(L, of); };
      if (q.what == "z") return atom(letter("ζ", "\\zeta "), sup, index);
      if (q.what == "a") return atom(letter("α", "\\alpha "), sup, index);
      if (q.what == "W") return omega;
      if (q.what == "b") return beta;
      if (q.what == "da") {
        if (!is_output(l)) return atom(letter("P", "\\mathcal{P}"), layer_sup(l + 1), index);
        return q.whole() ? letter("∇C", "\\nabla\\mathcal{C}") : partial(L, atom(letter("α", "\\alpha "), sup, index));
      }
      if (q.what == "dadz") return prime(g, atom(letter("ζ", "\\zeta "), sup, index));
      if (q.what == "dz") return atom(letter("B", "\\mathcal{B}"), sup, index);
      if (q.what == "dW") return gradient(omega);
      if (q.what == "db") return gradient(beta);
      break;
    }
    case NotationKind::augmented: {
      if (q.owner == Owner::loss) return atom(L, sample);
      if (q.owner == Owner::learning_rate) return letter("η", "\\eta ");
      Math index = index_of(q);
      if (q.owner == Owner::target) return atom(same("y"), sample, index);
      if (q.owner == Owner::input) {
        Math x = atom(same("x"), sample, index);
        return q.what == "dx" ? partial(L, x) : x;
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
      if (q.what == "z") return z;
      if (q.what == "a") return h;
      if (q.what == "W") return W;
      if (q.what == "Wtilde") return atom(letter("W̃", "\\tilde{W}"), sample, same(std::to_string(l - 1)));
      if (q.what == "b") return b;
      if (q.what == "da") return partial(L, h);
      if (q.what == "dadz") return prime(g, z);
      if (q.what == "dz") return partial(L, z);
      if (q.what == "dW") return partial(L, W);
      if (q.what == "db") return partial(L, b);
      break;
    }
    case NotationKind::hidden_output: {
      if (q.owner == Owner::loss) return q.sample ? atom(L, {}, same(std::to_string(q.sample))) : L;
      if (q.owner == Owner::learning_rate) return letter("η", "\\eta ");
      Math index = row_sample_index(q);
      if (q.owner == Owner::target) return atom(same("y"), {}, index);
      if (q.owner == Owner::input) {
        Math x = atom(same("x"), {}, index);
        return q.what == "dx" ? partial(L, x) : x;
      }
      Math sup = l == 1 ? Math{"H", "\\mathrm{H}"} : Math{"O", "\\mathrm{O}"};
      Math z = atom(same("z"), sup, index);
      Math u = atom(same("u"), sup, index);
      Math W = atom(same("W"), sup, is_matrix(q.what) ? index_of(q) : index);
      Math b = atom(same("b"), sup, index_of(q));
      if (q.what == "z") return z;
      if (q.what == "a") return u;
      if (q.what == "W") return W;
      if (q.what == "b") return b;
      if (q.what == "da") return partial(L, u);
      if (q.what == "dadz") return prime(g, z);
      if (q.what == "dz") return partial(L, z);
      if (q.what == "dW") return partial(L, W);
      if (q.what == "db") return partial(L, b);
      break;
    }
  }
  return verbatim(canonical_name(q));
}

Grid Notation::grid(const std::string& whole) const {
  auto q = parse_quantity(whole);
  Grid cells;
  if (!q || !q->whole()) return cells;
  auto entry = [&](int row, int column) {
    QuantityName e = *q;
    e.row = row;
    e.column = column;
    return Cell{canonical_name(e)};
  };
  auto renamed = [&](const std::string& what, int row) {
    QuantityName e = *q;
    e.what = what;
    e.row = row;
    return Cell{canonical_name(e)};
  };
  if (q->owner == Owner::layer && is_matrix(q->what)) {
    const int rows = static_cast<int>(shape_.widths[q->layer - 1]);
    const int columns = static_cast<int>(shape_.fan_in(q->layer));
    const bool tilde = q->what == "Wtilde";
    if (tilde) q->what = "W";
    if (kind_ == NotationKind::formal) {
      for (int i = 1; i <= columns; ++i) {
        cells.emplace_back();
        for (int j = 1; j <= rows; ++j) cells.back().push_back(entry(j, i));
      }
      return cells;
    }
    for (int j = 1; j <= rows; ++j) {
      cells.emplace_back();
      for (int i = 1; i <= columns; ++i) cells.back().push_back(entry(j, i));
      if (bias_in_weights() && !tilde) cells.back().push_back(renamed(q->what == "W" ? "b" : "db", j));
    }
    return cells;
  }
  int length = 0;
  if (q->owner == Owner::input || q->owner == Owner::target)
    length = static_cast<int>(q->owner == Owner::input ? shape_.inputs : shape_.widths.back());
  else if (q->owner == Owner::layer)
    length = static_cast<int>(shape_.widths[q->layer - 1]);
  for (int k = 1; k <= length; ++k) cells.push_back({entry(k, 0)});
  // The augmented notation appends the constant 1 to x and every hidden h_l.
  bool augmented_vector = (q->owner == Owner::input && q->what == "x") ||
                          (q->owner == Owner::layer && q->what == "a" && !is_output(q->layer));
  if (bias_in_weights() && augmented_vector) cells.push_back({Cell{std::nullopt}});
  return cells;
}

namespace {

std::string prefix(int step, int sample) {
  return (step > 1 ? "step" + std::to_string(step) + "." : "") +
         (sample ? "sample" + std::to_string(sample) + "." : "");
}
std::string reference(const std::string& name) { return "{" + name + "}"; }

// The activation applied to a whole vector, as its document writes it.
std::string applied(const Activation& g, const std::string& z) {
  switch (g.kind) {
    case ActivationKind::identity: return z;
    case ActivationKind::sigmoid: return "σ(" + z + ")";
    case ActivationKind::tanh: return "tanh(" + z + ")";
    case ActivationKind::relu: return "ReLU(" + z + ")";
    case ActivationKind::leaky_relu: return "LeakyReLU(" + z + ")";
    case ActivationKind::softplus: return "softplus(" + z + ")";
    case ActivationKind::softmax: return "softmax(" + z + ")";
    case ActivationKind::step: return "step(" + z + ")";
    case ActivationKind::linear: return "g(" + z + ")";
  }
  return "g(" + z + ")";
}

// g'(z) of a whole vector, from a = g(z) where that is how the engine computes it.
std::string derivative_applied(const Activation& g, const std::string& z, const std::string& a) {
  switch (g.kind) {
    case ActivationKind::sigmoid: return a + " ⊙ (1 − " + a + ")";
    case ActivationKind::tanh: return "1 − " + a + " ⊙ " + a;
    case ActivationKind::relu: return "ReLU'(" + z + ")";
    case ActivationKind::leaky_relu: return "LeakyReLU'(" + z + ")";
    case ActivationKind::softplus: return "σ(" + z + ")";
    case ActivationKind::step: return "step'(" + z + ")";
    case ActivationKind::identity: return "1";
    case ActivationKind::linear: return "g'(" + z + ")";
    case ActivationKind::softmax: return "softmax'(" + z + ")";
  }
  return "g'(" + z + ")";
}

}  // namespace

std::vector<VectorEquation> Notation::forward_equations(int step, int sample, int layer) const {
  const std::string p = prefix(step, sample);
  const std::string params = prefix(step, 0) + "layer" + std::to_string(layer) + ".";
  const std::string own = p + "layer" + std::to_string(layer) + ".";
  const std::string in = layer == 1 ? prefix(0, sample) + "input.x" : p + "layer" + std::to_string(layer - 1) + ".a";
  std::string z_formula;
  switch (kind_) {
    case NotationKind::formal: z_formula = reference(params + "W") + "ᵀ " + reference(in) + " + " + reference(params + "b"); break;
    case NotationKind::augmented: z_formula = reference(params + "W") + " " + reference(in); break;
    default: z_formula = reference(params + "W") + " " + reference(in) + " + " + reference(params + "b"); break;
  }
  return {{own + "z", z_formula}, {own + "a", applied(shape_.activations[layer - 1], reference(own + "z"))}};
}

std::vector<VectorEquation> Notation::backward_equations(int step, int sample, int layer) const {
  const std::string p = prefix(step, sample);
  const std::string params = prefix(step, 0) + "layer" + std::to_string(layer) + ".";
  const std::string own = p + "layer" + std::to_string(layer) + ".";
  const std::string in = layer == 1 ? prefix(0, sample) + "input.x" : p + "layer" + std::to_string(layer - 1) + ".a";
  const Activation& g = shape_.activations[layer - 1];
  std::vector<VectorEquation> out;
  if (g.kind != ActivationKind::softmax) {
    out.push_back({own + "dadz", derivative_applied(g, reference(own + "z"), reference(own + "a"))});
    std::string dz;
    switch (kind_) {
      case NotationKind::formal: {
        // B^L = Φ'(ζ^L) ⊙ ∇C;  B^j = Φ'(ζ^j) ⊙ (Ω^{j+1} B^{j+1})
        std::string next = prefix(step, 0) + "layer" + std::to_string(layer + 1) + ".W";
        std::string next_dz = p + "layer" + std::to_string(layer + 1) + ".dz";
        dz = is_output(layer) ? reference(own + "dadz") + " ⊙ " + reference(own + "da")
                              : reference(own + "dadz") + " ⊙ (" + reference(next) + " " + reference(next_dz) + ")";
        break;
      }
      case NotationKind::augmented: dz = "diag(" + reference(own + "dadz") + ") " + reference(own + "da"); break;
      default: dz = reference(own + "da") + " ⊙ " + reference(own + "dadz"); break;
    }
    out.push_back({own + "dz", dz});
  }
  // ∂L/∂W = δ a^{l−1}ᵀ; formal: ∇_{Ω^j} = α^{j−1} [B^j]ᵀ (the transpose).
  if (kind_ == NotationKind::formal) out.push_back({own + "dW", reference(in) + " " + reference(own + "dz") + "ᵀ"});
  else out.push_back({own + "dW", reference(own + "dz") + " " + reference(in) + "ᵀ"});
  if (!bias_in_weights()) out.push_back({own + "db", reference(own + "dz")});
  // The gradient of the layer's input: W^[l]ᵀ δ^[l]; formal [P^j]ᵀ = Ω^j B^j; augmented W̃ᵀ.
  const std::string input_gradient =
      layer == 1 ? p + "input.dx" : p + "layer" + std::to_string(layer - 1) + ".da";
  switch (kind_) {
    case NotationKind::formal: out.push_back({input_gradient, reference(params + "W") + " " + reference(own + "dz")}); break;
    case NotationKind::augmented: out.push_back({input_gradient, reference(params + "Wtilde") + "ᵀ " + reference(own + "dz")}); break;
    default: out.push_back({input_gradient, reference(params + "W") + "ᵀ " + reference(own + "dz")}); break;
  }
  return out;
}

std::string bracket_symbol(const std::string& canonical) {
  auto q = parse_quantity(canonical);
  NetworkShape shape;
  if (q && q->owner == QuantityName::Owner::layer) shape.widths.assign(static_cast<std::size_t>(q->layer), 1);
  shape.activations.assign(shape.widths.size(), Activation{});
  return Notation(NotationKind::bracket, shape).symbol(canonical).text;
}

}  // namespace bptrace
