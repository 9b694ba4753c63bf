#include "render/dot.hpp"

#include "render/spell.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bptrace {

namespace {

// Values in a picture: 6 significant digits are enough to read, and every one is certain.
constexpr int kPictureDigits = 6;

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

class NetworkGraph {
 public:
  NetworkGraph(const Trace& trace, const Notation& notation, int digits)
      : trace_(trace), n_(notation), digits_(std::min(digits, kPictureDigits)) {
    // With a batch, the neurons show the first sample; the edges show the batch gradient.
    sample_ = trace_.find("sample1.input.x[1]") ? "sample1." : "";
  }

  std::string write(const Lesson& lesson) {
    std::string out = "digraph bptrace {\n  rankdir=LR;\n  splines=true;\n  nodesep=0.5;\n  ranksep=1.6;\n";
    out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f4f4\", fontname=\"Helvetica\", fontsize=11];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.6];\n";
    out += "  labelloc=t;\n  label=\"" + escaped(title(lesson)) + "\";\n";
    out += inputs();
    for (int l = 1; l <= depth(); ++l) out += layer(l);
    out += loss();
    return out + "}\n";
  }

 private:
  const Trace& trace_;
  const Notation& n_;
  int digits_;
  std::string sample_;

  int depth() const { return static_cast<int>(n_.shape().depth()); }
  std::string index(int i) const { return "[" + std::to_string(i) + "]"; }

  std::string title(const Lesson& lesson) const {
    std::string t = (lesson.example.empty() ? lesson.name : lesson.example) + " — notation " +
                    notation_name(n_.kind()) + "; values to " + std::to_string(digits_) + " significant digits";
    if (!sample_.empty()) t += "; neurons show sample 1, edges the batch gradient";
    return t;
  }

  // "symbol = value" for a quantity of the trace, or nothing when the trace lacks it.
  std::string line(const std::string& name) const {
    const Step* s = trace_.find(name);
    if (!s) return "";
    return n_.symbol(name).text + " = " + entry_value(s->value, digits_) + "\n";
  }

  std::string inputs() const {
    std::string out = "  subgraph cluster_input { label=\"input\"; style=dashed; color=\"#999999\";\n";
    for (int i = 1; i <= static_cast<int>(n_.shape().inputs); ++i) {
      std::string x = sample_ + "input.x" + index(i);
      out += fmt::format("    x{} [label=\"{}{}\", fillcolor=\"#e8f0fe\"];\n", i,
                         escaped(line(x)), escaped(line(sample_ + "input.dx" + index(i))));
    }
    return out + "  }\n";
  }

  std::string layer(int l) const {
    const std::string p = sample_ + "layer" + std::to_string(l) + ".";
    const std::string params = "layer" + std::to_string(l) + ".";
    std::string out = fmt::format("  subgraph cluster_layer{} {{ label=\"layer {}\"; style=dashed; color=\"#999999\";\n", l, l);
    const int width = static_cast<int>(n_.shape().widths[l - 1]);
    for (int j = 1; j <= width; ++j) {
      std::string label = line(p + "z" + index(j)) + line(p + "a" + index(j)) + line(params + "b" + index(j)) +
                          line(p + "dz" + index(j)) + line(params + "db" + index(j));
      out += fmt::format("    n{}_{} [label=\"{}\"];\n", l, j, escaped(label));
    }
    out += "  }\n";
    const int fan_in = static_cast<int>(n_.shape().fan_in(l));
    for (int j = 1; j <= width; ++j) {
      for (int i = 1; i <= fan_in; ++i) {
        std::string w = params + "W[" + std::to_string(j) + "," + std::to_string(i) + "]";
        std::string dw = params + "dW[" + std::to_string(j) + "," + std::to_string(i) + "]";
        std::string from = l == 1 ? "x" + std::to_string(i) : fmt::format("n{}_{}", l - 1, i);
        std::string label = line(w) + line(dw);
        out += fmt::format("  {} -> n{}_{} [label=\"{}\"];\n", from, l, j, escaped(label));
      }
    }
    return out;
  }

  std::string loss() const {
    std::string name = trace_.find("loss") ? "loss" : "";
    if (name.empty()) return "";
    std::string out = fmt::format("  loss [shape=ellipse, fillcolor=\"#fde8e8\", label=\"{}\"];\n", escaped(line("loss")));
    const int outputs = static_cast<int>(n_.shape().widths.back());
    for (int k = 1; k <= outputs; ++k) {
      std::string label = line(sample_ + "target.y" + index(k)) +
                          line(sample_ + "layer" + std::to_string(depth()) + ".da" + index(k));
      out += fmt::format("  n{}_{} -> loss [label=\"{}\"];\n", depth(), k, escaped(label));
    }
    return out;
  }
};

// Not a layered network: the computation graph of the trace itself.
std::string computation_graph(const Lesson& lesson, const Trace& trace, const Notation& notation, int digits) {
  std::string out = "digraph bptrace {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n";
  out += "  labelloc=t;\n  label=\"" + escaped(lesson.name + " — computation graph") + "\";\n";
  std::vector<std::string> ids;
  for (std::size_t k = 0; k < trace.steps().size(); ++k) {
    const Step& s = trace.steps()[k];
    out += fmt::format("  q{} [label=\"{}\"];\n", k,
                       escaped(notation.symbol(s.name).text + "\n" + entry_value(s.value, std::min(digits, kPictureDigits))));
  }
  for (std::size_t k = 0; k < trace.steps().size(); ++k) {
    const Step& s = trace.steps()[k];
    for_each_reference(s.formula, [&](const std::string& name) {
      for (std::size_t from = 0; from < k; ++from)
        if (trace.steps()[from].name == name) out += fmt::format("  q{} -> q{};\n", from, k);
    });
  }
  return out + "}\n";
}

}  // namespace

std::string render_dot(const Lesson& lesson, const Trace& trace, const Notation& notation, int digits) {
  bool layered = notation.shape().depth() > 0 && (trace.find("layer1.z[1]") || trace.find("sample1.layer1.z[1]"));
  if (!layered) return computation_graph(lesson, trace, notation, digits);
  return NetworkGraph(trace, notation, digits).write(lesson);
}

}  // namespace bptrace
