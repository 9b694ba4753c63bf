#pragma once
// [[document]] tables: the numbers (or, in graph lessons, formulas) a document prints, each with
// where it prints it, and an erratum or a tolerance where the lesson declares one.
#include "lesson/toml_reader.hpp"
#include "trace/checks.hpp"

#include <toml++/toml.h>

#include <vector>

namespace bptrace {

std::vector<DocumentValue> read_documents(const lesson_toml::Reader& r, const toml::table& root);

}  // namespace bptrace
