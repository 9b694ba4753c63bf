// Canonical names: the one module that writes and reads them (trace/names.hpp), checked against
// every name the goldens hold and every key the lessons' traces record; and the trace's refusal
// of unknown and duplicate quantities.
#include "lesson/lesson.hpp"
#include "lesson/trace_lesson.hpp"
#include "support/names.hpp"
#include "trace/names.hpp"
#include "trace/trace.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace bptrace {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> lessons() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(fs::path(BPTRACE_SOURCE_DIR) / "lessons"))
    if (entry.path().extension() == ".toml") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The names of a golden file: each line's text before " = " or " ~ ".
std::vector<std::string> golden_names(const fs::path& golden) {
  std::ifstream in(golden);
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t at = std::min(line.find(" = "), line.find(" ~ "));
    names.push_back(line.substr(0, at));
  }
  return names;
}

// Every name of every golden file reads as a key that writes the same name back.
TEST(Names, EveryGoldenNameRoundTrips) {
  std::size_t names = 0;
  for (const fs::path& path : lessons()) {
    Lesson lesson = load_lesson(path.string());
    const NameContext graph = trace_header(lesson).names;
    for (const std::string& name : golden_names(fs::path(BPTRACE_SOURCE_DIR) / "golden" / (lesson.name + ".trace"))) {
      auto key = parse_name(name, graph);
      ASSERT_TRUE(key) << lesson.name << ": " << name;
      EXPECT_EQ(canonical_name(*key), name) << lesson.name;
      ++names;
    }
  }
  EXPECT_GT(names, 4000u);
}

// Every key of every lesson's trace writes a name that reads back as the same key.
TEST(Names, EveryTraceKeyRoundTrips) {
  std::size_t keys = 0;
  for (const fs::path& path : lessons()) {
    Lesson lesson = load_lesson(path.string());
    Trace trace = trace_lesson(lesson, 15).trace;
    for (const Step& step : trace.steps()) {
      auto back = trace.key(canonical_name(step.key));
      ASSERT_TRUE(back) << canonical_name(step.key);
      EXPECT_EQ(*back, step.key) << canonical_name(step.key);
      for (const Contribution& c : step.contributions) {
        Key path_key = step.key.through(c.via);
        EXPECT_EQ(trace.key(canonical_name(path_key)), path_key) << canonical_name(path_key);
      }
      ++keys;
    }
  }
  EXPECT_GT(keys, 4000u);
}

// A name taken apart: step, sample, layer, kind, entry.
TEST(Names, ReadsEachPartOfANetworkName) {
  Key k = key("step2.sample3.layer1.dW[1,2]");
  EXPECT_EQ(k.quantity, Quantity::weight_gradient);
  EXPECT_EQ(k.step, 2);
  EXPECT_EQ(k.sample, 3);
  EXPECT_EQ(k.layer, 1);
  EXPECT_EQ(k.row, 1);
  EXPECT_EQ(k.column, 2);
  EXPECT_FALSE(k.negated);
  EXPECT_EQ(key("layer2.W"), layer_key(Quantity::weight, 1, 0, 2, 0));  // the whole matrix
  EXPECT_EQ(key("layer2.dadz[1]"), layer_key(Quantity::activation_derivative, 1, 0, 2, 1));
  EXPECT_EQ(key("epoch3.loss"), epoch_loss_key(3));
  EXPECT_EQ(key("sample2"), sample_key(2));
}

// The −∂L/∂z convention's quantities, per-output loss terms, per-path terms and optimizer state
// have names of their own.
TEST(Names, NamesTheNewQuantities) {
  EXPECT_EQ(key("layer2.neg_dz[1]"), layer_key(Quantity::delta, 1, 0, 2, 1, 0, true));
  EXPECT_EQ(key("input.neg_dx[2]"), layer_key(Quantity::input_gradient, 1, 0, 0, 2, 0, true));
  EXPECT_EQ(key("sample2.loss[1]"), loss_term_key(1, 2, 1));
  Key path = key("layer1.da[1] via layer2.z[2]");
  ASSERT_TRUE(path.is_path());
  EXPECT_EQ(path.total(), key("layer1.da[1]"));
  EXPECT_EQ(path.via.front(), key("layer2.z[2]"));
  Key m = key("step2.layer1.W[1,1].m");
  EXPECT_EQ(m.state, State::m);
  for (std::string name : {"layer2.neg_dW[1,2]", "step3.loss[2]", "step2.layer1.b[1].v_hat", "step2.optimizer.t",
                           "layer1.da[1] via layer2.z[1]", "layer1.dW[1,1] via sample2", "training.samples"})
    EXPECT_EQ(canonical_name(key(name)), name);
}

// Not names: malformed, or not canonical (a step 1 prefix, a leading zero, a W with one index).
TEST(Names, RefusesWhatIsNotCanonical) {
  for (std::string name : {"layer1.z[1", "step1.loss", "layer01.z[1]", "layer1.W[1]", "layer1.z[1,2]",
                           "layer1.q[1]", "input.y[1]", "loss via", "a via b via c", "", "layer1.a[1].m",
                           "step2.input.x[1]", "layer1.z[0]", "layer1.z[99999999999]"})
    EXPECT_FALSE(parse_name(name)) << name;
}

// Graph names need the lesson's node names: `df.1/dy` is d(f.1)/dy.
TEST(Names, ReadsGraphNamesWithTheNodeNames) {
  NameContext graph{{"x", "y", "f.1", "f", "W[1,2]"}, {"J"}};
  EXPECT_EQ(parse_name("df.1/dy", graph), adjoint_key("f.1", "y"));
  EXPECT_EQ(parse_name("local.df/df.1", graph), local_key("f", "f.1"));
  EXPECT_EQ(parse_name("forward.dW[1,2]/dx", graph), tangent_key("W[1,2]", "x"));
  EXPECT_EQ(parse_name("W[1,2]", graph), node_key("W[1,2]"));
  EXPECT_EQ(parse_name("J[2,1]", graph), entry_key("J", 2, 1));
  EXPECT_EQ(parse_name("document[4].formula", graph), document_formula_key(4));
  EXPECT_FALSE(parse_name("dz/dx", graph));  // no node z
}

// Defect 3 of issue 13: an unknown quantity was a null dereference, a duplicate silently dropped.
TEST(Trace, RefusesUnknownAndDuplicateQuantities) {
  Trace t;
  t.add(Step{key("loss"), Phase::loss, {}, Value(1), {}});
  EXPECT_THROW(t.value(key("layer1.z[1]")), std::out_of_range);
  EXPECT_THROW(t.add(Step{key("loss"), Phase::loss, {}, Value(2), {}}), std::logic_error);
  EXPECT_EQ(t.value(key("loss")).exact(), 1);
}

}  // namespace
}  // namespace bptrace
