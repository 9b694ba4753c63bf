#include "graph/trace_graph.hpp"

#include "graph/operation_count.hpp"
#include "trace/names.hpp"

#include <map>

namespace bptrace {

std::pair<std::size_t, std::size_t> dimensions(const JacobianBlock& block) {
  if (block.shape) return *block.shape;
  return {block.of.size(), block.wrt.size()};
}

std::vector<bool> relevant_nodes(const GraphModel& model) {
  std::vector<bool> relevant(model.graph.size(), false);
  for (NodeId y : model.outputs) {
    const std::vector<bool> upstream = model.graph.tape().ancestors(y);
    for (NodeId i = 0; i < upstream.size(); ++i) relevant[i] = relevant[i] || upstream[i];
  }
  return relevant;
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
  GraphTracer(const GraphModel& m, const tape::Seams& seams)
      : m_(m), g_(m.graph), seams_(seams), active_(g_.tape().active()), relevant_(relevant_nodes(m)) {}

  // Every value is computed first, then moved into its step: a long chain's exact values are
  // held once, by the trace.
  Trace run() {
    values_ = evaluate(g_, seams_);
    locals_ = local_derivatives(g_, values_, relevant_, seams_);
    std::vector<Value> printed;
    for (const PrintedFormula& p : m_.printed) printed.push_back(printed_value(p));
    std::vector<std::vector<tape::Chained>> adjoints, tangents;
    for (NodeId y : m_.outputs) adjoints.push_back(tape::reverse(g_.tape(), y, locals_, seams_));
    if (m_.forward_mode)
      for (NodeId x : m_.inputs) tangents.push_back(tape::tangents(g_.tape(), x, locals_, relevant_, seams_));
    trace_.reserve(step_count(adjoints, tangents));
    record_given();
    record_forward_pass();
    record_local_derivatives();
    for (std::size_t k = 0; k < m_.outputs.size(); ++k) record_backward(m_.outputs[k], adjoints[k]);
    for (std::size_t k = 0; k < tangents.size(); ++k) record_tangents(m_.inputs[k], tangents[k]);
    for (const JacobianBlock& b : m_.jacobians) record_jacobian(b);
    for (const ProductBlock& p : m_.products) record_product(p);
    if (m_.operation_counts) record_operation_counts();
    for (std::size_t k = 0; k < m_.printed.size(); ++k) record_printed(m_.printed[k], std::move(printed[k]));
    return std::move(trace_);
  }

 private:
  const GraphModel& m_;
  const Graph& g_;
  const tape::Seams& seams_;
  std::vector<bool> active_;
  std::vector<bool> relevant_;  // on the way to some output
  std::vector<Value> values_;
  tape::Locals locals_;
  Trace trace_;
  std::map<std::string, Matrix> matrices_;

  const std::string& name(NodeId id) const { return g_.name(id); }

  void add(Key step, Phase phase, Formula formula, Value value, std::vector<Contribution> terms = {}) {
    trace_.add(Step{std::move(step), phase, std::move(formula), std::move(value), std::move(terms)});
  }

  // The steps the trace will have (but products' entries): its vector is allocated once.
  std::size_t step_count(const std::vector<std::vector<tape::Chained>>& adjoints,
                         const std::vector<std::vector<tape::Chained>>& tangents) const {
    std::size_t n = m_.inputs.size() + m_.printed.size() + 3;
    for (NodeId i = 0; i < g_.size(); ++i) n += g_.op(i) != Operation::input && g_.op(i) != Operation::constant;
    for (const auto& into : locals_.into) n += into.size();
    for (const auto* sweeps : {&adjoints, &tangents})
      for (const auto& sweep : *sweeps)
        for (const tape::Chained& c : sweep) n += c.reached;
    for (const JacobianBlock& b : m_.jacobians) n += b.of.size() * b.wrt.size();
    return n;
  }

  void record_given() {
    for (NodeId x : m_.inputs) add(node_key(name(x)), Phase::given, {}, values_[x]);
  }

  // The last use of the forward values: each is moved into its step.
  void record_forward_pass() {
    for (NodeId i = 0; i < g_.size(); ++i) {
      Operation op = g_.op(i);
      if (op == Operation::input || op == Operation::constant) continue;
      add(node_key(name(i)), Phase::forward, forward_formula(g_, i), std::move(values_[i]));
    }
  }

  // One step per edge into an active operand: "∂(z1 · z2)/∂z1 = {z2}".
  void record_local_derivatives() {
    for (NodeId c = 0; c < g_.size(); ++c) {
      for (tape::Edge& edge : locals_.into[c]) {
        Formula expression = named_formula(g_, c);
        if (binary(g_.op(c))) expression = math::group(expression);
        Formula rule = math::partial(expression, math::literal(verbatim(name(edge.operand))));
        add(local_key(name(c), name(edge.operand)), Phase::local, math::equation({rule, edge.local.formula}),
            std::move(edge.local.value));
      }
    }
  }

  // Reverse mode for one output y: dy/dv = Σ over v's consumers c of dy/dc · ∂c/∂v.
  void record_backward(NodeId y, std::vector<tape::Chained>& adjoint) {
    add(adjoint_key(name(y), name(y)), Phase::backward, {}, std::move(adjoint[y].value));
    for (NodeId v = y; v-- > 0;) {
      if (!adjoint[v].reached) continue;
      record_sum(adjoint_key(name(y), name(v)), Phase::backward, adjoint[v], [&](NodeId c) {
        return math::product({ref(adjoint_key(name(y), name(c))), ref(local_key(name(c), name(v)))});
      });
    }
  }

  // Forward mode for one input x: dv/dx = Σ over v's operands u of ∂v/∂u · du/dx.
  void record_tangents(NodeId x, std::vector<tape::Chained>& tangent) {
    add(tangent_key(name(x), name(x)), Phase::tangent, {}, 1);
    for (NodeId v = x + 1; v < g_.size(); ++v) {
      if (!tangent[v].reached) continue;
      record_sum(tangent_key(name(v), name(x)), Phase::tangent, tangent[v], [&](NodeId u) {
        return math::product({ref(local_key(name(v), name(u))), ref(tangent_key(name(u), name(x)))});
      });
    }
  }

  // A sum over paths: one term is the formula itself; several are also listed one by one.
  template <class TermFormula>
  void record_sum(const Key& step, Phase phase, tape::Chained& sum, TermFormula term_formula) {
    std::vector<Contribution> terms;
    std::vector<Formula> formulas;
    const tape::Produced kind = phase == Phase::tangent ? tape::Produced::tangent : tape::Produced::adjoint;
    // One term is the sum itself: only several are listed one by one.
    const bool listed = sum.terms.size() >= 2;
    for (tape::Term& t : sum.terms) {
      formulas.push_back(term_formula(t.via));
      if (listed) terms.push_back(Contribution{node_key(name(t.via)), formulas.back(), seams_.produce(std::move(t.value), kind, t.via)});
    }
    Formula formula = formulas.empty() ? Formula() : math::sum(std::move(formulas));
    add(step, phase, formula, std::move(sum.value), std::move(terms));
  }

  // A sum of contributions (the chain rule as a matrix product).
  void record_sum(const Key& step, Phase phase, std::vector<Contribution> terms) {
    std::vector<Formula> formulas;
    Value total = 0;
    for (const Contribution& t : terms) {
      formulas.push_back(t.formula);
      total += t.value;
    }
    Formula formula = formulas.empty() ? Formula() : math::sum(std::move(formulas));
    if (terms.size() < 2) terms.clear();
    add(step, phase, formula, seams_.produce(total, tape::Produced::product, 0), std::move(terms));
  }

  void record_jacobian(const JacobianBlock& b) {
    auto [rows, columns] = dimensions(b);
    Matrix matrix{rows, columns, {}};
    for (std::size_t i = 0; i < b.of.size(); ++i) {
      std::vector<bool> upstream = g_.tape().ancestors(b.of[i]);
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
        record_sum(step, Phase::jacobian, std::move(terms));
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

  Value printed_value(const PrintedFormula& p) const {
    try {
      return seams_.produce(evaluate(p.formula, g_, values_), tape::Produced::product, 0);
    } catch (const DomainError& e) {
      throw LessonError(p.where, std::string(e.what()) + " evaluating the printed formula");
    }
  }

  void record_printed(const PrintedFormula& p, Value v) {
    add(document_formula_key(p.number), Phase::document, formula_template(p.formula), std::move(v));
  }
};

}  // namespace

Trace trace_graph(const GraphModel& model, const tape::Seams& seams) { return GraphTracer(model, seams).run(); }

Trace trace_graph(const GraphModel& model) { return trace_graph(model, correct_seams(model.graph)); }

}  // namespace bptrace
