// bptrace: makes backpropagation visible and exact. main parses, dispatches, and turns every
// error into one message and an exit status: 0 success, 1 a check failed, 2 bad input or usage.
#include "cli/commands.hpp"
#include "lesson/library.hpp"
#include "model/source_location.hpp"
#include "number/interval.hpp"

#include <iostream>

namespace {

// CLI11's message on one line, with the subcommands named where one is missing and a pointer to
// the help of the command that was being parsed.
std::string parse_error_text(const CLI::ParseError& e, const CLI::App& app) {
  std::string message = e.what();
  for (char& c : message)
    if (c == '\n') c = ' ';
  std::string help = "bptrace --help";
  for (const CLI::App* sub : app.get_subcommands()) help = "bptrace " + sub->get_name() + " --help";
  if (e.get_name() == "RequiredError" && app.get_subcommands().empty()) {
    std::string names;
    for (const CLI::App* sub : app.get_subcommands({})) names += (names.empty() ? "" : ", ") + sub->get_name();
    const std::vector<std::string> rest = app.remaining();
    if (!rest.empty()) return "unknown command '" + rest.front() + "'; one of: " + names + " (see " + help + ")";
    return "a command is required, one of: " + names + " (see " + help + ")";
  }
  return message + " (see " + help + ")";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace bptrace;
  CLI::App app{"bptrace " BPTRACE_VERSION
               " — backpropagation, exact and annotated: forward pass, loss, backward pass and\n"
               "update of a lesson's network, every value exact or certified.",
               "bptrace"};
  app.set_version_flag("--version", "bptrace " BPTRACE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Lessons live in " + lessons_dir().string() +
      " (override with $BPTRACE_HOME).\n"
      "A LESSON is a path to a .toml file, a lesson name, or a unique prefix such as 001-4.\n"
      "Exit status: 0 success, 1 a check failed, 2 bad input or usage.");

  cli::RunOptions run;
  cli::TestOptions test;
  cli::CheckOptions check;
  cli::GradeOptions grade;
  cli::VariantOptions variant;
  cli::GradcheckOptions gradcheck;
  cli::VerifyOptions verify;
  cli::NamesOptions names;
  cli::NewOptions new_lesson;
  cli::setup_run(*app.add_subcommand("run", "Print the annotated derivation of a lesson"), run);
  cli::setup_test(*app.add_subcommand("test", "Check lessons against their goldens and documents"), test);
  cli::setup_check(*app.add_subcommand("check", "Check a student's answers, and name the classic mistake behind a wrong one"), check);
  cli::setup_grade(*app.add_subcommand("grade", "Grade a class's answers: per student and per answer, and a class summary"), grade);
  cli::setup_variant(*app.add_subcommand("variant", "Write variants of a lesson with new numbers, their sheets and answer keys"), variant);
  cli::setup_gradcheck(*app.add_subcommand("gradcheck", "Central finite differences beside backprop for every parameter"), gradcheck);
  cli::setup_verify(*app.add_subcommand("verify", "Verify what a program computed (a values file) against the exact values; name the mistake behind a wrong one"), verify);
  cli::setup_new(*app.add_subcommand("new", "Write a commented skeleton lesson that runs as written"), new_lesson);
  cli::setup_names(*app.add_subcommand("names", "List a lesson's quantity names (with --notation, each one's spelling)"), names);
  cli::setup_list(*app.add_subcommand("list", "List the lessons with their titles and sources"));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print and succeed; any other parse error is one `error:` line.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::cerr << "error: " << parse_error_text(e, app) << "\n";
    return 2;
  }
  try {
    if (app.got_subcommand("run")) return cli::run_run(run);
    if (app.got_subcommand("test")) return cli::run_test(test);
    if (app.got_subcommand("check")) return cli::run_check(check);
    if (app.got_subcommand("grade")) return cli::run_grade(grade);
    if (app.got_subcommand("variant")) return cli::run_variant(variant);
    if (app.got_subcommand("gradcheck")) return cli::run_gradcheck(gradcheck);
    if (app.got_subcommand("verify")) return cli::run_verify(verify);
    if (app.got_subcommand("new")) return cli::run_new(new_lesson);
    if (app.got_subcommand("names")) return cli::run_names(names);
    if (app.got_subcommand("list")) return cli::run_list();
  } catch (const LessonError& e) {
    std::cerr << "error: " << e.located() << "\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const BeyondExactRange& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << printable_text(e.what()) << "\n";
    return 2;
  }
  return 2;
}
