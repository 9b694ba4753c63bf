#include "graph/trace_graph.hpp"

#include "graph/operation_count.hpp"
#include "trace/names.hpp"

#include <map>

namespace bptrace {

std::pair<std::size_t, std::size_t> dimensions(const JacobianBlock& block) {
  if (block.shape) return *block.shape;
  return {block.of.size(), block.wrt.size()};
}

namespace {

// A binary operation is written with spaces (a · b): as the subject of ∂…/∂u it is parenthesised.
bool binary(Operation op) {
  return op == Operation::add || op == Operation::subtract || op == Operation::multiply || op == Operation::divide;
}

Key entry_name(const std::string& block, std::size_t i, std::size_t j) {
  return entry_key(block, static_cast<int>(i) + 1, static_cast<int>(j) + 1);
}

struct Matrix {
  std::size_t rows = 0, columns = 0;
  std::vector<Key> entries;  // row-major
  const Key& at(std::size_t i, std::size_t j) const { return entries[i * columns + j]; }
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

  void add(Key step, Phase phase, Formula formula, Value value, std::vector<Contribution> terms = {}) {
    trace_.add(Step{std::move(step), phase, std::move(formula), std::move(value), std::move(terms)});
  }

  void record_given() {
    for (NodeId x : m_.inputs) add(node_key(name(x)), Phase::given, {}, values_[x]);
  }

  void record_forward_pass() {
    for (NodeId i = 0; i < g_.nodes().size(); ++i) {
      Operation op = g_.node(i).op;
      if (op == Operation::input || op == Operation::constant) continue;
      add(node_key(name(i)), Phase::forward, forward_formula(g_, i), values_[i]);
    }
  }

  // One step per edge into an active operand: "∂(z1 · z2)/∂z1 = {z2}".
  void record_local_derivatives() {
    for (NodeId c = 0; c < g_.nodes().size(); ++c) {
      if (!relevant_[c] || !active_[c] || g_.node(c).op == Operation::input) continue;
      for (NodeId u : g_.distinct_operands(c)) {
        if (!active_[u]) continue;
        LocalDerivative d = local_derivative(g_, c, u, values_);
        Formula expression = named_formula(g_, c);
        if (binary(g_.node(c).op)) expression = math::group(expression);
        Formula rule = math::partial(expression, math::literal(verbatim(name(u))));
        add(local_key(name(c), name(u)), Phase::local, math::equation({rule, d.formula}), d.value);
      }
    }
  }

  // Reverse mode for one output y: dy/dv = Σ over v's consumers c of dy/dc · ∂c/∂v.
  void record_backward(NodeId y) {
    add(adjoint_key(name(y), name(y)), Phase::backward, {}, 1);
    std::vector<bool> upstream = g_.ancestors(y);
    std::vector<Value> adjoint(g_.nodes().size());
    adjoint[y] = 1;
    for (NodeId v = y; v-- > 0;) {
      if (!upstream[v] || !active_[v]) continue;
      std::vector<Contribution> terms;
      for (NodeId c : g_.consumers(v)) {
        if (!upstream[c]) continue;
        Key local = local_key(name(c), name(v));
        Formula formula = math::product({ref(adjoint_key(name(y), name(c))), ref(local)});
        terms.push_back(Contribution{node_key(name(c)), formula, adjoint[c] * trace_.value(local)});
      }
      record_sum(adjoint_key(name(y), name(v)), Phase::backward, std::move(terms), adjoint[v]);
    }
  }

  // Forward mode for one input x: dv/dx = Σ over v's operands u of ∂v/∂u · du/dx.
  void record_tangents(NodeId x) {
    add(tangent_key(name(x), name(x)), Phase::tangent, {}, 1);
    std::vector<bool> downstream = g_.descendants(x);
    std::vector<Value> tangent(g_.nodes().size());
    tangent[x] = 1;
    for (NodeId v = x + 1; v < g_.nodes().size(); ++v) {
      if (!downstream[v] || !relevant_[v]) continue;
      std::vector<Contribution> terms;
      for (NodeId u : g_.distinct_operands(v)) {
        if (!downstream[u]) continue;
        Key local = local_key(name(v), name(u));
        Formula formula = math::product({ref(local), ref(tangent_key(name(u), name(x)))});
        terms.push_back(Contribution{node_key(name(u)), formula, trace_.value(local) * tangent[u]});
      }
      record_sum(tangent_key(name(v), name(x)), Phase::tangent, std::move(terms), tangent[v]);
    }
  }

  // A sum over paths: one term is the formula itself; several are also listed one by one.
  void record_sum(const Key& step, Phase phase, std::vector<Contribution> terms, Value& total) {
    std::vector<Formula> term_formulas;
    total = 0;
    for (const Contribution& t : terms) {
      term_formulas.push_back(t.formula);
      total += t.value;
    }
    Formula formula = term_formulas.empty() ? Formula() : math::sum(std::move(term_formulas));
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
        Key step = entry_name(b.name, r, c);
        NodeId y = b.of[i], w = b.wrt[j];
        // Not upstream of y, or a constant: y does not change with it.
        if (!upstream[w] || !active_[w])
          add(step, Phase::jacobian,
              math::annotated(math::integer(0), same("   "), math::words(name(y) + " does not depend on " + name(w))), 0);
        else {
          Key adjoint = adjoint_key(name(y), name(w));
          add(step, Phase::jacobian, ref(adjoint), trace_.value(adjoint));
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
        Key step = entry_name(p.name, flat / columns, flat % columns);
        std::vector<Contribution> terms;
        for (std::size_t k = 0; k < a.columns; ++k)
          terms.push_back(Contribution{a.at(i, k), math::product({ref(a.at(i, k)), ref(b.at(k, j))}),
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
    // How each count is made up, in words.
    auto explained = [](const OperationCount& count) { return count.explanation.empty() ? Formula() : math::words(count.explanation); };
    add(schedule_key(Quantity::operations_naive), Phase::count, explained(naive), naive.additions);
    add(schedule_key(Quantity::operations_forward), Phase::count, explained(forward), forward.additions);
    add(schedule_key(Quantity::operations_reverse), Phase::count, explained(reverse), reverse.additions);
  }

  void record_printed(const PrintedFormula& p) {
    Value v;
    try {
      v = evaluate(p.formula, g_, values_);
    } catch (const DomainError& e) {
      throw LessonError(p.where, std::string(e.what()) + " evaluating the printed formula");
    }
    add(document_formula_key(p.number), Phase::document, formula_template(p.formula), v);
  }
};

}  // namespace

Trace trace_graph(const GraphModel& model) { return GraphTracer(model).run(); }

}  // namespace bptrace
