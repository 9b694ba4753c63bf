#include "number/rounding_rule.hpp"

#include <charconv>

namespace bptrace {

namespace {

Rational round_exact(const RoundingRule& rule, const Rational& x) {
  if (x == 0) return x;
  Decimal d = rule.unit == RoundingRule::Unit::decimals ? round_places(x, rule.digits, rule.mode)
                                                        : round_significant(x, rule.digits, rule.mode);
  return to_rational(d);
}

}  // namespace

std::string describe(const RoundingRule& rule) {
  std::string how = rule.mode == Rounding::toward_zero ? "truncated" : "rounded";
  std::string unit = rule.unit == RoundingRule::Unit::decimals ? " decimal" : " significant digit";
  return how + " to " + std::to_string(rule.digits) + unit + (rule.digits == 1 ? "" : "s");
}

std::optional<RoundingRule> parse_rounding_rule(std::string_view text) {
  RoundingRule rule;
  std::size_t colon = text.find(':');
  std::string_view head = text.substr(0, colon);
  if (colon != std::string_view::npos) {
    std::string_view mode = text.substr(colon + 1);
    if (mode == "truncate") rule.mode = Rounding::toward_zero;
    else if (mode != "round") return std::nullopt;
  }
  if (head.size() < 2) return std::nullopt;
  char unit = head.back();
  if (unit == 'd') rule.unit = RoundingRule::Unit::decimals;
  else if (unit == 's') rule.unit = RoundingRule::Unit::significant;
  else return std::nullopt;
  std::string_view number = head.substr(0, head.size() - 1);
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), rule.digits);
  if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
  if (rule.digits < 1 || rule.digits > 60) return std::nullopt;
  return rule;
}

Value apply(const RoundingRule& rule, const Value& x) {
  if (x.is_exact()) return round_exact(rule, x.exact());
  // Rounding is monotone: when both ends of the enclosure round alike, so does the true value.
  Interval e = x.enclosure();
  Rational lo = round_exact(rule, lower_bound(e));
  Rational hi = round_exact(rule, upper_bound(e));
  if (lo != hi) throw NeedMorePrecision("rounding an intermediate is undecided at this precision");
  return lo;
}

}  // namespace bptrace
