#include "render/notation.hpp"

#include "render/notation_keys.hpp"
#include "trace/names.hpp"

namespace bptrace {

using namespace notation_keys;

namespace {

const std::vector<std::pair<NotationKind, std::string>> kNames = {
    {NotationKind::bracket, "bracket"}, {NotationKind::augmented, "augmented"},
    {NotationKind::paren, "paren"},     {NotationKind::formal, "formal"},
    {NotationKind::hidden_output, "hidden-output"},
};

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
           std::to_string(shape_.depth()) + (shape_.depth() == 1 ? " layer" : " layers") +
           ": use --notation bracket, paren, formal or augmented";
  if (kind_ == NotationKind::augmented && !shape_.every_layer_has_bias())
    return "the augmented notation (document 000) folds each neuron's bias into W_l as its last column; "
           "this lesson has a layer without bias (bias = \"none\"): use --notation bracket, paren, formal or "
           "hidden-output";
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
  // A layer without bias has none to show.
  if ((whole.quantity == Quantity::bias || whole.quantity == Quantity::bias_gradient) && is_layer(whole) &&
      !shape_.layer_has_bias(whole.layer))
    length = 0;
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
  const Formula product =
      kind_ == NotationKind::formal ? math::matrix_product({math::transpose(W), in}) : math::matrix_product({W, in});
  // z = W x + b; the augmented notation has b inside W, and a layer without bias has none.
  const Formula z_formula = bias_in_weights() || !shape_.layer_has_bias(layer) ? product : math::sum({product, b});
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
  if (!bias_in_weights() && shape_.layer_has_bias(layer)) out.push_back({own(Quantity::bias_gradient), dz});
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

}  // namespace bptrace
