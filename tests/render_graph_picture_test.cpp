// A graph lesson's picture (--format dot, svg) is its expression graph: a node per input and per
// operation, a node per constant operand, an edge from each operand to the operation using it;
// nothing of the trace's bookkeeping (local derivatives, tangents, Jacobian entries, operation
// counts, printed formulas) is a node.
#include "lesson/lesson.hpp"
#include "lesson/trace_lesson.hpp"
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

namespace bptrace {
namespace {

using test_support::run_bptrace;

struct Picture {
  std::set<std::string> nodes;  // the SVG's node titles
  std::size_t edges = 0;
};

// Graphviz writes each node as <g id="nodeK" class="node"><title>NAME</title>, each edge as
// class="edge".
Picture svg_picture(const std::string& svg) {
  Picture p;
  const std::regex node(R"(<g id="node\d+" class="node">\s*<title>([^<]*)</title>)");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), node); it != std::sregex_iterator(); ++it)
    p.nodes.insert((*it)[1].str());
  const std::regex edge(R"(<g id="edge\d+" class="edge">)");
  p.edges = static_cast<std::size_t>(std::distance(std::sregex_iterator(svg.begin(), svg.end(), edge), std::sregex_iterator()));
  return p;
}

// 000-6, f = log(xw − x²) + max(x + y, 1)·x + relu(w − 6)·w, by hand: the inputs x, y, w; the
// operations u = x·w, g.1 = x·x, g.2 = u − g.1, g = log(g.2), m.1 = x + y, m = max(m.1, 1),
// r.1 = w − 6, r = relu(r.1), f.1 = m·x, f.2 = g + f.1, f.3 = r·w, f = f.2 + f.3; the constants 1
// and 6. Edges: two into each of u, g.2, m.1, m, r.1, f.1, f.2, f.3, f, one into g.1 (x twice is
// one edge), g and r: 21.
TEST(GraphPicture, TheExpressionGraphOf000_6) {
  auto r = run_bptrace("run 000-6 --format svg");
  ASSERT_EQ(r.status, 0) << r.out;
  const Picture p = svg_picture(r.out);
  const std::set<std::string> expected{"x",   "y", "w",   "u", "g.1", "g.2", "g",   "m.1",        "m",
                                       "r.1", "r", "f.1", "f.2", "f.3", "f", "constant 1", "constant 2"};
  EXPECT_EQ(p.nodes, expected);
  EXPECT_EQ(p.edges, 21u);
  auto dot = run_bptrace("run 000-6 --format dot");
  // Each node with its value and gradient (df/dx = 7/3 by hand), each edge with ∂c/∂u.
  EXPECT_NE(dot.out.find("\"x\" [label=\"x\\n= 3\\ndf/dx = 7/3\""), std::string::npos) << dot.out;
  EXPECT_NE(dot.out.find("\"g\" [label=\"g = log(g.2)\\n= 1.79176\\ndf/dg = 1\""), std::string::npos) << dot.out;
  EXPECT_NE(dot.out.find("\"g.2\" -> \"g\" [label=\"∂g/∂g.2 = 1/6\"]"), std::string::npos) << dot.out;
  EXPECT_NE(dot.out.find("\"constant 2\" [label=\"6\""), std::string::npos) << dot.out;
}

// Every graph lesson: the picture's nodes are the trace's inputs and operations, and constants;
// no local derivative, tangent, Jacobian entry, count or printed formula.
TEST(GraphPicture, EveryGraphLessonDrawsItsGraphAndNothingElse) {
  int lessons = 0;
  for (const auto& entry : std::filesystem::directory_iterator(BPTRACE_SOURCE_DIR "/lessons")) {
    if (entry.path().extension() != ".toml") continue;
    const Lesson lesson = load_lesson(entry.path().string());
    if (!lesson.graph) continue;
    ++lessons;
    const Trace trace = trace_lesson(lesson, 15).trace;
    std::set<std::string> operations;
    for (const Step& s : trace.steps())
      if (s.key.quantity == Quantity::node && (s.phase == Phase::given || s.phase == Phase::forward))
        operations.insert(s.key.node);
    auto r = run_bptrace("run '" + entry.path().string() + "' --format svg");
    ASSERT_EQ(r.status, 0) << lesson.name << ": " << r.out.substr(0, 400);
    const Picture p = svg_picture(r.out);
    std::set<std::string> drawn;
    for (const std::string& n : p.nodes)
      if (n.rfind("constant ", 0) != 0) drawn.insert(n);
    EXPECT_EQ(drawn, operations) << lesson.name;
    EXPECT_GE(p.edges, operations.size() - lesson.graph->inputs.size()) << lesson.name;  // each operation has an operand
  }
  EXPECT_GE(lessons, 10);
}

}  // namespace
}  // namespace bptrace
