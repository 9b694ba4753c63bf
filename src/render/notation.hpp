#pragma once
// How a canonical quantity name is written for a reader. The default is document 001's
// bracket notation: z^[l]_j, a^[l]_j, w^[l]_j,i, b^[l]_j, δ^[l]_j = ∂L/∂z^[l]_j.
#include <string>

namespace bptrace {

// "layer1.W[1,2]" -> "w^[1]_1,2", "sample2.layer1.z[1]" -> "z^[1](2)_1", "loss" -> "L".
// Unknown names are returned as they are.
std::string bracket_symbol(const std::string& canonical);

}  // namespace bptrace
