#include "engine/rounding.hpp"

#include <array>
#include <utility>

namespace bptrace {

namespace {

// The spellings a policy takes: phases, then quantity kinds as canonical names write them.
constexpr std::array<std::pair<std::string_view, Phase>, 6> kPhases{{
    {"forward", Phase::forward},
    {"loss", Phase::loss},
    {"backward", Phase::backward},
    {"update", Phase::update},
    {"local", Phase::local},
    {"tangent", Phase::tangent},
}};

constexpr std::array<std::pair<std::string_view, Quantity>, 10> kKinds{{
    {"z", Quantity::pre_activation},
    {"a", Quantity::activation},
    {"da", Quantity::activation_gradient},
    {"dadz", Quantity::activation_derivative},
    {"dz", Quantity::delta},
    {"dW", Quantity::weight_gradient},
    {"db", Quantity::bias_gradient},
    {"dx", Quantity::input_gradient},
    {"W", Quantity::weight},
    {"b", Quantity::bias},
}};

// A loss term, a sample's loss and an epoch's loss are all the kind "loss", which is also the
// name of the loss phase: the kind table leaves it out and rule_for() reads the phase.
Quantity kind_of(Quantity q) { return q == Quantity::loss_term || q == Quantity::epoch_loss ? Quantity::loss : q; }

std::string_view phase_word(Phase p) {
  for (const auto& [word, phase] : kPhases)
    if (phase == p) return word;
  return "";
}

std::string_view kind_word(Quantity q) {
  for (const auto& [word, kind] : kKinds)
    if (kind == q) return word;
  return "";
}

}  // namespace

std::optional<RoundingRule> RoundingPolicy::rule_for(Quantity kind, Phase phase) const {
  if (auto k = by_kind.find(kind_of(kind)); k != by_kind.end()) return k->second;
  if (kind_of(kind) == Quantity::loss) phase = Phase::loss;  // "loss" names both: one rule
  if (auto p = by_phase.find(phase); p != by_phase.end()) return p->second;
  return every;
}

bool set_scoped_rule(RoundingPolicy& policy, std::string_view name, const RoundingRule& rule) {
  for (const auto& [word, phase] : kPhases)
    if (word == name) return policy.by_phase.insert_or_assign(phase, rule), true;
  for (const auto& [word, kind] : kKinds)
    if (word == name) return policy.by_kind.insert_or_assign(kind, rule), true;
  return false;
}

std::vector<std::string> rounding_scopes() {
  std::vector<std::string> out;
  for (const auto& [word, phase] : kPhases) out.emplace_back(word);
  for (const auto& [word, kind] : kKinds) out.emplace_back(word);
  return out;
}

std::string rounding_scope_names() {
  std::string out;
  for (const std::string& name : rounding_scopes()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

bool rounds_network_kinds(const RoundingPolicy& policy) {
  if (!policy.by_kind.empty()) return true;
  for (const auto& [phase, rule] : policy.by_phase)
    if (phase == Phase::loss || phase == Phase::update) return true;
  return false;
}

std::string describe(const RoundingPolicy& policy) {
  if (policy.is_uniform()) return policy.every ? describe(*policy.every) : "exact";
  std::string out;
  auto add = [&](std::string_view name, const RoundingRule& rule) {
    out += (out.empty() ? "" : "; ") + std::string(name) + ": " + describe(rule);
  };
  if (policy.every) add("default", *policy.every);
  for (const auto& [phase, rule] : policy.by_phase) add(phase_word(phase), rule);
  for (const auto& [kind, rule] : policy.by_kind) add(kind_word(kind), rule);
  return "rounded per quantity (" + out + (policy.every ? "" : "; the rest exact") + ")";
}

std::optional<RoundingPolicy> parse_rounding_policy(std::string_view text, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<RoundingPolicy> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  RoundingPolicy policy;
  bool any = false;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    std::size_t equals = item.find('=');
    std::string_view name = equals == std::string_view::npos ? std::string_view() : item.substr(0, equals);
    std::optional<RoundingRule> rule = parse_rounding_rule(equals == std::string_view::npos ? item : item.substr(equals + 1));
    if (!rule)
      return fail("'" + std::string(item) +
                  "' is not a rounding rule; expected Nd (N decimals) or Ns (N significant digits), optionally "
                  ":truncate, e.g. 4d or 3s:truncate, or NAME=RULE for a phase or a quantity kind, e.g. 3d,dz=4d");
    if (equals == std::string_view::npos) {
      if (policy.every) return fail("two default rules; give the others a NAME= (a phase or a quantity kind)");
      policy.every = rule;
    } else if (!set_scoped_rule(policy, name, *rule)) {
      return fail("'" + std::string(name) + "' is neither a phase nor a quantity kind; expected one of: " +
                  rounding_scope_names());
    }
    any = true;
  }
  if (!any) return fail("an empty rounding rule");
  return policy;
}

}  // namespace bptrace
