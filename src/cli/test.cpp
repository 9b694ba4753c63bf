#include "cli/commands.hpp"
#include "cli/shell.hpp"
#include "lesson/input_file.hpp"
#include "lesson/trace_lesson.hpp"
#include "lesson/document_check.hpp"
#include "lesson/library.hpp"
#include "render/golden.hpp"
#include "lesson/rounding_check.hpp"
#include "report/rounding_report.hpp"
#include "render/text.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>
#include <variant>

namespace bptrace::cli {

namespace fs = std::filesystem;

void setup_test(CLI::App& app, TestOptions& options) {
  app.add_option("lessons", options.lessons, "Lessons to test (default: every lesson)");
  app.add_flag("--bless", options.bless,
               "Rewrite the golden traces from the engine, on purpose (review the diff, and say why in the commit)");
  app.add_option("--round-intermediates", options.round_intermediates, kRoundingHelp);
}

namespace {

// Failures printed by `bptrace test`: 20 significant digits, enough to see where two values part.
const ValueStyle kReportStyle{.digits = 20};

// The golden, or nothing when it does not exist yet; anything else unreadable is bad input.
std::optional<std::string> read_golden(const fs::path& path) {
  try {
    return read_input_file_if_present(path.string(), "golden trace");
  } catch (const LessonError& e) {
    throw LessonError(e.where, std::string(e.what()) + " (" + kGoldenRule + ")");
  }
}

[[noreturn]] void cannot_write(const fs::path& path, int error) {
  throw LessonError({path.string(), 0, 0}, std::string("cannot write: ") + std::strerror(error));
}

// PATH.tmp.PID files left by a write that was killed (SIGKILL cannot be caught): removed when
// their process is gone, or when they are older than this run (a PID may have been reused).
void remove_stale_temporaries(const fs::path& path, fs::file_time_type run_start) {
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const std::string prefix = path.filename().string() + ".tmp.";
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.size() > prefix.size() + 10 || name.rfind(prefix, 0) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    std::error_code status_ec;
    auto status = it->symlink_status(status_ec);
    if (status_ec || !(fs::is_regular_file(status) || fs::is_symlink(status))) continue;
    const long long pid = std::stoll(digits);
    const bool alive = pid > 0 && pid <= INT_MAX && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
    std::error_code time_ec;
    const auto written = fs::last_write_time(it->path(), time_ec);
    const bool older = !time_ec && written < run_start;
    if (!alive || older) {
      std::error_code remove_ec;
      fs::remove(it->path(), remove_ec);
    }
  }
}

void write_all(int fd, const std::string& text, const fs::path& temp) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      cannot_write(temp, error);
    }
    done += static_cast<std::size_t>(n);
  }
}

// Temp file and rename: a killed bless never leaves a half-written golden. The temporary file is
// created afresh (O_EXCL, never through a symlink planted under its name), and the stale ones of
// earlier killed runs are removed first.
void write_atomically(const fs::path& path, const std::string& text, fs::file_time_type run_start) {
  std::error_code ec;
  fs::create_directories(path.parent_path().empty() ? fs::path(".") : path.parent_path(), ec);
  if (ec) cannot_write(path.parent_path(), ec.value());
  remove_stale_temporaries(path, run_start);
  fs::path temp = path;
  temp += ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) cannot_write(temp, errno);
  // Test hook: stop half-way through the temporary file, so that a test can kill the process
  // there and see that the golden itself is untouched.
  if (const char* pause = std::getenv("BPTRACE_TEST_PAUSE_MID_WRITE")) {
    write_all(fd, text.substr(0, text.size() / 2), temp);
    std::this_thread::sleep_for(std::chrono::seconds(std::atoi(pause)));
    write_all(fd, text.substr(text.size() / 2), temp);
  } else {
    write_all(fd, text, temp);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    cannot_write(temp, error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    cannot_write(path, error);
  }
}

// The new trace of a differing golden, beside the golden; where that folder cannot be written
// (read-only), in a fresh private folder under $TMPDIR instead, so that the diff is never lost.
std::variant<fs::path, std::string> write_received(const fs::path& received, const std::string& text,
                                                   fs::file_time_type run_start) {
  std::string first_error;
  try {
    write_atomically(received, text, run_start);
    return received;
  } catch (const LessonError& e) {
    first_error = e.located();
  }
  std::error_code ec;
  std::string pattern = (fs::temp_directory_path(ec) / "bptrace-received-XXXXXX").string();
  if (!ec && ::mkdtemp(pattern.data())) {
    fs::path elsewhere = fs::path(pattern) / received.filename();
    try {
      write_atomically(elsewhere, text, run_start);
      return elsewhere;
    } catch (const LessonError&) {
      fs::remove(pattern, ec);
    }
  }
  return first_error;
}

// How the printed commands name the lesson: by its name when that finds this very file (from
// here, with this library), else by its path; quoted for the shell either way.
std::string lesson_argument(const fs::path& path, const std::string& name) {
  try {
    std::error_code ec;
    if (fs::equivalent(resolve_lesson(name), path, ec) && !ec) return shell_word(name);
  } catch (const UsageError&) {
  }
  return shell_word(path.string());
}

struct Outcome {
  bool passed = true;
  std::string note;     // what the summary line says of this part
  std::string details;  // the lines below it
};

struct DocumentOutcome : Outcome {
  std::size_t checks = 0;
  int rounds = 0, truncates = 0, errata = 0, tolerated = 0;
};

// The lesson's document checks; failing ones may match the document's rounding of its
// intermediates (the rounding rule of the flag or the lesson).
DocumentOutcome document_outcome(const Lesson& lesson, const Trace& trace, const std::optional<RoundingPolicy>& rule) {
  DocumentOutcome out;
  auto checks = check_documents(lesson, trace);
  out.checks = checks.size();
  for (const auto& c : checks) {
    out.rounds += c.verdict == Verdict::rounds;
    out.truncates += c.verdict == Verdict::truncates;
    out.tolerated += c.verdict == Verdict::within_tolerance;
    out.errata += c.verdict == Verdict::erratum;
    if (!passes(c.verdict)) out.passed = false;
  }
  if (rule && !out.passed) {
    RoundingEmulation emulation = emulate_rounding(lesson, trace, *rule);
    int rescued = 0, still_failing = 0;
    for (const auto& c : emulation.documents) {
      rescued += c.rescued();
      still_failing += !passes(c.exact) && !c.rescued();
    }
    out.passed = still_failing == 0;
    if (rescued) out.note = fmt::format(", {} match only if intermediates are {}", rescued, describe(*rule));
    out.details += render_rounding_report(trace, emulation, kReportStyle);
  }
  if (!out.passed) {
    std::vector<DocumentCheck> failures;
    for (const auto& c : checks)
      if (!passes(c.verdict)) failures.push_back(c);
    out.details += render_failed_checks(trace, failures, kReportStyle);
  }
  return out;
}

// A differing golden: the quantities that differ (at most 25), where the new trace went, and how
// to accept it.
std::string golden_differences(const fs::path& golden, const std::string& old, const std::string& now,
                               const std::string& argument, fs::file_time_type run_start) {
  auto differences = golden_diff(old, now);
  std::string details = fmt::format("  golden {} differs from the engine in {} quantities ({}):\n", golden.string(),
                                    differences.size(), kGoldenRule);
  std::size_t shown = 0;
  for (const auto& d : differences) {
    if (++shown > 25) {
      details += fmt::format("    ... and {} more\n", differences.size() - 25);
      break;
    }
    if (d.golden.empty()) details += fmt::format("    {}: new, {}\n", d.quantity, d.now);
    else if (d.now.empty()) details += fmt::format("    {}: gone, was {}\n", d.quantity, d.golden);
    else details += fmt::format("    {}:\n      golden {}\n      now    {}\n", d.quantity, d.golden, d.now);
  }
  if (differences.empty()) details += "    (same values, but lines or comments differ)\n";
  const fs::path received = fs::path(golden).replace_extension(".received.trace");
  auto written = write_received(received, now, run_start);
  if (const fs::path* where = std::get_if<fs::path>(&written)) {
    if (*where != received)
      details += fmt::format("  (the golden's folder cannot be written: the new trace went to {})\n", where->string());
    details += fmt::format("  the new trace is in {}; compare: diff -u {} {}\n", where->string(), shell_word(golden.string()),
                           shell_word(where->string()));
  } else {
    details += fmt::format("  the new trace was not written: {}\n", std::get<std::string>(written));
  }
  return details + "  if the change is intended: bptrace test --bless " + argument + "\n";
}

// The golden trace: blessed, or compared with the engine's.
Outcome golden_outcome(const fs::path& path, const Lesson& lesson, const Trace& trace, bool bless,
                       fs::file_time_type run_start) {
  Outcome out;
  const fs::path golden = golden_path(path);
  const std::string now = golden_text(lesson.name, trace, kGoldenDigits);
  const std::string argument = lesson_argument(path, lesson.name);
  if (bless) {
    auto before = read_golden(golden);
    write_atomically(golden, now, run_start);
    out.note = before == now ? "golden unchanged" : "golden BLESSED: " + golden.string() + "\n  (" + kGoldenRule + ")";
  } else if (auto old = read_golden(golden)) {
    if (*old == now) {
      out.note = "golden matches";
      std::error_code ec;
      fs::remove(fs::path(golden).replace_extension(".received.trace"), ec);
    } else {
      out.passed = false;
      out.note = "golden DIFFERS";
      out.details = golden_differences(golden, *old, now, argument, run_start);
    }
  } else {
    out.passed = false;
    out.note = "golden MISSING";
    out.details = "  no golden file " + golden.string() + " (" + kGoldenRule + "): review `bptrace run " + argument +
                  "`, then `bptrace test --bless " + argument + "`\n";
  }
  return out;
}

struct LessonOutcome {
  bool passed = true;
  std::string report;
};

LessonOutcome test_lesson(const fs::path& path, bool bless, const std::optional<RoundingPolicy>& flag_rule,
                    fs::file_time_type run_start) {
  Lesson lesson = load_lesson(path.string());
  const std::optional<RoundingPolicy> rule = lesson_rounding(flag_rule, lesson);
  CertifiedTrace certified = trace_lesson(lesson, kGoldenDigits);
  const Trace& trace = certified.trace;
  validate_document_names(lesson, trace);
  const DocumentOutcome documents = document_outcome(lesson, trace, rule);
  const Outcome golden = golden_outcome(path, lesson, trace, bless, run_start);
  LessonOutcome outcome;
  outcome.passed = documents.passed && golden.passed;
  // Only lessons that declare a tolerance mention it.
  const std::string tolerance_count = documents.tolerated ? fmt::format(", {} within tolerance", documents.tolerated) : "";
  outcome.report = fmt::format("{} {}: {} document checks ({} round, {} truncate{}, {} errata{}); {}\n{}{}",
                                outcome.passed ? "PASS" : "FAIL", lesson.name, documents.checks, documents.rounds,
                                documents.truncates, tolerance_count, documents.errata, documents.note, golden.note,
                                documents.details, golden.details);
  return outcome;
}

}  // namespace

int run_test(const TestOptions& options) {
  std::vector<fs::path> paths;
  for (const auto& name : options.lessons) paths.push_back(resolve_lesson(name));
  if (options.lessons.empty()) paths = all_lessons();
  if (paths.empty()) throw UsageError("no lessons found in " + lessons_dir().string());
  const auto flag_rule = rounding_flag(options.round_intermediates);
  const auto run_start = fs::file_time_type::clock::now();
  int failed = 0, bad = 0;
  for (const auto& path : paths) {
    try {
      LessonOutcome o = test_lesson(path, options.bless, flag_rule, run_start);
      std::cout << o.report;
      failed += !o.passed;
    } catch (const LessonError& e) {
      std::cout << "ERROR " << path.stem().string() << "\n";
      std::cerr << "error: " << e.located() << "\n";
      ++bad;
    }
  }
  std::cout << fmt::format("{} lesson{}: {} passed, {} failed, {} bad input\n", paths.size(), paths.size() == 1 ? "" : "s",
                           paths.size() - failed - bad, failed, bad);
  return bad ? 2 : failed ? 1 : 0;
}

}  // namespace bptrace::cli
