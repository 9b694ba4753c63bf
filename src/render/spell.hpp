#pragma once
// Formulas and values of a trace spelled in a notation and a dialect: symbols substituted for
// `{name}` references, or the values of the trace. Formatting only: every number comes from the
// trace, and is only rounded here.
#include "render/math.hpp"
#include "render/notation.hpp"
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

// The formula with each reference written as its symbol.
std::string formula_symbols(const Formula& formula, const Notation& notation, Dialect dialect);
// The formula with each reference written as its value (a whole vector or matrix as a matrix).
std::string formula_numbers(const Formula& formula, const Trace& trace, const Notation& notation,
                            Dialect dialect);

// A value inside a formula: short (10 significant digits at most), every digit certain.
std::string short_value(const Value& v);
// The value after a formula: "= 151/400 = 0.3775", "= 1/3 ≈ 0.333…", "≈ 0.593269992107187".
// An exact fraction longer than 60 characters is shown by its length and decimal, marked exact,
// unless `whole_fraction` (bptrace run --fractions).
std::string full_value(const Value& v, int digits, Dialect dialect, bool whole_fraction = false);
// One entry of a matrix value: the decimal when exact and short, else the fraction, else digits.
std::string entry_value(const Value& v, int digits);
// Whether every value of the grid is exact (then a matrix value is written with '=').
bool grid_exact(const Grid& grid, const Trace& trace);
// The entries of a grid as entry_value texts; a name missing from the trace as it is.
std::vector<std::vector<std::string>> grid_texts(const Grid& grid, const Trace& trace, int digits);
// [a b; c d] in text, a bmatrix in LaTeX.
std::string inline_matrix(const std::vector<std::vector<std::string>>& entries, Dialect dialect);

}  // namespace bptrace
