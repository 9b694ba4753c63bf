// Issue 22, "Reading a long trace": the 001-3 activation lessons took ~176 lines to tabulate g and
// g' at five points. `--view table` writes one row per point: z, g(z), g'(z). The values of tanh
// by mpmath at 30 digits (tanh(8) = 0.999999774929675889…, 1 − tanh(8)² = 4.5014059756372916…e-7,
// tanh(1/2) = 0.4621171572600097…, 1 − tanh(1/2)² = 0.7864477329659274…), exact at z = 0: g = 0,
// g' = 1. Column widths by hand: the widest cell of each column and one space.
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using bptrace::test_support::run_bptrace;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(NewcomerTableView, TanhIsOneRowPerPoint) {
  auto r = run_bptrace("run 001-3-activation-tanh --view table");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "-- g = tanh: g(z) and its derivative g'(z) at 5 points --\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "\n  sample  z       g(z)                  g'(z)\n"
                              "  1       = -8    ≈ -0.999999774929676  ≈ 4.50140597563729e-7\n"
                              "  2       = -0.5  ≈ -0.462117157260010  ≈ 0.786447732965927\n"
                              "  3       = 0     = 0                   = 1\n"
                              "  4       = 0.5   ≈ 0.462117157260010   ≈ 0.786447732965927\n"
                              "  5       = 8     ≈ 0.999999774929676   ≈ 4.50140597563729e-7\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "sampleK.layer1.z[1],\n  sampleK.layer1.a[1], sampleK.layer1.dadz[1].")) << r.out;
  // The derivation itself is not repeated: no Forward pass, and far fewer lines than its 176.
  EXPECT_FALSE(contains(r.out, "-- Forward pass --")) << r.out;
  EXPECT_LT(std::count(r.out.begin(), r.out.end(), '\n'), 40) << r.out;
}

// ReLU at its points, exact throughout: max(0, z) and g'(z) = 1 for z >= 0 (the lesson's g'(0) = 1).
TEST(NewcomerTableView, ReluInMarkdown) {
  auto r = run_bptrace("run 001-3-activation-relu --view table --format markdown");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "| sample | $z$ | $g(z)$ | $g'(z)$ |\n|---|---|---|---|\n"
                              "| 1 | $= -8$ | $= 0$ | $= 0$ |\n"
                              "| 2 | $= -\\tfrac{1}{2} = -0.5$ | $= 0$ | $= 0$ |\n"
                              "| 3 | $= 0$ | $= 0$ | $= 1$ |\n"
                              "| 4 | $= \\tfrac{1}{2} = 0.5$ | $= \\tfrac{1}{2} = 0.5$ | $= 1$ |\n"
                              "| 5 | $= 8$ | $= 8$ | $= 1$ |\n"))
      << r.out;
  auto tex = run_bptrace("run 001-3-activation-relu --view table --format latex");
  ASSERT_EQ(tex.status, 0) << tex.out;
  EXPECT_TRUE(contains(tex.out, "\\begin{tabular}{rlll}\nsample & $z$ & $g(z)$ & $g'(z)$ \\\\ \\hline\n"
                                "1 & $= -8$ & $= 0$ & $= 0$ \\\\\n"))
      << tex.out;
}

// A lesson that is not one neuron's activation at its points: one error line, exit 2, no output.
TEST(NewcomerTableView, OtherLessonsAreRefusedClearly) {
  // Standard error folded in: the one error line is all there is.
  auto e = run_bptrace("run 001-4 --view table");
  EXPECT_EQ(e.status, 2);
  EXPECT_EQ(e.out, "error: --view table: 001-4-sigmoid-2-2-2: the table view tabulates one neuron's activation "
                   "at each sample's point (a network of one layer of one neuron, without training, as the 001-3 "
                   "lessons); this lesson has 2 layers; use --view per-weight or vectorised\n");
  auto g = run_bptrace("run 000-1 --view table");
  EXPECT_EQ(g.status, 2);
  EXPECT_TRUE(contains(g.out, "; this lesson is a computation graph;")) << g.out;
  auto s = run_bptrace("run 001-3-activation-tanh --view table --show 'sample1.layer1.z[1]'");
  EXPECT_EQ(s.status, 2);
  EXPECT_TRUE(contains(s.out, "error: --view table with --show:")) << s.out;
  // "1 layers" (issue 22's singulars): the notation that cannot write a one-layer lesson says "1 layer".
  auto n = run_bptrace("run 001-3-activation-sigmoid --view table --notation hidden-output");
  EXPECT_EQ(n.status, 2);
  EXPECT_TRUE(contains(n.out, "this lesson has 1 layer: use --notation")) << n.out;
  auto h = run_bptrace("run --help");
  EXPECT_TRUE(contains(h.out, "table: an activation lesson")) << h.out;
}

}  // namespace
