// Local derivative rules against values worked out by hand, fan-out accumulation, unknown names,
// operation counts, and forward mode = reverse mode on every graph lesson.
#include "trace/names.hpp"
#include "engine/certify.hpp"
#include "graph/operation_count.hpp"
#include "graph/trace_graph.hpp"
#include "lesson/library.hpp"
#include "lesson/trace_lesson.hpp"
#include "number/decimal.hpp"

#include <gtest/gtest.h>

using namespace bptrace;

namespace {

// A graph model from (name, value) inputs and definitions; the last definition is the output.
GraphModel model(const std::vector<std::pair<std::string, Rational>>& inputs,
                 const std::vector<std::string>& definitions) {
  GraphModel m;
  for (const auto& [name, value] : inputs) m.inputs.push_back(m.graph.add_input(name, value, {}));
  NodeId last = 0;
  for (const auto& text : definitions)
    last = m.graph.define(parse_definition(text), [](std::size_t) { return SourceLocation{}; });
  m.outputs.push_back(last);
  return m;
}

// ∂(the named node)/∂(its operand), at the model's point.
Value local(const GraphModel& m, const std::string& node, const std::string& operand) {
  WorkingPrecision precision(50);
  std::vector<Value> values = evaluate(m.graph);
  return local_derivative(m.graph, *m.graph.find(node), *m.graph.find(operand), values, correct_seams(m.graph)).value;
}

std::string digits(const Value& v, int n) { return certified_text(v, n).text; }

}  // namespace

// y = a·b at a = 3, b = 5: ∂y/∂a = b = 5, ∂y/∂b = a = 3.
TEST(GraphRules, Multiply) {
  GraphModel m = model({{"a", 3}, {"b", 5}}, {"y = a*b"});
  EXPECT_EQ(local(m, "y", "a").exact(), Rational(5));
  EXPECT_EQ(local(m, "y", "b").exact(), Rational(3));
}

// y = a + b: both 1; y = a − b: 1 and −1.
TEST(GraphRules, AddAndSubtract) {
  GraphModel m = model({{"a", 3}, {"b", 5}}, {"s = a + b", "y = a - b"});
  EXPECT_EQ(local(m, "s", "b").exact(), Rational(1));
  EXPECT_EQ(local(m, "y", "a").exact(), Rational(1));
  EXPECT_EQ(local(m, "y", "b").exact(), Rational(-1));
}

// y = a/b at a = 3, b = 4: ∂y/∂a = 1/b = 1/4, ∂y/∂b = −a/b² = −3/16.
TEST(GraphRules, Divide) {
  GraphModel m = model({{"a", 3}, {"b", 4}}, {"y = a/b"});
  EXPECT_EQ(local(m, "y", "a").exact(), Rational(1, 4));
  EXPECT_EQ(local(m, "y", "b").exact(), Rational(-3, 16));
}

// y = a³ at a = 2: 3a² = 12; w = a⁻² at a = 2: −2a⁻³ = −1/4.
TEST(GraphRules, IntegerPowers) {
  GraphModel m = model({{"a", 2}}, {"y = a^3", "w = a^-2"});
  EXPECT_EQ(local(m, "y", "a").exact(), Rational(12));
  EXPECT_EQ(local(m, "w", "a").exact(), Rational(-1, 4));
}

// y = −a: −1; c = a (a copy): 1.
TEST(GraphRules, NegateAndCopy) {
  GraphModel m = model({{"a", 2}}, {"c = a", "y = -a"});
  EXPECT_EQ(local(m, "y", "a").exact(), Rational(-1));
  EXPECT_EQ(local(m, "c", "a").exact(), Rational(1));
}

// ∂exp(a)/∂a = exp(a): at a = 0 exactly 1, at a = 1 e = 2.71828182845905 (15 digits).
TEST(GraphRules, Exp) {
  EXPECT_EQ(local(model({{"a", 0}}, {"y = exp(a)"}), "y", "a").exact(), Rational(1));
  EXPECT_EQ(digits(local(model({{"a", 1}}, {"y = exp(a)"}), "y", "a"), 15), "2.71828182845905");
}

// ∂log(a)/∂a = 1/a: at a = 4, 1/4.
TEST(GraphRules, Log) {
  EXPECT_EQ(local(model({{"a", 4}}, {"y = log(a)"}), "y", "a").exact(), Rational(1, 4));
}

// ∂σ(a)/∂a = σ(1 − σ): at a = 0, (1/2)(1/2) = 1/4 exactly.
TEST(GraphRules, Sigmoid) {
  EXPECT_EQ(local(model({{"a", 0}}, {"y = sigmoid(a)"}), "y", "a").exact(), Rational(1, 4));
}

// ∂tanh(a)/∂a = 1 − tanh²: at 0 exactly 1; at 1, sech²(1) = 0.419974341614026.
TEST(GraphRules, Tanh) {
  EXPECT_EQ(local(model({{"a", 0}}, {"y = tanh(a)"}), "y", "a").exact(), Rational(1));
  EXPECT_EQ(digits(local(model({{"a", 1}}, {"y = tanh(a)"}), "y", "a"), 15), "0.419974341614026");
}

// ∂relu(a)/∂a = 1 for a > 0, 0 for a < 0.
TEST(GraphRules, Relu) {
  EXPECT_EQ(local(model({{"a", 2}}, {"y = relu(a)"}), "y", "a").exact(), Rational(1));
  EXPECT_EQ(local(model({{"a", -2}}, {"y = relu(a)"}), "y", "a").exact(), Rational(0));
}

// relu has no derivative at 0: a LessonError, not a silent convention.
TEST(GraphRules, ReluAtZeroIsAnError) {
  EXPECT_THROW(local(model({{"a", 0}}, {"y = relu(a)"}), "y", "a"), LessonError);
}

// With a stated convention, relu'(0) is that number: document 001 uses 1, document 002 uses 0,
// and any subgradient in [0, 1] may be chosen (1/2 here).
TEST(GraphRules, ReluAtZeroWithAConvention) {
  for (Rational c : {Rational(0), Rational(1), Rational(1, 2)}) {
    GraphModel m = model({{"a", 0}}, {"y = relu(a)"});
    m.graph.set_relu_derivative_at_zero(c);
    EXPECT_EQ(local(m, "y", "a").exact(), c);
  }
}

// The convention only decides the kink: away from 0 relu' is still 1 or 0.
TEST(GraphRules, ReluConventionLeavesOtherPointsAlone) {
  GraphModel m = model({{"a", -3}}, {"y = relu(a)"});
  m.graph.set_relu_derivative_at_zero(Rational(1));
  EXPECT_EQ(local(m, "y", "a").exact(), Rational(0));
}

// ∂softplus(a)/∂a = σ(a): at 0, 1/2.
TEST(GraphRules, Softplus) {
  EXPECT_EQ(local(model({{"a", 0}}, {"y = softplus(a)"}), "y", "a").exact(), Rational(1, 2));
}

// An operand used twice in one node: ∂(x·x)/∂x = x + x = 6 at x = 3; ∂(x/x)/∂x = 1/x − x/x² = 0.
TEST(GraphRules, OperandUsedTwiceInOneNode) {
  GraphModel m = model({{"x", 3}}, {"y = x*x", "q = x/x"});
  EXPECT_EQ(local(m, "y", "x").exact(), Rational(6));
  EXPECT_EQ(local(m, "q", "x").exact(), Rational(0));
}

// y = x·z + x at x = 2, z = 5: x feeds y.1 = x·z and y, so dy/dx = z + 1 = 6, shown as the two
// contributions 5 (via y.1) and 1 (via y).
TEST(GraphRules, FanOutAccumulatesContributions) {
  GraphModel m = model({{"x", 2}, {"z", 5}}, {"y = x*z + x"});
  Trace t = certify([&] { return trace_graph(m); }, 20).trace;
  const Step* dx = t.find(adjoint_key("y", "x"));
  ASSERT_NE(dx, nullptr);
  EXPECT_EQ(dx->value.exact(), Rational(6));
  ASSERT_EQ(dx->contributions.size(), 2u);
  EXPECT_EQ(dx->contributions[0].via, node_key("y.1"));
  EXPECT_EQ(dx->contributions[0].value.exact(), Rational(5));
  EXPECT_EQ(dx->contributions[1].via, node_key("y"));
  EXPECT_EQ(dx->contributions[1].value.exact(), Rational(1));
}

// The unnamed nodes of a definition are named after it, in post-order: log((x + y)^2 + z)
// gives f.1 = x + y, f.2 = f.1^2, f.3 = f.2 + z, f.
TEST(GraphRules, UnnamedNodesInPostOrder) {
  GraphModel m = model({{"x", 2}, {"y", 1}, {"z", 1}}, {"f = log((x + y)^2 + z)"});
  std::vector<std::string> names;
  for (NodeId i = 0; i < m.graph.size(); ++i)
    if (m.graph.op(i) != Operation::input) names.push_back(m.graph.name(i));
  EXPECT_EQ(names, (std::vector<std::string>{"f.1", "f.2", "f.3", "f"}));
}

// A variable that is neither an input nor defined earlier is refused at its offset: "y = x + w" has w at 8.
TEST(GraphRules, UnknownVariable) {
  try {
    model({{"x", 1}}, {"y = x + w"});
    FAIL() << "expected an ExpressionError";
  } catch (const ExpressionError& e) {
    EXPECT_EQ(e.offset, 8u);
  }
}

// Defining a name twice is refused at the second definition's name.
TEST(GraphRules, DefinedTwice) {
  EXPECT_THROW(model({{"x", 1}}, {"y = x", "y = 2*x"}), ExpressionError);
}

// Document 000: for y = (x1 + x2)(x3 + x4) the naive approach needs 4 additions, backprop 2.
TEST(GraphRules, OperationCountsOfDocument000) {
  GraphModel m = model({{"x1", 1}, {"x2", 2}, {"x3", 3}, {"x4", 4}}, {"z1 = x1 + x2", "z2 = x3 + x4", "y = z1*z2"});
  EXPECT_EQ(naive_forward_additions(m.graph, m.inputs, m.outputs).additions, 4);
  EXPECT_EQ(reverse_mode_additions(m.graph, m.outputs).additions, 2);
  EXPECT_EQ(forward_mode_additions(m.graph, m.inputs, m.outputs).additions, 2);
}

// A fan-out costs one addition per extra consumer: y = x·z + x sums two adjoint terms at x
// (1), plus the forward pass's own addition (1).
TEST(GraphRules, AdjointSumCountsAnAddition) {
  GraphModel m = model({{"x", 2}, {"z", 5}}, {"y = x*z + x"});
  EXPECT_EQ(reverse_mode_additions(m.graph, m.outputs).additions, 2);
}

// Forward mode and reverse mode give the same dy/dx on every graph lesson, and have the same
// derivatives (y depends on x in one exactly when in the other).
TEST(GraphLessons, ForwardModeEqualsReverseMode) {
  int compared = 0;
  for (const auto& path : all_lessons()) {
    Lesson lesson = load_lesson(path.string());
    if (!lesson.graph) continue;
    lesson.graph->forward_mode = true;
    Trace t = trace_lesson(lesson, 30).trace;
    const Graph& g = lesson.graph->graph;
    for (NodeId y : lesson.graph->outputs)
      for (NodeId x : lesson.graph->inputs) {
        const Step* reverse = t.find(adjoint_key(g.name(y), g.name(x)));
        const Step* forward = t.find(tangent_key(g.name(y), g.name(x)));
        ASSERT_EQ(reverse == nullptr, forward == nullptr) << lesson.name << " d" << g.name(y) << "/d" << g.name(x);
        if (!reverse) continue;
        EXPECT_EQ(certified_text(reverse->value, 30).text, certified_text(forward->value, 30).text)
            << lesson.name << " " << canonical_name(reverse->key);
        EXPECT_EQ(reverse->value.is_exact(), forward->value.is_exact()) << lesson.name << " " << canonical_name(reverse->key);
        ++compared;
      }
  }
  EXPECT_GE(compared, 30);
}

// The operations max, min, abs, softmax and logsumexp, against values worked by hand.

// max(a, b) at a = 3, b = 5: y = 5, ∂y/∂a = 0, ∂y/∂b = 1; min the other way round.
TEST(GraphRules, MaxAndMinTakeTheWinner) {
  GraphModel m = model({{"a", 3}, {"b", 5}}, {"p = max(a, b)", "q = min(a, b)"});
  WorkingPrecision precision(50);
  std::vector<Value> v = evaluate(m.graph);
  EXPECT_EQ(v[*m.graph.find("p")].exact(), Rational(5));
  EXPECT_EQ(v[*m.graph.find("q")].exact(), Rational(3));
  EXPECT_EQ(local(m, "p", "a").exact(), Rational(0));
  EXPECT_EQ(local(m, "p", "b").exact(), Rational(1));
  EXPECT_EQ(local(m, "q", "a").exact(), Rational(1));
  EXPECT_EQ(local(m, "q", "b").exact(), Rational(0));
}

// At a tie a = b = 2 there is no derivative unless the lesson gives the first operand's share t:
// t = 1/4 gives ∂max/∂a = 1/4 and ∂max/∂b = 3/4; for min t = 1, so 1 and 0.
TEST(GraphRules, MaxAndMinAtATieTakeTheLessonsShare) {
  GraphModel m = model({{"a", 2}, {"b", 2}}, {"p = max(a, b)", "q = min(a, b)"});
  EXPECT_THROW(local(m, "p", "a"), LessonError);
  EXPECT_THROW(local(m, "q", "b"), LessonError);
  m.graph.conventions().max_at_tie = Rational(1, 4);
  m.graph.conventions().min_at_tie = Rational(1);
  EXPECT_EQ(local(m, "p", "a").exact(), Rational(1, 4));
  EXPECT_EQ(local(m, "p", "b").exact(), Rational(3, 4));
  EXPECT_EQ(local(m, "q", "a").exact(), Rational(1));
  EXPECT_EQ(local(m, "q", "b").exact(), Rational(0));
}

// max(x, x): one operand in both places; at the tie the shares add up to 1 whatever t is.
TEST(GraphRules, MaxOfAnOperandWithItselfHasDerivativeOne) {
  GraphModel m = model({{"x", 7}}, {"y = max(x, x)"});
  m.graph.conventions().max_at_tie = Rational(1, 3);
  EXPECT_EQ(local(m, "y", "x").exact(), Rational(1));
}

// abs at −3: 3 and −1; at 2: 1; at 0 the lesson's abs'(0) (0 here), an error without it.
TEST(GraphRules, AbsAndItsConventionAtZero) {
  GraphModel negative = model({{"a", -3}}, {"y = abs(a)"});
  WorkingPrecision precision(50);
  EXPECT_EQ(evaluate(negative.graph)[*negative.graph.find("y")].exact(), Rational(3));
  EXPECT_EQ(local(negative, "y", "a").exact(), Rational(-1));
  EXPECT_EQ(local(model({{"a", 2}}, {"y = abs(a)"}), "y", "a").exact(), Rational(1));
  GraphModel zero = model({{"a", 0}}, {"y = abs(a)"});
  EXPECT_THROW(local(zero, "y", "a"), LessonError);
  zero.graph.conventions().abs_at_zero = Rational(0);
  EXPECT_EQ(local(zero, "y", "a").exact(), Rational(0));
}

// softmax(a, b)[1] at a = b = 0: 1/2; ∂/∂a = s(1 − s) = 1/4, ∂/∂b = −s·s_2 = −1/4.
// At a = ln 3 (so e^a = 3), b = 0: s_1 = 3/4, ∂/∂a = 3/16, ∂/∂b = −3/16 (30 certain digits).
TEST(GraphRules, SoftmaxComponent) {
  GraphModel m = model({{"a", 0}, {"b", 0}}, {"s = softmax(a, b)[1]"});
  EXPECT_EQ(local(m, "s", "a").exact(), Rational(1, 4));  // e^0 = 1 is exact: so is all of it
  EXPECT_EQ(local(m, "s", "b").exact(), Rational(-1, 4));
  GraphModel n = model({{"b", 0}}, {"a = log(3)", "s = softmax(a, b)[1]"});
  WorkingPrecision precision(50);
  EXPECT_EQ(digits(evaluate(n.graph)[*n.graph.find("s")], 30), "0.750000000000000000000000000000");
  EXPECT_EQ(digits(local(n, "s", "a"), 30), "0.187500000000000000000000000000");
  EXPECT_EQ(digits(local(n, "s", "b"), 30), "-0.187500000000000000000000000000");
}

// logsumexp(a, b) at a = b = 0: log 2 = 0.693147180559945309417232121458; ∂/∂a = ∂/∂b = 1/2.
TEST(GraphRules, Logsumexp) {
  GraphModel m = model({{"a", 0}, {"b", 0}}, {"y = logsumexp(a, b)"});
  WorkingPrecision precision(50);
  EXPECT_EQ(digits(evaluate(m.graph)[*m.graph.find("y")], 30), "0.693147180559945309417232121458");
  EXPECT_EQ(digits(local(m, "y", "a"), 20), "0.50000000000000000000");
  EXPECT_EQ(digits(local(m, "y", "b"), 20), "0.50000000000000000000");
}

// A printed formula of 20,000 terms, x + x + … + x at x = 3/2: one n-ary sum that parses,
// evaluates to 30,000 and prints, with no recursion per term (this also runs under ASan).
TEST(GraphRules, ATwentyThousandTermSumParsesEvaluatesAndPrints) {
  std::string text = "x";
  for (int k = 1; k < 20000; ++k) text += " + x";
  GraphModel m = model({{"x", Rational(3, 2)}}, {"y = x"});
  const Expression e = parse_expression(text);
  ASSERT_EQ(e.op, Operation::add);
  EXPECT_EQ(e.operands.size(), 20000u);
  WorkingPrecision precision(50);
  EXPECT_EQ(evaluate(e, m.graph, evaluate(m.graph)).exact(), Rational(30000));
  const Formula f = formula_template(e);
  std::size_t references = 0;
  for_each_reference(f, [&](const Key&) { ++references; });
  EXPECT_EQ(references, 20000u);
}

// Parse errors of the new functions point at the call.
TEST(GraphRules, NewFunctionsCheckTheirArguments) {
  EXPECT_THROW(parse_expression("max(a)"), ExpressionError);
  EXPECT_THROW(parse_expression("abs(a, b)"), ExpressionError);
  EXPECT_THROW(parse_expression("softmax(a, b)"), ExpressionError);
  EXPECT_THROW(parse_expression("softmax(a, b)[3]"), ExpressionError);
  EXPECT_EQ(parse_expression("softmax(a, b, c)[3]").index, 3);
  EXPECT_EQ(parse_expression("logsumexp(a, b, c)").operands.size(), 3u);
}
