#pragma once
// SVG from DOT text by Graphviz: `dot -Tsvg` spawned without a shell or a temporary file, the DOT
// on its standard input. A missing `dot`, or one that fails, is a UsageError with one message.
#include <string>

namespace bptrace::cli {

std::string svg_from_dot(const std::string& dot);

}  // namespace bptrace::cli
