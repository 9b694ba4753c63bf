// `bptrace names LESSON [--notation N]`: every quantity name of a lesson's trace, in trace order,
// the names that --show, check's answers, grade, verify and [[document]] accept; with a notation,
// each one's spelling in it beside (the text that `run --notation N` prints, and its LaTeX).
#include "cli/commands.hpp"
#include "lesson/library.hpp"
#include "lesson/trace_lesson.hpp"
#include "render/notation.hpp"
#include "trace/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

namespace bptrace::cli {

void setup_names(CLI::App& app, NamesOptions& options) {
  app.add_option("lesson", options.lesson, "Lesson whose quantity names to list")->required();
  app.add_option("--notation", options.notation, "Also each name's spelling in this notation (text, then LaTeX)");
}

int run_names(const NamesOptions& options) {
  Lesson lesson = load_lesson(resolve_lesson(options.lesson).string());
  std::optional<Notation> notation;
  if (!options.notation.empty()) {
    auto kind = notation_from_name(options.notation);
    if (!kind) {
      std::string names;
      for (const auto& n : notation_names()) names += (names.empty() ? "" : ", ") + n;
      throw UsageError("--notation " + options.notation + ": unknown; one of " + names);
    }
    notation.emplace(*kind, trace_header(lesson).shape);
    if (auto reason = notation->cannot_express()) throw UsageError(lesson.name + ": " + *reason);
  }
  const Trace trace = trace_lesson(lesson, 15).trace;
  std::size_t width = 0;
  for (const Step& step : trace.steps()) width = std::max(width, trace.name(step.key).size());
  std::string out;
  for (const Step& step : trace.steps()) {
    const std::string name = trace.name(step.key);
    if (!notation) {
      out += name + "\n";
      continue;
    }
    const Math symbol = notation->symbol(step.key);
    out += fmt::format("{:<{}}  {}   {}\n", name, width, symbol.text, symbol.latex);
  }
  std::cout << out;
  return 0;
}

}  // namespace bptrace::cli
