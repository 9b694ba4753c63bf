#include "homework/rubric.hpp"

#include "homework/mistakes.hpp"
#include "lesson/input_file.hpp"
#include "lesson/toml_reader.hpp"

#include <algorithm>

namespace bptrace {

namespace {

const std::vector<std::string> kFields{"min_significant_digits", "min_decimals", "accept_truncation",
                                       "relative_tolerance", "absolute_tolerance", "points",
                                       "insufficient_precision_points", "ungradable_points", "quantity_points",
                                       "mistake_points"};

Rational points(const lesson_toml::Reader& r, const toml::node& node, const std::string& what) {
  Rational p = r.number(node, what);
  if (p < 0) r.fail(node, what + " must be 0 or more");
  return p;
}

std::optional<Tolerance> tolerance(const lesson_toml::Reader& r, const toml::table& root) {
  const toml::node* relative = root.get("relative_tolerance");
  const toml::node* absolute = root.get("absolute_tolerance");
  if (relative && absolute) r.fail(*absolute, "give relative_tolerance or absolute_tolerance, not both");
  const toml::node* node = relative ? relative : absolute;
  if (!node) return std::nullopt;
  const std::string what = relative ? "relative_tolerance" : "absolute_tolerance";
  if (!node->is_string()) r.fail(*node, what + " must be a string such as \"1e-9\", so that it is read exactly");
  Rational amount = r.number(*node, what);
  if (amount <= 0) r.fail(*node, what + " must be more than 0");
  return Tolerance{relative ? Tolerance::Kind::relative : Tolerance::Kind::absolute, amount, node->as_string()->get()};
}

}  // namespace

GradingPolicy load_rubric(const std::string& path) { return parse_rubric(path, read_input_file(path, "rubric file")); }

GradingPolicy parse_rubric(const std::string& path, const std::string& text) {
  toml::table root = lesson_toml::parse_located(path, text);
  lesson_toml::Reader r(path, text);
  r.only_keys(root, "the rubric", kFields);
  GradingPolicy policy;
  const toml::node* significant = root.get("min_significant_digits");
  const toml::node* decimals = root.get("min_decimals");
  if (significant && decimals) r.fail(*decimals, "give min_significant_digits or min_decimals, not both");
  if (significant) {
    policy.min_significant = static_cast<int>(r.integer(*significant, "min_significant_digits", 0, 60));
  } else if (decimals) {
    policy.min_significant.reset();
    policy.min_decimals = static_cast<int>(r.integer(*decimals, "min_decimals", -60, 60));
  }
  if (const toml::node* truncation = root.get("accept_truncation")) {
    if (!truncation->is_boolean()) r.fail(*truncation, "accept_truncation must be true or false");
    policy.accept_truncation = truncation->as_boolean()->get();
  }
  policy.tolerance = tolerance(r, root);
  if (const toml::node* p = root.get("points")) policy.points = points(r, *p, "points");
  if (const toml::node* p = root.get("insufficient_precision_points"))
    policy.insufficient_points = points(r, *p, "insufficient_precision_points");
  if (const toml::node* p = root.get("ungradable_points")) policy.ungradable_points = points(r, *p, "ungradable_points");
  if (const toml::node* table = root.get("quantity_points")) {
    if (!table->is_table()) r.fail(*table, "expected a table [quantity_points] of NAME = points");
    for (const auto& [name, node] : *table->as_table())
      policy.quantity_points.push_back(
          QuantityPoints{std::string(name.str()), points(r, node, "the points of '" + std::string(name.str()) + "'"), r.at(node)});
  }
  if (const toml::node* table = root.get("mistake_points")) {
    if (!table->is_table()) r.fail(*table, "expected a table [mistake_points] of MISTAKE = points, e.g. \"2a\" = 0.5");
    for (const auto& [number, node] : *table->as_table()) {
      const std::string n(number.str());
      if (!find_mistake(n)) r.fail(node, "no mistake '" + n + "' in the catalogue (README, 'The mistake catalogue')");
      policy.mistake_points[n] = points(r, node, "the points of mistake " + n);
    }
  }
  return policy;
}

}  // namespace bptrace
