#pragma once
// A formula of the trace: an expression tree over quantity keys. The tree's shape (operators,
// constants, and numbered slots where quantities go) is separate from the keys that fill the
// slots, so that the trace stores each shape once (Trace::add interns it) and a step only its
// keys. Printers (render/formula_printer.hpp) write the tree in every dialect; nothing parses a
// formula's text. The builders are in namespace `math` below.
#include "number/rational.hpp"
#include "trace/key.hpp"
#include "trace/math.hpp"

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace bptrace {

enum class FormulaOp : unsigned char {
  reference,       // a quantity: slot `slot` of the formula's keys
  literal,         // a number or a name as written: 0.5, (3/4), π, softmax
  prose,           // words inside a formula: "at", "y does not depend on w"
  group,           // (a): parentheses the formula asks for where precedence needs none
  sum,             // a + b + …
  difference,      // a − b
  product,         // a·b·…      (spaced: a · b, as graph lessons write it)
  quotient,        // a/b        (spaced: a / b)
  negation,        // −a
  power,           // a^n
  square,          // a²
  exponential,     // e^(a)
  call,            // f(a, b, …); f'(a) when primed
  prefix,          // log a: a function before an atom, without parentheses
  absolute,        // |a|
  brackets,        // [a]: an Iverson bracket, or −[…]
  ceiling,         // ⌈a⌉
  relation,        // a > b, a < b, a = b
  equation,        // a = b = …: a definition and its expansion
  sequence,        // a, b, … joined by a separator: 1 if z > 0, α if z < 0
  annotated,       // a (note), after a gap
  partial,         // ∂a/∂b
  matrix_product,  // W x
  hadamard,        // a ⊙ b
  transpose,       // aᵀ
};

struct FormulaNode {
  FormulaOp op = FormulaOp::literal;
  bool flag = false;  // product, quotient: spaced; call: primed
  int slot = -1;      // reference: the index of its key in the formula's keys
  int exponent = 0;   // power
  Math symbol;        // literal, prose: itself; call, prefix: the function's name;
                      // relation: its sign; sequence: the separator; annotated: the gap
  std::vector<FormulaNode> operands;
  friend bool operator==(const FormulaNode&, const FormulaNode&) = default;
};

class Formula {
 public:
  Formula() = default;  // empty: a given value has no formula
  // A tree and the keys of its slots (each distinct key once, in order of first appearance).
  Formula(std::shared_ptr<const FormulaNode> shape, std::vector<Key> keys)
      : shape_(std::move(shape)), keys_(std::move(keys)) {}

  bool empty() const { return !shape_; }
  const FormulaNode& shape() const { return *shape_; }
  const std::shared_ptr<const FormulaNode>& shared_shape() const { return shape_; }
  const std::vector<Key>& keys() const { return keys_; }
  const Key& key(const FormulaNode& reference) const { return keys_[static_cast<std::size_t>(reference.slot)]; }

  // The same formula with its shape replaced by the one interned copy of that shape.
  void intern();

  friend bool operator==(const Formula& a, const Formula& b) {
    if (a.empty() || b.empty()) return a.empty() == b.empty();
    return a.keys_ == b.keys_ && (a.shape_ == b.shape_ || *a.shape_ == *b.shape_);
  }

 private:
  std::shared_ptr<const FormulaNode> shape_;
  std::vector<Key> keys_;
};

// How many distinct shapes are interned now (the trace stores each once).
std::size_t interned_shapes();

// Calls f(key) for each reference of a formula, in the order a printer writes them.
template <class F>
void for_each_reference(const Formula& formula, F&& f) {
  if (formula.empty()) return;
  std::vector<const FormulaNode*> pending{&formula.shape()};  // a stack: no recursion on length
  while (!pending.empty()) {
    const FormulaNode* n = pending.back();
    pending.pop_back();
    if (n->op == FormulaOp::reference) f(formula.key(*n));
    for (auto it = n->operands.rbegin(); it != n->operands.rend(); ++it) pending.push_back(&*it);
  }
}

Formula ref(Key key);

// The builders: each makes a new tree from whole formulas (none of them may be empty).
namespace math {

Formula literal(Math symbol);
Formula literal(const std::string& same_in_both);
Formula number(const Rational& c);  // as formula_constant writes it: 0.5, 1/3, -2
Formula integer(long n);
Formula words(const std::string& prose);
Formula group(Formula a);
// c·(a): a, when c = 1; −(a) when c = −1.
Formula scaled(const Rational& c, Formula a);
Formula sum(std::vector<Formula> terms);
Formula difference(Formula a, Formula b);
Formula difference(std::vector<Formula> terms);  // a − b − c …

Formula product(std::vector<Formula> factors);
Formula spaced_product(std::vector<Formula> factors);
Formula quotient(Formula a, Formula b);
Formula spaced_quotient(Formula a, Formula b);
Formula spaced_quotient(std::vector<Formula> terms);  // a / b / c …
Formula negation(Formula a);
Formula power(Formula base, int exponent);
Formula square(Formula base);
Formula exponential(Formula a);
Formula call(const Math& function, std::vector<Formula> arguments);
Formula derivative_call(const Math& function, std::vector<Formula> arguments);  // f'(…)
Formula prefix(const Math& function, Formula a);
Formula absolute(Formula a);
Formula brackets(Formula a);
Formula ceiling(Formula a);
Formula relation(Formula a, const Math& sign, Formula b);
Formula equation(std::vector<Formula> sides);
Formula sequence(const Math& separator, std::vector<Formula> items);
Formula annotated(Formula a, const Math& gap, Formula note);
Formula partial(Formula of, Formula with_respect_to);
Formula matrix_product(std::vector<Formula> factors);
Formula hadamard(Formula a, Formula b);
Formula transpose(Formula a);

// Relation signs and the names of functions, in both dialects.
Math greater();
Math less();
Math equals();
namespace fn {
Math sigma();
Math tanh();
Math exp();
Math log();
Math relu();        // ReLU, as the network lessons write it
Math relu_lower();  // relu, as graph lessons write it
Math leaky_relu();
Math softplus();
Math softmax();
Math step();
Math sign();
Math max();
Math min();
Math abs();
Math logsumexp();
Math diag();
Math g();           // an activation the notation does not name
}  // namespace fn

}  // namespace math

}  // namespace bptrace
