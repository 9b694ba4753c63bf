#pragma once
// Where something was written in a lesson file, so that errors can point at it.
#include <stdexcept>
#include <string>

namespace bptrace {

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
      : std::runtime_error(message), where(std::move(where)) {}
  SourceLocation where;
  std::string located() const {
    if (where.file.empty()) return what();
    if (where.line <= 0) return where.file + ": " + what();
    return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
           ": " + what();
  }
};

}  // namespace bptrace
