#pragma once
// LaTeX for prose: the legend, titles, notes (formulas are printed from their trees, render/formula_printer.hpp).
#include "trace/math.hpp"

#include <string>

namespace bptrace {

// Text for a LaTeX paragraph: the special characters escaped, Unicode written with commands,
// so that pdflatex needs no Unicode support.
std::string latex_text(const std::string& text);

}  // namespace bptrace
