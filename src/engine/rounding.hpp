#pragma once
// Rounding emulation: the rules by which a hand computation or a lecture note rounds the values
// it computes. A rule rounds to k decimals or k significant digits; a policy says which rule
// each computed value gets, so that a textbook that rounds outputs to 3 decimals and error
// terms to 4 can be emulated. The rule for a value: its quantity kind's (a, dz, ...), else its
// phase's (forward, backward, ...), else the policy's default; no rule leaves the value exact.
#include "number/rounding_rule.hpp"
#include "number/value.hpp"
#include "trace/key.hpp"
#include "trace/trace.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bptrace {

struct RoundingPolicy {
  std::optional<RoundingRule> every;         // the default: every computed value
  std::map<Phase, RoundingRule> by_phase;    // forward, loss, backward, update; graphs: local, tangent
  std::map<Quantity, RoundingRule> by_kind;  // z, a, loss, da, dadz, dz, dW, db, dx, W, b

  RoundingPolicy() = default;
  RoundingPolicy(RoundingRule rule) : every(rule) {}  // NOLINT: one rule for every value

  // The rule of a value of this kind computed in this phase; nullopt: it stays exact.
  std::optional<RoundingRule> rule_for(Quantity kind, Phase phase) const;
  // One rule for every value (the policy of `--round-intermediates 4d`).
  bool is_uniform() const { return by_phase.empty() && by_kind.empty(); }
  friend bool operator==(const RoundingPolicy&, const RoundingPolicy&) = default;
};

// "rounded to 4 decimals"; with overrides "rounded per quantity (default: rounded to 4
// decimals; a: rounded to 3 decimals)", and without a default "(...; the rest exact)".
std::string describe(const RoundingPolicy& policy);
// "4d", "a=3d,dz=4d", "4s:truncate,backward=5s": a default rule and NAME=RULE overrides, NAME a
// phase or a quantity kind (rounding_scope_names()). nullopt with `error` set when malformed.
std::optional<RoundingPolicy> parse_rounding_policy(std::string_view text, std::string* error = nullptr);

// Adds the rule of the phase or kind spelled `name`; false when the name is neither.
bool set_scoped_rule(RoundingPolicy& policy, std::string_view name, const RoundingRule& rule);
// The names a rule may be scoped to: the phases, then the quantity kinds.
std::vector<std::string> rounding_scopes();
// "forward, loss, backward, update, local, tangent, z, a, ...": for help and errors.
std::string rounding_scope_names();
// Whether the policy rounds by network quantity kinds (a graph lesson has none).
bool rounds_network_kinds(const RoundingPolicy& policy);

}  // namespace bptrace
