#include "render/latex.hpp"

#include "render/math.hpp"
#include "render/spell.hpp"

#include "trace/names.hpp"
#include "trace/paths.hpp"

#include <fmt/format.h>

namespace bptrace {

namespace {

std::string tag(const Key& key) { return " \\tag*{\\texttt{" + latex_text(canonical_name(key)) + "}}"; }

std::string matrix_value(const Grid& grid, const Trace& trace, const ValueStyle& values) {
  return inline_matrix(grid_texts(grid, trace, values), Dialect::latex);
}

std::string preamble(const TraceHeader& lesson) {
  return "\\documentclass[10pt]{article}\n"
         "\\usepackage[a4paper,margin=2cm]{geometry}\n"
         "\\usepackage{amsmath,amssymb}\n"
         "\\allowdisplaybreaks\n"
         "\\setlength{\\parindent}{0pt}\n"
         "\\setlength{\\parskip}{4pt}\n"
         "\\title{" + latex_text(lesson.label() + " — " + lesson.title) + "}\n"
         "\\date{}\n"
         "\\begin{document}\n"
         "\\maketitle\n";
}

std::string checks_section(const TraceHeader& lesson, const Notation& notation,
                           const std::vector<DocumentCheck>& checks) {
  std::string out;
  if (!checks.empty()) {
    out += "\\section*{Document checks}\n\\begin{itemize}\n";
    for (const DocumentCheck& c : checks) {
      const DocumentValue& d = *c.document;
      out += fmt::format("\\item ${}$ (\\texttt{{{}}}): printed {}, engine {} --- {}{}\n",
                         notation.symbol(c.key).latex, latex_text(d.quantity), latex_text(d.printed),
                         latex_text(c.rounded), latex_text(verdict_name(c.verdict)),
                         d.erratum ? " (" + latex_text(*d.erratum) + ")" : "");
    }
    out += "\\end{itemize}\n";
  }
  if (!lesson.errata.empty()) {
    out += "\\section*{Errata of the document}\n\\begin{itemize}\n";
    for (const Erratum& e : lesson.errata)
      out += fmt::format("\\item {}: printed \\texttt{{{}}}, correct \\texttt{{{}}}: {}\n", latex_text(e.where),
                         latex_text(e.printed), latex_text(e.correct), latex_text(e.explanation));
    out += "\\end{itemize}\n";
  }
  return out;
}

}  // namespace

namespace {

// A step computed but not traced: the formula it was computed by, in symbols, and its value.
std::vector<std::string> untraced_step_lines(const Step& step, const Formula& formula, const Notation& notation,
                                             const ValueStyle& values) {
  return {notation.symbol(step.key).latex + " &= " + formula_symbols(formula, notation, Dialect::latex) + " \\\\",
          "&" + value_text(step.value, values.in(Dialect::latex)) + tag(step.key) + " \\\\"};
}

// The table view: a tabular, a row per point.
std::string table_latex(const Table& table, const ValueStyle& values) {
  const std::string g = table.activation.latex;
  std::string out = "\\subsection*{" + latex_text(table.title) + "}\n\\begin{tabular}{r" +
                    std::string(table.rows.front().size(), 'l') + "}\nsample & $z$ & $" + g + "(z)$" +
                    (table.derivative ? " & $" + g + "'(z)$" : "") + " \\\\ \\hline\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    out += std::to_string(r + 1);
    for (const Step* step : table.rows[r]) out += " & $" + value_text(step->value, values.in(Dialect::latex)) + "$";
    out += " \\\\\n";
  }
  std::string names;
  for (const std::string& n : table.names) names += (names.empty() ? "" : ", ") + ("\\texttt{" + latex_text(n) + "}");
  return out + "\\end{tabular}\n\nRow K is sample K, $z$ its $" + table.point.latex + "$; the names of row K are " + names +
         ".\n\n";
}

}  // namespace

std::vector<std::string> latex_step_lines(const Step& step, const Trace& trace, const Notation& notation,
                                          const ValueStyle& values, bool tagged) {
  const ValueStyle result = values.in(Dialect::latex);
  std::vector<std::string> lines;
  std::string lhs = notation.symbol(step.key).latex;
  std::string value = value_text(step.value, result);
  // "= 3/20 = 0.15" aligns at its first relation.
  auto aligned = [](const std::string& v) { return "&" + v; };
  if (step.formula.empty()) {
    lines.push_back(lhs + " " + aligned(value) + (tagged ? tag(step.key) : "") + " \\\\");
    return lines;
  }
  std::string symbols = formula_symbols(step.formula, notation, Dialect::latex);
  std::string numbers = formula_numbers(step.formula, trace, notation, Dialect::latex);
  lines.push_back(lhs + " &= " + symbols + " \\\\");
  if (numbers != symbols) lines.push_back("&= " + numbers + " \\\\");
  lines.push_back(aligned(value) + (tagged ? tag(step.key) : "") + " \\\\");
  for (const Contribution& c : path_terms(trace, step)) {
    lines.push_back("&\\qquad \\text{via } " + notation.symbol(c.via).latex + "\\text{: } " +
                    formula_symbols(c.formula, notation, Dialect::latex) + " = " +
                    formula_numbers(c.formula, trace, notation, Dialect::latex) + " " +
                    value_text(c.value, result) + " \\\\");
  }
  return lines;
}

std::string latex_entry_matrix(const EntryMatrix& matrix) {
  const ValueStyle style = decimal_style(6);
  std::string rows;
  for (const auto& row : matrix.rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) line += (c ? " & " : "") + (row[c] ? value_text(row[c]->value, style) : "");
    rows += (rows.empty() ? "" : " \\\\ ") + line;
  }
  return "\\text{" + latex_text(matrix.name) + "} = \\begin{pmatrix} " + rows + " \\end{pmatrix}";
}

std::vector<std::string> latex_vector_lines(const VectorEquation& equation, const Trace& trace,
                                            const Notation& notation, const ValueStyle& values, bool tagged) {
  std::vector<std::string> lines;
  std::string lhs = notation.symbol(equation.lhs).latex;
  Grid grid = notation.grid(equation.lhs);
  std::string relation = grid_exact(grid, trace) ? "&= " : "&\\approx ";
  std::string value = matrix_value(grid, trace, values);
  if (equation.formula.empty()) {
    lines.push_back(lhs + " " + relation + value + (tagged ? tag(equation.lhs) : "") + " \\\\");
    return lines;
  }
  lines.push_back(lhs + " &= " + formula_symbols(equation.formula, notation, Dialect::latex) + " \\\\");
  lines.push_back("&= " + formula_numbers(equation.formula, trace, notation, Dialect::latex) + " \\\\");
  lines.push_back(relation + value + (tagged ? tag(equation.lhs) : "") + " \\\\");
  return lines;
}

std::string render_latex(const Trace& trace, const Notation& notation, const RenderOptions& options,
                         const std::vector<DocumentCheck>& checks) {
  const TraceHeader& lesson = trace.header;
  std::string out = options.body_only ? "" : preamble(lesson);
  out += "% bptrace: lesson " + lesson.name + ", notation " + notation_name(notation.kind()) + "\n";
  out += "\\textbf{Source:} " + latex_text(lesson.source) + "\n\n";
  if (!lesson.description.empty() && !options.show) out += latex_text(lesson.description) + "\n\n";
  out += latex_text(notation.legend()) + "\n\n";
  out += fmt::format(
      "Values: $=$ exact (fraction, and its decimal); $\\approx$ certified, correctly rounded to {} significant "
      "digits (every digit printed is certain). Numbers inside formulas are shortened to 10 digits.\n\n",
      options.values.digits);
  Outline outline = make_outline(trace, notation, options.view, options.show, options.steps);
  if (std::string note = step_marks_note(outline, "@MARK@"); !note.empty()) {
    const std::size_t at = note.find("@MARK@");
    out += latex_text(note.substr(0, at)) + "$\\big\\vert_{t=k}$" + latex_text(note.substr(at + 6)) + "\n\n";
  }
  if (options.show) out += "Only \\texttt{" + latex_text(canonical_name(*options.show)) + "} and what it depends on.\n\n";
  if (!outline.note.empty()) out += "Note: " + latex_text(outline.note) + "\n\n";
  if (outline.table) out += table_latex(*outline.table, options.values);
  for (const Section& section : outline.sections) {
    if (section.items.empty()) continue;
    if (!section.step_heading.empty()) out += "\\section*{" + latex_text(section.step_heading) + "}\n";
    out += "\\subsection*{" + latex_text(section.title) + "}\n\\begin{align*}\n";
    std::vector<std::string> lines;
    const Notation n = notation.at_step(section.step);
    for (const Item& item : section.items) {
      auto more = item.step && !item.untraced_formula.empty() ? untraced_step_lines(*item.step, item.untraced_formula, n, options.values)
                  : item.step                   ? latex_step_lines(*item.step, trace, n, options.values)
                                                : latex_vector_lines(*item.vector, trace, n, options.values);
      lines.insert(lines.end(), more.begin(), more.end());
    }
    // The last line of an align* ends without \\ (an empty last row would be numbered space).
    if (!lines.empty()) lines.back().erase(lines.back().size() - 3);
    for (const auto& line : lines) out += line + "\n";
    out += "\\end{align*}\n";
    for (const EntryMatrix& m : entry_matrices(section)) out += "\\[ " + latex_entry_matrix(m) + " \\]\n";
  }
  if (!options.show) out += checks_section(lesson, notation, checks);
  if (!options.body_only) out += "\\end{document}\n";
  return out;
}

}  // namespace bptrace
