#include "render/dot.hpp"

#include "render/spell.hpp"
#include "trace/formula.hpp"
#include "trace/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace bptrace {

namespace {

// Values in a picture: 6 significant digits are enough to read, and every one is certain.
constexpr int kPictureDigits = 6;

ValueStyle picture_style(const ValueStyle& values) {
  return values.as(ValueForm::number).with_digits(std::min(values.digits, kPictureDigits));
}

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

// Graphviz's HTML-like labels: text with &, < and > escaped.
std::string html_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// A notation's text symbol with its indices raised and lowered: w^[1]_1,1 as w<SUP>[1]</SUP>
// <SUB>1,1</SUB>. A superscript is a bracketed group, or several ([1](1), the layer and the
// sample), or a run of letters and digits (ζ^1, z^H); a subscript a run of letters, digits and
// commas, so (z_1)_1 keeps its parentheses.
std::string html_symbol(const std::string& text) {
  std::string out;
  auto index_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == ','; };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if ((c != '^' && c != '_') || i + 1 >= text.size()) {
      out += html_escaped(std::string(1, c));
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    if (c == '^' && (text[end] == '[' || text[end] == '(')) {
      while (end < text.size() && (text[end] == '[' || text[end] == '(')) {
        const char close = text[end] == '[' ? ']' : ')';
        const std::size_t at = text.find(close, end);
        end = at == std::string::npos ? text.size() : at + 1;
      }
    } else {
      while (end < text.size() && (c == '_' ? index_char(text[end]) : std::isalnum(static_cast<unsigned char>(text[end])))) ++end;
    }
    if (end == i + 1) {  // nothing to raise or lower
      out += c;
      ++i;
      continue;
    }
    const char* tag = c == '^' ? "SUP" : "SUB";
    out += fmt::format("<{}>{}</{}>", tag, html_escaped(text.substr(i + 1, end - i - 1)), tag);
    i = end;
  }
  return out;
}

// The neurons of a layer top to bottom in index order: invisible edges between neighbours of one
// rank. (The inputs need none: with the layers fixed, Graphviz orders them by their edges; a
// chain there comes out reversed. tests/render_graph_picture_test.cpp checks every lesson.)
std::string in_order(const std::vector<std::string>& ids) {
  if (ids.size() < 2) return "";
  std::string chain;
  for (const std::string& id : ids) chain += (chain.empty() ? "" : " -> ") + id;
  return "    { rank=same; " + chain + " [style=invis]; }\n";
}

class NetworkGraph {
 public:
  NetworkGraph(const Trace& trace, const Notation& notation, const ValueStyle& values)
      : trace_(trace), n_(notation), values_(picture_style(values)) {
    // With a batch, the neurons show the first sample; the edges show the batch gradient.
    sample_ = trace_.find(input_key(1, 1)) ? 1 : 0;
  }

  std::string write(const TraceHeader& lesson) {
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
  ValueStyle values_;
  int sample_ = 0;  // 1: a batch, whose neurons show sample 1

  int depth() const { return static_cast<int>(n_.shape().depth()); }

  std::string title(const TraceHeader& lesson) const {
    std::string t = lesson.label() + " — notation " +
                    notation_name(n_.kind()) + "; values to " + std::to_string(values_.digits) + " significant digits";
    if (sample_) t += "; neurons show sample 1, edges the batch gradient";
    return t;
  }

  // "symbol = value" for a quantity of the trace, as a line of an HTML-like label, or nothing when
  // the trace lacks it.
  std::string line(const Key& name) const {
    const Step* s = trace_.find(name);
    if (!s) return "";
    return html_symbol(n_.symbol(name).text) + " = " + html_escaped(value_text(s->value, values_)) + "<BR/>";
  }

  std::string inputs() const {
    std::string out = "  subgraph cluster_input { label=\"input\"; style=dashed; color=\"#999999\";\n";
    for (int i = 1; i <= static_cast<int>(n_.shape().inputs); ++i) {
      out += fmt::format("    x{} [label=<{}{}>, fillcolor=\"#e8f0fe\"];\n", i, line(input_key(sample_, i)),
                         line(layer_key(Quantity::input_gradient, 1, sample_, 0, i)));
    }
    return out + "  }\n";
  }

  std::string layer(int l) const {
    auto own = [&](Quantity what, int j) { return layer_key(what, 1, sample_, l, j); };
    auto param = [&](Quantity what, int j, int i = 0) { return layer_key(what, 1, 0, l, j, i); };
    std::string out = fmt::format("  subgraph cluster_layer{} {{ label=\"layer {}\"; style=dashed; color=\"#999999\";\n", l, l);
    const int width = static_cast<int>(n_.shape().widths[l - 1]);
    std::vector<std::string> ids;
    for (int j = 1; j <= width; ++j) {
      std::string label = line(own(Quantity::pre_activation, j)) + line(own(Quantity::activation, j)) +
                          line(param(Quantity::bias, j)) + line(own(Quantity::delta, j)) +
                          line(param(Quantity::bias_gradient, j));
      ids.push_back(fmt::format("n{}_{}", l, j));
      out += fmt::format("    n{}_{} [label=<{}>];\n", l, j, label);
    }
    out += in_order(ids) + "  }\n";
    const int fan_in = static_cast<int>(n_.shape().fan_in(l));
    for (int j = 1; j <= width; ++j) {
      for (int i = 1; i <= fan_in; ++i) {
        Key w = param(Quantity::weight, j, i), dw = param(Quantity::weight_gradient, j, i);
        std::string from = l == 1 ? "x" + std::to_string(i) : fmt::format("n{}_{}", l - 1, i);
        out += fmt::format("  {} -> n{}_{} [label=<{}{}>];\n", from, l, j, line(w), line(dw));
      }
    }
    return out;
  }

  std::string loss() const {
    if (!trace_.find(loss_key(1, 0))) return "";
    std::string out = fmt::format("  loss [shape=ellipse, fillcolor=\"#fde8e8\", label=<{}>];\n", line(loss_key(1, 0)));
    const int outputs = static_cast<int>(n_.shape().widths.back());
    for (int k = 1; k <= outputs; ++k)
      out += fmt::format("  n{}_{} -> loss [label=<{}{}>];\n", depth(), k, line(target_key(sample_, k)),
                         line(layer_key(Quantity::activation_gradient, 1, sample_, depth(), k)));
    return out;
  }
};

// A graph lesson: its expression graph, as micrograd's draw_dot and circuit diagrams draw one. A
// node per input and per operation (the operation's formula, its value and its gradient by every
// output), a node per constant operand, and an edge from each operand to the operation that uses
// it, labelled with the local derivative ∂c/∂u. Nothing of the trace's own bookkeeping (local
// derivatives, tangents, Jacobian blocks, operation counts, printed formulas) is a node.
class ExpressionGraph {
 public:
  ExpressionGraph(const Trace& trace, const Notation& notation, const ValueStyle& values)
      : trace_(trace), n_(notation), values_(picture_style(values)) {
    for (const Step& s : trace_.steps())
      if (s.phase == Phase::backward && s.key.of == s.key.node) outputs_.push_back(s.key.node);
  }

  std::string write() {
    std::string out = "digraph bptrace {\n  rankdir=LR;\n  nodesep=0.4;\n  ranksep=0.8;\n";
    out += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f4f4\", fontname=\"Helvetica\", fontsize=11];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.6];\n";
    out += "  labelloc=t;\n  label=\"" + escaped(title()) + "\";\n";
    for (const Step& s : trace_.steps()) {
      if (s.key.quantity != Quantity::node) continue;
      if (s.phase == Phase::given) out += node(s, "#e8f0fe");
      else if (s.phase == Phase::forward) out += operation(s);
    }
    return out + "}\n";
  }

 private:
  const Trace& trace_;
  const Notation& n_;
  ValueStyle values_;
  std::vector<std::string> outputs_;  // in the order the backward sweeps ran
  int constants_ = 0;

  std::string title() const {
    return trace_.header.label() + " — computation graph; values to " + std::to_string(values_.digits) +
           " significant digits";
  }

  static std::string id(const std::string& name) { return "\"" + escaped(name) + "\""; }

  // Its value, then its gradient by each output that depends on it: "∂f/∂x = 0.6".
  std::string numbers(const Step& s) const {
    std::string out = "= " + value_text(s.value, values_);
    for (const std::string& y : outputs_)
      if (const Step* adjoint = trace_.find(adjoint_key(y, s.key.node)))
        out += "\n" + n_.symbol(adjoint->key).text + " = " + value_text(adjoint->value, values_);
    return out;
  }

  std::string node(const Step& s, const char* fill) const {
    const bool output = std::find(outputs_.begin(), outputs_.end(), s.key.node) != outputs_.end();
    return fmt::format("  {} [label=\"{}\", fillcolor=\"{}\"];\n", id(s.key.node),
                       escaped(n_.symbol(s.key).text + "\n" + numbers(s)), output ? "#fde8e8" : fill);
  }

  // The operation's node, "f.1 = x + y", and its edges from each operand.
  std::string operation(const Step& s) {
    std::string out = node(s, "#f4f4f4");
    out.insert(out.find("\\n"), escaped(" = " + formula_symbols(s.formula, n_, Dialect::text)));
    std::vector<std::string> operands;
    for_each_reference(s.formula, [&](const Key& operand) {
      if (std::find(operands.begin(), operands.end(), operand.node) == operands.end()) operands.push_back(operand.node);
    });
    for (const std::string& u : operands) {
      const Step* local = trace_.find(local_key(s.key.node, u));
      const std::string label =
          local ? "∂" + s.key.node + "/∂" + u + " = " + value_text(local->value, values_) : std::string();
      out += fmt::format("  {} -> {} [label=\"{}\"];\n", id(u), id(s.key.node), escaped(label));
    }
    for (const std::string& c : constants(s.formula)) {
      const std::string constant = "constant " + std::to_string(++constants_);
      out += fmt::format("  {} [label=\"{}\", shape=plain, style=\"\"];\n  {} -> {} [style=dashed];\n", id(constant),
                         escaped(c), id(constant), id(s.key.node));
    }
    return out;
  }

  // The numbers an operation takes as operands (3 in 3 · x2, 1 in max(m.1, 1)), as written.
  static std::vector<std::string> constants(const Formula& formula) {
    std::vector<std::string> out;
    const FormulaNode* root = &formula.shape();
    for (const FormulaNode& operand : root->operands) {
      const FormulaNode* o = &operand;
      while (o->op == FormulaOp::group && !o->operands.empty()) o = &o->operands[0];
      if (o->op == FormulaOp::literal) out.push_back(o->symbol.text);
    }
    return out;
  }
};

}  // namespace

std::string render_dot(const Trace& trace, const Notation& notation, const ValueStyle& values) {
  bool layered = notation.shape().depth() > 0 && (trace.find(layer_key(Quantity::pre_activation, 1, 0, 1, 1)) ||
                                                  trace.find(layer_key(Quantity::pre_activation, 1, 1, 1, 1)));
  if (!layered) return ExpressionGraph(trace, notation, values).write();
  return NetworkGraph(trace, notation, values).write(trace.header);
}

}  // namespace bptrace
