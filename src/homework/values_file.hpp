#pragma once
// The values file (docs/values-format.md): what a program computed for a lesson, under bptrace's
// canonical names, in float32 or float64. Each value is read from its decimal text as the nearest
// number of the file's dtype, exactly (no double in between, so no double rounding for float32),
// and a binary float is an exact rational: the recorded value is that rational.
#include "model/source_location.hpp"
#include "number/rational.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bptrace {

// An IEEE 754 binary format: p significand bits, normal exponents emin..emax.
struct FloatFormat {
  std::string name;  // "float64", "float32"
  int precision = 53;
  int emin = -1022;
  int emax = 1023;
  friend bool operator==(const FloatFormat&, const FloatFormat&) = default;
};
FloatFormat float64_format();
FloatFormat float32_format();

// u = 2^-p: |fl(x) − x| ≤ u·|x| for x in the normal range (Higham's unit roundoff).
Rational unit_roundoff(const FloatFormat& f);
// The spacing of the format's numbers at x: 2^(max(e, emin) − p + 1) for 2^e ≤ |x| < 2^(e+1);
// at 0 the smallest subnormal.
Rational ulp(const Rational& x, const FloatFormat& f);
// The nearest number of the format (ties to even), or nullopt when that is an infinity.
std::optional<Rational> round_to_format(const Rational& x, const FloatFormat& f);
// Whether x is a number of the format.
bool representable(const Rational& x, const FloatFormat& f);

// A decimal "-0.3775", "1.5e-3", "2E+4" (a JSON number, or the same in a string; leading zeros
// allowed) read as the nearest number of the format. Throws NumberSyntaxError for other text, and
// std::overflow_error when the nearest is an infinity. Cost is bounded by the text's length:
// exponents far out of range give 0 or overflow without computing 10^exponent.
Rational read_as_format(std::string_view text, const FloatFormat& f);

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
