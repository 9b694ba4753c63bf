// bptrace: makes backpropagation visible and exact. main parses, dispatches, and turns every
// error into one message and an exit status: 0 success, 1 a check failed, 2 bad input or usage.
#include "cli/commands.hpp"
#include "lesson/library.hpp"
#include "model/source_location.hpp"
#include "number/interval.hpp"

#include <functional>
#include <iostream>
#include <memory>
#include <vector>

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

// A command: its name, its line of help, and how it is set up and run. Its options live as long
// as the command.
struct Command {
  const char* name;
  const char* help;
  std::function<void(CLI::App&)> setup;
  std::function<int()> run;
};

template <class Options>
Command command(const char* name, const char* help, void (*setup)(CLI::App&, Options&), int (*run)(const Options&)) {
  auto options = std::make_shared<Options>();
  return {name, help, [=](CLI::App& sub) { setup(sub, *options); }, [=] { return run(*options); }};
}

std::vector<Command> commands() {
  using namespace bptrace::cli;
  return {
      command("run", "Print the annotated derivation of a lesson", setup_run, run_run),
      command("test", "Check lessons against their goldens and documents", setup_test, run_test),
      command("check", "Check a student's answers, and name the classic mistake behind a wrong one", setup_check, run_check),
      command("grade", "Grade a class's answers: per student and per answer, and a class summary", setup_grade, run_grade),
      command("variant", "Write variants of a lesson with new numbers, their sheets and answer keys", setup_variant, run_variant),
      command("gradcheck", "Central finite differences beside backprop for every parameter", setup_gradcheck, run_gradcheck),
      command("verify",
              "Verify what a program computed (a values file) against the exact values; name the mistake behind a wrong one",
              setup_verify, run_verify),
      command("new", "Write a commented skeleton lesson that runs as written", setup_new, run_new),
      command("names", "List a lesson's quantity names (with --notation, each one's spelling)", setup_names, run_names),
      Command{"list", "List the lessons with their titles and sources", setup_list, run_list},
  };
}

// Runs the command the arguments chose; every error is one message and exit status 2.
int dispatch(const CLI::App& app, const std::vector<Command>& all) {
  using namespace bptrace;
  try {
    for (const Command& c : all)
      if (app.got_subcommand(c.name)) return c.run();
  } catch (const LessonError& e) {
    std::cerr << "error: " << e.located() << "\n";
  } catch (const UsageError& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (const BeyondExactRange& e) {
    std::cerr << "error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << printable_text(e.what()) << "\n";
  }
  return 2;
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
  const std::vector<Command> all = commands();
  for (const Command& c : all) c.setup(*app.add_subcommand(c.name, c.help));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print and succeed; any other parse error is one `error:` line.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
    std::cerr << "error: " << parse_error_text(e, app) << "\n";
    return 2;
  }
  return dispatch(app, all);
}
