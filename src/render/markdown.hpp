#pragma once
// The derivation as Markdown: a heading per pass, a table per pass of the per-neuron values
// (symbol, formula, numbers, value, canonical name), math in $...$, vectors and matrices in
// $$...$$ blocks. Renders only.
#include "trace/checks.hpp"
#include "render/notation.hpp"
#include "render/outline.hpp"
#include "trace/trace.hpp"

#include <string>
#include <vector>

namespace bptrace {

std::string render_markdown(const Trace& trace, const Notation& notation,
                            const RenderOptions& options, const std::vector<DocumentCheck>& checks);

}  // namespace bptrace
