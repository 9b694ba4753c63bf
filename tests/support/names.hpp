#pragma once
// Tests name quantities as the documents and goldens do: by canonical name, read once here.
#include "render/formula_printer.hpp"
#include "trace/names.hpp"
#include "trace/trace.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace bptrace {

// The key of a canonical name (a graph's names are read with the trace's header).
inline Key key(std::string_view name, const NameContext& graph = {}) {
  auto k = parse_name(name, graph);
  if (!k) throw std::invalid_argument("not a canonical name: " + std::string(name));
  return *k;
}
inline Key key(const Trace& trace, std::string_view name) { return key(name, trace.header.names); }

}  // namespace bptrace

namespace bptrace {

// A formula written as the JSON format's template: each reference as `{canonical name}`.
inline std::string template_text(const Formula& formula) {
  return print_formula(formula, Dialect::text, [](const Key& k, Place) { return "{" + canonical_name(k) + "}"; });
}

}  // namespace bptrace
