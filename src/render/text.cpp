#include "render/text.hpp"

#include "number/decimal.hpp"
#include "render/notation.hpp"
#include "render/spell.hpp"
#include "trace/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace bptrace {

namespace {

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

// Prose re-flowed to fit an 80-column terminal: single newlines join lines, blank lines stay
// paragraph breaks; continuation lines get `indent`.
std::string wrap(const std::string& text, const std::string& first, const std::string& indent,
                 std::size_t width = 80) {
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

// "-- title --", re-flowed to 80 columns when it is long.
std::string heading(const std::string& title) { return wrap(title + " --", "-- ", "   "); }

struct Style {
  bool color = false;
  std::string heading(const std::string& s) const { return color ? "\033[1m" + s + "\033[0m" : s; }
  std::string name(const std::string& s) const { return color ? "\033[2m" + s + "\033[0m" : s; }
  std::string value(const std::string& s) const { return color ? "\033[32m" + s + "\033[0m" : s; }
};

// A value after `indent`, broken before its ≈ (or =) when "fraction ≈ decimal" is too long.
std::string value_on_lines(const std::string& indent, const std::string& text, bool color) {
  Style style{color};
  std::size_t cut = std::string::npos;
  if (display_width(indent + text) > 80)
    for (const char* relation : {" ≈ ", " = "})
      if (std::size_t at = text.find(relation); at != std::string::npos && at < cut) cut = at;
  if (cut == std::string::npos) return indent + style.value(text) + "\n";
  return indent + style.value(text.substr(0, cut)) + "\n" + indent + style.value(text.substr(cut + 1)) + "\n";
}

// A value and its [name] tag after `indent`: on one line when they fit 80 columns; else the
// tag on a line of its own, and a long "fraction ≈ decimal" broken before its ≈ (or =).
std::string layout_value(const std::string& indent, const std::string& text, const std::string& name, bool color) {
  Style style{color};
  const std::string tag = "[" + name + "]";
  if (display_width(indent + text + "   " + tag) <= 80) return indent + style.value(text) + "   " + style.name(tag) + "\n";
  return value_on_lines(indent, text, color) + indent + style.name(tag) + "\n";
}

class TextWriter {
 public:
  TextWriter(const Trace& trace, const Notation& notation, const TextOptions& options)
      : trace_(trace), n_(notation), options_(options), style_{options.color} {}

  std::string write(const Outline& outline) {
    for (const Section& section : outline.sections) {
      if (!section.step_heading.empty()) out_ += "\n" + style_.heading("=== " + section.step_heading + " ===") + "\n";
      out_ += "\n" + style_.heading(heading(section.title));
      for (const Item& item : section.items) {
        if (item.step && !item.untraced_formula.empty()) untraced(*item.step, item.untraced_formula);
        else if (item.step) scalar(*item.step);
        else vector(item.vector, item.untraced_formula);
      }
    }
    return out_;
  }

 private:
  const Trace& trace_;
  const Notation& n_;
  const TextOptions& options_;
  Style style_;
  std::string out_;

  std::string symbols(const Formula& formula) const { return formula_symbols(formula, n_, Dialect::text); }
  std::string numbers(const Formula& formula) const {
    return formula_numbers(formula, trace_, n_, Dialect::text);
  }
  std::string value(const Value& v) const {
    return style_.value(value_text(v, options_.values));
  }

  // A step computed but not traced: the formula it was computed by (its operands are not in the
  // trace, so no numbers), then its value and name.
  void untraced(const Step& step, const Formula& formula) {
    std::string lhs = "  " + n_.symbol(step.key).text + " ";
    std::string indent(display_width(lhs), ' ');
    out_ += fit(lhs + "= ", symbols(formula), indent + "  ");
    out_ += layout_value(indent, value_text(step.value, options_.values), canonical_name(step.key), style_.color);
  }

  void scalar(const Step& step) {
    std::string lhs = "  " + n_.symbol(step.key).text + " ";
    std::string indent(display_width(lhs), ' ');
    if (step.formula.empty()) {
      out_ += lhs + value(step.value) + "\n";
      return;
    }
    out_ += fit(lhs + "= ", symbols(step.formula), indent + "  ");
    std::string with_numbers = numbers(step.formula);
    if (with_numbers != symbols(step.formula)) out_ += fit(indent + "= ", with_numbers, indent + "  ");
    out_ += layout_value(indent, value_text(step.value, options_.values), canonical_name(step.key),
                         style_.color);
    if (step.contributions.empty()) return;
    out_ += indent + (step.contributions.size() == 1 ? std::string("its one path:\n")
                                                     : fmt::format("a sum over {} paths:\n", step.contributions.size()));
    for (const Contribution& c : step.contributions) {
      out_ += fit(indent + "  via " + n_.symbol(c.via).text + ": ", symbols(c.formula), indent + "      ");
      std::string line = indent + "      = " + numbers(c.formula);
      // The value on a line of its own when the line would not fit 80 columns.
      const std::string result = value_text(c.value, options_.values);
      if (display_width(line) + 1 + display_width(result) > 80)
        out_ += fit(indent + "      = ", numbers(c.formula), indent + "        ") +
                value_on_lines(indent + "      ", result, style_.color);
      else
        out_ += line + " " + value(c.value) + "\n";
    }
  }

  // prefix + body on one line when it fits 80 columns, else broken before " + " / " − " terms;
  // a term still too long is broken after a "·", ", " or "; " (a matrix row), or before " = ".
  static std::string fit(const std::string& prefix, const std::string& body, const std::string& indent) {
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

  // `text` cut at each occurrence of a separator: before it (it opens the next piece) or after
  // it (it closes this one). A separator at the very start is not a cut.
  enum class Cut { before, after };
  static std::vector<std::string> split(const std::string& text, const std::vector<std::string>& separators, Cut cut) {
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

  // A vector or matrix value, one row per line, columns aligned; `untraced`: the formula of a
  // quantity computed but not traced, in symbols only.
  void vector(const VectorEquation& equation, const Formula& untraced) {
    std::string lhs = "  " + n_.symbol(equation.lhs).text + " ";
    std::string indent(display_width(lhs), ' ');
    Grid grid = n_.grid(equation.lhs);
    if (!untraced.empty()) {
      out_ += fit(lhs + "= ", symbols(untraced), indent + "  ");
      lhs = indent;
    }
    if (!equation.formula.empty()) {
      out_ += fit(lhs + "= ", symbols(equation.formula), indent + "  ");
      out_ += fit(indent + "= ", numbers(equation.formula), indent + "  ");
      lhs = indent;
    }
    auto entries = grid_texts(grid, trace_, options_.values);
    std::vector<std::size_t> widths;
    for (const auto& row : entries)
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (widths.size() <= c) widths.push_back(0);
        widths[c] = std::max(widths[c], display_width(row[c]));
      }
    std::string relation = grid_exact(grid, trace_) ? "= " : "≈ ";
    const std::string tag = "[" + canonical_name(equation.lhs) + "]";
    bool tag_below = false;
    for (std::size_t r = 0; r < entries.size(); ++r) {
      std::string line = "[ ";
      for (std::size_t c = 0; c < entries[r].size(); ++c) line += pad(entries[r][c], widths[c]) + (c + 1 < entries[r].size() ? "  " : "");
      line += " ]";
      std::string lead = r == 0 ? lhs + relation : indent + "  ";
      out_ += lead + style_.value(line);
      // The name after the first row when it fits 80 columns, else on a line after the matrix.
      if (r == 0) tag_below = display_width(lead + line + "   " + tag) > 80;
      out_ += r == 0 && !tag_below ? "   " + style_.name(tag) + "\n" : "\n";
    }
    if (tag_below) out_ += indent + "  " + style_.name(tag) + "\n";
  }
};

}  // namespace

bool terminal_color(bool stdout_is_terminal, const char* no_color, const char* term) {
  if (!stdout_is_terminal) return false;
  if (no_color && *no_color) return false;
  return !(term && std::string_view(term) == "dumb");
}

Notation trace_notation(const Trace& trace, NotationKind kind) { return Notation(kind, trace.header.shape); }

std::string render_derivation(const Trace& trace, const TextOptions& options) {
  return render_derivation(trace, trace_notation(trace, NotationKind::bracket), options);
}

std::string render_derivation(const Trace& trace, const Notation& notation, const TextOptions& options) {
  const TraceHeader& lesson = trace.header;
  std::string out;
  out += wrap(lesson.title, lesson.label() + " — ", "  ");
  out += wrap(lesson.source, "source: ", "  ");
  if (!lesson.description.empty() && !options.show) out += "\n" + wrap(lesson.description, "", "");
  out += "\n" + wrap(notation.legend(), "", "");
  out += "\n" + wrap(fmt::format("Values: '=' exact (fraction, and its decimal); '≈' certified, correctly "
                                  "rounded to {} significant digits (every digit printed is certain). "
                                  "Numbers inside formulas are shortened to 10 digits.",
                                  options.values.digits),
                      "", "");
  Outline outline = make_outline(trace, notation, options.view, options.show, options.steps);
  if (options.show) out += fmt::format("\nOnly {} and what it depends on:\n", canonical_name(*options.show));
  if (!outline.note.empty()) out += "\n" + wrap(outline.note, "Note: ", "  ");
  out += TextWriter(trace, notation, options).write(outline);
  if (!options.show) out += render_training_summary(trace, options);
  return out;
}

std::string render_training_summary(const Trace& trace, const TextOptions& options) {
  std::vector<const Step*> losses = training_losses(trace);
  if (losses.empty()) return "";
  std::string out = "\n" + heading("Training summary: the loss at step T (with the parameters before update T), "
                                   "and after each epoch");
  for (const Step* step : losses) {
    const Key& k = step->key;
    const std::string n = canonical_name(k);
    std::string label = k.quantity == Quantity::epoch_loss ? "epoch " + std::to_string(k.number)
                                                          : "step " + std::to_string(k.step);
    // The label in the value's indent, laid out as every value is.
    const std::string lead = fmt::format("  {:<12} ", label);
    out += lead + layout_value(std::string(lead.size(), ' '),
                               value_text(step->value, options.values), n, false)
                      .substr(lead.size());
  }
  return out;
}

namespace {

// The significant digits of a printed decimal ("0.00043856773447434701" has 17); 0 for a fraction.
int printed_digits(const std::string& printed) {
  if (printed.find('/') != std::string::npos) return 0;
  int digits = 0;
  bool leading = true;
  for (char c : printed) {
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') continue;
    leading = leading && c == '0';
    if (!leading) ++digits;
  }
  return digits;
}

struct CheckCounts {
  int rounds = 0, truncates = 0, tolerated = 0, errata = 0, failed = 0;
};

// One line per check, and a note where it needs one.
std::string check_lines(const Trace& trace, const std::vector<DocumentCheck>& checks, const ValueStyle& values,
                        CheckCounts& counts) {
  std::string out;
  int& rounds = counts.rounds;
  int& truncates = counts.truncates;
  int& errata = counts.errata;
  int& failed = counts.failed;
  for (const DocumentCheck& c : checks) {
    const DocumentValue& d = *c.document;
    const Trace::Found found = *trace.find_name(d.quantity);
    const Value& v = found.value();
    std::string mark = passes(c.verdict) ? "ok  " : "FAIL";
    out += wrap(fmt::format("{} [{}]: printed {}, engine {}", bracket_symbol(c.key), d.quantity, d.printed,
                            c.rounded),
                "  " + mark + " ", "         ");
    switch (c.verdict) {
      case Verdict::rounds: ++rounds; break;
      case Verdict::truncates:
        ++truncates;
        out += wrap(fmt::format("note: the document truncates: the value {} rounds to {}, not {}",
                                        styled(v, values), c.rounded, d.printed),
                            "       ", "         ");
        break;
      case Verdict::within_tolerance:
        ++counts.tolerated;
        out += wrap(fmt::format("note: a floating-point value, within the lesson's tolerance, {}: the value {} is {} "
                                "from it (at its printed digits the value rounds to {})",
                                c.tolerance_clause,
                                styled(v, values.with_digits(std::max(values.digits, printed_digits(d.printed) + 2))),
                                c.tolerance_distance, c.rounded),
                    "       ", "         ");
        break;
      case Verdict::erratum:
        ++errata;
        out += wrap("erratum (declared): " + *d.erratum, "       ", "         ");
        break;
      case Verdict::mismatch:
        ++failed;
        // At least as many digits as the printed value has, and two more, to show where they part.
        out += wrap(fmt::format("the value {} neither rounds nor truncates to {}",
                                        styled(v, values.with_digits(std::max(values.digits, printed_digits(d.printed) + 2))),
                                        d.printed),
                            "       ", "         ");
        break;
      case Verdict::erratum_matches:
        ++failed;
        out += "       declared an erratum, but the printed value is right: remove the erratum\n";
        break;
      case Verdict::uncertain:
        ++failed;
        out += "       the certified value lies on a rounding boundary of the printed digits: undecided\n";
        break;
    }
    out += wrap("(" + d.where + ")", "       ", "        ");
  }
  return out;
}

}  // namespace

std::string render_document_checks(const Trace& trace,
                                   const std::vector<DocumentCheck>& checks, const ValueStyle& values) {
  if (checks.empty()) return "";
  CheckCounts n;
  std::string out = fmt::format("\n-- Document checks: {} printed number{} --\n", checks.size(), checks.size() == 1 ? "" : "s");
  out += check_lines(trace, checks, values, n);
  const std::string tolerated = n.tolerated ? fmt::format(", {} within tolerance", n.tolerated) : "";
  out += fmt::format("  {} round, {} only truncate{}, {} declared errata, {} failed\n", n.rounds, n.truncates,
                     tolerated, n.errata, n.failed);
  return out + render_errata(trace);
}

std::string render_failed_checks(const Trace& trace, const std::vector<DocumentCheck>& failures,
                                 const ValueStyle& values) {
  CheckCounts n;
  return check_lines(trace, failures, values, n);
}

std::string render_errata(const Trace& trace) {
  const TraceHeader& lesson = trace.header;
  if (lesson.errata.empty()) return "";
  std::string out = "\n-- Errata of the document for this example --\n";
  for (const Erratum& e : lesson.errata) {
    out += wrap(e.where, "  * ", "    ") + wrap(e.printed, "      printed: ", "        ") +
           wrap(e.correct, "      correct: ", "        ") + wrap(e.explanation, "      why: ", "        ");
  }
  return out;
}

}  // namespace bptrace
