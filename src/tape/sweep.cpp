#include "tape/sweep.hpp"

namespace bptrace::tape {

namespace {

Value leaf_value(const Node& n) { return n.is_pi ? pi() : n.value; }

std::vector<Value> operand_values(const Node& n, const std::vector<Value>& values) {
  std::vector<Value> out;
  out.reserve(n.operands.size());
  for (NodeId u : n.operands) out.push_back(values[u]);
  return out;
}

}  // namespace

std::vector<Value> forward(const Tape& tape, const Seams& seams) {
  std::vector<Value> values;
  extend_forward(tape, seams, values);
  return values;
}

void extend_forward(const Tape& tape, const Seams& seams, std::vector<Value>& values) {
  values.reserve(tape.size());
  for (NodeId i = values.size(); i < tape.size(); ++i) {
    const Node& n = tape[i];
    if (n.op == Operation::input || n.op == Operation::constant) {
      values.push_back(leaf_value(n));
      continue;
    }
    const std::vector<Value> operands = operand_values(n, values);
    Value v;
    try {
      v = operation_value(n.op, ops::Point{operands, Value(0), n.exponent, n.index, seams.conventions, n.activation, n.loss});
    } catch (const DomainError& e) {
      throw Undefined(i, e.what());
    } catch (const NeedMorePrecision& e) {
      throw Undecided(i, e.what());
    }
    values.push_back(seams.produce(std::move(v), Produced::value, i));
    if (!is_bounded(values.back())) throw Undefined(i, kOverflow);
  }
}

namespace {

// A node at the point: its operands' values and formulas, computed once for all its edges.
struct At {
  std::vector<Value> operands;
  std::vector<Formula> formulas;
  Formula self;
  ops::Point point;
  ops::Written writing;
  At(const Node& n, NodeId node, const std::vector<Value>& values, const Seams& seams, const Writer& written)
      : operands(operand_values(n, values)),
        formulas(written_operands(n, written)),
        self(written(node)),
        point{operands, values[node], n.exponent, n.index, seams.conventions, n.activation, n.loss},
        writing{formulas, self, n.exponent, n.index, n.activation, n.loss} {}
  At(const At&) = delete;  // point and writing refer to this node's own members
  static std::vector<Formula> written_operands(const Node& n, const Writer& written) {
    std::vector<Formula> out;
    out.reserve(n.operands.size());
    for (NodeId u : n.operands) out.push_back(written(u));
    return out;
  }
};

ops::Local partial(const Tape& tape, const At& at, NodeId node, NodeId operand, const Seams& seams) {
  const Node& n = tape[node];
  // Each position as if it held a different variable; an operand used twice gets the sum.
  Value total = 0;
  std::vector<Formula> positions;
  for (std::size_t k = 0; k < n.operands.size(); ++k) {
    if (n.operands[k] != operand) continue;
    std::optional<ops::Local> d;
    if (seams.local_rule) d = seams.local_rule(tape, node, k, at.point, at.writing);
    try {
      if (!d) d = operation_partial(n.op, at.point, at.writing, k);
    } catch (const ops::MissingConvention& e) {
      throw NoConvention(node, e);
    } catch (const DomainError& e) {
      throw Undefined(node, e.what());
    } catch (const NeedMorePrecision& e) {
      throw Undecided(node, e.what());
    }
    positions.push_back(d->formula);
    total += d->value;
  }
  Formula formula = positions.size() == 1 ? positions[0] : math::sum(std::move(positions));
  return {seams.produce(std::move(total), Produced::local_derivative, node), std::move(formula)};
}

}  // namespace

ops::Local local_derivative(const Tape& tape, const std::vector<Value>& values, NodeId node, NodeId operand,
                            const Seams& seams, const Writer& written) {
  return partial(tape, At(tape[node], node, values, seams, written), node, operand, seams);
}

const ops::Local* Locals::find(NodeId node, NodeId operand) const {
  for (const Edge& e : into[node])
    if (e.operand == operand) return &e.local;
  return nullptr;
}

Locals local_derivatives(const Tape& tape, const std::vector<Value>& values, const std::vector<bool>& wanted,
                         const Seams& seams, const Writer& written) {
  const std::vector<bool> active = tape.active();
  Locals out;
  out.into.resize(tape.size());
  for (NodeId c = 0; c < tape.size(); ++c) {
    if (!wanted[c] || !active[c] || tape[c].op == Operation::input) continue;
    const At at(tape[c], c, values, seams, written);
    for (NodeId u : tape.distinct_operands(c))
      if (active[u]) out.into[c].push_back(Edge{u, partial(tape, at, c, u, seams)});
  }
  return out;
}

namespace {

// A sum over paths, through the seam on produced values.
void close(Chained& chained, const Seams& seams, Produced what, NodeId node) {
  Value total = 0;
  for (const Term& t : chained.terms) total += t.value;
  chained.value = seams.produce(std::move(total), what, node);
}

bool kept(const Seams& seams, NodeId consumer, NodeId operand) {
  return !seams.keeps_edge || seams.keeps_edge(consumer, operand);
}

}  // namespace

std::vector<Chained> reverse(const Tape& tape, NodeId y, const Locals& locals, const Seams& seams) {
  std::vector<Chained> out(tape.size());
  const std::vector<bool> upstream = tape.ancestors(y);
  out[y].reached = true;
  out[y].value = seams.seed;
  for (NodeId v = y; v-- > 0;) {
    if (!upstream[v]) continue;
    bool reached = false;
    for (NodeId c : tape.consumers(v)) {
      if (!upstream[c] || c > y) continue;
      const ops::Local* local = locals.find(c, v);
      if (!local) continue;  // a constant operand, or an edge not asked for
      reached = true;
      if (!kept(seams, c, v)) continue;
      std::optional<Value> replaced;
      if (seams.term_rule) replaced = seams.term_rule(c, v, out);
      out[v].terms.push_back(Term{c, replaced ? std::move(*replaced) : out[c].value * local->value});
    }
    if (!reached) continue;
    out[v].reached = true;
    close(out[v], seams, Produced::adjoint, v);
  }
  return out;
}

std::vector<Chained> tangents(const Tape& tape, NodeId x, const Locals& locals, const std::vector<bool>& wanted,
                              const Seams& seams) {
  std::vector<Chained> out(tape.size());
  const std::vector<bool> downstream = tape.descendants(x);
  out[x].reached = true;
  out[x].value = 1;
  for (NodeId v = x + 1; v < tape.size(); ++v) {
    if (!downstream[v] || !wanted[v]) continue;
    out[v].reached = true;
    for (NodeId u : tape.distinct_operands(v)) {
      if (!downstream[u]) continue;
      const ops::Local* local = locals.find(v, u);
      if (!local || !kept(seams, v, u)) continue;
      out[v].terms.push_back(Term{u, local->value * out[u].value});
    }
    close(out[v], seams, Produced::tangent, v);
  }
  return out;
}

}  // namespace bptrace::tape
