// Quantity names in answers: canonical, or document 001's bracket notation as a student types it.
#include "homework/check.hpp"
#include "lesson/trace_lesson.hpp"
#include "trace/names.hpp"
#include "engine/certify.hpp"
#include "homework/answers.hpp"
#include "lesson/lesson.hpp"

#include <gtest/gtest.h>

namespace bptrace {
namespace {

const Trace& trace001() {
  static const Trace t =
      trace_lesson(load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml"), 20).trace;
  return t;
}

std::string resolved(const std::string& written) {
  auto key = resolve_quantity(written, trace001());
  return key ? canonical_name(*key) : "(none)";
}

// Canonical names resolve to themselves.
TEST(AnswerNames, CanonicalNames) {
  EXPECT_EQ(resolved("layer1.dW[1,1]"), "layer1.dW[1,1]");
  EXPECT_EQ(resolved("step2.layer2.b[1]"), "step2.layer2.b[1]");
}

// LaTeX-ish bracket notation, subscript and superscript in either order, with or without braces.
TEST(AnswerNames, BracketNotation) {
  EXPECT_EQ(resolved("dL/dw_{1,1}^{[1]}"), "layer1.dW[1,1]");
  EXPECT_EQ(resolved("\\partial L/\\partial w^{[2]}_{1,2}"), "layer2.dW[1,2]");
  EXPECT_EQ(resolved("∂L/∂w^[2]_2,1"), "layer2.dW[2,1]");
  EXPECT_EQ(resolved("dL/dw_{11}^{[2]}"), "layer2.dW[1,1]");
  EXPECT_EQ(resolved("w_{1,2}^{[1]}"), "layer1.W[1,2]");
  EXPECT_EQ(resolved("z_1^{[1]}"), "layer1.z[1]");
  EXPECT_EQ(resolved("a^[2]_2"), "layer2.a[2]");
  EXPECT_EQ(resolved("b_1^{[2]}"), "layer2.b[1]");
  EXPECT_EQ(resolved("dL/db_2^{[1]}"), "layer1.db[2]");
  EXPECT_EQ(resolved("\\delta_1^{[2]}"), "layer2.dz[1]");
  EXPECT_EQ(resolved("δ^[1]_2"), "layer1.dz[2]");
  EXPECT_EQ(resolved("dL/da_1^{[1]}"), "layer1.da[1]");
  EXPECT_EQ(resolved("dL/dz_1^{[2]}"), "layer2.dz[1]");
  EXPECT_EQ(resolved("g'(z_1^{[2]})"), "layer2.dadz[1]");
  EXPECT_EQ(resolved("x^(1)"), "input.x[1]");
  EXPECT_EQ(resolved("y_2"), "target.y[2]");
  EXPECT_EQ(resolved("\\hat{y}_1"), "layer2.a[1]");
  EXPECT_EQ(resolved("L"), "loss");
  EXPECT_EQ(resolved("\\eta"), "learning_rate");
}

// Names the lesson does not have are not resolved; the closest names are offered instead.
TEST(AnswerNames, UnknownNamesGetSuggestions) {
  EXPECT_EQ(resolved("dL/dw_{3,1}^{[2]}"), "(none)");
  EXPECT_EQ(resolved("layer3.z[1]"), "(none)");
  auto near = closest_names("layer2.dW[1,3]", trace001());
  ASSERT_FALSE(near.empty());
  EXPECT_EQ(near.front(), "layer2.dW[1,1]");
  auto near_notation = closest_names("dL/dw_{3,1}^{[2]}", trace001());
  EXPECT_NE(std::find(near_notation.begin(), near_notation.end(), "layer2.dW[2,1]"), near_notation.end());
}

}  // namespace
// Defect 1 of issue 13: in a batch, `run` prints sample 1's loss as L^(1); an answer spelt so
// means that loss (2.2578125 in 001-2), not the batch loss.
TEST(AnswerNames, SampleLossInBracketSpelling) {
  const Trace t = trace_lesson(load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-2-network-3-4-3-1.toml"), 20).trace;
  auto written = resolve_quantity("L^(1)", t);
  ASSERT_TRUE(written);
  EXPECT_EQ(canonical_name(*written), "sample1.loss");
  EXPECT_EQ(judge_answer(t.value(*written), "2.2578125"), AnswerVerdict::exact);
  EXPECT_EQ(canonical_name(*resolve_quantity("L", t)), "loss");
}

}  // namespace bptrace
