#pragma once
// The expression language of graph lessons: numbers (exact decimals; a fraction is an integer
// divided by an integer), named variables (x1, W[1,2]), + − * /, ^ with an integer exponent,
// unary minus, parentheses, exp log sigmoid tanh relu softplus abs of one argument, max and min
// of two, logsumexp of a list, softmax(z1, …, zn)[i], and the constant pi. A chain a + b − c (or
// a*b/c) is one flat node however long it is. The operations' rules are in src/ops/operation.hpp.
// A small hand-written Pratt parser; every error carries the offset of the offending character.
#include "number/rational.hpp"
#include "ops/operation.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bptrace {

// Text that is not an expression; `offset` is the 0-based position of the offending character.
struct ExpressionError : std::runtime_error {
  ExpressionError(const std::string& what, std::size_t offset)
      : std::runtime_error(what), offset(offset) {}
  std::size_t offset;
};

struct Expression {
  Operation op = Operation::constant;  // a chain: its last link
  std::vector<Expression> operands;
  // A chain a ∘ b ∘ c … of + and − (or of * and /), left-associative: links[k] joins operand k + 1
  // to what precedes it. Flat, so that no walk over it recurses on its length: the tree
  // ((a ∘ b) ∘ c) ∘ … it stands for would be as deep as the chain is long. Empty: not a chain.
  std::vector<Operation> links;
  std::string name;     // input (a variable): its name, e.g. "x1", "W[1,2]"
  Rational number;      // constant: its exact value, unless `is_pi`
  bool is_pi = false;
  std::string literal;  // constant: as written, "0.05", "3/4", "pi"
  int exponent = 0;     // power
  int index = 0;        // softmax: the 1-based component
  std::size_t offset = 0;
};

// `name = expression`
struct Definition {
  std::string name;
  std::size_t name_offset = 0;
  Expression value;
};

// Nesting (parentheses, function calls, unary minus, powers, and the changes between + and − or
// * and / along one chain) is at most kMaxNesting levels deep; a chain's length is not bounded.
constexpr int kMaxNesting = 200;

Expression parse_expression(std::string_view text);
Definition parse_definition(std::string_view text);
// A variable name on its own ("x1", "W[1,2]"), canonical: no spaces.
std::string parse_variable_name(std::string_view text);

// The function names of the language (for messages and tests).
std::vector<std::string> function_names();

}  // namespace bptrace
