#pragma once
// A [[document]] value that a floating-point program printed (a float64 in full, 17 digits) is
// right to the float's precision, not at every printed digit: `tolerance = "float64"` or
// `relative_tolerance = "1e-12"` says how far from the exact value it may lie.
#include "number/decimal.hpp"
#include "number/value.hpp"
#include "trace/checks.hpp"

#include <string>

namespace bptrace {

// Whether the printed decimal lies within the tolerance of the value: for every point of the
// value's enclosure (yes), for none (no), or for some only (unknown).
//   float64:  |d − x| ≤ 4 ulp(x), d the float64 nearest the printed text (what the program held),
//             ulp(x) the spacing of float64 numbers at x;
//   relative: |p − x| ≤ r·|x|, p the printed decimal read exactly.
Certainty within_tolerance(const Value& value, const std::string& printed, const DocumentTolerance& tolerance);

// How far the printed value is from the value, in the tolerance's unit: "0.5 ulp", "3.3e-17 relative".
std::string tolerance_distance(const Value& value, const std::string& printed, const DocumentTolerance& tolerance);

// The tolerance as a clause: "float64 (within 4 ulps)", "relative 1e-12".
std::string tolerance_clause(const DocumentTolerance& tolerance);

}  // namespace bptrace
