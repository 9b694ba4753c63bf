#include "render/spell.hpp"

#include "render/formula_printer.hpp"
#include "trace/names.hpp"

namespace bptrace {

namespace {

const Value& one() {
  static const Value value{1};
  return value;
}

const Value* cell_value(const Cell& cell, const Trace& trace) {
  if (!cell.key) return &one();
  const Step* step = trace.find(*cell.key);
  return step ? &step->value : nullptr;
}

// LaTeX groups each symbol, so that a following ᵀ or ' never makes a double superscript.
std::string spelled(const Math& symbol, Dialect dialect) {
  return dialect == Dialect::text ? symbol.text : "{" + symbol.latex + "}";
}

}  // namespace

// A negated quantity's symbol is bracketed inside a longer formula: w·(−δ), η·(−∂L/∂w).
std::string formula_symbols(const Formula& formula, const Notation& notation, Dialect dialect) {
  return print_formula(formula, dialect, [&](const Key& key, bool inside) {
    std::string symbol = spelled(notation.symbol(key), dialect);
    return key.negated && inside ? "(" + symbol + ")" : symbol;
  });
}

std::string formula_numbers(const Formula& formula, const Trace& trace, const Notation& notation,
                            Dialect dialect) {
  return print_formula(formula, dialect, [&](const Key& name, bool) -> std::string {
    if (const Step* s = trace.find(name)) {
      std::string v = value_text(s->value, operand_style());
      return dialect == Dialect::latex ? "{" + v + "}" : v;
    }
    Grid grid = notation.grid(name);
    if (grid.empty()) return spelled(notation.symbol(name), dialect);
    std::vector<std::vector<std::string>> entries;
    for (const auto& row : grid) {
      entries.emplace_back();
      for (const Cell& cell : row) {
        const Value* v = cell_value(cell, trace);
        entries.back().push_back(v ? value_text(*v, operand_style()) : canonical_name(*cell.key));
      }
    }
    return inline_matrix(entries, dialect);
  });
}

bool grid_exact(const Grid& grid, const Trace& trace) {
  for (const auto& row : grid)
    for (const Cell& cell : row)
      if (const Value* v = cell_value(cell, trace); v && !v->is_exact()) return false;
  return true;
}

std::vector<std::vector<std::string>> grid_texts(const Grid& grid, const Trace& trace, const ValueStyle& values) {
  const ValueStyle entry = values.as(ValueForm::number);
  std::vector<std::vector<std::string>> out;
  for (const auto& row : grid) {
    out.emplace_back();
    for (const Cell& cell : row) {
      const Value* v = cell_value(cell, trace);
      out.back().push_back(v ? value_text(*v, entry) : canonical_name(*cell.key));
    }
  }
  return out;
}

std::string inline_matrix(const std::vector<std::vector<std::string>>& entries, Dialect dialect) {
  std::string out = dialect == Dialect::text ? "[" : "\\begin{bmatrix}";
  for (std::size_t r = 0; r < entries.size(); ++r) {
    if (r) out += dialect == Dialect::text ? "; " : " \\\\ ";
    for (std::size_t c = 0; c < entries[r].size(); ++c) {
      if (c) out += dialect == Dialect::text ? " " : " & ";
      out += entries[r][c];
    }
  }
  return out + (dialect == Dialect::text ? "]" : "\\end{bmatrix}");
}

}  // namespace bptrace
