#pragma once
// Formulas and values of a trace spelled in a notation and a dialect: each reference written as
// its symbol, or as its value in the trace. Formatting only: every number comes from the
// trace, and is only rounded here.
#include "render/formula_printer.hpp"
#include "render/math.hpp"
#include "render/notation.hpp"
#include "render/value_format.hpp"
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

// The formula with each reference written as its symbol.
std::string formula_symbols(const Formula& formula, const Notation& notation, Dialect dialect);
// A symbol as written at `place` of a formula: a negated quantity's bracketed like a negative number.
std::string symbol_in_place(std::string symbol, const Key& key, Place place);
// The formula with each reference written as its value (a whole vector or matrix as a matrix).
std::string formula_numbers(const Formula& formula, const Trace& trace, const Notation& notation,
                            Dialect dialect);

// A number inside a formula, at its place: in `style` (ValueForm::number), with the minus sign of
// the text dialect (−0.385, as the formula's own − is written) and parentheses only where the
// place needs them: σ'(−0.385), x·(−0.385), −1/(1/3), log(1/3).
std::string operand_text(const Value& v, const ValueStyle& style, Dialect dialect, Place place);
// The same for a number's text already written ("-0.385", "1/3").
std::string operand_text(std::string text, Dialect dialect, Place place);

// Whether every value of the grid is exact (then a matrix value is written with '=').
bool grid_exact(const Grid& grid, const Trace& trace);
// The entries of a grid as numbers (ValueForm::number, at the style's digits); a name missing from
// the trace as its canonical name.
std::vector<std::vector<std::string>> grid_texts(const Grid& grid, const Trace& trace, const ValueStyle& values);
// [a b; c d] in text, a bmatrix in LaTeX.
std::string inline_matrix(const std::vector<std::vector<std::string>>& entries, Dialect dialect);

}  // namespace bptrace
