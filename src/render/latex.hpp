#pragma once
// The derivation as LaTeX: a standalone document that compiles with pdflatex (amsmath only),
// or its body alone. Matrices are bmatrix, symbols per notation. Renders only.
#include "trace/checks.hpp"
#include "render/notation.hpp"
#include "render/outline.hpp"
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

std::string render_latex(const Trace& trace, const Notation& notation,
                         const RenderOptions& options, const std::vector<DocumentCheck>& checks);

// The lines of one equation for an align* environment (`&=` aligned), ending with `\\`:
// symbol, formula, numbers, value; with its sum over paths. `tagged`: the canonical name as
// \tag* (not allowed in Markdown's aligned blocks).
std::vector<std::string> latex_step_lines(const Step& step, const Trace& trace, const Notation& notation,
                                          const ValueStyle& values, bool tagged = true);
// A Jacobian block or product as a matrix, its entries to 6 significant digits:
// \text{J} = \begin{pmatrix} 1 & 5 & 3 \\ 4 & 3 & 0 \end{pmatrix} (maths mode).
std::string latex_entry_matrix(const EntryMatrix& matrix);
std::vector<std::string> latex_vector_lines(const VectorEquation& equation, const Trace& trace,
                                            const Notation& notation, const ValueStyle& values,
                                            bool tagged = true);

}  // namespace bptrace
