#pragma once
// The same piece of mathematics in the two dialects the printers write: Unicode text (terminal,
// JSON, DOT labels) and LaTeX (the latex and markdown formats).
#include <string>

namespace bptrace {

struct Math {
  std::string text;
  std::string latex;
  bool empty() const { return text.empty(); }
  friend bool operator==(const Math&, const Math&) = default;
};

// The same characters in both dialects: digits, signs, ASCII punctuation.
inline Math same(const std::string& s) { return Math{s, s}; }
inline Math operator+(Math a, const Math& b) {
  a.text += b.text;
  a.latex += b.latex;
  return a;
}

// A name written as it is: itself in text, typewriter in LaTeX (graph nodes, unknown quantities).
inline Math verbatim(const std::string& name) {
  std::string escaped;
  for (char c : name) escaped += c == '_' ? std::string("\\_") : std::string(1, c);
  return Math{name, "\\texttt{" + escaped + "}"};
}

enum class Dialect { text, latex };
inline const std::string& in(const Math& m, Dialect d) { return d == Dialect::text ? m.text : m.latex; }

}  // namespace bptrace
