#include "render/spell.hpp"

#include "number/decimal.hpp"
#include "trace/names.hpp"

namespace bptrace {

namespace {

std::string rounded(const Value& v, int digits) {
  if (v.is_exact()) return to_string(round_significant(v.exact(), digits));
  return certified_text(v, digits).text;
}

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

// Writes the formula with replace(name) for each reference. In LaTeX the formula's operators are
// converted first, with each reference held by a placeholder: the braces LaTeX adds (e^{…},
// ^{\top}) must not be read as references.
template <class F>
std::string spell(const Formula& formula, Dialect dialect, F&& replace) {
  if (dialect == Dialect::text) return substitute(formula, replace);
  std::vector<Key> names;
  std::string held = substitute(formula, [&](const Key& key) {
    names.push_back(key);
    return "\x01" + std::to_string(names.size() - 1) + "\x02";
  });
  std::string latex = latex_operators(held);
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = latex.find('\x01', pos);
    if (open == std::string::npos) break;
    std::size_t close = latex.find('\x02', open);
    out += latex.substr(pos, open - pos) + replace(names[std::stoul(latex.substr(open + 1, close - open - 1))]);
    pos = close + 1;
  }
  return out + latex.substr(pos);
}

}  // namespace

std::string formula_symbols(const Formula& formula, const Notation& notation, Dialect dialect) {
  return spell(formula, dialect, [&](const Key& key) { return spelled(notation.symbol(key), dialect); });
}

std::string formula_numbers(const Formula& formula, const Trace& trace, const Notation& notation,
                            Dialect dialect) {
  return spell(formula, dialect, [&](const Key& name) -> std::string {
    if (const Step* s = trace.find(name)) {
      std::string v = short_value(s->value);
      return dialect == Dialect::latex ? "{" + v + "}" : v;
    }
    Grid grid = notation.grid(name);
    if (grid.empty()) return spelled(notation.symbol(name), dialect);
    std::vector<std::vector<std::string>> entries;
    for (const auto& row : grid) {
      entries.emplace_back();
      for (const Cell& cell : row) {
        const Value* v = cell_value(cell, trace);
        entries.back().push_back(v ? short_value(*v) : canonical_name(*cell.key));
      }
    }
    return inline_matrix(entries, dialect);
  });
}

std::string short_value(const Value& v) {
  std::string text;
  if (v.is_exact()) {
    auto d = terminating_decimal(v.exact(), 10);
    std::string fraction = fraction_string(v.exact());
    text = d ? *d : fraction.size() <= 12 ? fraction : rounded(v, 10);
  } else {
    text = rounded(v, 10);
  }
  // The text, not sign(v): an enclosure that stays around 0 has no certain sign to ask for.
  return !text.empty() && text.front() == '-' ? "(" + text + ")" : text;
}

std::string full_value(const Value& v, int digits, Dialect dialect, bool whole_fraction) {
  const bool latex = dialect == Dialect::latex;
  const std::string approx = latex ? "\\approx " : "≈ ";
  if (!v.is_exact()) {
    ValueText t = certified_text(v, digits);
    if (t.complete || t.undecided) return approx + t.text;
    return approx + t.text + (latex ? "\\ \\text{(only these digits are certain)}" : "  (only these digits are certain)");
  }
  std::string fraction = fraction_string(v.exact());
  auto decimal = terminating_decimal(v.exact(), digits);
  if (decimal && *decimal == fraction) return "= " + fraction;
  if (fraction.size() > 60 && !whole_fraction) {
    std::string note = "(exact fraction of " + std::to_string(fraction.size()) + " characters)";
    fraction = latex ? "\\text{" + note + "}" : note;
  } else if (latex) {
    auto slash = fraction.find('/');
    std::string sign_part = fraction[0] == '-' ? "-" : "";
    std::size_t start = sign_part.size();
    fraction = sign_part + "\\tfrac{" + fraction.substr(start, slash - start) + "}{" + fraction.substr(slash + 1) + "}";
  }
  if (decimal) return "= " + fraction + " = " + *decimal;
  return "= " + fraction + " " + approx + rounded(v, digits);
}

std::string entry_value(const Value& v, int digits) {
  if (!v.is_exact()) return certified_text(v, digits).text;
  if (auto d = terminating_decimal(v.exact(), digits)) return *d;
  std::string fraction = fraction_string(v.exact());
  return fraction.size() <= 12 ? fraction : rounded(v, digits);
}

bool grid_exact(const Grid& grid, const Trace& trace) {
  for (const auto& row : grid)
    for (const Cell& cell : row)
      if (const Value* v = cell_value(cell, trace); v && !v->is_exact()) return false;
  return true;
}

std::vector<std::vector<std::string>> grid_texts(const Grid& grid, const Trace& trace, int digits) {
  std::vector<std::vector<std::string>> out;
  for (const auto& row : grid) {
    out.emplace_back();
    for (const Cell& cell : row) {
      const Value* v = cell_value(cell, trace);
      out.back().push_back(v ? entry_value(*v, digits) : canonical_name(*cell.key));
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
