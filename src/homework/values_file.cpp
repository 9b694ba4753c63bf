#include "homework/values_file.hpp"

#include "homework/json_reader.hpp"
#include "lesson/input_file.hpp"

#include <stdexcept>

namespace bptrace {

namespace {

SourceLocation at(const std::string& path, const JsonValue& v) { return {path, v.line, v.column}; }

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s.substr(0, 80)) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return out + (s.size() > 80 ? "…\"" : "\"");
}

const char* kFields = "format, version, dtype, producer, lesson, values";
bool known_field(const std::string& key) {
  for (const char* k : {"format", "version", "dtype", "producer", "lesson", "values"})
    if (key == k) return true;
  return false;
}

}  // namespace

ValuesFile parse_values_file(const std::string& path, const std::string& text) {
  JsonValue root = parse_json(path, text);
  auto error = [&](const JsonValue& v, const std::string& json_path, const std::string& message) {
    throw LessonError(at(path, v), json_path + ": " + message);
  };
  if (root.kind != JsonValue::Kind::object)
    error(root, "$", "expected an object {\"format\": \"bptrace-values\", ...}, found " + json_kind_name(root.kind));
  for (const auto& [key, v] : root.members)
    if (!known_field(key))
      error(v, "$." + key, "unknown field; a values file has: " + std::string(kFields) + " (docs/values-format.md)");
  auto required = [&](const char* key) -> const JsonValue& {
    const JsonValue* v = root.find(key);
    if (!v) error(root, "$", std::string("the field \"") + key + "\" is missing (docs/values-format.md)");
    return *v;
  };
  auto string_field = [&](const char* key, const JsonValue& v) -> const std::string& {
    if (v.kind != JsonValue::Kind::string) error(v, std::string("$.") + key, "expected a string, found " + json_kind_name(v.kind));
    return v.text;
  };
  ValuesFile file;
  file.path = path;
  if (string_field("format", required("format")) != "bptrace-values")
    error(required("format"), "$.format", "expected \"bptrace-values\", found " + quoted(required("format").text));
  const JsonValue& version = required("version");
  if (version.kind != JsonValue::Kind::number || version.text != "1")
    error(version, "$.version", "expected 1, the only version there is, found " +
                                    (version.kind == JsonValue::Kind::number ? version.text : json_kind_name(version.kind)));
  const std::string& dtype = string_field("dtype", required("dtype"));
  if (dtype == "float64") file.dtype = float64_format();
  else if (dtype == "float32") file.dtype = float32_format();
  else error(required("dtype"), "$.dtype", "expected \"float64\" or \"float32\", found " + quoted(dtype));
  if (const JsonValue* p = root.find("producer")) file.producer = string_field("producer", *p);
  if (const JsonValue* l = root.find("lesson")) file.lesson = string_field("lesson", *l);
  const JsonValue& values = required("values");
  if (values.kind != JsonValue::Kind::object)
    error(values, "$.values", "expected an object {\"NAME\": value, ...}, found " + json_kind_name(values.kind));
  if (values.members.empty()) error(values, "$.values", "no values: nothing to verify");
  for (const auto& [name, v] : values.members) {
    std::string json_path = "$.values[" + quoted(name) + "]";
    if (v.kind != JsonValue::Kind::number && v.kind != JsonValue::Kind::string)
      error(v, json_path, "expected a number, or a decimal number in a string (\"0.3775\"), found " + json_kind_name(v.kind));
    if (v.kind == JsonValue::Kind::string && v.text.size() > kMaxJsonNumberChars)
      error(v, json_path, "number too long: at most " + std::to_string(kMaxJsonNumberChars) + " characters");
    try {
      Rational value = read_as_format(v.text, file.dtype);
      file.values.push_back(RecordedValue{name, v.text, std::move(value), at(path, v), json_path});
    } catch (const NumberSyntaxError& e) {
      error(v, json_path, "expected a decimal number (\"0.3775\", \"-1.5e-3\"), found the string " + quoted(v.text) + ": " + e.what());
    } catch (const std::overflow_error& e) {
      error(v, json_path, v.text.substr(0, 40) + " is " + e.what() + ": not a value a " + file.dtype.name + " program holds");
    }
  }
  return file;
}

ValuesFile load_values_file(const std::string& path) { return parse_values_file(path, read_input_file(path, "values file")); }

}  // namespace bptrace
