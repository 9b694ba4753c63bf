// Issue 22: `bptrace new` writes a skeleton lesson that runs as written, for every shape and
// activation a newcomer asks for, and never overwrites a file.
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace {

using bptrace::test_support::CommandResult;

CommandResult run(const std::string& args) { return bptrace::test_support::run_bptrace(args); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string fresh(const std::string& name) {
  const std::string path = ::testing::TempDir() + name;
  std::remove(path.c_str());
  return path;
}

// The default skeleton, 2-2-1 sigmoid: it runs, and so it does with [training] uncommented
// (then the update of w^[2]_1,1 is in the trace, as step2.layer2.W[1,1]).
TEST(NewcomerNew, TheDefaultSkeletonRunsAsWritten) {
  const std::string path = fresh("new_default.toml");
  CommandResult made = run("new " + path);
  ASSERT_EQ(made.status, 0) << made.out;
  CommandResult traced = run("run " + path);
  EXPECT_EQ(traced.status, 0) << traced.out;
  EXPECT_TRUE(contains(traced.out, "[layer1.dW[1,1]]")) << traced.out;
  std::ofstream(path, std::ios::app) << "\n[training]\nlearning_rate = 0.5\n";
  CommandResult trained = run("run " + path + " --show 'step2.layer2.W[1,1]'");
  EXPECT_EQ(trained.status, 0) << trained.out;
  EXPECT_EQ(run("test --bless " + path).status, 0);
}

// Other shapes and activations (relu and step need their conventions at 0), and a graph.
TEST(NewcomerNew, EveryShapeRuns) {
  for (const char* options : {"--layers 3,4,2,1 --activation relu", "--layers 1,1 --activation tanh",
                              "--activation step", "--activation leaky_relu", "--graph"}) {
    const std::string path = fresh("new_shape.toml");
    ASSERT_EQ(run("new " + path + " " + options).status, 0) << options;
    CommandResult traced = run("run " + path);
    EXPECT_EQ(traced.status, 0) << options << "\n" << traced.out;
  }
}

// An existing file is not overwritten; a bad shape or activation is a usage error.
TEST(NewcomerNew, BadRequestsAreUsageErrors) {
  const std::string path = fresh("new_exists.toml");
  std::ofstream(path) << "# mine\n";
  CommandResult again = run("new " + path);
  EXPECT_EQ(again.status, 2);
  EXPECT_EQ(again.out, "error: " + path + ": exists already; bptrace new writes a new file only\n");
  std::ifstream kept(path);
  std::string first;
  std::getline(kept, first);
  EXPECT_EQ(first, "# mine");
  EXPECT_EQ(run("new " + fresh("new_bad.toml") + " --layers 2").status, 2);
  EXPECT_EQ(run("new " + fresh("new_bad.toml") + " --layers 2,x").status, 2);
  EXPECT_TRUE(contains(run("new " + fresh("new_bad.toml") + " --activation softmax").out,
                       "error: --activation softmax: expected a hidden layer's activation"));
}

}  // namespace
