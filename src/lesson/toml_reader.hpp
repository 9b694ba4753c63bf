#pragma once
// Reading lesson TOML: every value with its file:line:column, numbers from their source text,
// unknown keys refused. Shared by the network and the graph parts of the loader.
#include "model/source_location.hpp"
#include "model/network.hpp"
#include "number/rational.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace bptrace::lesson_toml {

inline std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class Reader {
 public:
  Reader(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) { index_lines(); }

  const std::string& path() const { return path_; }

  SourceLocation at(const toml::source_position& p) const {
    return SourceLocation{path_, static_cast<int>(p.line), static_cast<int>(p.column)};
  }
  SourceLocation at(const toml::node& node) const {
    auto p = node.source().begin;
    if (p.line == 0) return SourceLocation{path_, 1, 1};
    return at(p);
  }

  // The place of character `offset` of a one-line string's contents (after its opening quote).
  SourceLocation inside_string(const toml::node& node, std::size_t offset) const {
    SourceLocation where = at(node);
    where.column += 1 + static_cast<int>(offset);
    return where;
  }

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
    throw LessonError(at(node), message);
  }

  // Keys outside `allowed` are typos: say so, and list what is allowed.
  void only_keys(const toml::table& table, const std::string& context,
                 const std::vector<std::string>& allowed) const {
    for (const auto& [key, node] : table) {
      if (std::find(allowed.begin(), allowed.end(), std::string(key.str())) == allowed.end())
        throw LessonError(at(key.source().begin.line ? key.source().begin : node.source().begin),
                          "unknown field '" + std::string(key.str()) + "' in " + context +
                              "; expected one of: " + join(allowed));
    }
  }

  const toml::node& required(const toml::table& table, const std::string& key,
                             const std::string& context) const {
    const toml::node* node = table.get(key);
    if (!node) fail(table, "missing field '" + key + "' in " + context);
    return *node;
  }

  const toml::table& table(const toml::table& parent, const std::string& key) const {
    const toml::node* found = parent.get(key);
    if (!found) fail(parent, "missing table [" + key + "]");
    const toml::node& node = *found;
    if (!node.is_table()) fail(node, "expected a table [" + key + "]");
    return *node.as_table();
  }

  std::string string(const toml::node& node, const std::string& what) const {
    if (!node.is_string()) fail(node, "expected a string for " + what);
    return node.as_string()->get();
  }

  std::string string(const toml::table& table, const std::string& key, const std::string& context) const {
    return string(required(table, key, context), "'" + key + "'");
  }

  std::optional<std::string> optional_string(const toml::table& table, const std::string& key) const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    return string(*node, "'" + key + "'");
  }

  std::int64_t integer(const toml::node& node, const std::string& what, std::int64_t lo,
                       std::int64_t hi) const {
    if (!node.is_integer()) fail(node, "expected an integer for " + what);
    std::int64_t v = node.as_integer()->get();
    if (v < lo || v > hi)
      fail(node, what + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                     ", found " + std::to_string(v));
    return v;
  }

  // A number read from its source text: TOML numbers are sliced out of the file as written
  // (0.05 stays 1/20, never a double); strings may also hold fractions such as "1/3".
  Rational number(const toml::node& node, const std::string& what) const {
    std::string text;
    int column_offset = 0;
    if (node.is_string()) {
      text = node.as_string()->get();
      column_offset = 1;  // the opening quote
    } else if (node.is_integer() || node.is_floating_point()) {
      text = source_text(node);
    } else {
      fail(node, "expected a number for " + what + " (a decimal such as 0.05, or a string such as \"1/3\")");
    }
    try {
      return parse_rational(text);
    } catch (const NumberSyntaxError& e) {
      SourceLocation where = at(node);
      where.column += column_offset + static_cast<int>(e.offset);
      throw LessonError(where, std::string(e.what()) + " in " + what + " \"" + text + "\"");
    }
  }

  std::vector<Rational> vector(const toml::node& node, const std::string& what) const {
    if (!node.is_array()) fail(node, "expected an array of numbers for " + what);
    std::vector<Rational> out;
    for (const auto& item : *node.as_array()) out.push_back(number(item, what));
    return out;
  }

  Matrix matrix(const toml::node& node, const std::string& what) const {
    if (!node.is_array()) fail(node, "expected an array of rows for " + what);
    Matrix out;
    for (const auto& row : *node.as_array()) {
      if (!row.is_array()) fail(row, "expected a row (an array of numbers) in " + what);
      out.push_back(vector(row, what));
      if (out.back().size() != out.front().size())
        fail(row, what + ": row " + std::to_string(out.size()) + " has " +
                      std::to_string(out.back().size()) + " entries, row 1 has " +
                      std::to_string(out.front().size()));
    }
    return out;
  }

 private:
  // The characters of a value as written in the file (columns count code points).
  std::string source_text(const toml::node& node) const {
    auto region = node.source();
    if (region.begin.line == 0 || region.begin.line > lines_.size() || region.begin.line != region.end.line)
      fail(node, "cannot read the number's source text");
    const Line& line = lines_[region.begin.line - 1];
    std::size_t begin = byte_offset(line, region.begin.column);
    std::size_t end = byte_offset(line, region.end.column);
    std::string digits;
    for (std::size_t i = line.start + begin; i < line.start + end; ++i)
      if (text_[i] != '_') digits += text_[i];
    return digits;
  }

  // Every line's place in the text, and for a line that is not pure ASCII the byte offset of
  // every kCheckpoint-th code point: finding a column then walks fewer than kCheckpoint code
  // points, so reading a line of n values costs O(n), not O(n²) (100,000 numbers on one line).
  static constexpr std::size_t kCheckpoint = 64;
  struct Line {
    std::size_t start = 0;                 // in text_
    std::size_t size = 0;                  // bytes, without the '\n'
    std::vector<std::size_t> checkpoints;  // [k]: byte of code point 1 + k·kCheckpoint; empty: ASCII
  };

  static bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

  // From `byte`, `steps` code points on (a code point: one byte, then its continuation bytes).
  std::size_t advance(const Line& line, std::size_t byte, std::size_t steps) const {
    for (; steps > 0 && byte < line.size; --steps) {
      ++byte;
      while (byte < line.size && continuation(text_[line.start + byte])) ++byte;
    }
    return byte;
  }

  void index_lines() {
    for (std::size_t start = 0; start < text_.size();) {
      std::size_t newline = text_.find('\n', start);
      std::size_t end = newline == std::string::npos ? text_.size() : newline;
      Line line{start, end - start, {}};
      bool ascii = std::all_of(text_.begin() + static_cast<long>(start), text_.begin() + static_cast<long>(end),
                               [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (!ascii)
        for (std::size_t byte = 0;; byte = advance(line, byte, kCheckpoint)) {
          line.checkpoints.push_back(byte);
          if (byte >= line.size) break;
        }
      lines_.push_back(std::move(line));
      start = end + 1;
    }
  }

  // The byte offset of 1-based code-point column `column` in the line (its end if beyond).
  std::size_t byte_offset(const Line& line, std::size_t column) const {
    std::size_t steps = column > 0 ? column - 1 : 0;
    if (line.checkpoints.empty()) return std::min(steps, line.size);
    std::size_t k = std::min(steps / kCheckpoint, line.checkpoints.size() - 1);
    return advance(line, line.checkpoints[k], steps - k * kCheckpoint);
  }

  std::string path_;
  std::string text_;
  std::vector<Line> lines_;
};

// Parses TOML text; a syntax error becomes a LessonError at its line and column.
inline toml::table parse_located(const std::string& path, const std::string& text) {
  try {
    return toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    auto b = e.source().begin;
    throw LessonError({path, static_cast<int>(b.line ? b.line : 1), static_cast<int>(b.column ? b.column : 1)},
                      "TOML syntax: " + std::string(e.description()));
  }
}

}  // namespace bptrace::lesson_toml
