#include "render/text.hpp"

#include "render/notation.hpp"
#include "render/spell.hpp"
#include "render/text_layout.hpp"
#include "trace/names.hpp"
#include "trace/paths.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace bptrace {

using namespace layout;

namespace {

class TextWriter {
 public:
  // Appends to `start` (the header): a long derivation is written once, not copied after it.
  TextWriter(const Trace& trace, const Notation& notation, const TextOptions& options, std::string start)
      : trace_(trace), notation_(notation), n_(notation), options_(options), style_{options.color}, out_(std::move(start)) {}

  std::string write(const Outline& outline) {
    for (const Section& section : outline.sections) {
      n_ = notation_.at_step(section.step);
      if (!section.step_heading.empty()) out_ += "\n" + style_.heading("=== " + section.step_heading + " ===") + "\n";
      out_ += "\n" + style_.heading(heading(section.title));
      for (const Item& item : section.items) {
        if (item.step && !item.untraced_formula.empty()) untraced(*item.step, item.untraced_formula);
        else if (item.step) scalar(*item.step);
        else vector(*item.vector, item.untraced_formula);
      }
      matrices(section);
    }
    return std::move(out_);
  }

 private:
  const Trace& trace_;
  const Notation& notation_;
  Notation n_;  // the notation under the current section's heading
  const TextOptions& options_;
  TextStyle style_;
  std::string out_;

  // Each Jacobian block and chain-rule product of the section again as a matrix, its entries
  // to 6 significant digits in aligned columns:  J = [ 1  5  3 ]
  //                                                  [ 4  3  0 ]
  void matrices(const Section& section) {
    const ValueStyle style = decimal_style(6);
    for (const EntryMatrix& m : entry_matrices(section)) {
      std::vector<std::vector<std::string>> cells;
      std::vector<std::size_t> width;
      for (const auto& row : m.rows) {
        cells.emplace_back();
        for (std::size_t c = 0; c < row.size(); ++c) {
          cells.back().push_back(row[c] ? value_text(row[c]->value, style) : "");
          if (width.size() <= c) width.push_back(0);
          width[c] = std::max(width[c], display_width(cells.back().back()));
        }
      }
      const std::string lead = "  " + m.name + " = ";
      out_ += "\n";
      for (std::size_t r = 0; r < cells.size(); ++r) {
        std::string line = (r == 0 ? lead : std::string(display_width(lead), ' ')) + "[";
        for (std::size_t c = 0; c < cells[r].size(); ++c)
          line += (c == 0 ? " " : "  ") + std::string(width[c] - display_width(cells[r][c]), ' ') + cells[r][c];
        out_ += line + " ]\n";
      }
    }
  }

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
    const PathTerms terms = path_terms(trace_, step);
    if (terms.empty()) return;
    out_ += indent + (terms.size() == 1 ? std::string("its one path:\n") : fmt::format("a sum over {} paths:\n", terms.size()));
    for (const Contribution& c : terms) {
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

// The table view: a column per quantity, the values aligned; certified ones marked ≈.
std::string table_text(const Table& table, const ValueStyle& values, const TextStyle& style) {
  const std::string g = table.activation.text;
  std::vector<std::vector<std::string>> lines{{"sample", "z", g + "(z)"}};
  if (table.derivative) lines.front().push_back(g + "'(z)");
  const ValueStyle cell = values.as(ValueForm::short_result);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    lines.push_back({std::to_string(r + 1)});
    for (const Step* step : table.rows[r]) lines.back().push_back(value_text(step->value, cell));
  }
  std::vector<std::size_t> widths(lines.front().size(), 0);
  for (const auto& line : lines)
    for (std::size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], display_width(line[c]));
  std::string out = "\n" + style.heading(heading(table.title));
  for (std::size_t r = 0; r < lines.size(); ++r) {
    std::string text = " ";
    for (std::size_t c = 0; c < lines[r].size(); ++c) text += " " + (c + 1 < lines[r].size() ? pad(lines[r][c], widths[c] + 1) : lines[r][c]);
    out += (r == 0 ? style.heading(text) : style.value(text)) + "\n";
  }
  std::string names;
  for (const std::string& n : table.names) names += (names.empty() ? "" : ", ") + n;
  return out + "\n" + wrap("Row K is sample K, z its " + table.point.text + "; the names of row K are " + names + ".", "  ", "  ");
}

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
  if (std::string note = step_marks_note(outline, "{t=k}"); !note.empty()) out += "\n" + wrap(note, "", "");
  if (options.show) out += fmt::format("\nOnly {} and what it depends on:\n", canonical_name(*options.show));
  if (!outline.note.empty()) out += "\n" + wrap(outline.note, "Note: ", "  ");
  if (outline.table) out += table_text(*outline.table, options.values, TextStyle{options.color});
  out = TextWriter(trace, notation, options, std::move(out)).write(outline);
  if (!options.show) out += render_training_summary(trace, options);
  return out;
}

namespace {

// A loss as a point of the sparkline: exact, or its enclosure's lower end (a bar's height needs
// no certain digit); nullopt past the exact range.
std::optional<Rational> plotted(const Value& v) {
  try {
    return lower_bound(v);
  } catch (const BeyondExactRange&) {
    return std::nullopt;
  }
}

// The losses of the updates (or, without them, of the epochs) in one line of eight bar heights,
// ▁ the lowest and █ the highest; at most 60 bars, taken evenly from a longer run.
std::string loss_sparkline(const std::vector<const Step*>& losses, const ValueStyle& values) {
  std::vector<const Step*> shown;
  for (const Step* s : losses)
    if (s->key.quantity != Quantity::epoch_loss) shown.push_back(s);
  if (shown.size() < 2) shown = losses;
  const char* what = shown.front()->key.quantity == Quantity::epoch_loss ? "epoch" : "step";
  constexpr std::size_t kBars = 60;
  if (shown.size() > kBars) {
    std::vector<const Step*> every;
    for (std::size_t i = 0; i < kBars; ++i) every.push_back(shown[i * (shown.size() - 1) / (kBars - 1)]);
    shown = std::move(every);
  }
  std::vector<Rational> points;
  for (const Step* s : shown) {
    auto p = plotted(s->value);
    if (!p) return "";
    points.push_back(*p);
  }
  const auto [low, high] = std::minmax_element(points.begin(), points.end());
  const Rational lowest = *low, range = *high - *low;
  static const char* const kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string bars;
  for (const Rational& p : points) {
    // The nearest of the eight levels: ⌊7·(p − lowest)/range + 1/2⌋.
    const Rational level = range == 0 ? Rational(0) : Rational(7) * (p - lowest) / range + Rational(1, 2);
    const Integer whole = numerator(level) / denominator(level);  // level ≥ 0: the floor
    bars += kLevels[std::min(7, static_cast<int>(whole))];
  }
  const Step* lowest_step = shown[static_cast<std::size_t>(low - points.begin())];
  const Step* highest_step = shown[static_cast<std::size_t>(high - points.begin())];
  return fmt::format("  loss by {}: {}   (▁ {}, █ {})\n", what, bars, value_text(lowest_step->value, values),
                     value_text(highest_step->value, values));
}

}  // namespace

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
  return out + loss_sparkline(losses, decimal_style(6));
}

}  // namespace bptrace
