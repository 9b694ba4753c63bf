#include "lesson/rounding_reader.hpp"

namespace bptrace::lesson_toml {

namespace {

bool has_rule(const toml::table& t) { return t.get("decimals") || t.get("significant") || t.get("mode"); }

// decimals = k | significant = k, and mode; `context` names the table in messages.
RoundingRule read_rule(const Reader& r, const toml::table& t, const std::string& context) {
  const toml::node* decimals = t.get("decimals");
  const toml::node* significant = t.get("significant");
  if ((decimals != nullptr) == (significant != nullptr))
    r.fail(t, context + " needs exactly one of 'decimals' or 'significant' (how many digits intermediates keep)");
  RoundingRule rule;
  rule.unit = decimals ? RoundingRule::Unit::decimals : RoundingRule::Unit::significant;
  rule.digits = static_cast<int>(r.integer(decimals ? *decimals : *significant, decimals ? "'decimals'" : "'significant'", 1, 60));
  if (const toml::node* mode = t.get("mode")) {
    std::string m = r.string(*mode, "'mode'");
    if (m != "round" && m != "truncate") r.fail(*mode, "unknown rounding mode '" + m + "'; expected one of: round, truncate");
    rule.mode = m == "truncate" ? Rounding::toward_zero : Rounding::half_away_from_zero;
  }
  return rule;
}

}  // namespace

RoundingPolicy read_rounding(const Reader& r, const toml::node& node, bool graph) {
  if (!node.is_table()) r.fail(node, "expected a table [rounding]");
  const toml::table& t = *node.as_table();
  std::vector<std::string> allowed{"decimals", "significant", "mode"};
  for (const std::string& scope : rounding_scopes()) allowed.push_back(scope);
  r.only_keys(t, "[rounding]", allowed);
  RoundingPolicy policy;
  if (has_rule(t)) policy.every = read_rule(r, t, "[rounding]");
  for (const auto& [key, value] : t) {
    const std::string name(key.str());
    if (name == "decimals" || name == "significant" || name == "mode") continue;
    const std::string context = "[rounding." + name + "]";
    if (!value.is_table()) r.fail(value, "expected a table " + context + " (a rule for the " + name + " values)");
    r.only_keys(*value.as_table(), context, {"decimals", "significant", "mode"});
    set_scoped_rule(policy, name, read_rule(r, *value.as_table(), context));
    if (graph && rounds_network_kinds(policy))
      r.fail(value, context + ": a graph lesson has no " + name +
                        " values; its rules are by phase: forward, backward, local, tangent");
  }
  if (!policy.every && policy.is_uniform())
    r.fail(t, "[rounding] has no rule: give 'decimals' or 'significant', or a table [rounding.NAME]");
  return policy;
}

}  // namespace bptrace::lesson_toml
