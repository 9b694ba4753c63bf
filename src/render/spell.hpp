#pragma once
// Formulas and values of a trace spelled in a notation and a dialect: each reference written as
// its symbol, or as its value in the trace. Formatting only: every number comes from the
// trace, and is only rounded here.
#include "render/math.hpp"
#include "render/notation.hpp"
#include "render/value_format.hpp"
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

// The formula with each reference written as its symbol.
std::string formula_symbols(const Formula& formula, const Notation& notation, Dialect dialect);
// The formula with each reference written as its value (a whole vector or matrix as a matrix).
std::string formula_numbers(const Formula& formula, const Trace& trace, const Notation& notation,
                            Dialect dialect);

// Whether every value of the grid is exact (then a matrix value is written with '=').
bool grid_exact(const Grid& grid, const Trace& trace);
// The entries of a grid as numbers (ValueForm::number, at the style's digits); a name missing from
// the trace as its canonical name.
std::vector<std::vector<std::string>> grid_texts(const Grid& grid, const Trace& trace, const ValueStyle& values);
// [a b; c d] in text, a bmatrix in LaTeX.
std::string inline_matrix(const std::vector<std::vector<std::string>>& entries, Dialect dialect);

}  // namespace bptrace
