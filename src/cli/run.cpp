#include "cli/commands.hpp"
#include "lesson/trace_lesson.hpp"
#include "lesson/document_check.hpp"
#include "lesson/library.hpp"
#include "lesson/rounding_check.hpp"
#include "render/dot.hpp"
#include "render/json.hpp"
#include "render/latex.hpp"
#include "render/markdown.hpp"
#include "render/rounding_report.hpp"
#include "render/text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

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

// Graphviz renders the DOT text; a missing `dot` is a usage problem, not a crash.
std::string svg_from_dot(const std::string& dot) {
  namespace fs = std::filesystem;
  fs::path input = fs::temp_directory_path() / ("bptrace-" + std::to_string(::getpid()) + ".dot");
  std::ofstream(input) << dot;
  std::string command = "dot -Tsvg '" + input.string() + "' 2>/dev/null";
  std::string svg;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) svg.append(buffer, n);
    int status = ::pclose(pipe);
    if (status != 0) svg.clear();
  }
  std::error_code ec;
  fs::remove(input, ec);
  if (svg.empty())
    throw UsageError("--format svg needs Graphviz's `dot` (Debian package graphviz); --format dot prints the graph");
  return svg;
}

}  // namespace

void setup_run(CLI::App& app, RunOptions& options) {
  app.add_option("lesson", options.lesson, "Lesson to run (default: the worked example 001-4)")
      ->default_str(kDefaultLesson)
      ->each([&options](const std::string&) { options.lesson_given = true; });
  app.add_option("--digits", options.digits, "Significant digits of certified values")
      ->check(CLI::Range(1, 1000))
      ->default_val(15);
  app.add_option("--notation", options.notation,
                 "Notation: " + joined(notation_names()) + " (default: the lesson's own)");
  app.add_option("--format", options.format, "Output: " + joined(kFormats))->default_str("text");
  app.add_option("--view", options.view, "Backward pass: per-weight (chain rule per weight, sums over "
                                         "paths) or vectorised (delta recurrences, outer products)")
      ->default_str("per-weight");
  app.add_option("--show", options.show, "Only this quantity (canonical name) and what it depends on");
  app.add_flag("--body-only", options.body_only, "latex: the body only, to \\input into one's own document");
  app.add_option("--round-intermediates", options.round_intermediates, kRoundingHelp);
  app.add_option("--steps", options.steps, "Training: print only the first N gradient-descent steps in detail "
                                           "(the summary table lists every step's loss)")
      ->check(CLI::Range(1, 1000000));
  app.add_flag("--fractions", options.fractions, "text: print exact fractions in full, however long "
                                                 "(default: a fraction over 60 characters shows its length and decimal)");
}

int run_run(const RunOptions& options) {
  require_member("--format", options.format, kFormats);
  require_member("--view", options.view, view_names());
  if (!options.notation.empty()) require_member("--notation", options.notation, notation_names());
  auto path = resolve_lesson(options.lesson_given ? options.lesson : kDefaultLesson);
  Lesson lesson = load_lesson(path.string());
  auto rule = rounding_flag(options.round_intermediates);
  if (!rule) rule = lesson.rounding;
  std::string notation_text = options.notation.empty() ? lesson.notation : options.notation;
  auto kind = notation_from_name(notation_text);
  if (!kind)
    throw UsageError(lesson.path + ": notation \"" + notation_text + "\" is not one of " + joined(notation_names()));
  Notation notation = lesson_notation(lesson, *kind);
  if (auto reason = notation.cannot_express()) throw UsageError(lesson.name + ": " + *reason);

  // Certified at least at the golden precision, so that document checks are decided.
  CertifiedTrace certified = trace_lesson(lesson, std::max(options.digits, kGoldenDigits));
  const Trace& trace = certified.trace;
  validate_document_names(lesson, trace);
  if (options.show && !trace.find(*options.show))
    throw UsageError("--show " + *options.show + ": no such quantity in lesson " + lesson.name +
                     " (canonical names such as layer1.dW[1,1]; see the README)");
  auto checks = check_documents(lesson, trace);

  RenderOptions render;
  render.digits = options.digits;
  render.view = *view_from_name(options.view);
  render.show = options.show;
  render.body_only = options.body_only;
  render.steps = options.steps;
  render.fractions = options.fractions;
  render.color = options.format == "text" && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");

  // Everything is computed before anything is printed: bad input never leaves partial output.
  std::string out;
  if (options.format == "text") {
    out = render_derivation(lesson, trace, notation, render);
    if (!options.show)
      out += checks.empty() ? render_errata(lesson) : render_document_checks(lesson, trace, checks, options.digits);
  } else if (options.format == "markdown") {
    out = render_markdown(lesson, trace, notation, render, checks);
  } else if (options.format == "latex") {
    out = render_latex(lesson, trace, notation, render, checks);
  } else if (options.format == "json") {
    out = render_json(lesson, trace, notation, checks, options.digits);
  } else {
    out = render_dot(lesson, trace, notation, options.digits);
    if (options.format == "svg") out = svg_from_dot(out);
  }
  bool failed = std::any_of(checks.begin(), checks.end(), [](const DocumentCheck& c) { return !passes(c.verdict); });
  if (rule) {
    // A printed value that fails exactly but matches under the rounding passes, with its note.
    RoundingEmulation emulation = emulate_rounding(lesson, certified.trace, *rule);
    if (options.format == "text") out += render_rounding_report(certified.trace, emulation, options.digits);
    failed = std::any_of(emulation.documents.begin(), emulation.documents.end(),
                         [](const RoundedDocumentCheck& c) { return !passes(c.exact) && !c.rescued(); });
  }
  std::cout << out;
  return failed ? 1 : 0;
}

}  // namespace bptrace::cli
