// Issue 22, "Reading a long trace": notation got heavy, z^(1)[1]_1{t=6} (layer, sample, index and
// step at once). Under the heading of step t, the quantities of step t are now written without
// their step mark; a quantity of another step (the parameters an update makes, the untraced
// steps' marker) keeps it. Expected symbols by hand from the notations (document 002's paren
// notation: z^(l), sample [i], index _j); lesson 002-7 traces steps 1, 2 and 6 (detail_steps = 2).
#include "render/notation.hpp"
#include "support/command.hpp"
#include "support/names.hpp"

#include <gtest/gtest.h>

namespace bptrace {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The text from the line starting with `from` up to the next line starting with `to`.
std::string block(const std::string& text, const std::string& from, const std::string& to) {
  const std::size_t start = text.find(from);
  if (start == std::string::npos) return "";
  const std::size_t end = text.find(to, start + from.size());
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

NetworkShape two_two_one() {
  NetworkShape shape;
  shape.inputs = 2;
  shape.widths = {2, 1};
  Activation relu, identity;
  relu.kind = ActivationKind::relu;
  identity.kind = ActivationKind::identity;
  shape.activations = {relu, identity};
  return shape;
}

TEST(NewcomerStepMarks, TheHeadingsStepIsUnmarkedOthersKeepTheirs) {
  const Notation n(NotationKind::paren, two_two_one());
  EXPECT_EQ(n.symbol(key("step6.sample1.layer1.z[1]")).text, "z^(1)[1]_1{t=6}");
  const Notation six = n.at_step(6);
  EXPECT_EQ(six.symbol(key("step6.sample1.layer1.z[1]")).text, "z^(1)[1]_1");
  EXPECT_EQ(six.symbol(key("step6.layer1.W[1,1]")).text, "W^(1)_1,1");
  // The update of step 6 makes the parameters of step 7.
  EXPECT_EQ(six.symbol(key("step7.layer1.W[1,1]")).text, "W^(1)_1,1{t=7}");
  EXPECT_EQ(six.symbol(key("step7.layer1.W[1,1]")).latex, "{W^{(1)}_{1,1}}\\big\\vert_{t=7}");
  // Given values (step 1) never carry a mark.
  EXPECT_EQ(six.symbol(key("sample1.input.x[1]")).text, "x^[1]_1");
  EXPECT_EQ(six.symbol(key("step6.loss")).text, "J");
  // Step 0 (no step: the given values, the marker of untraced steps) is step 1.
  EXPECT_EQ(n.at_step(0).symbol(key("step6.loss")).text, "J{t=6}");
}

TEST(NewcomerStepMarks, LessonTwoSevenInText) {
  auto r = test_support::run_bptrace("run 002-7-xor-relu-gradient-descent");
  ASSERT_EQ(r.status, 0) << r.out;
  const std::string two = block(r.out, "=== Gradient-descent step 2 ===", "=== Steps 3–5");
  ASSERT_FALSE(two.empty()) << r.out;
  EXPECT_FALSE(contains(two, "{t=2}")) << two;
  EXPECT_TRUE(contains(two, "\n  z^(1)[1]_1 = W^(1)_1,1·x^[1]_1 + W^(1)_1,2·x^[1]_2 + b^(1)_1\n")) << two;
  EXPECT_TRUE(contains(two, "\n  W^(1)_1,1{t=3} = W^(1)_1,1 − η·∂J/∂W^(1)_1,1\n")) << two;
  // The marker of steps 3–5 is under no step's heading: its parameters keep their marks.
  EXPECT_TRUE(contains(r.out, "\n  W^(1)_1,1{t=6} = W^(1)_1,1{t=5} − η·∂J/∂W^(1)_1,1{t=5}\n")) << r.out;
  const std::string six = block(r.out, "=== Gradient-descent step 6 ===", "=== Step 7");
  EXPECT_FALSE(contains(six, "{t=6}")) << six;
  EXPECT_TRUE(contains(six, "\n  W^(1)_1,1{t=7} = W^(1)_1,1 − η·∂J/∂W^(1)_1,1\n")) << six;
  const std::string seven = block(r.out, "=== Step 7", "-- Training summary");
  EXPECT_FALSE(contains(seven, "{t=7}")) << seven;
  EXPECT_TRUE(contains(r.out, "Steps: under the heading of gradient-descent step t, the quantities of step t\n"
                              "are written without their step;"))
      << r.out;
}

TEST(NewcomerStepMarks, MarkdownAndLatexToo) {
  auto md = test_support::run_bptrace("run 002-7-xor-relu-gradient-descent --format markdown");
  ASSERT_EQ(md.status, 0) << md.out;
  const std::string two = block(md.out, "## Gradient-descent step 2", "## Steps 3–5");
  ASSERT_FALSE(two.empty());
  EXPECT_FALSE(contains(two, "t=2}")) << two;
  EXPECT_TRUE(contains(two, "{W^{(1)}_{1,1}}\\big\\vert_{t=3}")) << two;
  auto tex = test_support::run_bptrace("run 002-7-xor-relu-gradient-descent --format latex");
  ASSERT_EQ(tex.status, 0) << tex.out;
  const std::string tex_two = block(tex.out, "\\section*{Gradient-descent step 2}", "\\section*{Steps 3–5");
  ASSERT_FALSE(tex_two.empty());
  EXPECT_FALSE(contains(tex_two, "t=2}")) << tex_two;
  EXPECT_TRUE(contains(tex_two, "{W^{(1)}_{1,1}}\\big\\vert_{t=3} &= {W^{(1)}_{1,1}} - ")) << tex_two;
}

// --steps K leaves steps out: step 1 keeps its heading, and the steps after K get one marker with
// their losses. 002-7 has six updates and the loss after them (final_loss), so steps 2–7.
TEST(NewcomerStepMarks, StepsOptionMarksTheStepsLeftOut) {
  auto r = test_support::run_bptrace("run 002-7-xor-relu-gradient-descent --steps 1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "\n=== Gradient-descent step 1 ===\n")) << r.out;
  EXPECT_FALSE(contains(r.out, "=== Gradient-descent step 2 ===")) << r.out;
  const std::string marker = block(r.out, "=== Steps 2–7: not shown (--steps 1) ===", "-- Training summary");
  ASSERT_FALSE(marker.empty()) << r.out;
  EXPECT_TRUE(contains(marker, "[step2.loss]")) << marker;
  EXPECT_TRUE(contains(marker, "[step7.loss]")) << marker;
  auto md = test_support::run_bptrace("run 002-7-xor-relu-gradient-descent --steps 1 --format markdown");
  EXPECT_TRUE(contains(md.out, "## Steps 2–7: not shown (--steps 1)\n")) << md.out;
}

// A lesson of one step has no step marks to leave out, and no note about them.
TEST(NewcomerStepMarks, OneStepLessonHasNoNote) {
  auto r = test_support::run_bptrace("run 001-4");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_FALSE(contains(r.out, "Steps: under the heading")) << r.out;
}

}  // namespace
}  // namespace bptrace
