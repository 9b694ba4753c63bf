#include "render/text_layout.hpp"

#include <algorithm>

namespace bptrace::layout {

namespace {

enum class Cut { before, after };

}  // namespace

// Prose re-flowed: wrap without its preformatted lines.
std::string flow(const std::string& text, const std::string& first, const std::string& indent, std::size_t width);

namespace {

// `text` cut at each occurrence of a separator: before it (it opens the next piece) or after
// it (it closes this one). A separator at the very start is not a cut.
std::vector<std::string> split(const std::string& text, const std::vector<std::string>& separators, Cut cut) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  for (std::size_t i = 1; i < text.size(); ++i)
    for (const std::string& sep : separators) {
      std::size_t at = cut == Cut::before ? i : i - 1;  // where the separator would begin
      if (text.compare(at, sep.size(), sep) != 0) continue;
      std::size_t end = cut == Cut::before ? at : at + sep.size();
      if (end > start && end < text.size()) {
        pieces.push_back(text.substr(start, end - start));
        start = end;
      }
      break;
    }
  pieces.push_back(text.substr(start));
  return pieces;
}

}  // namespace

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string pad(const std::string& s, std::size_t width) {
  std::size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string wrap(const std::string& text, const std::string& first, const std::string& indent,
                 std::size_t width) {
  // A line indented by a space (a small table in a description) is kept as it is written, on a
  // line of its own; the prose between such lines is re-flowed.
  const std::size_t start = text.rfind(' ', 0) == 0 ? 0 : text.find("\n ");
  if (start != std::string::npos) {
    const std::size_t at = start == 0 ? 0 : start + 1;  // where the kept line begins
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string out = at ? flow(text.substr(0, start), first, indent, width) : "";
    out += (at ? indent : first) + text.substr(at, end - at) + "\n";
    if (end + 1 >= text.size()) return out;
    return out + wrap(text.substr(end + 1), indent, indent, width);
  }
  return flow(text, first, indent, width);
}

std::string flow(const std::string& text, const std::string& first, const std::string& indent, std::size_t width) {
  std::string out, line = first;
  bool line_has_word = false;
  auto flush = [&] {
    out += line + "\n";
    line = indent;
    line_has_word = false;
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find_first_of(" \n", pos);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(pos, end - pos);
    if (!word.empty()) {
      if (line_has_word && display_width(line) + 1 + display_width(word) > width) flush();
      line += (line_has_word ? " " : "") + word;
      line_has_word = true;
    }
    if (end < text.size() && text[end] == '\n' && end + 1 < text.size() && text[end + 1] == '\n') {
      flush();
      out += "\n";
      pos = end + 2;
      continue;
    }
    pos = end + 1;
  }
  if (line_has_word) flush();
  return out;
}

std::string heading(const std::string& title) { return wrap(title + " --", "-- ", "   "); }

std::string value_on_lines(const std::string& indent, const std::string& text, bool color) {
  TextStyle style{color};
  std::size_t cut = std::string::npos;
  if (display_width(indent + text) > 80)
    for (const char* relation : {" ≈ ", " = "})
      if (std::size_t at = text.find(relation); at != std::string::npos && at < cut) cut = at;
  if (cut == std::string::npos) return indent + style.value(text) + "\n";
  return indent + style.value(text.substr(0, cut)) + "\n" + indent + style.value(text.substr(cut + 1)) + "\n";
}

std::string layout_value(const std::string& indent, const std::string& text, const std::string& name, bool color) {
  TextStyle style{color};
  const std::string tag = "[" + name + "]";
  if (display_width(indent + text + "   " + tag) <= 80) return indent + style.value(text) + "   " + style.name(tag) + "\n";
  return value_on_lines(indent, text, color) + indent + style.name(tag) + "\n";
}


std::string fit(const std::string& prefix, const std::string& body, const std::string& indent) {
  if (display_width(prefix + body) <= 80) return prefix + body + "\n";
  std::string out, line = prefix;
  auto place = [&](std::string piece) {
    if (display_width(line) > display_width(indent) && display_width(line + piece) > 80) {
      out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
      line = indent;
      if (piece.rfind(" ", 0) == 0) piece = piece.substr(1);
    }
    line += piece;
  };
  for (const std::string& term : split(body, {" + ", " − "}, Cut::before)) {
    if (display_width(line + term) <= 80) {
      line += term;
      continue;
    }
    for (const std::string& piece : split(term, {" = "}, Cut::before))
      for (const std::string& part : split(piece, {"·", ", ", "; "}, Cut::after)) place(part);
  }
  return out + line + "\n";
}


}  // namespace bptrace::layout
