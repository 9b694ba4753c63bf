#include "cli/commands.hpp"
#include "lesson/trace_lesson.hpp"
#include "lesson/document_check.hpp"
#include "lesson/library.hpp"
#include "lesson/rounding_check.hpp"
#include "render/rounding_report.hpp"
#include "render/text.hpp"

#include <algorithm>
#include <iostream>

namespace bptrace::cli {

void setup_run(CLI::App& app, RunOptions& options) {
  app.add_option("lesson", options.lesson, "Lesson to run (default: the worked example 001-4)")
      ->default_str(kDefaultLesson);
  app.add_option("--digits", options.digits, "Significant digits of certified values")
      ->check(CLI::Range(1, 1000))
      ->default_val(15);
  app.add_option("--round-intermediates", options.round_intermediates, kRoundingHelp);
}

int run_run(const RunOptions& options) {
  auto path = resolve_lesson(options.lesson.empty() ? kDefaultLesson : options.lesson);
  Lesson lesson = load_lesson(path.string());
  auto rule = rounding_flag(options.round_intermediates);
  if (!rule) rule = lesson.rounding;
  // Certified at least at the golden precision, so that document checks are decided.
  CertifiedTrace certified = trace_lesson(lesson, std::max(options.digits, kGoldenDigits));
  validate_document_names(lesson, certified.trace);
  auto checks = check_documents(lesson, certified.trace);
  // Everything is computed before anything is printed: bad input never leaves partial output.
  std::string out = render_derivation(lesson, certified.trace, TextOptions{options.digits});
  out += checks.empty() ? render_errata(lesson)
                        : render_document_checks(lesson, certified.trace, checks, options.digits);
  bool failed = std::any_of(checks.begin(), checks.end(), [](const DocumentCheck& c) { return !passes(c.verdict); });
  if (rule) {
    // A printed value that fails exactly but matches under the rounding passes, with its note.
    RoundingEmulation emulation = emulate_rounding(lesson, certified.trace, *rule);
    out += render_rounding_report(certified.trace, emulation, options.digits);
    failed = std::any_of(emulation.documents.begin(), emulation.documents.end(),
                         [](const RoundedDocumentCheck& c) { return !passes(c.exact) && !c.rescued(); });
  }
  std::cout << out;
  return failed ? 1 : 0;
}

}  // namespace bptrace::cli
