// The notations against the documents' own symbols, by hand: document 001's w^[1]_1,2, document
// 003's ω (the transpose), document 000's bias column, document 004's one hidden layer.
#include "support/names.hpp"
#include "render/notation.hpp"
#include "render/spell.hpp"

#include <gtest/gtest.h>

namespace bptrace {
namespace {

NetworkShape two_two_two() {
  NetworkShape shape;
  shape.inputs = 2;
  shape.widths = {2, 2};
  Activation sigmoid;
  sigmoid.kind = ActivationKind::sigmoid;
  shape.activations = {sigmoid, sigmoid};
  return shape;
}

// Document 001 writes w^[1]_{1,2} for row 1 (neuron 1), column 2 (input 2).
TEST(Notation, BracketWritesRowThenColumn) {
  Notation n(NotationKind::bracket, two_two_two());
  EXPECT_EQ(n.symbol(key("layer1.W[1,2]")).text, "w^[1]_1,2");
  EXPECT_EQ(n.symbol(key("layer1.W[1,2]")).latex, "w^{[1]}_{1,2}");
  EXPECT_EQ(n.symbol(key("layer2.dz[1]")).text, "δ^[2]_1");
  EXPECT_EQ(n.symbol(key("layer2.W")).text, "W^[2]");
  EXPECT_EQ(n.symbol(key("step2.layer1.b[2]")).text, "b^[1]_2{t=2}");
}

// Document 003: column k of Ω^j holds neuron k's weights, so W[1,2] (neuron 1, input 2) is ω^1_{2,1}.
TEST(Notation, FormalTransposesWeights) {
  Notation n(NotationKind::formal, two_two_two());
  EXPECT_EQ(n.symbol(key("layer1.W[1,2]")).text, "ω^1_2,1");
  EXPECT_EQ(n.symbol(key("layer1.W")).text, "Ω^1");
  EXPECT_EQ(n.symbol(key("layer2.dz[1]")).text, "B^2_1");
  EXPECT_EQ(n.symbol(key("layer1.da[2]")).text, "P^2_2");  // [P^2]ᵀ = Ω^2 B^2 is ∂ℰ/∂α^1
  EXPECT_EQ(n.symbol(key("input.x[1]")).text, "α^0_1");
}

// The formal notation's matrices are the transposes of the bracket notation's, cell for cell.
TEST(Notation, FormalGridIsTheTransposeOfBracketGrid) {
  Notation bracket(NotationKind::bracket, two_two_two());
  Notation formal(NotationKind::formal, two_two_two());
  for (std::string whole : {"layer1.W", "layer2.dW", "step2.layer2.W"}) {
    Grid b = bracket.grid(key(whole)), f = formal.grid(key(whole));
    ASSERT_EQ(b.size(), f[0].size());
    for (std::size_t r = 0; r < b.size(); ++r)
      for (std::size_t c = 0; c < b[r].size(); ++c) EXPECT_EQ(b[r][c].key, f[c][r].key) << whole;
  }
}

// Document 000: W_0 holds the bias as its last column, and x has a 1 appended; z_1 = W_0 x.
TEST(Notation, AugmentedFoldsTheBiasIntoW) {
  Notation n(NotationKind::augmented, two_two_two());
  Grid w = n.grid(key("layer1.W"));
  ASSERT_EQ(w.size(), 2u);
  ASSERT_EQ(w[0].size(), 3u);
  EXPECT_EQ(w[0][2].key, key("layer1.b[1]"));
  Grid x = n.grid(key("input.x"));
  ASSERT_EQ(x.size(), 3u);
  EXPECT_FALSE(x[2][0].key.has_value());  // the constant 1
  EXPECT_EQ(n.symbol(key("layer1.W[2,1]")).text, "(W_0)_2,1");
  EXPECT_EQ(n.symbol(key("layer2.a[1]")).text, "ŷ_1");
  EXPECT_EQ(n.forward_equations(1, 0, 1)[0].formula, math::matrix_product({ref(key("layer1.W")), ref(key("input.x"))}));
}

// Defect 2 of issue 13: under delta_sign = "-dL/dz" the backward quantities are the negated
// derivatives; each notation writes them as minus its own symbol (they had no symbol at all, and
// input.neg_dx was written as x_i).
TEST(Notation, NegatedGradientsAreMinusTheirSymbol) {
  Notation bracket(NotationKind::bracket, two_two_two());
  EXPECT_EQ(bracket.symbol(key("layer2.neg_dz[1]")).text, "−δ^[2]_1");
  EXPECT_EQ(bracket.symbol(key("layer2.neg_dW[1,2]")).text, "−∂L/∂w^[2]_1,2");
  EXPECT_EQ(bracket.symbol(key("input.neg_dx[1]")).text, "−∂L/∂x_1");
  EXPECT_EQ(bracket.symbol(key("layer2.neg_dz[1]")).latex, "-\\delta ^{[2]}_{1}");
  Notation formal(NotationKind::formal, two_two_two());
  EXPECT_EQ(formal.symbol(key("layer2.neg_dz[1]")).text, "−" + formal.symbol(key("layer2.dz[1]")).text);
  for (auto kind : {NotationKind::augmented, NotationKind::paren, NotationKind::hidden_output}) {
    Notation n(kind, two_two_two());
    EXPECT_EQ(n.symbol(key("layer1.neg_db[2]")).text, "−" + n.symbol(key("layer1.db[2]")).text);
  }
}

// Inside a longer formula a negated symbol is bracketed: w·(−δ), not w·−δ; alone it is not.
TEST(Notation, NegatedSymbolsAreBracketedInsideAFormula) {
  Notation bracket(NotationKind::bracket, two_two_two());
  const Formula backward = math::product({ref(key("layer2.W[1,1]")), ref(key("layer2.neg_dz[1]"))});
  EXPECT_EQ(formula_symbols(backward, bracket, Dialect::text), "w^[2]_1,1·(−δ^[2]_1)");
  EXPECT_EQ(formula_symbols(backward, bracket, Dialect::latex), "{w^{[2]}_{1,1}}\\cdot ({-\\delta ^{[2]}_{1}})");
  EXPECT_EQ(formula_symbols(ref(key("layer2.neg_dz[1]")), bracket, Dialect::text), "−δ^[2]_1");
}

// Mazur's network shares one frozen bias per layer: b^[1] is one number at every step, so the
// vectorised view writes [0.35], never the neurons' missing layer1.b[2] or step2.layer1.b[1].
TEST(Notation, ASharedFrozenBiasIsOneGivenNumber) {
  NetworkShape shape = two_two_two();
  shape.shared_bias = true;
  shape.frozen_bias = true;
  Notation bracket(NotationKind::bracket, shape);
  Grid b = bracket.grid(key("layer1.b"));
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0][0].key, key("layer1.b[1]"));
  EXPECT_EQ(bracket.grid(key("layer1.db")).size(), 1u);
  EXPECT_EQ(bracket.forward_equations(2, 0, 1)[0].formula,
            math::sum({math::matrix_product({ref(key("step2.layer1.W")), ref(key("input.x"))}), ref(key("layer1.b"))}));
  ASSERT_TRUE(Notation(NotationKind::augmented, shape).cannot_express());
  EXPECT_NE(Notation(NotationKind::augmented, shape).cannot_express()->find("shared_per_layer"), std::string::npos);
}

// A per-output loss term is L_k; a per-path term is its quantity along the path.
TEST(Notation, LossTermsAndPathTermsHaveSymbols) {
  Notation bracket(NotationKind::bracket, two_two_two());
  EXPECT_EQ(bracket.symbol(key("loss[2]")).text, "L_2");
  EXPECT_EQ(bracket.symbol(key("layer1.da[1] via layer2.z[2]")).text, "∂L/∂a^[1]_1 (via z^[2]_2)");
  EXPECT_EQ(Notation(NotationKind::paren, two_two_two()).symbol(key("sample2.loss[1]")).text, "J^[2]_1");
}

// Document 004's z^H, u^O; with several samples z^H_{i,j} is sample i, unit j.
TEST(Notation, HiddenOutputNamesLayersHAndO) {
  Notation n(NotationKind::hidden_output, two_two_two());
  EXPECT_FALSE(n.cannot_express());
  EXPECT_EQ(n.symbol(key("layer1.a[2]")).text, "u^H_2");
  EXPECT_EQ(n.symbol(key("sample3.layer2.z[1]")).text, "z^O_3,1");
}

// Three layers cannot be written as z^H, z^O: the notation says so rather than print nonsense.
TEST(Notation, HiddenOutputRefusesThreeLayers) {
  NetworkShape shape = two_two_two();
  shape.widths.push_back(1);
  shape.activations.push_back(shape.activations.back());
  Notation n(NotationKind::hidden_output, shape);
  ASSERT_TRUE(n.cannot_express());
  EXPECT_NE(n.cannot_express()->find("3 layers"), std::string::npos);
}

// Names of other kinds of lessons (computation graphs) are written as they are.
TEST(Notation, UnknownNamesFallBackToTheCanonicalName) {
  for (auto kind : {NotationKind::bracket, NotationKind::augmented, NotationKind::paren, NotationKind::formal,
                    NotationKind::hidden_output}) {
    Notation n(kind, two_two_two());
    EXPECT_EQ(n.symbol(node_key("graph.f")).text, "graph.f");
    EXPECT_EQ(n.symbol(node_key("node_x[1]")).latex, "\\texttt{node\\_x[1]}");
    EXPECT_EQ(n.symbol(key("layer7.z[1]")).text, "layer7.z[1]");  // no such layer
  }
}

// A computation graph (no layers) is not described as a layered notation: its legend says that
// the graph's own names are used, in every notation (hidden-output included, which refuses
// only layered networks it cannot write); a network's legend names its document.
TEST(Notation, GraphLegendDescribesTheGraphsOwnNames) {
  for (auto kind : {NotationKind::bracket, NotationKind::augmented, NotationKind::paren, NotationKind::formal,
                    NotationKind::hidden_output}) {
    std::string legend = Notation(kind, NetworkShape{}).legend();
    EXPECT_NE(legend.find("computation graph's own"), std::string::npos);
    EXPECT_EQ(legend.find("Notation of document"), std::string::npos);
  }
  EXPECT_EQ(Notation(NotationKind::bracket, two_two_two()).legend().rfind("Notation of document 001", 0), 0u);
  EXPECT_FALSE(Notation(NotationKind::hidden_output, NetworkShape{}).cannot_express());
}

TEST(Notation, NamesRoundTrip) {
  for (std::string name : {"step2.sample3.layer1.dW[1,2]", "sample1.input.x[2]", "loss", "step3.loss",
                           "learning_rate", "layer2.W", "target.y[1]"})
    EXPECT_EQ(canonical_name(*parse_name(name)), name);
  EXPECT_FALSE(parse_name("layer1.z[1"));
}

}  // namespace
}  // namespace bptrace
