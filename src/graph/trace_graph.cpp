#include "graph/trace_graph.hpp"

#include "graph/operation_count.hpp"

#include <map>

namespace bptrace {

std::string adjoint_name(const std::string& output, const std::string& node) { return "d" + output + "/d" + node; }
std::string tangent_name(const std::string& node, const std::string& input) {
  return "forward.d" + node + "/d" + input;
}
std::string local_name(const std::string& node, const std::string& operand) {
  return "local.d" + node + "/d" + operand;
}
std::string entry_name(const std::string& block, std::size_t i, std::size_t j) {
  return block + "[" + std::to_string(i + 1) + "," + std::to_string(j + 1) + "]";
}

std::pair<std::size_t, std::size_t> dimensions(const JacobianBlock& block) {
  if (block.shape) return *block.shape;
  return {block.of.size(), block.wrt.size()};
}

namespace {

std::string braced(const std::string& name) { return "{" + name + "}"; }

// "{a}" → "a": a formula template as plain text, for the left side of a derivative rule.
std::string plain(const std::string& formula) {
  return substitute(formula, [](const std::string& name) { return name; });
}

struct Matrix {
  std::size_t rows = 0, columns = 0;
  std::vector<std::string> entries;  // row-major step names
  const std::string& at(std::size_t i, std::size_t j) const { return entries[i * columns + j]; }
};

class GraphTracer {
 public:
  explicit GraphTracer(const GraphModel& m) : m_(m), g_(m.graph), active_(g_.active()) {
    relevant_.assign(g_.nodes().size(), false);
    for (NodeId y : m_.outputs) {
      auto upstream = g_.ancestors(y);
      for (NodeId i = 0; i < upstream.size(); ++i) relevant_[i] = relevant_[i] || upstream[i];
    }
  }

  Trace run() {
    values_ = evaluate(g_);
    record_given();
    record_forward_pass();
    record_local_derivatives();
    for (NodeId y : m_.outputs) record_backward(y);
    if (m_.forward_mode)
      for (NodeId x : m_.inputs) record_tangents(x);
    for (const JacobianBlock& b : m_.jacobians) record_jacobian(b);
    for (const ProductBlock& p : m_.products) record_product(p);
    if (m_.operation_counts) record_operation_counts();
    for (const PrintedFormula& p : m_.printed) record_printed(p);
    return std::move(trace_);
  }

 private:
  const GraphModel& m_;
  const Graph& g_;
  std::vector<bool> active_;
  std::vector<bool> relevant_;  // on the way to some output
  std::vector<Value> values_;
  Trace trace_;
  std::map<std::string, Matrix> matrices_;

  const std::string& name(NodeId id) const { return g_.node(id).name; }
  bool recorded(NodeId id) const { return g_.node(id).op != Operation::constant; }

  void add(std::string step, Phase phase, std::string formula, Value value, std::vector<Contribution> terms = {}) {
    trace_.add(Step{std::move(step), phase, std::move(formula), std::move(value), std::move(terms)});
  }

  void record_given() {
    for (NodeId x : m_.inputs) add(name(x), Phase::given, "", values_[x]);
  }

  void record_forward_pass() {
    for (NodeId i = 0; i < g_.nodes().size(); ++i) {
      Operation op = g_.node(i).op;
      if (op == Operation::input || op == Operation::constant) continue;
      add(name(i), Phase::forward, forward_formula(g_, i), values_[i]);
    }
  }

  // One step per edge into an active operand: "∂(z1 · z2)/∂z1 = {z2}".
  void record_local_derivatives() {
    for (NodeId c = 0; c < g_.nodes().size(); ++c) {
      if (!relevant_[c] || !active_[c] || g_.node(c).op == Operation::input) continue;
      for (NodeId u : g_.distinct_operands(c)) {
        if (!active_[u]) continue;
        LocalDerivative d = local_derivative(g_, c, u, values_);
        std::string expression = plain(forward_formula(g_, c));
        if (expression.find(' ') != std::string::npos) expression = "(" + expression + ")";
        std::string rule = "∂" + expression + "/∂" + name(u) + " = ";
        add(local_name(name(c), name(u)), Phase::local, rule + d.formula, d.value);
      }
    }
  }

  // Reverse mode for one output y: dy/dv = Σ over v's consumers c of dy/dc · ∂c/∂v.
  void record_backward(NodeId y) {
    add(adjoint_name(name(y), name(y)), Phase::backward, "", 1);
    std::vector<bool> upstream = g_.ancestors(y);
    std::vector<Value> adjoint(g_.nodes().size());
    adjoint[y] = 1;
    for (NodeId v = y; v-- > 0;) {
      if (!upstream[v] || !active_[v]) continue;
      std::vector<Contribution> terms;
      for (NodeId c : g_.consumers(v)) {
        if (!upstream[c]) continue;
        std::string local = local_name(name(c), name(v));
        std::string formula = braced(adjoint_name(name(y), name(c))) + "·" + braced(local);
        terms.push_back(Contribution{name(c), formula, adjoint[c] * trace_.value(local)});
      }
      record_sum(adjoint_name(name(y), name(v)), Phase::backward, std::move(terms), adjoint[v]);
    }
  }

  // Forward mode for one input x: dv/dx = Σ over v's operands u of ∂v/∂u · du/dx.
  void record_tangents(NodeId x) {
    add(tangent_name(name(x), name(x)), Phase::tangent, "", 1);
    std::vector<bool> downstream = g_.descendants(x);
    std::vector<Value> tangent(g_.nodes().size());
    tangent[x] = 1;
    for (NodeId v = x + 1; v < g_.nodes().size(); ++v) {
      if (!downstream[v] || !relevant_[v]) continue;
      std::vector<Contribution> terms;
      for (NodeId u : g_.distinct_operands(v)) {
        if (!downstream[u]) continue;
        std::string local = local_name(name(v), name(u));
        std::string formula = braced(local) + "·" + braced(tangent_name(name(u), name(x)));
        terms.push_back(Contribution{name(u), formula, trace_.value(local) * tangent[u]});
      }
      record_sum(tangent_name(name(v), name(x)), Phase::tangent, std::move(terms), tangent[v]);
    }
  }

  // A sum over paths: one term is the formula itself; several are also listed one by one.
  void record_sum(const std::string& step, Phase phase, std::vector<Contribution> terms, Value& total) {
    std::string formula;
    total = 0;
    for (const Contribution& t : terms) {
      formula += (formula.empty() ? "" : " + ") + t.formula;
      total += t.value;
    }
    if (terms.size() < 2) terms.clear();
    add(step, phase, formula, total, std::move(terms));
  }

  void record_jacobian(const JacobianBlock& b) {
    auto [rows, columns] = dimensions(b);
    Matrix matrix{rows, columns, {}};
    for (std::size_t i = 0; i < b.of.size(); ++i) {
      std::vector<bool> upstream = g_.ancestors(b.of[i]);
      for (std::size_t j = 0; j < b.wrt.size(); ++j) {
        std::size_t r = b.shape ? j / columns : i, c = b.shape ? j % columns : j;
        std::string step = entry_name(b.name, r, c);
        NodeId y = b.of[i], w = b.wrt[j];
        // Not upstream of y, or a constant: y does not change with it.
        if (!upstream[w] || !active_[w])
          add(step, Phase::jacobian, "0   (" + name(y) + " does not depend on " + name(w) + ")", 0);
        else {
          std::string adjoint = adjoint_name(name(y), name(w));
          add(step, Phase::jacobian, braced(adjoint), trace_.value(adjoint));
        }
        matrix.entries.push_back(step);
      }
    }
    matrices_[b.name] = std::move(matrix);
  }

  void record_product(const ProductBlock& p) {
    const Matrix& a = matrices_.at(p.left);
    const Matrix& b = matrices_.at(p.right);
    std::size_t columns = p.shape ? p.shape->second : b.columns;
    Matrix product{p.shape ? p.shape->first : a.rows, columns, {}};
    for (std::size_t i = 0; i < a.rows; ++i)
      for (std::size_t j = 0; j < b.columns; ++j) {
        std::size_t flat = i * b.columns + j;
        std::string step = entry_name(p.name, flat / columns, flat % columns);
        std::vector<Contribution> terms;
        for (std::size_t k = 0; k < a.columns; ++k)
          terms.push_back(Contribution{a.at(i, k), braced(a.at(i, k)) + "·" + braced(b.at(k, j)),
                                       trace_.value(a.at(i, k)) * trace_.value(b.at(k, j))});
        Value total;
        record_sum(step, Phase::jacobian, std::move(terms), total);
        product.entries.push_back(step);
      }
    matrices_[p.name] = std::move(product);
  }

  void record_operation_counts() {
    OperationCount naive = naive_forward_additions(g_, m_.inputs, m_.outputs);
    OperationCount forward = forward_mode_additions(g_, m_.inputs, m_.outputs);
    OperationCount reverse = reverse_mode_additions(g_, m_.outputs);
    add("ops.naive.additions", Phase::count, naive.explanation, naive.additions);
    add("ops.forward.additions", Phase::count, forward.explanation, forward.additions);
    add("ops.reverse.additions", Phase::count, reverse.explanation, reverse.additions);
  }

  void record_printed(const PrintedFormula& p) {
    Value v;
    try {
      v = evaluate(p.formula, g_, values_);
    } catch (const DomainError& e) {
      throw LessonError(p.where, std::string(e.what()) + " evaluating the printed formula");
    }
    add(p.step, Phase::document, formula_template(p.formula), v);
  }
};

}  // namespace

Trace trace_graph(const GraphModel& model) { return GraphTracer(model).run(); }

}  // namespace bptrace
