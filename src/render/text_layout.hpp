#pragma once
// Laying text out for an 80-column terminal, shared by the text renderers (the derivation and the
// document checks): display widths, prose re-flowed, formulas broken at their operators, a value
// beside its [name] tag, and the ANSI styles. Layout only: the texts come from the printers.
#include <string>
#include <vector>

namespace bptrace::layout {

// Columns on a terminal: UTF-8 code points, each one column wide.
std::size_t display_width(const std::string& s);
// `s` padded with spaces to `width` columns.
std::string pad(const std::string& s, std::size_t width);

// Prose re-flowed to fit an 80-column terminal: single newlines join lines, blank lines stay
// paragraph breaks, a line that starts with a space is kept as written; the first line starts
// with `first`, continuation lines with `indent`.
std::string wrap(const std::string& text, const std::string& first, const std::string& indent,
                 std::size_t width = 80);
// "-- title --", re-flowed to 80 columns when it is long.
std::string heading(const std::string& title);

// ANSI styles, or none.
struct TextStyle {
  bool color = false;
  std::string heading(const std::string& s) const { return color ? "\033[1m" + s + "\033[0m" : s; }
  std::string name(const std::string& s) const { return color ? "\033[2m" + s + "\033[0m" : s; }
  std::string value(const std::string& s) const { return color ? "\033[32m" + s + "\033[0m" : s; }
};

// A value after `indent`, broken before its ≈ (or =) when "fraction ≈ decimal" is too long.
std::string value_on_lines(const std::string& indent, const std::string& text, bool color);
// A value and its [name] tag after `indent`: on one line when they fit 80 columns; else the
// tag on a line of its own, and a long "fraction ≈ decimal" broken before its ≈ (or =).
std::string layout_value(const std::string& indent, const std::string& text, const std::string& name, bool color);

// prefix + body on one line when it fits 80 columns, else broken before " + " / " − " terms;
// a term still too long is broken after a "·", ", " or "; " (a matrix row), or before " = ".
// Continuation lines start with `indent`.
std::string fit(const std::string& prefix, const std::string& body, const std::string& indent);

}  // namespace bptrace::layout
