#pragma once
// A small strict JSON reader (RFC 8259) for the files bptrace is given (the values file of
// `bptrace verify`). Boost 1.74 has no Boost.JSON, and a general library would read numbers as
// doubles: this one keeps a number's *text*, so that a value can be read exactly from its digits.
// Hostile input is refused, never a crash, hang or unbounded memory: nesting is limited to
// kMaxJsonDepth, a file to kMaxJsonNodes values and a number to kMaxJsonNumberChars characters;
// every error is a LessonError at the file:line:column where the input went wrong.
#include "model/source_location.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace bptrace {

inline constexpr int kMaxJsonDepth = 64;
inline constexpr std::size_t kMaxJsonNodes = 1'000'000;
// The exact decimal expansion of the smallest float64 subnormal has 1074 decimals: room for it.
inline constexpr std::size_t kMaxJsonNumberChars = 4096;

struct JsonMember;

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  std::string text;  // a number's text exactly as written, or a string's decoded UTF-8
  std::vector<JsonValue> items;                             // an array
  std::vector<JsonMember> members;  // an object, in file order
  int line = 1, column = 1;                                 // where the value starts

  // The member named `key`, or nullptr.
  const JsonValue* find(const std::string& key) const;
};

struct JsonMember {
  std::string name;
  JsonValue value;
};

// "an object", "a string", ... for messages.
std::string json_kind_name(JsonValue::Kind kind);

// Parses the whole text (the file called `path`, for messages). Throws LessonError: a syntax
// error, a duplicate key, a limit exceeded, trailing text after the value.
JsonValue parse_json(const std::string& path, const std::string& text);

}  // namespace bptrace
