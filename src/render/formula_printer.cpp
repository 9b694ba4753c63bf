#include "render/formula_printer.hpp"

#include "render/math.hpp"

namespace bptrace {

namespace {

bool is_sum(const FormulaNode& n) { return n.op == FormulaOp::sum || n.op == FormulaOp::difference; }

// Written as one unit: what a power, a transpose or a prefix function takes without parentheses.
bool is_atom(const FormulaNode& n) {
  switch (n.op) {
    case FormulaOp::reference:
    case FormulaOp::literal:
    case FormulaOp::group:
    case FormulaOp::call:
    case FormulaOp::absolute:
    case FormulaOp::brackets:
    case FormulaOp::ceiling: return true;
    default: return false;
  }
}

// Written as its one operand: a sum, difference or product of a single operand, and a group
// around what is already one unit, an atom or a power (c·((a − y)²) and c·(x) add nothing). The
// operand then stands at the node's place.
bool is_one_unit(const FormulaNode& n) {
  return is_atom(n) || n.op == FormulaOp::square || n.op == FormulaOp::power || n.op == FormulaOp::transpose;
}
const FormulaNode& unwrapped(const FormulaNode& n) {
  const FormulaNode* at = &n;
  while (true) {
    const bool single = (is_sum(*at) || at->op == FormulaOp::product) && at->operands.size() == 1;
    if (single) {
      at = &at->operands[0];
      continue;
    }
    if (at->op != FormulaOp::group) return *at;
    const FormulaNode& inner = unwrapped(at->operands[0]);
    if (!is_one_unit(inner)) return *at;
    at = &inner;
  }
}

// The rules of parentheses: an operand is wrapped when it binds more loosely than its place.
//   a − (b + c)   (a + b)·c   (a + b)/(c·d)   −(a + b)   (a − y)²   (W x)ᵀ   a ⊙ (W δ)
bool needs_parentheses(const FormulaNode& parent, std::size_t position, const FormulaNode& operand) {
  const FormulaNode& child = unwrapped(operand);
  switch (parent.op) {
    case FormulaOp::difference: return position == 1 && is_sum(child);
    case FormulaOp::product:
    case FormulaOp::matrix_product:
    case FormulaOp::negation: return is_sum(child);
    case FormulaOp::quotient:
      if (position == 0) return is_sum(child);
      return is_sum(child) || child.op == FormulaOp::product || child.op == FormulaOp::quotient ||
             child.op == FormulaOp::matrix_product || child.op == FormulaOp::hadamard;
    case FormulaOp::hadamard:
      return is_sum(child) || child.op == FormulaOp::product || child.op == FormulaOp::matrix_product;
    case FormulaOp::power:
    case FormulaOp::square:
    case FormulaOp::transpose: return !is_atom(child);
    default: return false;
  }
}

class Printer {
 public:
  Printer(Dialect dialect, const Formula& formula, const ReferenceWriter& reference)
      : dialect_(dialect), formula_(formula), reference_(reference) {}

  std::string print() {
    node(formula_.shape(), Place::free);
    return std::move(out_);
  }

 private:
  Dialect dialect_;
  const Formula& formula_;
  const ReferenceWriter& reference_;
  std::string out_;

  void emit(const Math& m) { out_ += in(m, dialect_); }
  void emit(const char* same_in_both) { out_ += same_in_both; }

  // An operand at `place`; wrapped in parentheses, it stands free inside them.
  void operand(const FormulaNode& parent, std::size_t position, Place place) {
    const FormulaNode& child = unwrapped(parent.operands[position]);
    const bool wrap = needs_parentheses(parent, position, child);
    if (wrap) emit("(");
    node(child, wrap ? Place::free : place);
    if (wrap) emit(")");
  }
  // One operand between delimiters: (a), |a|, [a], ⌈a⌉, e^(a).
  void enclosed(const Math& open, const FormulaNode& child, const Math& close) {
    emit(open);
    node(child, Place::free);
    emit(close);
  }
  // The operands with `separator` between them (n-ary nodes are walked by a loop): the first at
  // `first`, the others at `rest`.
  void joined(const FormulaNode& n, const Math& separator, Place first, Place rest) {
    for (std::size_t k = 0; k < n.operands.size(); ++k) {
      if (k) emit(separator);
      operand(n, k, k ? rest : first);
    }
  }
  // A product's first factor keeps a sign that nothing precedes (−2·x), not one after an operator.
  static Place first_factor(Place place) { return sign_needs_parentheses(place) ? Place::factor : Place::lead_factor; }

  // log a: a function before an atom, with a space, unless the atom comes in parentheses.
  void prefixed(const FormulaNode& n) {
    emit(n.symbol);
    if (!is_atom(unwrapped(n.operands[0]))) return enclosed(same("("), n.operands[0], same(")"));
    std::string before = std::move(out_);
    out_.clear();
    node(n.operands[0], Place::factor);
    std::string argument = std::move(out_);
    out_ = std::move(before) + (argument.rfind("(", 0) == 0 ? "" : " ") + argument;
  }

  void node(const FormulaNode& written, Place place) {
    const FormulaNode& n = unwrapped(written);
    switch (n.op) {
      case FormulaOp::reference: out_ += reference_(formula_.key(n), place); return;
      case FormulaOp::literal: emit(n.symbol); return;
      case FormulaOp::prose:
        out_ += dialect_ == Dialect::text ? n.symbol.text : "\\text{ " + latex_text(n.symbol.text) + " }";
        return;
      case FormulaOp::group: return enclosed(same("("), n.operands[0], same(")"));
      case FormulaOp::sum: return joined(n, same(" + "), place, Place::term);
      case FormulaOp::difference: return joined(n, {" − ", " - "}, place, Place::term);
      case FormulaOp::product:
        return joined(n, n.flag ? Math{" · ", " \\cdot  "} : Math{"·", "\\cdot "}, first_factor(place), Place::factor);
      case FormulaOp::quotient: return joined(n, same(n.flag ? " / " : "/"), first_factor(place), Place::factor);
      case FormulaOp::negation:
        emit({"−", "-"});
        return operand(n, 0, Place::factor);
      case FormulaOp::power: {
        operand(n, 0, Place::factor);
        const std::string k = std::to_string(n.exponent);
        emit(n.exponent < 0 ? Math{"^(" + k + ")", "^{" + k + "}"} : same("^" + k));
        return;
      }
      case FormulaOp::square:
        operand(n, 0, Place::factor);
        emit({"²", "^{2}"});
        return;
      case FormulaOp::exponential: return enclosed({"e^(", "e^{"}, n.operands[0], {")", "}"});
      case FormulaOp::call:
        emit(n.symbol);
        if (n.flag) emit("'");
        emit("(");
        joined(n, same(", "), Place::free, Place::free);
        emit(")");
        return;
      case FormulaOp::prefix: return prefixed(n);
      case FormulaOp::absolute: return enclosed(same("|"), n.operands[0], same("|"));
      case FormulaOp::brackets: return enclosed(same("["), n.operands[0], same("]"));
      case FormulaOp::ceiling: return enclosed({"⌈", "\\lceil "}, n.operands[0], {"⌉", "\\rceil "});
      case FormulaOp::relation:
      case FormulaOp::sequence: return joined(n, n.symbol, Place::free, Place::free);
      case FormulaOp::equation: return joined(n, same(" = "), Place::free, Place::free);
      case FormulaOp::annotated:
        node(n.operands[0], place);
        emit(n.symbol);
        return enclosed(same("("), n.operands[1], same(")"));
      case FormulaOp::partial:
        emit({"∂", "\\partial "});
        node(n.operands[0], Place::factor);
        emit({"/∂", "/\\partial "});
        node(n.operands[1], Place::factor);
        return;
      case FormulaOp::matrix_product: return joined(n, same(" "), first_factor(place), Place::factor);
      case FormulaOp::hadamard: return joined(n, {" ⊙ ", " \\odot  "}, first_factor(place), Place::factor);
      case FormulaOp::transpose:
        operand(n, 0, Place::factor);
        emit({"ᵀ", "^{\\top}"});
        return;
    }
  }
};

}  // namespace

std::string print_formula(const Formula& formula, Dialect dialect, const ReferenceWriter& reference) {
  if (formula.empty()) return "";
  return Printer(dialect, formula, reference).print();
}

}  // namespace bptrace
