#pragma once
// The same piece of mathematics in the two dialects the renderers write: Unicode text (terminal,
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

enum class Dialect { text, latex };
inline const std::string& in(const Math& m, Dialect d) { return d == Dialect::text ? m.text : m.latex; }

// A formula template's own operators and function names (·, −, σ, ², e^(…), log, ReLU) as LaTeX
// math. `{name}` references are left as they are, for the caller to substitute.
std::string latex_operators(const std::string& formula_template);

// Text for a LaTeX paragraph: the special characters escaped, Unicode written with commands,
// so that pdflatex needs no Unicode support.
std::string latex_text(const std::string& text);

}  // namespace bptrace
