#pragma once
// Prints a formula tree in a dialect: Unicode text or LaTeX. The one place that knows how each
// operator is written and where parentheses go; references are written by the caller.
#include "trace/formula.hpp"

#include <functional>
#include <string>

namespace bptrace {

// Where a reference stands, which says whether a negative number or a fraction written there
// needs parentheses (a negated symbol −δ is written as a negative number is):
//   free         alone, a call's argument, between delimiters, beside = :   f(−2), −2 + x, (−2)
//   term         after + or −:                                 x − (−2),  x + 1/3
//   lead_factor  the first factor of a product or a numerator: −2·x,  (1/3)·x,  (1/3)/2
//   factor       any other operand of ·, /, ^, −, log, ᵀ:      x·(−2),  −1/(1/3),  log(1/3)
enum class Place { free, term, lead_factor, factor };
inline bool sign_needs_parentheses(Place p) { return p == Place::term || p == Place::factor; }
inline bool fraction_needs_parentheses(Place p) { return p == Place::lead_factor || p == Place::factor; }

// Writes a reference in the dialect, at its place in the formula.
using ReferenceWriter = std::function<std::string(const Key& key, Place place)>;

std::string print_formula(const Formula& formula, Dialect dialect, const ReferenceWriter& reference);

}  // namespace bptrace
