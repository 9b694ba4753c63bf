#include "render/notation.hpp"
#include "render/notation_keys.hpp"

#include "trace/names.hpp"

// The symbols of the notations: how each document writes each quantity.
namespace bptrace {

using namespace notation_keys;

namespace {

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
// A quantity of step `step`, under the heading of step `heading`.
Math step_mark(const Math& m, int step, int heading) {
  if (step == 1 || step == heading) return m;
  return Math{m.text + "{t=" + std::to_string(step) + "}",
              "{" + m.latex + "}\\big\\vert_{t=" + std::to_string(step) + "}"};
}

}  // namespace

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
  if (key.quantity == Quantity::loss_term) return step_mark(loss_term_symbol(key), key.step, heading_step_);
  return step_mark(entry_symbol(key), key.step, heading_step_);
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
  switch (kind_) {
    case NotationKind::bracket: return bracket_entry(q);
    case NotationKind::paren: return paren_entry(q);
    case NotationKind::formal: return formal_entry(q);
    case NotationKind::augmented: return augmented_entry(q);
    case NotationKind::hidden_output: return hidden_output_entry(q);
  }
  return verbatim(canonical_name(q));
}

Math Notation::bracket_entry(const Key& q) const {
  const Math L = loss_letter();
  const Math g = activation_letter();
  const Math sample = sample_mark(q);
  const int l = q.layer;
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
  return verbatim(canonical_name(q));
}

Math Notation::paren_entry(const Key& q) const {
  const Math L = loss_letter();
  const Math g = activation_letter();
  const Math sample = sample_mark(q);
  const int l = q.layer;
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
  return verbatim(canonical_name(q));
}

Math Notation::formal_entry(const Key& q) const {
  const Math L = loss_letter();
  const Math g = activation_letter();
  const Math sample = sample_mark(q);
  const int l = q.layer;
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
  return verbatim(canonical_name(q));
}

Math Notation::augmented_entry(const Key& q) const {
  const Math L = loss_letter();
  const Math g = activation_letter();
  const Math sample = sample_mark(q);
  const int l = q.layer;
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
  return verbatim(canonical_name(q));
}

Math Notation::hidden_output_entry(const Key& q) const {
  const Math L = loss_letter();
  const Math g = activation_letter();
  const Math sample = sample_mark(q);
  const int l = q.layer;
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
  return verbatim(canonical_name(q));
}

std::string bracket_symbol(const Key& key) {
  NetworkShape shape;
  int layers = key.is_path() ? std::max(key.layer, key.via.front().layer) : key.layer;
  shape.widths.assign(static_cast<std::size_t>(layers), 1);
  shape.activations.assign(shape.widths.size(), Activation{});
  return Notation(NotationKind::bracket, shape).symbol(key).text;
}

}  // namespace bptrace
