#pragma once
// The values file (docs/values-format.md): what a program computed for a lesson, under bptrace's
// canonical names, in float32 or float64. Each value is read from its decimal text as the nearest
// number of the file's dtype, exactly (no double in between, so no double rounding for float32),
// and a binary float is an exact rational: the recorded value is that rational.
#include "model/source_location.hpp"
#include "number/float_format.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bptrace {

struct RecordedValue {
  std::string name;       // as written: "layer1.z[1]"
  std::string text;       // the number's text as written
  Rational value;         // the nearest dtype number, exactly
  SourceLocation where;   // of the value
  std::string json_path;  // $.values["layer1.z[1]"]
};

struct ValuesFile {
  std::string path;
  FloatFormat dtype;
  std::string producer, lesson;  // free text, may be empty
  std::vector<RecordedValue> values;  // in file order
};

// Throws LessonError at the file:line:column (and JSON path) of the first problem.
ValuesFile parse_values_file(const std::string& path, const std::string& text);
ValuesFile load_values_file(const std::string& path);

}  // namespace bptrace
