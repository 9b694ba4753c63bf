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
  return local_derivative(m.graph, *m.graph.find(node), *m.graph.find(operand), values).value;
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
  for (const Node& n : m.graph.nodes())
    if (n.op != Operation::input) names.push_back(n.name);
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
        const Step* reverse = t.find(adjoint_key(g.node(y).name, g.node(x).name));
        const Step* forward = t.find(tangent_key(g.node(y).name, g.node(x).name));
        ASSERT_EQ(reverse == nullptr, forward == nullptr) << lesson.name << " d" << g.node(y).name << "/d" << g.node(x).name;
        if (!reverse) continue;
        EXPECT_EQ(certified_text(reverse->value, 30).text, certified_text(forward->value, 30).text)
            << lesson.name << " " << canonical_name(reverse->key);
        EXPECT_EQ(reverse->value.is_exact(), forward->value.is_exact()) << lesson.name << " " << canonical_name(reverse->key);
        ++compared;
      }
  }
  EXPECT_GE(compared, 30);
}
