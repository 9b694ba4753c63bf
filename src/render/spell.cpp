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

std::string operand_text(std::string text, Dialect dialect, Place place) {
  const bool negative = !text.empty() && text.front() == '-';
  const bool fraction = text.find('/') != std::string::npos;
  if (negative && dialect == Dialect::text) text = "−" + text.substr(1);
  if ((negative && sign_needs_parentheses(place)) || (fraction && fraction_needs_parentheses(place)))
    return "(" + text + ")";
  return text;
}

std::string operand_text(const Value& v, const ValueStyle& style, Dialect dialect, Place place) {
  ValueStyle plain = style.as(ValueForm::number);
  plain.parenthesized = false;
  return operand_text(value_text(v, plain), dialect, place);
}

// A negated quantity's symbol is bracketed where a negative number would be: w·(−δ), η·(−∂L/∂w).
std::string symbol_in_place(std::string symbol, const Key& key, Place place) {
  return key.negated && sign_needs_parentheses(place) ? "(" + symbol + ")" : symbol;
}

std::string formula_symbols(const Formula& formula, const Notation& notation, Dialect dialect) {
  return print_formula(formula, dialect, [&](const Key& key, Place place) {
    return symbol_in_place(spelled(notation.symbol(key), dialect), key, place);
  });
}

std::string formula_numbers(const Formula& formula, const Trace& trace, const Notation& notation,
                            Dialect dialect) {
  return print_formula(formula, dialect, [&](const Key& name, Place place) -> std::string {
    if (const Step* s = trace.find(name)) {
      std::string v = operand_text(s->value, operand_style(), dialect, place);
      return dialect == Dialect::latex ? "{" + v + "}" : v;
    }
    Grid grid = notation.grid(name);
    if (grid.empty()) return spelled(notation.symbol(name), dialect);
    std::vector<std::vector<std::string>> entries;
    for (const auto& row : grid) {
      entries.emplace_back();
      for (const Cell& cell : row) {
        const Value* v = cell_value(cell, trace);
        entries.back().push_back(v ? operand_text(*v, operand_style(), dialect, Place::free) : canonical_name(*cell.key));
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
