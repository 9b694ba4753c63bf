#pragma once
// The expression language of graph lessons: numbers (exact decimals; a fraction is an integer
// divided by an integer), named variables (x1, W[1,2]), + − * /, ^ with an integer exponent,
// unary minus, parentheses, exp log sigmoid tanh relu softplus abs of one argument, max and min
// of two, logsumexp of a list, softmax(z1, …, zn)[i], and the constant pi. A chain a + b + c (or
// a*b*c) is one n-ary operation. The operations' rules are in src/ops/operation.hpp.
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
  Operation op = Operation::constant;
  std::vector<Expression> operands;
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

Expression parse_expression(std::string_view text);
Definition parse_definition(std::string_view text);
// A variable name on its own ("x1", "W[1,2]"), canonical: no spaces.
std::string parse_variable_name(std::string_view text);

// The function names of the language (for messages and tests).
std::vector<std::string> function_names();

}  // namespace bptrace
