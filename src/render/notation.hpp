#pragma once
// How the five documents write the quantities of the trace. The trace is notation-free
// (keys such as layer2.dW[1,1]); a Notation maps each key to the symbol a
// document uses, orients matrices as that document does, and writes the vectorised backward
// recurrences in its own form:
//   bracket        (document 001)  a^[l], z^[l], W^[l], b^[l], w^[l]_{j,i}, δ^[l]; layers 1..L
//   augmented      (document 000)  h_l, z_l, W_l with the bias as last column, 1 appended to x, h_l;
//                                  weights numbered from 0 (z_1 = W_0 x)
//   paren          (document 002)  x, z^(l), h^(l) = g(z^(l)), ŷ, W^(l), b^(l), loss J
//   formal         (document 003)  α^j, ζ^j = Ω^jᵀ α^{j−1} + β^j, Ω^j = W^[j]ᵀ (column k = neuron k),
//                                  Φ, B^j, P^j, error ℰ
//   hidden-output  (document 004)  z^H, u^H, W^H, b^H, z^O, u^O; one hidden layer only
// Quantities a notation does not know (computation-graph lessons) keep their canonical names.
#include "render/math.hpp"
#include "trace/formula.hpp"
#include "trace/header.hpp"
#include "trace/key.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

enum class NotationKind { bracket, augmented, paren, formal, hidden_output };

std::optional<NotationKind> notation_from_name(const std::string& name);
std::string notation_name(NotationKind kind);
std::vector<std::string> notation_names();

// A cell of a vector or matrix as a notation lays it out: a quantity, or the constant 1 the
// augmented notation appends to x and every h_l.
struct Cell {
  std::optional<Key> key;  // nullopt: the constant 1
};
using Grid = std::vector<std::vector<Cell>>;  // rows of cells

// One equation of the vectorised view: `lhs` is a whole quantity, `formula` a formula over
// whole quantities (layer2.Wᵀ layer2.dz), in the notation's own form.
struct VectorEquation {
  Key lhs;
  Formula formula;
};

class Notation {
 public:
  Notation(NotationKind kind, NetworkShape shape) : kind_(kind), shape_(std::move(shape)) {}
  NotationKind kind() const { return kind_; }
  const NetworkShape& shape() const { return shape_; }

  // The notation under the heading of gradient-descent step `step`: the quantities of that step
  // are written without their step mark (z^(1)[1]_1, not z^(1)[1]_1{t=6}); a quantity of another
  // step keeps its mark, {t=k}. Step 1, the given state, is unmarked everywhere; 0 is step 1.
  Notation at_step(int step) const {
    Notation n = *this;
    n.heading_step_ = step > 1 ? step : 1;
    return n;
  }

  // Why this notation cannot write the lesson's network (hidden-output for three layers), if so.
  std::optional<std::string> cannot_express() const;
  // One paragraph naming the symbols, printed above a derivation.
  std::string legend() const;

  // The symbol of a quantity, or of a whole vector or matrix; others by their canonical names.
  Math symbol(const Key& key) const;
  // The symbol of the derivative of the activation, g or Φ.
  Math activation_letter() const;

  // The cells of a whole vector or matrix, in this notation's orientation: formal matrices
  // are the transposes of the row convention; augmented ones carry the bias column and the 1.
  Grid grid(const Key& whole) const;
  // The whole vector or matrix `what` of a layer, with the trace's sign convention.
  Key whole(Quantity what, int step, int sample, int layer) const;
  // Whether the bias is a column of W (then there is no separate bias equation).
  bool bias_in_weights() const { return kind_ == NotationKind::augmented; }

  // The vectorised equations of layer `layer` for one sample of one step, in the order the
  // engine computes them. `softmax_output`: δ of the last layer comes from the trace as is.
  std::vector<VectorEquation> forward_equations(int step, int sample, int layer) const;
  std::vector<VectorEquation> backward_equations(int step, int sample, int layer) const;

 private:
  NotationKind kind_;
  NetworkShape shape_;
  int heading_step_ = 1;  // the step written without a mark, besides step 1

  Math entry_symbol(const Key& q) const;
  // entry_symbol in each notation (render/notation_symbols.cpp).
  Math bracket_entry(const Key& q) const;
  Math paren_entry(const Key& q) const;
  Math formal_entry(const Key& q) const;
  Math augmented_entry(const Key& q) const;
  Math hidden_output_entry(const Key& q) const;
  Math loss_term_symbol(const Key& q) const;
  Key layer_input(int step, int sample, int layer) const;
  Math loss_letter() const;
  bool is_output(int layer) const { return layer == static_cast<int>(shape_.depth()); }
};

// Document 001's symbol of a quantity, as Unicode text (layer1.W[1,2] -> "w^[1]_1,2").
std::string bracket_symbol(const Key& key);

}  // namespace bptrace
