#include "report/variant_text.hpp"

#include "lesson/toml_reader.hpp"
#include "number/decimal.hpp"

#include <toml++/toml.h>

#include <sstream>

namespace bptrace {

namespace {

std::string fraction_or_decimal(const Rational& q) {
  if (auto decimal = terminating_decimal(q, 60)) return *decimal;
  return fraction_string(q);
}

// A "nice" number k/20: an exact decimal of at most two digits.
std::string twentieths(long k) { return *terminating_decimal(Rational(k, 20)); }

// --- the numbers, drawn into the lesson's own TOML ------------------------------------------------

enum class Role { weight, bias, input, target };

bool all_zero_or_one(const lesson_toml::Reader& r, const toml::array& values) {
  bool all = true;
  values.for_each([&](const toml::node& v) {
    if (v.is_array()) {
      all = all && all_zero_or_one(r, *v.as_array());
      return;
    }
    Rational q = r.number(v, "a value");
    all = all && (q == 0 || q == 1);
  });
  return all;
}

bool all_nonnegative(const lesson_toml::Reader& r, const toml::array& values) {
  bool all = true;
  values.for_each([&](const toml::node& v) {
    if (v.is_array()) all = all && all_nonnegative(r, *v.as_array());
    else all = all && r.number(v, "a value") >= 0;
  });
  return all;
}

// Weights in ±0.9, biases in ±0.5 (never 0), inputs and targets in 0.05…0.95 (±0.95 for inputs
// that the lesson lets be negative). Inputs and targets that are all 0 or 1 (XOR's points, class
// labels) are the problem's data and stay.
void draw(toml::array& values, Role role, bool negative_inputs, Random& random) {
  for (auto it = values.begin(); it != values.end(); ++it) {
    if (it->is_array()) {
      draw(*it->as_array(), role, negative_inputs, random);
      continue;
    }
    long k = role == Role::weight ? random.in(-18, 18, true)
             : role == Role::bias ? random.in(-10, 10, true)
             : role == Role::input && negative_inputs ? random.in(-19, 19, true)
                                                      : random.in(1, 19, false);
    it = values.replace(it, twentieths(k));
  }
}

void draw_field(const lesson_toml::Reader& r, toml::table& table, const char* field, Role role, Random& random) {
  toml::array* values = table[field].as_array();
  if (!values) return;
  if ((role == Role::input || role == Role::target) && all_zero_or_one(r, *values)) return;
  draw(*values, role, role == Role::input && !all_nonnegative(r, *values), random);
}

// Every other floating-point number written as its exact decimal string: toml++ would print a double.
void exact_numbers(const lesson_toml::Reader& r, toml::node& node) {
  if (toml::table* t = node.as_table()) {
    std::vector<std::string> floating;
    for (auto&& [key, value] : *t) {
      if (value.is_floating_point()) floating.emplace_back(key.str());
      else exact_numbers(r, value);
    }
    for (const std::string& key : floating) t->insert_or_assign(key, fraction_or_decimal(r.number(*t->get(key), "a number")));
  } else if (toml::array* a = node.as_array()) {
    for (auto it = a->begin(); it != a->end(); ++it) {
      if (it->is_floating_point()) it = a->replace(it, fraction_or_decimal(r.number(*it, "a number")));
      else exact_numbers(r, *it);
    }
  }
}

}  // namespace

std::string variant_text(const Lesson& lesson, const std::string& lesson_text, const std::uint64_t seed, int number,
                         const std::vector<std::string>& questions, Random& random) {
  const lesson_toml::Reader r(lesson.path, lesson_text);
  toml::table root = lesson_toml::parse_located(lesson.path, lesson_text);
  root.erase("document");
  root.erase("erratum");
  if (toml::array* layers = root["layer"].as_array())
    for (toml::node& layer : *layers) {
      draw_field(r, *layer.as_table(), "weights", Role::weight, random);
      draw_field(r, *layer.as_table(), "bias", Role::bias, random);
    }
  if (toml::array* samples = root["sample"].as_array())
    for (toml::node& sample : *samples) {
      draw_field(r, *sample.as_table(), "x", Role::input, random);
      draw_field(r, *sample.as_table(), "y", Role::target, random);
    }
  exact_numbers(r, root);
  toml::table& meta = *root["lesson"].as_table();
  const std::string tag = "variant " + std::to_string(number) + " of seed " + std::to_string(seed);
  meta.insert_or_assign("title", lesson.title + " (" + tag + ")");
  meta.insert_or_assign("source", "bptrace variant " + lesson.name + " --seed " + std::to_string(seed) + ": " + lesson.source);
  meta.insert_or_assign("description", "Lesson " + lesson.name + " with new numbers, " + tag +
                                           " (bptrace variant): the same network, loss and training; no document checks.");
  meta.erase("example");
  toml::array ask;
  for (const std::string& q : questions) ask.push_back(q);
  root.insert_or_assign("questions", toml::table{{"ask", ask}});
  std::ostringstream out;
  out << "# " << lesson.name << ", " << tag << ": written by bptrace variant, the same on every machine.\n"
      << toml::toml_formatter{root} << "\n";
  return out.str();
}

}  // namespace bptrace
