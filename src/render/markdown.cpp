#include "render/markdown.hpp"

#include "render/latex.hpp"
#include "render/spell.hpp"

#include "trace/names.hpp"
#include "trace/paths.hpp"

#include <fmt/format.h>

namespace bptrace {

namespace {

// A closing $ after a space does not close math in GitHub's Markdown: trim the LaTeX first.
std::string math(std::string latex) {
  while (!latex.empty() && latex.back() == ' ') latex.pop_back();
  return "$" + latex + "$";
}

// A table cell: a `|` would end the cell early.
std::string cell(std::string s) {
  for (std::size_t pos = 0; (pos = s.find('|', pos)) != std::string::npos; pos += 2) s.replace(pos, 1, "\\|");
  return s;
}

class MarkdownWriter {
 public:
  MarkdownWriter(const Trace& trace, const Notation& notation, const ValueStyle& values)
      : trace_(trace), notation_(notation), n_(notation), values_(values) {}

  std::string section(const Section& s) {
    n_ = notation_.at_step(s.step);
    std::string out;
    if (!s.step_heading.empty()) out += "## " + s.step_heading + "\n\n";
    out += "### " + s.title + "\n\n";
    bool in_table = false;
    for (const Item& item : s.items) {
      if (item.step) {
        if (!in_table) out += "| quantity | formula | with the numbers | value | name |\n|---|---|---|---|---|\n";
        in_table = true;
        out += row(*item.step, item.untraced_formula);
      } else {
        if (in_table) out += "\n";
        in_table = false;
        out += "$$\n\\begin{aligned}\n";
        for (const auto& line : latex_vector_lines(*item.vector, trace_, n_, values_, false)) out += line + "\n";
        out += "\\end{aligned}\n$$\n\n";
      }
    }
    if (in_table) out += "\n";
    for (const EntryMatrix& m : entry_matrices(s)) out += "$$\n" + latex_entry_matrix(m) + "\n$$\n\n";
    return out;
  }

 private:
  const Trace& trace_;
  const Notation& notation_;
  Notation n_;  // the notation under the current section's heading
  const ValueStyle& values_;

  std::string symbols(const Formula& f) const { return formula_symbols(f, n_, Dialect::latex); }
  std::string numbers(const Formula& f) const { return formula_numbers(f, trace_, n_, Dialect::latex); }
  std::string value(const Value& v) const { return value_text(v, values_.in(Dialect::latex)); }

  // `untraced`: the formula of a step computed but not traced (in symbols; no numbers to show).
  std::string row(const Step& step, const Formula& untraced) const {
    std::string formula = !untraced.empty() ? math(symbols(untraced)) : step.formula.empty() ? "" : math(symbols(step.formula));
    std::string with_numbers = step.formula.empty() ? "" : math(numbers(step.formula));
    std::string out = fmt::format("| {} | {} | {} | {} | `{}` |\n", cell(math(n_.symbol(step.key).latex)), cell(formula),
                                  cell(with_numbers), cell(math(value(step.value))), canonical_name(step.key));
    for (const Contribution& c : path_terms(trace_, step))
      out += fmt::format("| ↳ via {} | {} | {} | {} | |\n", cell(math(n_.symbol(c.via).latex)),
                         cell(math(symbols(c.formula))), cell(math(numbers(c.formula))), cell(math(value(c.value))));
    return out;
  }
};

std::string checks_section(const TraceHeader& lesson, const Notation& notation, const std::vector<DocumentCheck>& checks) {
  std::string out;
  if (!checks.empty()) {
    out += "## Document checks\n\n| quantity | printed | engine | verdict | where |\n|---|---|---|---|---|\n";
    for (const DocumentCheck& c : checks) {
      const DocumentValue& d = *c.document;
      out += fmt::format("| {} `{}` | {} | {} | {}{} | {} |\n", cell(math(notation.symbol(c.key).latex)),
                         d.quantity, cell(d.printed), c.rounded, verdict_name(c.verdict),
                         d.erratum ? ": " + cell(*d.erratum) : "", cell(d.where));
    }
    out += "\n";
  }
  if (!lesson.errata.empty()) {
    out += "## Errata of the document\n\n";
    for (const Erratum& e : lesson.errata)
      out += fmt::format("- **{}**: printed `{}`, correct `{}`: {}\n", e.where, e.printed, e.correct, e.explanation);
    out += "\n";
  }
  return out;
}

// The table view: a Markdown table, a row per point.
std::string table_markdown(const Table& table, const ValueStyle& values) {
  const std::string g = table.activation.latex;
  std::string out = "### " + table.title + "\n\n| sample | $z$ | $" + g + "(z)$ |" +
                    (table.derivative ? " $" + g + "'(z)$ |" : "") + "\n|---|---|---|" + (table.derivative ? "---|" : "") + "\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    out += "| " + std::to_string(r + 1) + " |";
    for (const Step* step : table.rows[r]) out += " " + cell(math(value_text(step->value, values.in(Dialect::latex)))) + " |";
    out += "\n";
  }
  std::string names;
  for (const std::string& n : table.names) names += (names.empty() ? "" : ", ") + ("`" + n + "`");
  return out + "\nRow K is sample K, $z$ its " + math(table.point.latex) + "; the names of row K are " + names + ".\n\n";
}

}  // namespace

std::string render_markdown(const Trace& trace, const Notation& notation, const RenderOptions& options,
                            const std::vector<DocumentCheck>& checks) {
  const TraceHeader& lesson = trace.header;
  std::string out = fmt::format("# {} — {}\n\n", lesson.label(), lesson.title);
  out += "*Source: " + lesson.source + "*\n\n";
  if (!lesson.description.empty() && !options.show) out += lesson.description + "\n\n";
  out += "> " + notation.legend() + "\n\n";
  out += fmt::format(
      "Values: $=$ exact (fraction, and its decimal); $\\approx$ certified, correctly rounded to {} significant "
      "digits (every digit printed is certain). Numbers inside formulas are shortened to 10 digits.\n\n",
      options.values.digits);
  Outline outline = make_outline(trace, notation, options.view, options.show, options.steps);
  if (std::string note = step_marks_note(outline, "$\\big\\vert_{t=k}$"); !note.empty()) out += note + "\n\n";
  if (options.show) out += "Only `" + canonical_name(*options.show) + "` and what it depends on.\n\n";
  if (!outline.note.empty()) out += "Note: " + outline.note + "\n\n";
  if (outline.table) out += table_markdown(*outline.table, options.values);
  MarkdownWriter writer(trace, notation, options.values);
  for (const Section& section : outline.sections)
    if (!section.items.empty()) out += writer.section(section);
  if (!options.show) out += checks_section(lesson, notation, checks);
  return out;
}

}  // namespace bptrace
