#pragma once
// A lesson's [rounding]: how its document rounds the intermediates it computes.
#include "engine/rounding.hpp"
#include "lesson/toml_reader.hpp"

namespace bptrace::lesson_toml {

// [rounding] decimals = k | significant = k, mode = "round" (default) | "truncate": the default
// rule; [rounding.NAME] (a phase or a quantity kind, rounding_scopes()) a rule of its own for
// those values. A graph lesson has no network quantities: only forward, backward, local, tangent.
RoundingPolicy read_rounding(const Reader& r, const toml::node& node, bool graph);

}  // namespace bptrace::lesson_toml
