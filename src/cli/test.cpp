#include "cli/commands.hpp"
#include "lesson/trace_lesson.hpp"
#include "lesson/document_check.hpp"
#include "lesson/library.hpp"
#include "render/golden.hpp"
#include "lesson/rounding_check.hpp"
#include "report/rounding_report.hpp"
#include "render/text.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace bptrace::cli {

namespace fs = std::filesystem;

void setup_test(CLI::App& app, TestOptions& options) {
  app.add_option("lessons", options.lessons, "Lessons to test (default: every lesson)");
  app.add_flag("--bless", options.bless,
               "Rewrite the golden traces from the engine, on purpose (review the diff, and say why in the commit)");
  app.add_option("--round-intermediates", options.round_intermediates, kRoundingHelp);
}

namespace {

std::optional<std::string> read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Temp file and rename: a killed bless never leaves a half-written golden.
void write_atomically(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path().empty() ? fs::path(".") : path.parent_path());
  fs::path temp = path;
  temp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    // Test hook: stop half-way through the temporary file, so that a test can kill the process
    // there and see that the golden itself is untouched.
    if (const char* pause = std::getenv("BPTRACE_TEST_PAUSE_MID_WRITE")) {
      out << text.substr(0, text.size() / 2) << std::flush;
      std::this_thread::sleep_for(std::chrono::seconds(std::atoi(pause)));
      out << text.substr(text.size() / 2);
    } else {
      out << text;
    }
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(temp, ec);
      throw UsageError("cannot write " + temp.string());
    }
  }
  fs::rename(temp, path);
}

struct Outcome {
  bool passed = true;
  std::string report;
};

Outcome test_lesson(const fs::path& path, bool bless, const std::optional<RoundingRule>& flag_rule) {
  Lesson lesson = load_lesson(path.string());
  const std::optional<RoundingRule> rule = flag_rule ? flag_rule : lesson.rounding;
  CertifiedTrace certified = trace_lesson(lesson, kGoldenDigits);
  const Trace& trace = certified.trace;
  validate_document_names(lesson, trace);
  Outcome outcome;
  std::string details;

  auto checks = check_documents(lesson, trace);
  int rounds = 0, truncates = 0, errata = 0;
  for (const auto& c : checks) {
    rounds += c.verdict == Verdict::rounds;
    truncates += c.verdict == Verdict::truncates;
    errata += c.verdict == Verdict::erratum;
    if (!passes(c.verdict)) outcome.passed = false;
  }
  std::string rounding_note;
  if (rule && !outcome.passed) {
    // Checks that fail exactly may match the document's own rounding of its intermediates.
    RoundingEmulation emulation = emulate_rounding(lesson, trace, *rule);
    int rescued = 0, still_failing = 0;
    for (const auto& c : emulation.documents) {
      rescued += c.rescued();
      still_failing += !passes(c.exact) && !c.rescued();
    }
    outcome.passed = still_failing == 0;
    if (rescued) rounding_note = fmt::format(", {} match only if intermediates are {}", rescued, describe(*rule));
    details += render_rounding_report(trace, emulation, 20);
  }
  if (!outcome.passed) {
    std::vector<DocumentCheck> failures;
    for (const auto& c : checks)
      if (!passes(c.verdict)) failures.push_back(c);
    details += render_failed_checks(trace, failures, 20);
  }

  fs::path golden = golden_path(path);
  fs::path received = fs::path(golden).replace_extension(".received.trace");
  std::string now = golden_text(lesson.name, trace, kGoldenDigits);
  std::string golden_note;
  if (bless) {
    auto before = read(golden);
    write_atomically(golden, now);
    golden_note = before == now ? "golden unchanged" : "golden BLESSED: " + golden.string();
  } else if (auto old = read(golden)) {
    auto differences = golden_diff(*old, now);
    if (*old == now) {
      golden_note = "golden matches";
      std::error_code ec;
      fs::remove(received, ec);
    } else {
      outcome.passed = false;
      write_atomically(received, now);
      golden_note = "golden DIFFERS";
      details += fmt::format("  golden {} differs from the engine in {} quantities:\n", golden.string(),
                             differences.size());
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
      details += fmt::format("  the new trace is in {}; compare: diff -u {} {}\n", received.string(),
                             golden.string(), received.string());
      details += "  if the change is intended: bptrace test --bless " + lesson.name + "\n";
    }
  } else {
    outcome.passed = false;
    golden_note = "golden MISSING";
    details += "  no golden file " + golden.string() + ": review `bptrace run " + lesson.name +
               "`, then `bptrace test --bless " + lesson.name + "`\n";
  }
  outcome.report = fmt::format("{} {}: {} document checks ({} round, {} truncate, {} errata{}); {}\n{}",
                               outcome.passed ? "PASS" : "FAIL", lesson.name, checks.size(), rounds,
                               truncates, errata, rounding_note, golden_note, details);
  return outcome;
}

}  // namespace

int run_test(const TestOptions& options) {
  std::vector<fs::path> paths;
  for (const auto& name : options.lessons) paths.push_back(resolve_lesson(name));
  if (options.lessons.empty()) paths = all_lessons();
  if (paths.empty()) throw UsageError("no lessons found in " + lessons_dir().string());
  const auto flag_rule = rounding_flag(options.round_intermediates);
  int failed = 0, bad = 0;
  for (const auto& path : paths) {
    try {
      Outcome o = test_lesson(path, options.bless, flag_rule);
      std::cout << o.report;
      failed += !o.passed;
    } catch (const LessonError& e) {
      std::cout << "ERROR " << path.stem().string() << "\n";
      std::cerr << "error: " << e.located() << "\n";
      ++bad;
    }
  }
  std::cout << fmt::format("{} lessons: {} passed, {} failed, {} bad input\n", paths.size(),
                           paths.size() - failed - bad, failed, bad);
  return bad ? 2 : failed ? 1 : 0;
}

}  // namespace bptrace::cli
