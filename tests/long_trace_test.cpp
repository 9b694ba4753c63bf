// Issue 22, "Reading a long trace": lesson 002-7 (six full-batch steps, detail_steps = 2,
// final_loss) traces steps 1, 2 and 6 in full and computes 3–5 without tracing them. Expected by
// hand from the lesson file: a heading for each of steps 1, 2 and 6, one marker for steps 3–5
// with their three losses, and the update formula beside each parameter step 6 starts from.
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> headings(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("=== ", 0) == 0) out.push_back(line);
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::vector<std::string> kHeadings = {
    "=== Gradient-descent step 1 ===", "=== Gradient-descent step 2 ===", "=== Steps 3–5: computed, not shown ===",
    "=== Gradient-descent step 6 ===", "=== Step 7: the forward pass and loss after the last update ==="};

// Every step has a heading, step 1 too; the untraced steps 3–5 have one marker (per-weight and vectorised).
TEST(LongTrace, EveryStepHasAHeadingAndUntracedStepsAMarker) {
  for (const char* view : {"per-weight", "vectorised"}) {
    auto r = bptrace::test_support::run_bptrace(std::string("run 002-7-xor-relu-gradient-descent --view ") + view);
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(headings(r.out), kHeadings) << view;
    // The losses of steps 3, 4 and 5, as the training summary at the end gives them.
    for (const char* loss : {"0.160814065706119", "0.152337039132475", "0.145228689330428"})
      EXPECT_GE(r.out.find(loss), r.out.find("=== Steps 3–5")) << view << " " << loss;
  }
}

// A parameter reached by untraced steps shows its update formula, not only its value.
TEST(LongTrace, UntracedParametersShowTheirFormula) {
  auto r = bptrace::test_support::run_bptrace("run 002-7-xor-relu-gradient-descent");
  EXPECT_TRUE(contains(r.out, "  W^(1)_1,1{t=6} = W^(1)_1,1{t=5} − η·∂J/∂W^(1)_1,1{t=5}\n"
                              "                 = (exact fraction of 700 characters) ≈ 0.504188877535796\n"
                              "                 [step6.layer1.W[1,1]]\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  b^(2)_1{t=6} = b^(2)_1{t=5} − η·∂J/∂b^(2)_1{t=5}\n")) << r.out;
  auto v = bptrace::test_support::run_bptrace("run 002-7-xor-relu-gradient-descent --view vectorised");
  EXPECT_TRUE(contains(v.out, "  W^(1){t=6} = W^(1){t=5} − η·∇_(W^(1)) J{t=5}\n")) << v.out;
}

// Every format writes the marker (the vectorised LaTeX once dereferenced a missing step there).
TEST(LongTrace, EveryFormatWritesTheMarker) {
  for (const char* format : {"markdown", "latex"})
    for (const char* view : {"per-weight", "vectorised"}) {
      auto r = bptrace::test_support::run_bptrace(std::string("run 002-7-xor-relu-gradient-descent --format ") + format +
                                                  " --view " + view);
      EXPECT_EQ(r.status, 0) << format << " " << view;
      // LaTeX is pure ASCII: its en dash is "--".
      const std::string marker = std::string(format) == "latex" ? "Steps 3--5: computed, not shown" : "Steps 3–5: computed, not shown";
      EXPECT_TRUE(contains(r.out, marker)) << format << " " << view;
    }
}

// A lesson of one step keeps its trace without a step heading (001-4: one update).
TEST(LongTrace, OneStepLessonHasNoStepHeading) {
  auto r = bptrace::test_support::run_bptrace("run 001-4");
  EXPECT_TRUE(headings(r.out).empty()) << r.out;
}

}  // namespace
