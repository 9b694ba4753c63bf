#include "lesson/document_tolerance.hpp"

#include "number/float_format.hpp"

#include <algorithm>

namespace bptrace {

namespace {


// The number the tolerance measures from the value: the float64 the text denotes, or the text.
Rational printed_number(const std::string& printed, const DocumentTolerance& tolerance) {
  if (tolerance.kind == DocumentTolerance::Kind::float64) return read_as_format(printed, float64_format());
  return parse_rational(printed);
}

// The allowed distance at a point x of the value.
Rational allowed_at(const Rational& x, const DocumentTolerance& tolerance) {
  if (tolerance.kind == DocumentTolerance::Kind::relative) return tolerance.relative * abs(x);
  return Rational(DocumentTolerance::kFloat64Ulps) * ulp(x, float64_format());
}

// The unit of tolerance_distance at x: an ulp, or |x|.
Rational unit_at(const Rational& x, const DocumentTolerance& tolerance) {
  return tolerance.kind == DocumentTolerance::Kind::relative ? abs(x) : ulp(x, float64_format());
}

}  // namespace

Certainty within_tolerance(const Value& value, const std::string& printed, const DocumentTolerance& tolerance) {
  const Rational p = printed_number(printed, tolerance);
  const Rational lo = lower_bound(value), hi = upper_bound(value);
  const Rational farthest = std::max(abs(Rational(p - lo)), abs(Rational(hi - p)));
  const Rational nearest = p < lo ? Rational(lo - p) : p > hi ? Rational(p - hi) : Rational(0);
  // The allowed distance grows with |x|: its least and greatest over the enclosure are at the
  // point nearest 0 and at the end farthest from it (ulp(x) and r·|x| are monotone in |x|).
  const Rational nearest_zero = lo <= 0 && hi >= 0 ? Rational(0) : std::min(abs(lo), abs(hi));
  const Rational farthest_zero = std::max(abs(lo), abs(hi));
  if (farthest <= allowed_at(nearest_zero, tolerance)) return Certainty::yes;
  if (nearest > allowed_at(farthest_zero, tolerance)) return Certainty::no;
  return Certainty::unknown;
}

std::string tolerance_distance(const Value& value, const std::string& printed, const DocumentTolerance& tolerance) {
  const Rational p = printed_number(printed, tolerance);
  // The value's end nearer the printed number: exact for an exact value, within the enclosure's
  // width otherwise (two significant digits are shown, far coarser than any enclosure).
  const Rational x = abs(Rational(p - lower_bound(value))) <= abs(Rational(p - upper_bound(value))) ? lower_bound(value) : upper_bound(value);
  const Rational unit = unit_at(x, tolerance);
  const Rational distance = abs(Rational(p - x));
  const std::string amount = distance == 0 || unit == 0 ? "0" : to_string(round_significant(distance / unit, 2));
  if (tolerance.kind == DocumentTolerance::Kind::relative) return amount + " relative";
  return amount + (amount == "1" ? " ulp" : " ulps");
}

std::string tolerance_clause(const DocumentTolerance& tolerance) {
  if (tolerance.kind == DocumentTolerance::Kind::relative) return "relative " + tolerance.text;
  return "float64 (within " + std::to_string(DocumentTolerance::kFloat64Ulps) + " ulps)";
}

}  // namespace bptrace
