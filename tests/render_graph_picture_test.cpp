// The pictures (--format dot, svg), and what the text shows beside the derivation (Jacobian
// matrices, the loss sparkline, document checks in the derivation's notation). A graph lesson's is its expression graph: a node per input and
// per operation, a node per constant operand, an edge from each operand to the operation using
// it; nothing of the trace's bookkeeping (local derivatives, tangents, Jacobian entries, operation
// counts, printed formulas) is a node. A network's keeps its neurons in index order and writes
// indices raised and lowered.
#include "lesson/lesson.hpp"
#include "lesson/trace_lesson.hpp"
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace bptrace {
namespace {

using test_support::run_bptrace;

struct Picture {
  std::set<std::string> nodes;  // the SVG's node titles
  std::size_t edges = 0;
};

// Graphviz writes each node as <g id="nodeK" class="node"> <title>NAME</title>, each edge as
// class="edge". (Read by hand, not by std::regex, which draws GCC 12's false warnings at -O1.)
std::vector<std::pair<std::string, std::size_t>> node_titles(const std::string& svg) {
  std::vector<std::pair<std::string, std::size_t>> out;  // the title, and where it ends
  for (std::size_t at = svg.find("class=\"node\">"); at != std::string::npos; at = svg.find("class=\"node\">", at + 1)) {
    const std::size_t open = svg.find("<title>", at), close = svg.find("</title>", open);
    if (open == std::string::npos || close == std::string::npos) break;
    out.emplace_back(svg.substr(open + 7, close - open - 7), close);
  }
  return out;
}

Picture svg_picture(const std::string& svg) {
  Picture p;
  for (const auto& [title, end] : node_titles(svg)) p.nodes.insert(title);
  for (std::size_t at = svg.find("class=\"edge\">"); at != std::string::npos; at = svg.find("class=\"edge\">", at + 1))
    ++p.edges;
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

// Graphviz lays LR graphs out with y growing downward in the SVG: each node's first path point,
// the same corner of every box of a layer (its neurons have as many lines).
std::map<std::string, double> node_heights(const std::string& svg) {
  std::map<std::string, double> out;
  for (const auto& [title, end] : node_titles(svg)) {
    const std::size_t path = svg.find("<path", end), move = svg.find(" d=\"M", path);
    if (path == std::string::npos || move == std::string::npos) continue;
    const std::size_t comma = svg.find(',', move);
    out[title] = std::stod(svg.substr(comma + 1, 20));
  }
  return out;
}

// "x3" → ("x", 3), "n2_1" → ("n2_", 1): a picture's column and index; nullopt for another node.
std::optional<std::pair<std::string, int>> column_and_index(const std::string& name) {
  std::size_t digits = name.size();
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1]))) --digits;
  if (digits == name.size()) return std::nullopt;
  const std::string column = name.substr(0, digits);
  const bool neuron = column.size() >= 3 && column[0] == 'n' && column.back() == '_' &&
                      std::all_of(column.begin() + 1, column.end() - 1, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (column != "x" && !neuron) return std::nullopt;
  return std::make_pair(column, std::stoi(name.substr(digits)));
}

// Every network lesson: the inputs x1, x2, … and each layer's neurons nL_1, nL_2, … top to
// bottom (001-2's first layer read 3, 1, 4, 2; 004-8's output layer 3, 2, 1).
TEST(NetworkPicture, NeuronsInIndexOrder) {
  int lessons = 0;
  for (const auto& entry : std::filesystem::directory_iterator(BPTRACE_SOURCE_DIR "/lessons")) {
    if (entry.path().extension() != ".toml") continue;
    auto r = run_bptrace("run '" + entry.path().string() + "' --format svg");
    if (r.status != 0 || r.out.find("<title>n1_1</title>") == std::string::npos) continue;  // not a network
    ++lessons;
    const std::map<std::string, double> y = node_heights(r.out);
    // Group by column (x, n1, n2, …): each index below the one before.
    std::map<std::string, std::vector<std::pair<int, double>>> columns;
    for (const auto& [name, height] : y)
      if (auto at = column_and_index(name)) columns[at->first].push_back({at->second, height});
    for (auto& [column, nodes] : columns) {
      std::sort(nodes.begin(), nodes.end());
      for (std::size_t k = 1; k < nodes.size(); ++k)
        EXPECT_LT(nodes[k - 1].second, nodes[k].second) << entry.path().filename() << ": " << column << nodes[k - 1].first
                                                       << " is not above " << column << nodes[k].first;
    }
  }
  EXPECT_GE(lessons, 10);
}

// Symbols with their indices raised and lowered (HTML-like labels), in every notation: the
// superscript a bracket or parenthesis group, or a letter or digit; the subscript the indices.
TEST(NetworkPicture, IndicesRaisedAndLowered) {
  const std::map<std::string, std::string> expected{
      {"bracket", "w<SUP>[1]</SUP><SUB>1,1</SUB> = 0.15<BR/>"},
      {"paren", "W<SUP>(1)</SUP><SUB>1,1</SUB> = 0.15<BR/>"},
      {"formal", "ω<SUP>1</SUP><SUB>1,1</SUB> = 0.15<BR/>"},
      {"augmented", "(W<SUB>0</SUB>)<SUB>1,1</SUB> = 0.15<BR/>"},
      {"hidden-output", "W<SUP>H</SUP><SUB>1,1</SUB> = 0.15<BR/>"}};
  for (const auto& [notation, label] : expected) {
    auto r = run_bptrace("run 001-4 --format dot --notation " + notation);
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("x1 -> n1_1 [label=<" + label), std::string::npos) << notation << ":\n" << r.out;
    EXPECT_EQ(r.out.find("^"), std::string::npos) << notation;  // no ASCII superscript left
  }
  // A batch: the sample's index raised after the layer's, z^[1](1)_1.
  auto batch = run_bptrace("run 001-2 --format dot");
  EXPECT_NE(batch.out.find("z<SUP>[1](1)</SUP><SUB>1</SUB> = 2<BR/>"), std::string::npos) << batch.out;
}

// Jacobians as matrices in text. 004-4's J of f = (x1 + x2 x3, x1² + 3 x2) is [[1, x3, x2],
// [2 x1, 3, 0]], at x = (2, 3, 5) [[1, 5, 3], [4, 3, 0]] (the lesson's description); 002-4's
// dz/dvec(W) for z = W x, x = (5, 6), is [[x1, x2, 0, 0], [0, 0, x1, x2]].
TEST(JacobianText, EachBlockAsAMatrix) {
  auto r = run_bptrace("run 004-4");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("\n  J = [ 1  5  3 ]\n      [ 4  3  0 ]\n"), std::string::npos) << r.out;
  auto w = run_bptrace("run 002-4");
  EXPECT_NE(w.out.find("\n  dz_dvecW = [ 5  6  0  0 ]\n             [ 0  0  5  6 ]\n"), std::string::npos) << w.out;
  // The same matrix in LaTeX (after the entries' align*) and in Markdown (display maths).
  const std::string matrix = "\\text{J} = \\begin{pmatrix} 1 & 5 & 3 \\\\ 4 & 3 & 0 \\end{pmatrix}";
  EXPECT_NE(run_bptrace("run 004-4 --format latex").out.find("\\end{align*}\n\\[ " + matrix + " \\]\n"), std::string::npos);
  EXPECT_NE(run_bptrace("run 004-4 --format markdown").out.find("$$\n" + matrix + "\n$$\n"), std::string::npos);
}

// Document checks in the notation of the derivation above them (they were always in brackets):
// 004-2's lesson notation is hidden-output, z^H_1,1 for sample 1's z^[1]_1; --notation paren
// writes 001-4's z^[1]_1 as z^(1)_1; the formal notation's ω^1_2,1 is W[1,2] (input index first).
TEST(DocumentChecks, InTheNotationOfTheDerivation) {
  EXPECT_NE(run_bptrace("run 004-2").out.find("  ok   z^H_1,1 [sample1.layer1.z[1]]: printed -2, engine -2\n"),
            std::string::npos);
  EXPECT_NE(run_bptrace("run 001-4 --notation paren").out.find("  ok   z^(1)_1 [layer1.z[1]]: printed 0.3775, engine 0.3775\n"),
            std::string::npos);
  EXPECT_NE(run_bptrace("run mazur-error-terms --notation formal").out.find("  ok   ω^1_2,1{t=2} [step2.layer1.W[1,2]]"),
            std::string::npos);
  EXPECT_NE(run_bptrace("run 001-4").out.find("  ok   z^[1]_1 [layer1.z[1]]: printed 0.3775"), std::string::npos);
}

// The training summary ends with the losses as a sparkline. 002-7 (full batch, 7 steps), the
// losses from an independent Fraction re-implementation (lessons/002-7's commit): 0.186632,
// 0.171605, 0.160814, 0.152337, 0.145229, 0.139004, 0.133401. By hand, level ⌊7·(L − min)/(max −
// min) + 1/2⌋: 7, 5, 4, 2 (2.99), 2, 1, 0, so █▆▅▃▃▂▁.
TEST(LossPlot, ASparklineUnderTheTrainingSummary) {
  auto r = run_bptrace("run 002-7-xor-relu-gradient-descent");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("\n  loss by step: █▆▅▃▃▂▁   (▁ 0.133401, █ 0.186632)\n"), std::string::npos) << r.out;
  // A lesson that does not train has none.
  EXPECT_EQ(run_bptrace("run 001-4").out.find("loss by"), std::string::npos);
}

}  // namespace
}  // namespace bptrace
