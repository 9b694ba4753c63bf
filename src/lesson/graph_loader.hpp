#pragma once
// Reads the [graph] part of a lesson (and the formulas its [[document]] checks print).
#include "graph/graph_model.hpp"
#include "lesson/lesson.hpp"
#include "lesson/toml_reader.hpp"

namespace bptrace {

GraphModel read_graph(const lesson_toml::Reader& r, const toml::table& root, std::vector<DocumentValue>& documents);

}  // namespace bptrace
