// The tape's loops and seams on small computations worked out by hand.
#include "tape/sweep.hpp"

#include <gtest/gtest.h>

using namespace bptrace;
using namespace bptrace::tape;

namespace {

NodeId input(Tape& t, long value) {
  Node n;
  n.op = Operation::input;
  n.value = Value(Rational(value));
  return t.add(n);
}

NodeId apply(Tape& t, Operation op, std::vector<NodeId> operands) {
  Node n;
  n.op = op;
  n.operands = std::move(operands);
  return t.add(n);
}

Formula written(NodeId id) { return math::literal("v" + std::to_string(id)); }

std::vector<bool> all(const Tape& t) { return std::vector<bool>(t.size(), true); }

// f = x·y + x at x = 3, y = 4: x feeds the product and the sum.
struct Example {
  Tape t;
  NodeId x, y, p, f;
  Example() {
    x = input(t, 3);
    y = input(t, 4);
    p = apply(t, Operation::multiply, {x, y});
    f = apply(t, Operation::add, {p, x});
  }
  std::vector<Chained> reversed(const Seams& seams = {}) const {
    std::vector<Value> v = forward(t, seams);
    return reverse(t, f, local_derivatives(t, v, all(t), seams, written), seams);
  }
};

Rational exact(const Value& v) { return v.exact(); }

}  // namespace

// Forward: p = 12, f = 15. Reverse: ∂f/∂p = 1, ∂f/∂y = x = 3, ∂f/∂x = y + 1 = 5 as two terms,
// 4 through the product and 1 through the sum, in the consumers' creation order.
TEST(Tape, ReverseSumsOneTermPerConsumer) {
  Example e;
  std::vector<Value> v = forward(e.t, {});
  EXPECT_EQ(exact(v[e.p]), 12);
  EXPECT_EQ(exact(v[e.f]), 15);
  std::vector<Chained> d = e.reversed();
  EXPECT_EQ(exact(d[e.f].value), 1);
  EXPECT_EQ(exact(d[e.p].value), 1);
  EXPECT_EQ(exact(d[e.y].value), 3);
  EXPECT_EQ(exact(d[e.x].value), 5);
  ASSERT_EQ(d[e.x].terms.size(), 2u);
  EXPECT_EQ(d[e.x].terms[0].via, e.p);
  EXPECT_EQ(exact(d[e.x].terms[0].value), 4);
  EXPECT_EQ(d[e.x].terms[1].via, e.f);
  EXPECT_EQ(exact(d[e.x].terms[1].value), 1);
}

// Forward mode from x: ∂p/∂x = y = 4, ∂f/∂x = 4 + 1 = 5, as reverse mode.
TEST(Tape, TangentsEqualAdjoints) {
  Example e;
  std::vector<Value> v = forward(e.t, {});
  Locals locals = local_derivatives(e.t, v, all(e.t), {}, written);
  std::vector<Chained> dx = tangents(e.t, e.x, locals, all(e.t), {});
  EXPECT_EQ(exact(dx[e.p].value), 4);
  EXPECT_EQ(exact(dx[e.f].value), 5);
  EXPECT_FALSE(dx[e.y].reached);
}

// x·x: one operand at two positions, ∂/∂x = x + x = 2x, written as the sum of the positions.
TEST(Tape, AnOperandUsedTwiceSumsItsPositions) {
  Tape t;
  NodeId x = input(t, 7);
  NodeId s = apply(t, Operation::multiply, {x, x});
  EXPECT_EQ(t.consumers(x), std::vector<NodeId>{s});
  std::vector<Value> v = forward(t, {});
  ops::Local d = local_derivative(t, v, s, x, {}, written);
  EXPECT_EQ(exact(d.value), 14);
}

// The seams, each changing one thing: the edge f ← x dropped leaves ∂f/∂x = 4 (the product's
// path only); the seed −1 negates every adjoint; a replaced rule ∂(x·y)/∂x = x gives 3 + 1 = 4.
TEST(Tape, SeamsChangeOnlyWhatTheyName) {
  Example e;
  Seams dropped;
  dropped.keeps_edge = [&](NodeId consumer, NodeId operand) { return !(consumer == e.f && operand == e.x); };
  EXPECT_EQ(exact(e.reversed(dropped)[e.x].value), 4);
  EXPECT_EQ(exact(e.reversed(dropped)[e.y].value), 3);

  Seams negated;
  negated.seed = Value(-1);
  EXPECT_EQ(exact(e.reversed(negated)[e.x].value), -5);
  EXPECT_EQ(exact(e.reversed(negated)[e.y].value), -3);

  Seams replaced;
  replaced.local_rule = [&](const Tape&, NodeId node, std::size_t k, const ops::Point& p,
                            const ops::Written& w) -> std::optional<ops::Local> {
    if (node != e.p) return std::nullopt;
    return ops::Local{p[k], w[k]};
  };
  EXPECT_EQ(exact(e.reversed(replaced)[e.x].value), 4);  // 3 (x itself) + 1
  EXPECT_EQ(exact(e.reversed(replaced)[e.y].value), 4);  // y itself
}

// A hook on produced values sees every computed value: here it rounds down to integers, so
// q = x/y = 7/2 becomes 3 and r = q·y = 3·2 = 6 (not 7).
TEST(Tape, ProducedValuesGoThroughTheHook) {
  Tape t;
  NodeId x = input(t, 7), y = input(t, 2);
  NodeId q = apply(t, Operation::divide, {x, y});
  NodeId r = apply(t, Operation::multiply, {q, y});
  Seams floor;
  floor.produced = [](const Value& v, Produced what, NodeId) {
    EXPECT_EQ(what, Produced::value);  // a forward sweep produces only forward values
    const Rational& a = v.exact();
    return Value(Rational(boost::multiprecision::numerator(a) / boost::multiprecision::denominator(a)));
  };
  std::vector<Value> v = forward(t, floor);
  EXPECT_EQ(exact(v[q]), 3);
  EXPECT_EQ(exact(v[r]), 6);
  EXPECT_EQ(exact(v[x]), 7);  // given values are not produced
}

// An undefined operation names its node: log(0) at node 1.
TEST(Tape, UndefinedOperationNamesItsNode) {
  Tape t;
  NodeId z = input(t, 0);
  NodeId l = apply(t, Operation::log, {z});
  try {
    forward(t, {});
    FAIL() << "log(0) was computed";
  } catch (const Undefined& e) {
    EXPECT_EQ(e.node, l);
  }
}

// A 20,000-term chain sum: forward and reverse loops, no recursion: ∂f/∂x = 20,000.
TEST(Tape, LongChainsNeedNoRecursion) {
  Tape t;
  NodeId x = input(t, 1);
  NodeId chain = x;
  for (int k = 1; k < 20000; ++k) chain = apply(t, Operation::add, {chain, x});
  std::vector<Value> v = forward(t, {});
  EXPECT_EQ(exact(v[chain]), 20000);
  std::vector<Chained> d = reverse(t, chain, local_derivatives(t, v, all(t), {}, written), {});
  EXPECT_EQ(exact(d[x].value), 20000);
  EXPECT_EQ(d[x].terms.size(), 19999u);  // one term per consumer: 19,999 sums use x
}
