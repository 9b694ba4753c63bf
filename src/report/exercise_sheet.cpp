#include "report/exercise_sheet.hpp"

#include "render/explain.hpp"
#include "render/notation.hpp"
#include "render/text.hpp"
#include "trace/names.hpp"

#include <fmt/format.h>

namespace bptrace {

namespace {

// The symbol of a quantity in the lesson's notation, or its canonical name.
Math symbol(const Trace& trace, const Key& key) {
  auto kind = notation_from_name(trace.header.notation);
  if (kind) {
    Notation notation = trace_notation(trace, *kind);
    if (!notation.cannot_express()) return notation.symbol(key);
  }
  return same(canonical_name(key));
}

std::string plural(std::size_t n, const std::string& unit) { return std::to_string(n) + " " + unit + (n == 1 ? "" : "s"); }

// The network, its loss and its training in words: what the given numbers belong to.
std::vector<std::string> setting(const Lesson& lesson) {
  const Problem& p = lesson.problem;
  std::vector<std::string> out;
  std::string network = plural(p.network.inputs, "input");
  for (std::size_t l = 0; l < p.network.layers.size(); ++l)
    network += fmt::format("; layer {}: {}, {}", l + 1, plural(p.network.layers[l].width(), "neuron"),
                           activation_name(p.network.layers[l].activation.kind));
  out.push_back("Network: " + network + ".");
  out.push_back("Data: " + plural(p.samples.size(), "sample") + ".");
  if (p.loss)
    out.push_back(fmt::format("Loss: {} with constant {}, {} over the outputs, {} over the samples.", loss_name(p.loss->kind),
                              fraction_string(p.loss->constant), reduction_name(p.loss->over_outputs),
                              reduction_name(p.loss->over_batch)));
  if (p.learning_rate) out.push_back(fmt::format("Training: gradient descent, {}.", plural(static_cast<std::size_t>(p.steps), "step")));
  return out;
}

std::string number(const Value& v) { return value_text(v, decimal_style(15).as(ValueForm::number)); }

std::string question_line(const Trace& trace, const Key& key, Dialect dialect) {
  const Math s = symbol(trace, key);
  return dialect == Dialect::text ? s.text + " (`" + canonical_name(key) + "`)"
                                  : "$" + s.latex + "$ (\\texttt{" + latex_text(canonical_name(key)) + "})";
}

}  // namespace

std::string render_sheet_markdown(const ExerciseVariant& variant, int significant) {
  const Trace& t = variant.judge->exact();
  const Lesson& lesson = variant.judge->lesson();
  std::string out = "# " + lesson.title + "\n\n";
  for (const std::string& line : setting(lesson)) out += line + "\n";
  out += "\n## Given\n\n| symbol | name | value |\n|---|---|---|\n";
  for (const Step& step : t.steps())
    if (step.phase == Phase::given)
      out += "| $" + symbol(t, step.key).latex + "$ | `" + canonical_name(step.key) + "` | " + number(step.value) + " |\n";
  out += fmt::format("\n## Questions\n\nGive each to {} significant digits.\n\n", significant);
  for (std::size_t q = 0; q < variant.questions.size(); ++q)
    out += fmt::format("{}. {}\n", q + 1, question_line(t, variant.questions[q], Dialect::text));
  return out;
}

std::string render_sheet_latex(const ExerciseVariant& variant, int significant) {
  const Trace& t = variant.judge->exact();
  const Lesson& lesson = variant.judge->lesson();
  std::string out = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n\\section*{" + latex_text(lesson.title) + "}\n";
  for (const std::string& line : setting(lesson)) out += latex_text(line) + "\\\\\n";
  out += "\\subsection*{Given}\n\\begin{tabular}{lll}\n";
  for (const Step& step : t.steps())
    if (step.phase == Phase::given)
      out += "$" + symbol(t, step.key).latex + "$ & \\texttt{" + latex_text(canonical_name(step.key)) + "} & $" + number(step.value) +
             "$\\\\\n";
  out += "\\end{tabular}\n";
  out += fmt::format("\\subsection*{{Questions}}\nGive each to {} significant digits.\n\\begin{{enumerate}}\n", significant);
  for (const Key& q : variant.questions) out += "\\item " + question_line(t, q, Dialect::latex) + "\n";
  return out + "\\end{enumerate}\n\\end{document}\n";
}

std::string render_key_markdown(const ExerciseVariant& variant, int significant) {
  const Judge& judge = *variant.judge;
  const Trace& t = judge.exact();
  const ValueStyle result = ValueStyle{}.as(ValueForm::short_result);
  std::string out = "# Answer key: " + judge.lesson().title + "\n";
  for (std::size_t q = 0; q < variant.questions.size(); ++q) {
    const Key& key = variant.questions[q];
    const Value& v = t.value(key);
    out += fmt::format("\n## {}. {}\n\n**{}** to {} significant digits ({}).\n\n", q + 1, question_line(t, key, Dialect::text),
                       answer_at(v, significant).value_or("?"), significant, value_text(v, result));
    out += "```text\n" + render_explanation(t, key, result) + "```\n\n";
    out += "| mistake | its answer |\n|---|---|\n";
    for (const MistakeTrace* m : compared_mistakes(judge)) {
      const std::optional<Value> mv = m->trace.find_value(key);
      if (!mv || signature_equal(*mv, v)) continue;
      out += "| " + mistake_label(*m) + ": " + m->title + " | " + answer_at(*mv, significant).value_or("?") + " |\n";
    }
    for (const Coincidence& c : variant.coincident)
      if (c.quantity == key) out += "\nThe same answer whatever the numbers: " + c.first + " and " + c.second + ".\n";
  }
  return out;
}

}  // namespace bptrace
