#include "cli/commands.hpp"
#include "cli/graphviz.hpp"
#include "cli/shell.hpp"
#include "homework/answers.hpp"
#include "report/judge.hpp"
#include "lesson/trace_lesson.hpp"
#include "lesson/document_check.hpp"
#include "lesson/library.hpp"
#include "lesson/rounding_check.hpp"
#include "render/dot.hpp"
#include "render/json.hpp"
#include "render/latex.hpp"
#include "render/markdown.hpp"
#include "report/rounding_report.hpp"
#include "render/text.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace bptrace::cli {

namespace {

const std::vector<std::string> kFormats = {"text", "markdown", "latex", "json", "dot", "svg"};

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// CLI11's IsMember would exit 2 too, but this names every choice in the one error line.
void require_member(const std::string& option, const std::string& value, const std::vector<std::string>& names) {
  if (std::find(names.begin(), names.end(), value) == names.end())
    throw UsageError(option + " " + value + ": unknown; one of " + joined(names));
}

// --view names a view, and one the format has.
void require_view(const RunOptions& options) {
  require_member("--view", options.view, view_names());
  if (options.view_given && (options.format == "json" || options.format == "dot" || options.format == "svg"))
    throw UsageError("--view " + options.view + " with --format " + options.format + ": " +
                     (options.format == "json" ? "the JSON is the trace itself, in trace order, without a view"
                                               : "the picture is the network, without a view") +
                     "; --view applies to text, markdown and latex");
}

// --view table only for a lesson it can tabulate, and without --show.
void require_table(const RunOptions& options, const Trace& trace, const std::string& lesson) {
  if (options.show) throw UsageError("--view table with --show: the table shows every point; --show prints one "
                                     "quantity's derivation (use --view per-weight)");
  if (auto why = table_unavailable(trace))
    throw UsageError("--view table: " + lesson + ": " + *why + "; use --view per-weight or vectorised");
}

RenderOptions render_options(const RunOptions& options, const std::optional<Key>& show) {
  RenderOptions render;
  render.values.digits = options.digits;
  render.values.whole_fractions = options.fractions;
  render.view = *view_from_name(options.view);
  render.show = show;
  render.body_only = options.body_only;
  render.steps = options.steps;
  render.color = options.format == "text" &&
                 terminal_color(::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"), std::getenv("TERM"));
  return render;
}

}  // namespace

void setup_run(CLI::App& app, RunOptions& options) {
  app.add_option("lesson", options.lesson, "Lesson to run (default: the worked example 001-4)")
      ->default_str(kDefaultLesson)
      ->each([&options](const std::string&) { options.lesson_given = true; });
  add_digits_option(app, options.digits, "Significant digits of certified values");
  app.add_option("--notation", options.notation,
                 "Notation: " + joined(notation_names()) + " (default: the lesson's own)");
  app.add_option("--format", options.format, "Output: " + joined(kFormats))->default_str("text");
  app.add_option("--view", options.view, "Backward pass: per-weight (chain rule per weight, sums over "
                                         "paths) or vectorised (delta recurrences, outer products); "
                                         "table: an activation lesson (one neuron, a point per sample, as "
                                         "001-3) as one table of z, g(z), g'(z)")
      ->default_str("per-weight")
      ->each([&options](const std::string&) { options.view_given = true; });
  app.add_option("--show", options.show, "Only this quantity (canonical name) and what it depends on");
  app.add_flag("--body-only", options.body_only, "latex: the body only, to \\input into one's own document");
  app.add_option("--round-intermediates", options.round_intermediates, kRoundingHelp);
  app.add_option("--steps", options.steps, "Training: print only the first N gradient-descent steps in detail "
                                           "(the summary table lists every step's loss)")
      ->check(CLI::Range(1, 1000000));
  app.add_flag("--fractions", options.fractions, "Print exact fractions in full, however long "
                                                 "(default: a fraction over 60 characters shows its length and decimal)");
}

namespace {

// --show takes what check takes: a canonical name, or a spelling of the notation or of document
// 001. The spellings (two per step: 40 MB for a chain of 20,000 terms) only when it is given.
std::optional<Key> shown(const RunOptions& options, const Trace& trace, const Notation& notation, const std::string& lesson) {
  if (!options.show) return std::nullopt;
  const NameAliases spellings = notation_spellings(trace, notation);
  std::optional<Key> show = resolve_quantity(*options.show, trace, spellings);
  if (!show || !trace.find_value(*show))
    throw UsageError("--show " + *options.show + ": " + unknown_answer_name(*options.show, trace, spellings) +
                     " (bptrace names " + shell_word(lesson) + " lists them)");
  return show;
}

}  // namespace

int run_run(const RunOptions& options) {
  require_member("--format", options.format, kFormats);
  require_view(options);
  if (!options.notation.empty()) require_member("--notation", options.notation, notation_names());
  auto path = resolve_lesson(options.lesson_given ? options.lesson : kDefaultLesson);
  Lesson lesson = load_lesson(path.string());
  const auto rule = lesson_rounding(rounding_flag(options.round_intermediates), lesson);
  std::string notation_text = options.notation.empty() ? lesson.notation : options.notation;
  auto kind = notation_from_name(notation_text);
  // --notation is checked above: an unknown notation here is the lesson's, at its place.
  if (!kind) throw LessonError(lesson.notation_where, "notation \"" + notation_text + "\" is not one of " + joined(notation_names()));
  Notation notation(*kind, trace_header(lesson).shape);
  if (auto reason = notation.cannot_express()) throw UsageError(lesson.name + ": " + *reason);

  // Certified at least at the golden precision, so that document checks are decided.
  CertifiedTrace certified = trace_lesson(lesson, std::max(options.digits, kGoldenDigits));
  const Trace& trace = certified.trace;
  validate_document_names(lesson, trace);
  const std::optional<Key> show = shown(options, trace, notation, lesson.name);
  if (options.view == "table") require_table(options, trace, lesson.name);
  auto checks = check_documents(lesson, trace);

  // --digits and --fractions enter the value formatter here, once: every renderer takes this style.
  const RenderOptions render = render_options(options, show);

  // Everything is computed before anything is printed: bad input never leaves partial output.
  std::string out;
  if (options.format == "text") {
    out = render_derivation(trace, notation, render);
    if (!options.show)
      out += checks.empty() ? render_errata(trace) : render_document_checks(trace, notation, checks, render.values);
  } else if (options.format == "markdown") {
    out = render_markdown(trace, notation, render, checks);
  } else if (options.format == "latex") {
    out = render_latex(trace, notation, render, checks);
  } else if (options.format == "json") {
    out = render_json(trace, notation, checks, render.values);
  } else {
    out = render_dot(trace, notation, render.values);
    if (options.format == "svg") out = svg_from_dot(out);
  }
  bool failed = std::any_of(checks.begin(), checks.end(), [](const DocumentCheck& c) { return !passes(c.verdict); });
  if (rule) {
    // A printed value that fails exactly but matches under the rounding passes, with its note.
    RoundingEmulation emulation = emulate_rounding(lesson, certified.trace, *rule);
    if (options.format == "text") out += render_rounding_report(certified.trace, emulation, render.values);
    failed = std::any_of(emulation.documents.begin(), emulation.documents.end(),
                         [](const RoundedDocumentCheck& c) { return !passes(c.exact) && !c.rescued(); });
  }
  std::cout << out;
  return failed ? 1 : 0;
}

}  // namespace bptrace::cli
