// Formula trees and their printer: each formula below is built as the engine builds it and
// compared with the text a reader expects, written out by hand in both dialects.
#include "render/formula_printer.hpp"
#include "support/names.hpp"

#include <gtest/gtest.h>

namespace bptrace {
namespace {

// References written as their canonical names, in braces when inside a longer formula.
std::string text(const Formula& f) {
  return print_formula(f, Dialect::text, [](const Key& k, Place) { return canonical_name(k); });
}
std::string latex(const Formula& f) {
  return print_formula(f, Dialect::latex, [](const Key& k, Place) { return "{" + canonical_name(k) + "}"; });
}
Formula r(const char* name) { return ref(key(name)); }

// σ(z) = 1/(1 + e^(−z)): the denominator is a sum, so it is parenthesised; e^(…) groups its exponent.
TEST(Formula, SigmoidPrintsAsTheDocumentsWriteIt) {
  const Formula z = r("layer1.z[1]");
  const Formula f = math::equation({math::call(math::fn::sigma(), {z}),
                                    math::quotient(math::integer(1), math::sum({math::integer(1), math::exponential(math::negation(z))}))});
  EXPECT_EQ(text(f), "σ(layer1.z[1]) = 1/(1 + e^(−layer1.z[1]))");
  EXPECT_EQ(latex(f), "\\sigma ({layer1.z[1]}) = 1/(1 + e^{-{layer1.z[1]}})");
}

// Parentheses come from precedence: a − (b + c), (a − y)², 2·(a − y), (1 − y)/(1 − a) − y/a.
TEST(Formula, ParenthesesFollowPrecedence) {
  const Formula a = r("layer2.a[1]"), y = r("target.y[1]"), b = r("layer2.b[1]");
  EXPECT_EQ(text(math::difference(a, math::sum({y, b}))), "layer2.a[1] − (target.y[1] + layer2.b[1])");
  EXPECT_EQ(text(math::sum({a, math::difference(y, b)})), "layer2.a[1] + target.y[1] − layer2.b[1]");
  EXPECT_EQ(text(math::square(math::difference(a, y))), "(layer2.a[1] − target.y[1])²");
  EXPECT_EQ(latex(math::square(math::difference(a, y))), "({layer2.a[1]} - {target.y[1]})^{2}");
  EXPECT_EQ(text(math::product({math::integer(2), math::difference(a, y)})), "2·(layer2.a[1] − target.y[1])");
  const Formula one = math::integer(1);
  EXPECT_EQ(text(math::difference(math::quotient(math::difference(one, y), math::difference(one, a)), math::quotient(y, a))),
            "(1 − target.y[1])/(1 − layer2.a[1]) − target.y[1]/layer2.a[1]");
  EXPECT_EQ(text(math::negation(math::quotient(y, a))), "−target.y[1]/layer2.a[1]");
  EXPECT_EQ(text(math::quotient(one, math::product({a, y}))), "1/(layer2.a[1]·target.y[1])");
}

// log is written before an atom without parentheses, with them before anything longer.
TEST(Formula, LogTakesAnAtomWithoutParentheses) {
  const Formula a = r("layer2.a[1]");
  EXPECT_EQ(text(math::prefix(math::fn::log(), a)), "log layer2.a[1]");
  EXPECT_EQ(text(math::prefix(math::fn::log(), math::difference(math::integer(1), a))), "log(1 − layer2.a[1])");
  EXPECT_EQ(latex(math::prefix(math::fn::log(), a)), "\\log  {layer2.a[1]}");
}

// The vectorised view: δ = g'(z) ⊙ (W δ), ∂L/∂W = δ xᵀ, 1 − a ⊙ a.
TEST(Formula, MatrixOperatorsOfTheVectorisedView) {
  const Formula W = r("layer2.W"), d = r("layer2.dz"), g = r("layer1.dadz"), x = r("input.x"), a = r("layer1.a");
  EXPECT_EQ(text(math::hadamard(g, math::matrix_product({W, d}))), "layer1.dadz ⊙ (layer2.W layer2.dz)");
  EXPECT_EQ(text(math::matrix_product({d, math::transpose(x)})), "layer2.dz input.xᵀ");
  EXPECT_EQ(latex(math::matrix_product({d, math::transpose(x)})), "{layer2.dz} {input.x}^{\\top}");
  EXPECT_EQ(text(math::difference(math::integer(1), math::hadamard(a, a))), "1 − layer1.a ⊙ layer1.a");
}

// A reference knows its place: alone it is free; in a product the first factor is a lead factor
// (a sign needs no parentheses there, a fraction does), the others are factors.
TEST(Formula, AReferenceKnowsItsPlace) {
  std::vector<Place> places;
  auto writer = [&](const Key&, Place place) {
    places.push_back(place);
    return std::string("x");
  };
  print_formula(r("layer1.z[1]"), Dialect::text, writer);
  print_formula(math::product({r("layer1.z[1]"), r("layer1.a[1]")}), Dialect::text, writer);
  EXPECT_EQ(places, (std::vector<Place>{Place::free, Place::lead_factor, Place::factor}));
}

// Each distinct key is stored once; references are visited in the order they are printed.
TEST(Formula, KeysAreStoredOnceAndVisitedInPrintOrder) {
  const Formula a = r("layer1.a[1]"), z = r("layer1.z[1]");
  const Formula f = math::equation({math::derivative_call(math::fn::sigma(), {z}), math::product({a, math::difference(math::integer(1), a)})});
  EXPECT_EQ(f.keys(), (std::vector<Key>{key("layer1.z[1]"), key("layer1.a[1]")}));
  std::vector<std::string> visited;
  for_each_reference(f, [&](const Key& k) { visited.push_back(canonical_name(k)); });
  EXPECT_EQ(visited, (std::vector<std::string>{"layer1.z[1]", "layer1.a[1]", "layer1.a[1]"}));
}

// The trace stores a shape once: neuron 1 and neuron 2 of a layer share theirs.
TEST(Formula, TheTraceStoresEachShapeOnce) {
  Trace t;
  auto sigmoid_of = [](const char* z) {
    return math::call(math::fn::sigma(), {ref(key(z))});
  };
  t.add(Step{key("layer1.a[1]"), Phase::forward, sigmoid_of("layer1.z[1]"), Value(0), {}});
  t.add(Step{key("layer1.a[2]"), Phase::forward, sigmoid_of("layer1.z[2]"), Value(0), {}});
  const Formula& first = t.steps()[0].formula;
  const Formula& second = t.steps()[1].formula;
  EXPECT_EQ(first.shared_shape().get(), second.shared_shape().get());
  EXPECT_NE(first.keys(), second.keys());
  EXPECT_EQ(text(second), "σ(layer1.z[2])");
}

// A sum of 20,000 terms is one n-ary node: it builds, prints and is walked without recursing
// once per term (this test also runs under ASan, whose stack is small).
TEST(Formula, ATwentyThousandTermSumBuildsAndPrints) {
  constexpr int n = 20000;
  std::vector<Formula> terms;
  terms.reserve(n);
  for (int i = 1; i <= n; ++i) terms.push_back(math::product({ref(input_key(0, i)), math::integer(i)}));
  const Formula sum = math::sum(std::move(terms));
  EXPECT_EQ(sum.keys().size(), static_cast<std::size_t>(n));
  const std::string printed = text(sum);
  EXPECT_TRUE(printed.starts_with("input.x[1]·1 + input.x[2]·2 + ")) << printed.substr(0, 40);
  EXPECT_TRUE(printed.ends_with(" + input.x[20000]·20000")) << printed.substr(printed.size() - 40);
  std::size_t references = 0;
  for_each_reference(sum, [&](const Key&) { ++references; });
  EXPECT_EQ(references, static_cast<std::size_t>(n));
  Trace t;
  t.add(Step{key("layer1.z[1]"), Phase::forward, sum, Value(0), {}});
  EXPECT_EQ(t.steps()[0].formula, sum);
}

// Words inside a formula are prose: upright text in LaTeX.
TEST(Formula, WordsArePrintedAsText) {
  const Formula f = math::annotated(math::integer(0), same("   "), math::words("y does not depend on x_1"));
  EXPECT_EQ(text(f), "0   (y does not depend on x_1)");
  EXPECT_EQ(latex(f), "0   (\\text{ y does not depend on x\\_1 })");
}

}  // namespace
}  // namespace bptrace
