#pragma once
// A rounding rule of rounding emulation: k decimals or k significant digits, rounded half away
// from zero or truncated toward zero, as a hand computation rounds the values it writes down.
// Which value gets which rule is the engine's policy (engine/rounding.hpp).
#include "number/decimal.hpp"
#include "number/value.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace bptrace {

// k significant digits or k decimals, rounded half away from zero or truncated toward zero.
struct RoundingRule {
  enum class Unit { significant, decimals };
  int digits = 4;
  Unit unit = Unit::decimals;
  Rounding mode = Rounding::half_away_from_zero;
  friend bool operator==(const RoundingRule&, const RoundingRule&) = default;
};

// "rounded to 4 decimals", "truncated to 3 significant digits".
std::string describe(const RoundingRule& rule);
// "4d" (4 decimals), "4s" (4 significant digits), with ":truncate" (or ":round", the default).
std::optional<RoundingRule> parse_rounding_rule(std::string_view text);
// The value rounded by the rule: an exact rational. Throws NeedMorePrecision when an enclosure
// does not decide the rounding (the certifier then retries at a higher working precision).
Value apply(const RoundingRule& rule, const Value& x);

}  // namespace bptrace
