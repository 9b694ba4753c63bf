#pragma once
// Words of the shell commands bptrace prints (for a user to copy), quoted so that they mean
// exactly the path or name they stand for, whatever characters it holds.
#include <string>

namespace bptrace::cli {

// As is when it has only [A-Za-z0-9_./-]; otherwise (and when empty) POSIX
// single-quoted, each ' written as '\''.
inline std::string shell_word(const std::string& word) {
  bool plain = !word.empty();
  for (char c : word) {
    bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                c == '/' || c == '-';
    plain = plain && safe;
  }
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace bptrace::cli
