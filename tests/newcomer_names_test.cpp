// Issue 22, "Names": `bptrace names`, and one "did you mean" for every place a quantity is named
// (check, --show, [[document]]), ranked over canonical and notation spellings with the sample and
// step prefixes considered. Expected names are worked out from the lessons by hand.
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace {

using bptrace::test_support::CommandResult;

CommandResult run(const std::string& args) { return bptrace::test_support::run_bptrace(args); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string lesson_text(const std::string& file) {
  std::ifstream in(std::string(BPTRACE_SOURCE_DIR) + "/lessons/" + file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// 001-4 has 66 quantities: 17 given (x 2, y 2, W 4 + 4, b 2 + 2, η), 8 forward (z, a of two
// layers of two), 3 loss (two terms and L), 26 backward (per layer da 2, dadz 2, dz 2, dW 4,
// db 2; input.dx 2) and 12 updated parameters.
TEST(NewcomerNames, NamesListsEveryQuantity) {
  CommandResult r = run("names 001-4");
  ASSERT_EQ(r.status, 0) << r.out;
  int lines = 0;
  for (char c : r.out) lines += c == '\n';
  EXPECT_EQ(lines, 66) << r.out;
  EXPECT_EQ(r.out.rfind("input.x[1]\ninput.x[2]\ntarget.y[1]\n", 0), 0u) << r.out;
  EXPECT_TRUE(contains(r.out, "\nlayer1.dW[1,1]\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "\nstep2.layer2.b[2]\n")) << r.out;
}

// With a notation, each name's text and LaTeX symbol, names padded to the longest
// (step2.layer1.W[1,1], 19 characters).
TEST(NewcomerNames, NamesWithANotation) {
  CommandResult r = run("names 001-4 --notation paren");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "\nlayer1.z[1]          z^(1)_1   z^{(1)}_{1}\n")) << r.out;
  EXPECT_EQ(run("names 001-4 --notation nope").status, 2);
}

// `dL/dW11` (issue 22: it suggested loss[1], input.x[1], layer1.b[1]): the weight gradients.
TEST(NewcomerNames, CheckSuggestsByLettersAndDigits) {
  CommandResult r = run("check 001-4 --answer 'dL/dW11=0.1'");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.out, "did you mean layer2.dW[1,1], layer1.dW[1,1], ")) << r.out;
}

// `layer2.a[1]` in the batch lesson 001-2 lacks its sample: sample1.layer2.a[1] first.
TEST(NewcomerNames, CheckSuggestsTheSamplePrefix) {
  CommandResult r = run("check 001-2 --answer 'layer2.a[1]=0.1'");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.out, "did you mean sample1.layer2.a[1], sample2.layer2.a[1], ")) << r.out;
}

// --show takes a notation's spelling as check does, and suggests names for one it lacks.
TEST(NewcomerNames, ShowSuggestsAndTakesNotationNames) {
  CommandResult wrong = run("run 001-4 --show 'layer1.dw[1,1]'");
  EXPECT_EQ(wrong.status, 2);
  EXPECT_TRUE(contains(wrong.out, "error: --show layer1.dw[1,1]: no quantity 'layer1.dw[1,1]' in this lesson; did you mean "
                                  "layer1.dW[1,1], "))
      << wrong.out;
  EXPECT_TRUE(contains(wrong.out, "bptrace names 001-4-sigmoid-2-2-2")) << wrong.out;
  CommandResult spelled = run("run 001-4 --show 'dL/dw_{1,1}^{[1]}'");
  EXPECT_EQ(spelled.status, 0) << spelled.out;
  EXPECT_TRUE(contains(spelled.out, "Only layer1.dW[1,1] and what it depends on:")) << spelled.out;
}

// A [[document]] quantity the lesson lacks gets the nearest names, not itself back; a graph
// lesson gets its own node names, not the network hint.
TEST(NewcomerNames, DocumentNamesSuggestNearestNames) {
  std::string text = lesson_text("001-4-sigmoid-2-2-2.toml");
  text.replace(text.find("quantity = \"layer2.dW[1,1]\""), 27, "quantity = \"layer2.dW[1,3]\"");
  const std::string path = ::testing::TempDir() + "doc_name.toml";
  std::ofstream(path) << text;
  CommandResult r = run("run " + path);
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.out, "no quantity 'layer2.dW[1,3]' in this lesson; did you mean layer2.dW[1,1], layer2.dW[1,2]"))
      << r.out;
  EXPECT_FALSE(contains(r.out, "names look like")) << r.out;

  std::string graph = lesson_text("000-2-log-graph.toml");
  graph.replace(graph.find("quantity = \"f\""), 14, "quantity = \"f.4\"");
  const std::string graph_path = ::testing::TempDir() + "doc_graph_name.toml";
  std::ofstream(graph_path) << graph;
  CommandResult g = run("run " + graph_path);
  EXPECT_EQ(g.status, 2);
  // Skeleton f4: f is one deletion away, f.1 and f.2 a substitution (two), first in trace order.
  EXPECT_TRUE(contains(g.out, "no quantity 'f.4' in this lesson; did you mean f, f.1, f.2?")) << g.out;
  EXPECT_FALSE(contains(g.out, "layer2")) << g.out;
}

// 002-7 traces steps 1, 2 and 6 (detail_steps = 2): step 4 is computed, its loss is in the summary,
// but its forward pass is not traced: "not traced in full", not "unknown".
TEST(NewcomerNames, AnUntracedStepIsNotUnknown) {
  CommandResult r = run("check 002-7-xor-relu-gradient-descent --answer 'step4.sample1.layer1.z[1]=0.1'");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.out, "'step4.sample1.layer1.z[1]' is computed but not traced in full")) << r.out;
  EXPECT_TRUE(contains(r.out, "(its loss is step4.loss)")) << r.out;
  EXPECT_TRUE(contains(run("check 002-7-xor-relu-gradient-descent --answer 'step9.sample1.layer1.z[1]=0.1'").out,
                       "no quantity 'step9.sample1.layer1.z[1]'"));
}

}  // namespace
