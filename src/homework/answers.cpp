#include "homework/answers.hpp"

#include "lesson/input_file.hpp"
#include "lesson/library.hpp"
#include "lesson/toml_reader.hpp"
#include "number/rational.hpp"

#include <toml++/toml.h>

#include <cctype>


namespace bptrace {

namespace {

std::string trim(const std::string& s) {
  std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

SourceLocation at(const std::string& path, const toml::node& node) {
  auto p = node.source().begin;
  return SourceLocation{path, static_cast<int>(p.line ? p.line : 1), static_cast<int>(p.column ? p.column : 1)};
}

// The value must read as a number; its text is kept verbatim, since its digits are its precision.
void check_number(const std::string& value, const SourceLocation& where, const std::string& context) {
  try {
    parse_rational(value);
  } catch (const NumberSyntaxError& e) {
    std::string message = std::string(e.what()) + " in the answer " + context +
                          " (write a decimal 0.000438, a fraction -7/20, or scientific notation 4.38e-4)";
    if (where.file.empty()) throw UsageError(message);
    throw LessonError(where, message);
  }
}

}  // namespace

std::string answer_digits(const std::string& written) {
  const std::size_t sign = !written.empty() && (written[0] == '-' || written[0] == '+') ? 1 : 0;
  const bool leading_point = written.size() > sign + 1 && written[sign] == '.' && std::isdigit(static_cast<unsigned char>(written[sign + 1]));
  if (!leading_point) return written;
  std::string with_zero = written.substr(0, sign) + "0" + written.substr(sign);
  try {
    parse_rational(with_zero);
  } catch (const NumberSyntaxError&) {
    return written;  // its error is reported on the text as written
  }
  return with_zero;
}

Answer parse_answer_argument(const std::string& argument) {
  std::size_t eq = argument.rfind('=');
  if (eq == std::string::npos)
    throw UsageError("--answer '" + argument + "': expected NAME=VALUE, e.g. 'layer1.dW[1,1]=0.000438'");
  Answer a{trim(argument.substr(0, eq)), answer_digits(trim(argument.substr(eq + 1))), {}, {}};
  if (a.written_name.empty()) throw UsageError("--answer '" + argument + "': the quantity's name is missing");
  check_number(a.value, {}, "'" + argument + "'");
  return a;
}

std::vector<Answer> load_answers(const std::string& path) {
  return parse_answers(path, read_input_file(path, "answers file"));
}

std::vector<Answer> parse_answers(const std::string& path, const std::string& text) {
  toml::table root = lesson_toml::parse_located(path, text);
  for (const auto& [key, node] : root)
    if (key.str() != "answer") throw LessonError(at(path, node), "unknown field '" + std::string(key.str()) + "'; expected [[answer]] tables");
  const toml::node* list = root.get("answer");
  if (!list || !list->is_array_of_tables()) throw LessonError({path, 1, 1}, "expected [[answer]] tables (quantity, value)");
  std::vector<Answer> answers;
  for (const auto& item : *list->as_array()) {
    const toml::table& t = *item.as_table();
    for (const auto& [key, node] : t)
      if (key.str() != "quantity" && key.str() != "value")
        throw LessonError(at(path, node), "unknown field '" + std::string(key.str()) + "' in [[answer]]; expected one of: quantity, value");
    const toml::node* quantity = t.get("quantity");
    const toml::node* value = t.get("value");
    if (!quantity || !quantity->is_string()) throw LessonError(at(path, t), "[[answer]] needs quantity = \"...\" (a string)");
    if (!value || !value->is_string())
      throw LessonError(value ? at(path, *value) : at(path, t),
                        "[[answer]] needs value = \"...\" as a string, so that its digits are kept as written");
    Answer a{quantity->as_string()->get(), answer_digits(value->as_string()->get()), at(path, *quantity), {}};
    check_number(a.value, at(path, *value), "\"" + a.value + "\"");
    answers.push_back(std::move(a));
  }
  return answers;
}

namespace {

// An answer that cannot be judged: at its line in the answers file, else as the --answer it was.
[[noreturn]] void refuse(const Answer& a, const std::string& message) {
  if (a.location.file.empty()) throw UsageError("--answer " + printable_text(a.written_name + "=" + a.value) + ": " + message);
  throw LessonError(a.location, a.written_name + ": " + message);
}

}  // namespace

void resolve_answers(std::vector<Answer>& answers, const Trace& trace, const NameAliases& aliases) {
  for (Answer& a : answers) {
    auto name = resolve_quantity(a.written_name, trace, aliases);
    if (!name) {
      if (a.location.file.empty()) throw UsageError(unknown_answer_name(a.written_name, trace, aliases));
      throw LessonError(a.location, unknown_answer_name(a.written_name, trace, aliases));
    }
    a.quantity = *name;
    // A value past the exact range has no ends as fractions to compare a written number with.
    const Value truth = trace.value(a.quantity);
    try {
      static_cast<void>(lower_bound(truth));
      static_cast<void>(upper_bound(truth));
    } catch (const BeyondExactRange& e) {
      refuse(a, e.what());
    }
  }
}

}  // namespace bptrace
