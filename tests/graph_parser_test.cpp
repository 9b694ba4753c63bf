// The expression language's Pratt parser: precedence, associativity, numbers, and every error
// with the offset of the offending character.
#include "graph/expression.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace bptrace;

namespace {

// The offset an ExpressionError reports, or -1 when parsing succeeds.
long error_offset(const std::string& text) {
  try {
    parse_expression(text);
  } catch (const ExpressionError& e) {
    return static_cast<long>(e.offset);
  }
  return -1;
}

std::string error_message(const std::string& text) {
  try {
    parse_expression(text);
  } catch (const ExpressionError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// 1 + 2*x: the product binds tighter than the sum.
TEST(GraphParser, ProductBindsTighterThanSum) {
  Expression e = parse_expression("1 + 2*x");
  ASSERT_EQ(e.op, Operation::add);
  EXPECT_EQ(e.operands[1].op, Operation::multiply);
}

// a - b - c is (a - b) - c: subtraction is left-associative, one flat chain of two links.
TEST(GraphParser, SubtractionIsLeftAssociative) {
  Expression e = parse_expression("a - b - c");
  ASSERT_EQ(e.op, Operation::subtract);
  ASSERT_EQ(e.operands.size(), 3u);
  EXPECT_EQ(e.links, (std::vector<Operation>{Operation::subtract, Operation::subtract}));
  EXPECT_EQ(e.operands[2].name, "c");
}

// a/b/c is (a/b)/c: division is left-associative.
TEST(GraphParser, DivisionIsLeftAssociative) {
  Expression e = parse_expression("a/b/c");
  ASSERT_EQ(e.op, Operation::divide);
  EXPECT_EQ(e.links, (std::vector<Operation>{Operation::divide, Operation::divide}));
}

// a - b + c - d: one chain, each operation kept; a − (b + c) keeps its group as one operand.
TEST(GraphParser, MixedChainIsFlat) {
  Expression e = parse_expression("a - b + c - d");
  EXPECT_EQ(e.links, (std::vector<Operation>{Operation::subtract, Operation::add, Operation::subtract}));
  EXPECT_EQ(e.operands.size(), 4u);
  Expression g = parse_expression("a - (b + c)");
  ASSERT_EQ(g.operands.size(), 2u);
  EXPECT_EQ(g.operands[1].links, (std::vector<Operation>{Operation::add}));
}

// A chain of 20,000 differences parses flat (no recursion on its length); 201 changes between
// + and − along one chain are refused at the operator that makes the 201st.
TEST(GraphParser, LongChainsAreFlatAndAlternationIsBounded) {
  std::string text = "x";
  for (int k = 1; k < 20000; ++k) text += " - x";
  EXPECT_EQ(parse_expression(text).operands.size(), 20000u);
  std::string alternating = "x";
  for (int k = 0; k < 101; ++k) alternating += "+x-x";
  try {
    parse_expression(alternating);
    FAIL() << "201 changes accepted";
  } catch (const ExpressionError& e) {
    // "x" then "+x-x" per round: operators at offsets 1, 3, 5, …; the first is no change, the
    // k-th change is the operator at 1 + 2k, so the 201st is at 1 + 2·201 = 403.
    EXPECT_EQ(e.offset, 403u);
    EXPECT_NE(std::string(e.what()).find("more than 200 changes between + and −"), std::string::npos);
  }
}

// x^2^3 is x^(2^3) = x^8, not (x^2)^3 = x^6: ^ is right-associative.
TEST(GraphParser, PowerIsRightAssociative) {
  Expression e = parse_expression("x^2^3");
  ASSERT_EQ(e.op, Operation::power);
  EXPECT_EQ(e.exponent, 8);
  EXPECT_EQ(e.operands[0].name, "x");
}

// -x^2 is -(x^2): unary minus binds looser than ^.
TEST(GraphParser, UnaryMinusBindsLooserThanPower) {
  Expression e = parse_expression("-x^2");
  ASSERT_EQ(e.op, Operation::negate);
  EXPECT_EQ(e.operands[0].op, Operation::power);
}

// 2*x^3 is 2*(x^3), and -a*b is (-a)*b: unary minus binds tighter than a product.
TEST(GraphParser, UnaryMinusBindsTighterThanProduct) {
  Expression e = parse_expression("-a*b");
  ASSERT_EQ(e.op, Operation::multiply);
  EXPECT_EQ(e.operands[0].op, Operation::negate);
  EXPECT_EQ(parse_expression("2*x^3").operands[1].op, Operation::power);
}

// Parentheses override precedence: (x + y)^2 squares the sum.
TEST(GraphParser, ParenthesesGroup) {
  Expression e = parse_expression("(x + y)^2");
  ASSERT_EQ(e.op, Operation::power);
  EXPECT_EQ(e.operands[0].op, Operation::add);
}

// Numbers are exact from their text: 0.05 = 1/20, 1.5e-3 = 3/2000.
TEST(GraphParser, DecimalsAreExact) {
  EXPECT_EQ(parse_expression("0.05").number, Rational(1, 20));
  EXPECT_EQ(parse_expression("1.5e-3").number, Rational(3, 2000));
}

// An integer over an integer is one number: 3/4, and -3/4 = -(3/4).
TEST(GraphParser, FractionIsANumber) {
  Expression e = parse_expression("-3/4");
  ASSERT_EQ(e.op, Operation::constant);
  EXPECT_EQ(e.number, Rational(-3, 4));
  EXPECT_EQ(e.literal, "-3/4");
}

// pi is the certified constant π, not a variable.
TEST(GraphParser, PiIsAConstant) {
  Expression e = parse_expression("pi");
  EXPECT_EQ(e.op, Operation::constant);
  EXPECT_TRUE(e.is_pi);
}

// Every function of the language parses to its operation.
TEST(GraphParser, Functions) {
  EXPECT_EQ(parse_expression("exp(x)").op, Operation::exp);
  EXPECT_EQ(parse_expression("log(x)").op, Operation::log);
  EXPECT_EQ(parse_expression("sigmoid(x)").op, Operation::sigmoid);
  EXPECT_EQ(parse_expression("tanh(x)").op, Operation::tanh);
  EXPECT_EQ(parse_expression("relu(x)").op, Operation::relu);
  EXPECT_EQ(parse_expression("softplus(x)").op, Operation::softplus);
}

// An indexed name is one variable, written canonically without spaces.
TEST(GraphParser, IndexedName) {
  EXPECT_EQ(parse_expression("W[1, 2]").name, "W[1,2]");
}

// A definition is a name, '=', and an expression.
TEST(GraphParser, Definition) {
  Definition d = parse_definition("y = z1 * z2");
  EXPECT_EQ(d.name, "y");
  EXPECT_EQ(d.value.op, Operation::multiply);
}

// Errors, each at the offending character (0-based offsets).
TEST(GraphParserErrors, EmptyExpression) { EXPECT_EQ(error_offset(""), 0); }
TEST(GraphParserErrors, MissingRightOperand) { EXPECT_EQ(error_offset("x +"), 3); }
TEST(GraphParserErrors, UnclosedParenthesisPointsAtIt) { EXPECT_EQ(error_offset("2*(x + 1"), 2); }
TEST(GraphParserErrors, TrailingParenthesis) { EXPECT_EQ(error_offset("x )"), 2); }
TEST(GraphParserErrors, UnexpectedCharacterAfterExpression) { EXPECT_EQ(error_offset("x # 1"), 2); }
TEST(GraphParserErrors, UnexpectedCharacterAtStart) { EXPECT_EQ(error_offset("# x"), 0); }
TEST(GraphParserErrors, VariableExponent) { EXPECT_EQ(error_offset("x^y"), 2); }
TEST(GraphParserErrors, FractionalExponent) { EXPECT_EQ(error_offset("x^(1/2)"), 3); }
TEST(GraphParserErrors, ExponentTooLarge) { EXPECT_EQ(error_offset("x^1001"), 2); }
TEST(GraphParserErrors, ZeroToNegativePower) { EXPECT_EQ(error_offset("0^-1"), 1); }
TEST(GraphParserErrors, FractionOverZero) { EXPECT_EQ(error_offset("1/0"), 1); }
TEST(GraphParserErrors, NumberRunsIntoName) { EXPECT_EQ(error_offset("2x"), 1); }
TEST(GraphParserErrors, MalformedNumber) { EXPECT_EQ(error_message("1.2.3").find("in the number \"1.2.3\"") != std::string::npos, true); }
TEST(GraphParserErrors, UnknownFunction) { EXPECT_EQ(error_offset("foo(x)"), 0); }
TEST(GraphParserErrors, FunctionWithoutParenthesis) { EXPECT_EQ(error_offset("exp x"), 4); }
TEST(GraphParserErrors, FunctionUnclosed) { EXPECT_EQ(error_offset("exp(x"), 5); }
TEST(GraphParserErrors, IndexZero) { EXPECT_EQ(error_offset("W[0]"), 2); }
TEST(GraphParserErrors, IndexUnclosed) { EXPECT_EQ(error_offset("W[1"), 3); }
TEST(GraphParserErrors, IndexMissing) { EXPECT_EQ(error_offset("W[]"), 2); }

// Nesting deeper than 200 levels is refused, not a stack overflow.
TEST(GraphParserErrors, NestingTooDeep) {
  std::string deep = std::string(300, '(') + "x" + std::string(300, ')');
  EXPECT_NE(error_message(deep).find("nested too deeply"), std::string::npos);
}

// A definition needs a name first, then '='; pi cannot be redefined.
TEST(GraphParserErrors, DefinitionShape) {
  auto offset = [](const std::string& text) {
    try {
      parse_definition(text);
    } catch (const ExpressionError& e) {
      return static_cast<long>(e.offset);
    }
    return -1L;
  };
  EXPECT_EQ(offset("= x"), 0);
  EXPECT_EQ(offset("y x"), 2);
  EXPECT_EQ(offset("pi = 3"), 0);
}

// A variable name alone: not a function, not pi, nothing after it.
TEST(GraphParserErrors, VariableName) {
  EXPECT_THROW(parse_variable_name("exp"), ExpressionError);
  EXPECT_THROW(parse_variable_name("pi"), ExpressionError);
  EXPECT_THROW(parse_variable_name("x y"), ExpressionError);
  EXPECT_EQ(parse_variable_name(" W[2,1] "), "W[2,1]");
}
