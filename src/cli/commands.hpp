#pragma once
// The subcommands: each has its options, a setup that declares them, and a run that returns
// the exit status (0 success, 1 a check failed; bad input throws and becomes 2 in main).
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bptrace::cli {

struct RunOptions {
  std::string lesson;
  int digits = 15;
  std::string notation;  // empty: the lesson's own
  std::string format = "text";
  std::string view = "per-weight";
  std::optional<std::string> show;
  bool body_only = false;
};
void setup_run(CLI::App& app, RunOptions& options);
int run_run(const RunOptions& options);

struct TestOptions {
  std::vector<std::string> lessons;
  bool bless = false;
};
void setup_test(CLI::App& app, TestOptions& options);
int run_test(const TestOptions& options);

void setup_list(CLI::App& app);
int run_list();

}  // namespace bptrace::cli
