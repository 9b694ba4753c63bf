#pragma once
// The subcommands: each has its options, a setup that declares them, and a run that returns
// the exit status (0 success, 1 a check failed; bad input throws and becomes 2 in main).
#include <CLI/CLI.hpp>

#include "engine/rounding.hpp"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bptrace {
struct Lesson;
}

namespace bptrace::cli {

// --digits N: significant digits of certified values, one range for every command.
inline constexpr int kMaxDigits = 1000;
inline CLI::Option* add_digits_option(CLI::App& app, int& digits, const std::string& help) {
  auto whole_number = [](std::string& text) -> std::string {
    int n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error == std::errc() && end == text.data() + text.size() && n >= 1 && n <= kMaxDigits) return "";
    return "expected a whole number of digits from 1 to " + std::to_string(kMaxDigits) + ", found '" + text + "'";
  };
  return app.add_option("--digits", digits, help + " (1 to " + std::to_string(kMaxDigits) + ")")
      ->check(CLI::Validator(whole_number, "1-" + std::to_string(kMaxDigits)))
      ->default_val(15);
}

struct RunOptions {
  std::string lesson;
  bool lesson_given = false;  // `run ""` is an empty name (an error), not the default lesson
  int digits = 15;
  std::string notation;  // empty: the lesson's own
  std::string format = "text";
  std::string view = "per-weight";
  bool view_given = false;  // json, dot and svg have no view: --view with them is an error
  std::optional<std::string> show;
  bool body_only = false;
  std::string round_intermediates;  // "4d", "3s:truncate"; empty: the lesson's [rounding], if any
  int steps = 0;                    // training: only the first N steps in detail (0: all)
  bool fractions = false;           // exact fractions in full, however long
};
void setup_run(CLI::App& app, RunOptions& options);
int run_run(const RunOptions& options);

struct TestOptions {
  std::vector<std::string> lessons;
  bool bless = false;
  std::string round_intermediates;  // as for run
};
void setup_test(CLI::App& app, TestOptions& options);
int run_test(const TestOptions& options);

// "4d", "3s:truncate" -> the rule; empty -> none; anything else is a UsageError.
std::optional<RoundingPolicy> rounding_flag(const std::string& text);
// The flag's policy, else the lesson's [rounding]; a UsageError when the flag rounds network
// quantities (a, dz, ...) of a graph lesson, which has none.
std::optional<RoundingPolicy> lesson_rounding(const std::optional<RoundingPolicy>& flag, const Lesson& lesson);
// The help text of --round-intermediates, shared by run, check and test.
inline constexpr const char* kRoundingHelp =
    "Recompute with every intermediate rounded: 4d (4 decimals), 4s (4 significant digits), "
    "with :truncate to truncate; NAME=RULE rounds one phase (forward, loss, backward, update) or "
    "quantity kind (z, a, da, dadz, dz, dW, db, dx, W, b) by its own rule, e.g. 3d,dz=4d "
    "(default: the lesson's [rounding])";

struct CheckOptions {
  std::string lesson;
  std::vector<std::string> answers;  // NAME=VALUE
  std::string answers_file;
  std::string round_intermediates;   // "4d", "3s:truncate"; empty: none
  int digits = 15;
};
void setup_check(CLI::App& app, CheckOptions& options);
int run_check(const CheckOptions& options);

struct GradeOptions {
  std::string lesson;
  std::vector<std::string> answers;  // CSV files, TOML answers files, folders of them
  std::string format = "text";
  std::string rubric;
  std::string explain;  // a student's id: that student's check-style report only
  std::optional<int> min_significant;
  std::optional<int> min_decimals;
  std::string truncation;  // "accept", "refuse"; empty: the rubric's (default accept)
  std::string relative_tolerance, absolute_tolerance;
  std::string points, insufficient_points, ungradable_points;
  std::vector<std::string> quantity_points;  // NAME=POINTS
  std::vector<std::string> mistake_points;   // MISTAKE=POINTS
  std::string round_intermediates;
  int digits = 15;
};
void setup_grade(CLI::App& app, GradeOptions& options);
int run_grade(const GradeOptions& options);

struct VariantOptions {
  std::string lesson;
  std::uint64_t seed = 1;
  int count = 1;
  std::string out = ".";
  std::vector<std::string> ask;
  int significant = 4;
  bool sheet = false;
  bool key = false;
};
void setup_variant(CLI::App& app, VariantOptions& options);
int run_variant(const VariantOptions& options);

struct GradcheckOptions {
  std::string lesson;
  bool lesson_given = false;
  std::string step = "1e-12";  // h, exact
  int digits = 15;
};
void setup_gradcheck(CLI::App& app, GradcheckOptions& options);
int run_gradcheck(const GradcheckOptions& options);

struct VerifyOptions {
  std::string lesson;
  std::string values;            // the values file
  std::string factor = "2";      // exact decimal text
  int function_ulps = 4;
  std::string rtol, atol;        // empty: the error-bound rule
};
void setup_verify(CLI::App& app, VerifyOptions& options);
int run_verify(const VerifyOptions& options);

struct NamesOptions {
  std::string lesson;
  std::string notation;  // empty: the canonical names only
};
void setup_names(CLI::App& app, NamesOptions& options);
int run_names(const NamesOptions& options);

struct NewOptions {
  std::string file;
  std::string layers = "2,2,1";      // the inputs, then each layer's width
  std::string activation = "sigmoid";  // the hidden layers'
  bool graph = false;
};
void setup_new(CLI::App& app, NewOptions& options);
int run_new(const NewOptions& options);

void setup_list(CLI::App& app);
int run_list();

}  // namespace bptrace::cli
