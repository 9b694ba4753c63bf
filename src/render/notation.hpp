#pragma once
// How the five documents write the quantities of the trace. The trace is notation-free
// (canonical names such as `layer2.dW[1,1]`); a Notation maps each name to the symbol a
// document uses, orients matrices as that document does, and writes the vectorised backward
// recurrences in its own form:
//   bracket        (document 001)  a^[l], z^[l], W^[l], b^[l], w^[l]_{j,i}, δ^[l]; layers 1..L
//   augmented      (document 000)  h_l, z_l, W_l with the bias as last column, 1 appended to x, h_l;
//                                  weights numbered from 0 (z_1 = W_0 x)
//   paren          (document 002)  x, z^(l), h^(l) = g(z^(l)), ŷ, W^(l), b^(l), loss J
//   formal         (document 003)  α^j, ζ^j = Ω^jᵀ α^{j−1} + β^j, Ω^j = W^[j]ᵀ (column k = neuron k),
//                                  Φ, B^j, P^j, error ℰ
//   hidden-output  (document 004)  z^H, u^H, W^H, b^H, z^O, u^O; one hidden layer only
// Names a notation does not know (computation-graph lessons) are written as they are.
#include "model/network.hpp"
#include "render/math.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

enum class NotationKind { bracket, augmented, paren, formal, hidden_output };

std::optional<NotationKind> notation_from_name(const std::string& name);
std::string notation_name(NotationKind kind);
std::vector<std::string> notation_names();

// A canonical name taken apart: "step2.sample1.layer3.dW[1,2]". Without an index ("layer3.dW")
// it names the whole vector or matrix, as the vectorised view writes it.
struct QuantityName {
  enum class Owner { input, target, layer, loss, learning_rate };
  int step = 1;    // 1: no "stepT." prefix
  int sample = 0;  // 0: no "sampleK." prefix
  Owner owner = Owner::loss;
  int layer = 0;     // 1-based, Owner::layer only
  std::string what;  // x y dx | z a W b da dadz dz dW db; empty for loss and learning_rate
  int row = 0;       // 1-based index; 0 for a whole vector or matrix
  int column = 0;    // second index of W and dW; 0 otherwise
  bool whole() const { return row == 0; }
};
std::optional<QuantityName> parse_quantity(const std::string& canonical);
std::string canonical_name(const QuantityName& q);

// The neurons of each layer: what the notation needs to orient and size matrices.
struct NetworkShape {
  std::size_t inputs = 0;
  std::vector<std::size_t> widths;  // widths[l - 1]: neurons of layer l
  std::vector<Activation> activations;
  std::size_t depth() const { return widths.size(); }
  std::size_t fan_in(int layer) const { return layer == 1 ? inputs : widths[layer - 2]; }
};
NetworkShape shape_of(const Network& network);

// A cell of a vector or matrix as a notation lays it out: a canonical name, or the constant 1
// the augmented notation appends to x and every h_l.
struct Cell {
  std::optional<std::string> name;  // nullopt: the constant 1
};
using Grid = std::vector<std::vector<Cell>>;  // rows of cells

// One equation of the vectorised view: `lhs` is a whole quantity, `formula` a template over
// whole quantities (`{layer2.W}ᵀ{layer2.dz}`), in the notation's own form.
struct VectorEquation {
  std::string lhs;
  std::string formula;
};

class Notation {
 public:
  Notation(NotationKind kind, NetworkShape shape) : kind_(kind), shape_(std::move(shape)) {}
  NotationKind kind() const { return kind_; }
  const NetworkShape& shape() const { return shape_; }

  // Why this notation cannot write the lesson's network (hidden-output for three layers), if so.
  std::optional<std::string> cannot_express() const;
  // One paragraph naming the symbols, printed above a derivation.
  std::string legend() const;

  // The symbol of a quantity, or of a whole vector or matrix; unknown names as they are.
  Math symbol(const std::string& canonical) const;
  // The symbol of the derivative of the activation, g or Φ.
  Math activation_letter() const;

  // The cells of a whole vector or matrix, in this notation's orientation: formal matrices
  // are the transposes of the row convention; augmented ones carry the bias column and the 1.
  Grid grid(const std::string& whole) const;
  // Whether the bias is a column of W (then there is no separate bias equation).
  bool bias_in_weights() const { return kind_ == NotationKind::augmented; }

  // The vectorised equations of layer `layer` for one sample of one step, in the order the
  // engine computes them. `softmax_output`: δ of the last layer comes from the trace as is.
  std::vector<VectorEquation> forward_equations(int step, int sample, int layer) const;
  std::vector<VectorEquation> backward_equations(int step, int sample, int layer) const;

 private:
  NotationKind kind_;
  NetworkShape shape_;

  Math entry_symbol(const QuantityName& q) const;
  Math loss_letter() const;
  bool is_output(int layer) const { return layer == static_cast<int>(shape_.depth()); }
};

// Document 001's symbol of a canonical name, as Unicode text ("layer1.W[1,2]" -> "w^[1]_1,2").
std::string bracket_symbol(const std::string& canonical);

}  // namespace bptrace
