#pragma once
// Where something was written in a lesson file, so that errors can point at it.
#include <cstdio>
#include <stdexcept>
#include <string>

namespace bptrace {

// Text echoed from a file, safe to print: a control character other than tab and newline as
// \u0000 (a NUL would cut the message), a byte that is not part of well-formed UTF-8 as \xC3.
inline std::string printable_text(const std::string& text) {
  std::string out;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = byte(i);
    char escape[8];
    if (c < 0x80) {
      const bool control = (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
      if (control) std::snprintf(escape, sizeof escape, "\\u%04X", c);
      out += control ? std::string(escape) : std::string(1, static_cast<char>(c));
      ++i;
      continue;
    }
    // A lead byte, its sequence's length and the range of its second byte (RFC 3629).
    std::size_t length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    const unsigned char low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    bool valid = length > 0 && i + length <= text.size() && byte(i + 1) >= low && byte(i + 1) <= high;
    for (std::size_t k = 2; valid && k < length; ++k) valid = byte(i + k) >= 0x80 && byte(i + k) <= 0xBF;
    if (valid) {
      out += text.substr(i, length);
      i += length;
      continue;
    }
    std::snprintf(escape, sizeof escape, "\\x%02X", c);
    out += escape;
    ++i;
  }
  return out;
}

struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// A bad lesson, or a computation the lesson asks for that is undefined (log of an exact 0):
// reported once, as "file:line:column: message", exit status 2. A problem with the file as a
// whole (not a regular file, too large) has no line: "file: message".
struct LessonError : std::runtime_error {
  LessonError(SourceLocation where, const std::string& message)
      : std::runtime_error(printable_text(message)), where(std::move(where)) {}
  SourceLocation where;
  std::string located() const {
    const std::string message = what();
    if (where.file.empty()) return message;
    if (where.line <= 0) return printable_text(where.file) + ": " + message;
    return printable_text(where.file) + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
           ": " + message;
  }
};

}  // namespace bptrace
