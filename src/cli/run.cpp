#include "cli/commands.hpp"
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

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

extern char** environ;

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

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_, O_CLOEXEC) != 0) throw UsageError(std::string("--format svg: cannot create a pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void close_read() { close(fds_[0]); }
  void close_write() { close(fds_[1]); }

 private:
  static void close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fds_[2] = {-1, -1};
};

// Graphviz renders the DOT text: `dot -Tsvg` spawned directly (no shell, no temporary file), the
// DOT written to its standard input while its standard output and error are read, all three
// through poll() so that neither side can block the other. A missing `dot`, or one that fails,
// is a usage problem with one message, not a crash.
std::string svg_from_dot(const std::string& dot) {
  const std::string missing = "--format svg needs Graphviz's `dot` (Debian package graphviz) on PATH; "
                              "--format dot prints the graph";
  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read_end(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write_end(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write_end(), STDERR_FILENO);
  // SIGPIPE is ignored here while writing; `dot` gets the default disposition back.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  char program[] = "dot";
  char format[] = "-Tsvg";
  char* argv[] = {program, format, nullptr};
  pid_t pid = -1;
  int spawned = ::posix_spawnp(&pid, "dot", &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    if (spawned == ENOENT) throw UsageError(missing);
    throw UsageError("--format svg: cannot run Graphviz's `dot`: " + std::string(std::strerror(spawned)));
  }
  in.close_read();
  out.close_write();
  err.close_write();

  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, &previous);
  ::fcntl(in.write_end(), F_SETFL, ::fcntl(in.write_end(), F_GETFL) | O_NONBLOCK);

  std::string svg, messages;
  std::size_t written = 0;
  if (dot.empty()) in.close_write();
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    pollfd fds[3];
    nfds_t count = 0;
    int in_slot = -1, out_slot = -1, err_slot = -1;
    if (in.write_end() >= 0) fds[in_slot = static_cast<int>(count++)] = {in.write_end(), POLLOUT, 0};
    if (out_open) fds[out_slot = static_cast<int>(count++)] = {out.read_end(), POLLIN, 0};
    if (err_open) fds[err_slot = static_cast<int>(count++)] = {err.read_end(), POLLIN, 0};
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (in_slot >= 0 && fds[in_slot].revents) {
      ssize_t n = ::write(in.write_end(), dot.data() + written, dot.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == dot.size()) in.close_write();
    }
    auto drain = [](int fd, std::string& into, bool& open) {
      char buffer[65536];
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n > 0) into.append(buffer, static_cast<std::size_t>(n));
      else if (n == 0 || (errno != EAGAIN && errno != EINTR)) open = false;
    };
    if (out_slot >= 0 && fds[out_slot].revents) drain(out.read_end(), svg, out_open);
    if (err_slot >= 0 && fds[err_slot].revents) drain(err.read_end(), messages, err_open);
  }
  in.close_write();
  out.close_read();  // should the loop have ended early, `dot` must not block on a full pipe
  err.close_read();
  ::sigaction(SIGPIPE, &previous, nullptr);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || written != dot.size() || svg.empty()) {
    std::string first_line = messages.substr(0, messages.find('\n'));
    std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                      : WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                            : "no output";
    throw UsageError("--format svg: Graphviz's `dot -Tsvg` failed (" + how + ")" +
                     (first_line.empty() ? std::string() : ": " + first_line) + "; --format dot prints the graph");
  }
  return svg;
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
  // --show takes what check takes: a canonical name, or a spelling of the notation or of document 001.
  const NameAliases spellings = notation_spellings(trace, notation);
  std::optional<Key> show = options.show ? resolve_quantity(*options.show, trace, spellings) : std::nullopt;
  if (options.show && (!show || !trace.find_value(*show)))
    throw UsageError("--show " + *options.show + ": " + unknown_answer_name(*options.show, trace, spellings) +
                     " (bptrace names " + shell_word(lesson.name) + " lists them)");
  if (options.view == "table") require_table(options, trace, lesson.name);
  auto checks = check_documents(lesson, trace);

  // --digits and --fractions enter the value formatter here, once: every renderer takes this style.
  const RenderOptions render = render_options(options, show);

  // Everything is computed before anything is printed: bad input never leaves partial output.
  std::string out;
  if (options.format == "text") {
    out = render_derivation(trace, notation, render);
    if (!options.show)
      out += checks.empty() ? render_errata(trace) : render_document_checks(trace, checks, render.values);
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
