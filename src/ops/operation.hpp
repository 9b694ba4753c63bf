#pragma once
// The operations of the expression language (graph lessons), each in one place: its value, its
// local derivative ∂node/∂(operand k) with that derivative's formula, and its own formula, side by
// side. σ, tanh, relu and softplus take their value and derivative from the activations' table
// (ops/activation.hpp). A derivative at a kink (relu and abs at 0, max and min at a tie) is the
// lesson's stated convention; without one it is an error, never a silent choice.
#include "ops/activation.hpp"
#include "ops/loss_term.hpp"
#include "trace/formula.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bptrace::ops {

// The conventions a graph lesson states in [graph].
struct Conventions {
  std::optional<Rational> relu_at_zero;  // relu'(0), in [0, 1]
  std::optional<Rational> max_at_tie;    // ∂max(a, b)/∂a at a = b, in [0, 1]; ∂/∂b is 1 minus it
  std::optional<Rational> min_at_tie;    // ∂min(a, b)/∂a at a = b, in [0, 1]; ∂/∂b is 1 minus it
  std::optional<Rational> abs_at_zero;   // abs'(0), in [−1, 1]
};

// A kink the lesson states no convention for; the graph engine says where.
struct MissingConvention : std::runtime_error {
  MissingConvention(const std::string& kink, std::string field) : std::runtime_error(kink), field(std::move(field)) {}
  std::string field;  // the [graph] field that states it
};

// An operation at the point: its operands' values, its own value, and its parameters.
struct Point {
  const std::vector<Value>& operands;
  const Value& self;
  int exponent = 0;  // power
  int index = 0;     // softmax: the 1-based component
  const Conventions& conventions;
  const Activation* activation = nullptr;  // activation: the layer's rule
  const LossTerm* loss = nullptr;          // loss_term: the loss's rule
  const Value& operator[](std::size_t k) const { return operands[k]; }
};

// The same operation written: its operands' formulas (references or literals) and its own.
struct Written {
  const std::vector<Formula>& operands;
  const Formula& self;
  int exponent = 0;
  int index = 0;
  const Activation* activation = nullptr;
  const LossTerm* loss = nullptr;
  const Formula& operator[](std::size_t k) const { return operands[k]; }
};

struct Local {
  Value value;
  Formula formula;
};

Formula minus_one();  // (−1): one operand
// "1   (a > b)": a derivative on one side of a kink, with the side it holds on.
Formula on_side(Formula derivative, Formula a, const Math& sign, Formula b);
// "c   (a = b: the lesson's convention)".
Formula by_convention(const Rational& c, Formula a, Formula b);

// softmax(z_1, …, z_n)[i]: its component i as a formula.
Formula softmax_component(const std::vector<Formula>& z, int i);

}  // namespace bptrace::ops

namespace bptrace {

// The closed set of the expression language's operations. input, constant and copy are leaves
// and names; the others are in the table below.
enum class Operation {
  input,     // a variable of the lesson, given a value at the point
  constant,  // a number or pi
  copy,      // `g2 = x2`: a named node equal to another
  add,       // n-ary: a + b + …
  subtract,
  multiply,  // n-ary: a·b·…
  divide,
  power,  // integer exponent
  negate,
  exp,
  log,
  sigmoid,
  tanh,
  relu,
  softplus,
  max,
  min,
  abs,
  softmax,    // softmax(z_1, …, z_n)[i]
  logsumexp,  // log(e^(z_1) + … + e^(z_n))
  // A network's neurons and loss, lowered onto the tape:
  weighted_sum,  // w_1·u_1 + … + w_n·u_n (+ b): operands w_1, u_1, …, w_n, u_n (, b)
  activation,    // g(z) by the layer's activation (ops/activation.hpp), elementwise kinds
  loss_term,     // term(a, y) of one output by the loss's rule (ops/loss_term.hpp)
};

// The value of an operation on its operands.
Value operation_value(Operation op, const ops::Point& point);
// ∂(operation)/∂(operand k): its value at the point and its formula.
ops::Local operation_partial(Operation op, const ops::Point& point, const ops::Written& written, std::size_t k);
// The operation written on its operands' formulas: x1 + x2, log(f.3), max(a, b).
Formula operation_formula(Operation op, const ops::Written& written);

}  // namespace bptrace
