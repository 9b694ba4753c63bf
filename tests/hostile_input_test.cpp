// Hostile input (issue 16, first part): files that are not regular files or are too large,
// FIFOs in the lesson library, a line of 100,000 numbers, `--format svg` without a shell or a
// temporary file, shell quoting of the commands printed on a golden failure, stale temporary
// files of a killed bless, `list` and `run ""`, and the golden rule.
//
// Every command runs under a hard guard: `timeout` kills it after kGuardSeconds, and outside
// AddressSanitizer builds `ulimit -v` caps its memory, so that a hang or an unbounded read fails
// the test instead of hanging or exhausting the machine.
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace bptrace {
namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

constexpr int kGuardSeconds = 120;
constexpr long kGuardKilobytes = 2L << 20;  // 2 GiB of address space: ~20× what bptrace uses

const std::string kLesson = "001-4-sigmoid-2-2-2";

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

struct Outcome {
  int status = -1;  // -1: killed (by the guard, or a crash)
  std::string out, err;
};

// A scratch folder per test: `cwd/` where bptrace runs, and whatever the test builds.
class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("bptrace-hostile-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root / "cwd");
  }
  void TearDown() override {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); ++it)
      if (it->is_directory(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(root, ec);
  }

  // `bptrace ARGS` from `cwd` (default root/cwd), with `env` prefixed (e.g. "BPTRACE_HOME=..."),
  // under the guard.
  Outcome bptrace(const std::string& args, const std::string& env = "", const fs::path& cwd = {}) const {
    return shell("env " + env + " " + sh_quote(BPTRACE_BINARY) + " " + args, cwd);
  }

  Outcome shell(const std::string& command, const fs::path& cwd = {}) const {
    const fs::path where = cwd.empty() ? root / "cwd" : cwd;
    std::string guard = "timeout -s KILL " + std::to_string(kGuardSeconds) + " sh -c " +
                        sh_quote((kAddressSanitizer ? "" : "ulimit -v " + std::to_string(kGuardKilobytes) + "; ") +
                               "exec " + command);
    std::string line = "cd " + sh_quote(where.string()) + " && " + guard + " >" + sh_quote((root / "stdout").string()) +
                       " 2>" + sh_quote((root / "stderr").string()) + "; echo $?";
    auto r = test_support::run_command(line);
    Outcome o;
    int code = std::atoi(r.out.c_str());
    o.status = code >= 128 ? -1 : code;
    o.out = slurp(root / "stdout");
    o.err = slurp(root / "stderr");
    fs::remove(root / "stdout");
    fs::remove(root / "stderr");
    return o;
  }

  // A library (lessons/ and golden/ side by side) under `dir`, with a copy of 001-4.
  fs::path library(const fs::path& dir) const {
    fs::create_directories(dir / "lessons");
    fs::create_directories(dir / "golden");
    const fs::path src = BPTRACE_SOURCE_DIR;
    fs::copy_file(src / "lessons" / (kLesson + ".toml"), dir / "lessons" / (kLesson + ".toml"));
    fs::copy_file(src / "golden" / (kLesson + ".trace"), dir / "golden" / (kLesson + ".trace"));
    return dir;
  }

  static void alter_golden(const fs::path& golden) {
    std::string text = slurp(golden);
    auto at = text.find("layer1.z[1] = 151/400");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 21, "layer1.z[1] = 152/400");
    std::ofstream(golden, std::ios::binary) << text;
  }

  fs::path root;
};

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

// ---------------------------------------------------------------------------------------------
// Regular files only, at most 64 MiB: one `error: PATH: ...` line, exit 2, never a hang.

TEST_F(Hostile, RunDevZeroIsRefusedAtOnce) {
  Outcome o = bptrace("run /dev/zero");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "error: /dev/zero: expected a lesson file (a regular file), found a character device\n");
}

TEST_F(Hostile, LessonSymlinkedToDevUrandomIsRefused) {
  fs::create_symlink("/dev/urandom", root / "random.toml");
  const std::string path = (root / "random.toml").string();
  Outcome o = bptrace("run " + sh_quote(path));
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_EQ(o.err, "error: " + path + ": expected a lesson file (a regular file), found a character device\n");
}

TEST_F(Hostile, FifoOnTheCommandLineDoesNotBlock) {
  const fs::path fifo = root / "fifo.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string command : {"run ", "test ", "gradcheck ", "check 001-4 --answer loss=0.3 --answers "}) {
    Outcome o = bptrace(command + sh_quote(fifo.string()), "BPTRACE_HOME=" + sh_quote(BPTRACE_SOURCE_DIR));
    SCOPED_TRACE(command);
    EXPECT_EQ(o.status, 2) << o.out << o.err;
    EXPECT_NE(o.err.find("error: " + fifo.string() + ": expected a"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("(a regular file), found a FIFO (named pipe)\n"), std::string::npos) << o.err;
  }
}

TEST_F(Hostile, DirectoryIsRefused) {
  Outcome o = bptrace("run " + sh_quote(root.string()));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, "error: " + root.string() + ": expected a lesson file (a regular file), found a directory\n");
}

// One byte over 64 MiB (a sparse file: nothing is written to disk, nothing is read).
TEST_F(Hostile, LessonOverSixtyFourMebibytesIsRefused) {
  const fs::path big = root / "big.toml";
  std::ofstream(big) << "[lesson]\n";
  fs::resize_file(big, (std::uintmax_t{64} << 20) + 1);
  Outcome o = bptrace("run " + sh_quote(big.string()));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, "error: " + big.string() +
                       ": the lesson file is too large: at most 67108864 bytes (64 MiB), found 67108865\n");
}

TEST_F(Hostile, AnswersFromDevZeroAreRefused) {
  Outcome o = bptrace("check 001-4 --answers /dev/zero", "BPTRACE_HOME=" + sh_quote(BPTRACE_SOURCE_DIR));
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "error: /dev/zero: expected an answers file (a regular file), found a character device\n");
}

TEST_F(Hostile, MissingAnswersFileIsOneLine) {
  Outcome o = bptrace("check 001-4 --answers no-such.toml", "BPTRACE_HOME=" + sh_quote(BPTRACE_SOURCE_DIR));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, "error: no-such.toml: cannot read the answers file: No such file or directory\n");
}

TEST_F(Hostile, GoldenSymlinkedToDevZeroIsRefused) {
  library(root);
  const fs::path golden = root / "golden" / (kLesson + ".trace");
  fs::remove(golden);
  fs::create_symlink("/dev/zero", golden);
  Outcome o = bptrace("test " + sh_quote((root / "lessons" / (kLesson + ".toml")).string()));
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("ERROR " + kLesson), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("1 lesson: 0 passed, 0 failed, 1 bad input"), std::string::npos) << o.out;
  EXPECT_EQ(o.err.rfind("error: " + golden.string() +
                            ": expected a golden trace (a regular file), found a character device (goldens: ",
                        0),
            0u)
      << o.err;
  EXPECT_EQ(lines(o.err), 1) << o.err;
}

// A FIFO sitting in lessons/ with a good lesson and a bad one: `list` lists all three and exits
// 0, `run` refuses the FIFO, `test` tests the rest and reports the two as bad input.
TEST_F(Hostile, FifoAndBadLessonInTheLibrary) {
  library(root);
  ASSERT_EQ(::mkfifo((root / "lessons" / "900-fifo.toml").c_str(), 0600), 0);
  std::ofstream(root / "lessons" / "901-bad.toml") << "[lesson\n";
  const std::string home = "BPTRACE_HOME=" + sh_quote(root.string());

  Outcome list = bptrace("list", home);
  EXPECT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find(kLesson + "\n"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("900-fifo\n    BAD: " + (root / "lessons/900-fifo.toml").string() +
                          ": expected a lesson file (a regular file), found a FIFO (named pipe)\n"),
            std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find("901-bad\n    BAD: " + (root / "lessons/901-bad.toml").string() + ":1:"), std::string::npos)
      << list.out;
  EXPECT_EQ(lines(list.err), 2) << list.err;

  Outcome run = bptrace("run 900", home);
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.err.find("found a FIFO (named pipe)"), std::string::npos) << run.err;

  Outcome test = bptrace("test", home);
  EXPECT_EQ(test.status, 2) << test.out;
  EXPECT_NE(test.out.find("PASS " + kLesson), std::string::npos) << test.out;
  EXPECT_NE(test.out.find("3 lessons: 1 passed, 0 failed, 2 bad input"), std::string::npos) << test.out;
}

// ---------------------------------------------------------------------------------------------
// A line of 100,000 numbers is read in linear time: the test completes (a located error, since
// the network has 2 inputs) instead of taking minutes.
TEST_F(Hostile, OneLineOfOneHundredThousandNumbers) {
  std::string numbers;
  for (int i = 0; i < 100000; ++i) numbers += i ? ", 0.1" : "0.1";
  // The generated bad lesson whose own mistake (in [training]) is found only after the samples.
  std::string lesson = slurp(fs::path(BPTRACE_SOURCE_DIR) / "tests/bad/semantic-zero-learning-rate.toml");
  lesson = lesson.substr(lesson.find("[lesson]"));
  lesson.replace(lesson.find("x = [0.05, 0.1]"), 15, "x = [" + numbers + "]");
  const fs::path path = root / "long-line.toml";
  std::ofstream(path) << lesson;
  Outcome o = bptrace("run " + sh_quote(path.string()));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, "error: " + path.string() + ":20:5: [[sample]] 1: x has 100000 entries, the network has 2 inputs\n");
}

// ---------------------------------------------------------------------------------------------
// `--format svg`: `dot` spawned without a shell, the DOT through a pipe, no temporary file.

bool have_dot() { return test_support::run_command("command -v dot >/dev/null 2>&1 && echo yes").out == "yes\n"; }

TEST_F(Hostile, SvgNeedsNoShellAndNoTemporaryFile) {
  if (!have_dot()) GTEST_SKIP() << "Graphviz's dot is not installed";
  const fs::path tmp = root / "tmp'; touch X; echo '";
  fs::create_directories(tmp);
  Outcome o = bptrace("run 001-4 --format svg",
                      "BPTRACE_HOME=" + sh_quote(BPTRACE_SOURCE_DIR) + " TMPDIR=" + sh_quote(tmp.string()));
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "");
  EXPECT_NE(o.out.find("<svg"), std::string::npos);
  EXPECT_NE(o.out.find("</svg>"), std::string::npos);
  EXPECT_TRUE(listing(tmp).empty()) << "a file was written in TMPDIR";
  EXPECT_TRUE(listing(root / "cwd").empty()) << "a file was written in the current directory";
  EXPECT_FALSE(fs::exists(root / "X"));
  EXPECT_FALSE(fs::exists(root / "cwd" / "X"));
  // The same picture as `dot -Tsvg` of --format dot.
  Outcome dot = bptrace("run 001-4 --format dot", "BPTRACE_HOME=" + sh_quote(BPTRACE_SOURCE_DIR));
  std::ofstream(root / "g.dot") << dot.out;
  EXPECT_EQ(test_support::run_command("dot -Tsvg " + sh_quote((root / "g.dot").string())).out, o.out);
}

TEST_F(Hostile, SvgWithoutDotIsAClearError) {
  Outcome o = bptrace("run 001-4 --format svg",
                      "BPTRACE_HOME=" + sh_quote(BPTRACE_SOURCE_DIR) + " PATH=" + sh_quote((root / "empty").string()));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err,
            "error: --format svg needs Graphviz's `dot` (Debian package graphviz) on PATH; --format dot prints the "
            "graph\n");
}

// A `dot` that fails: its exit status is checked and its message shown.
TEST_F(Hostile, SvgFromAFailingDotIsAClearError) {
  fs::create_directories(root / "bin");
  std::ofstream(root / "bin" / "dot") << "#!/bin/sh\ncat >/dev/null\necho 'dot: out of ink' >&2\nexit 3\n";
  fs::permissions(root / "bin" / "dot", fs::perms::owner_all);
  Outcome o = bptrace("run 001-4 --format svg",
                      "BPTRACE_HOME=" + sh_quote(BPTRACE_SOURCE_DIR) + " PATH=" + sh_quote((root / "bin").string()) + ":/usr/bin:/bin");
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err, "error: --format svg: Graphviz's `dot -Tsvg` failed (exit status 3): dot: out of ink; --format dot "
                   "prints the graph\n");
}

// ---------------------------------------------------------------------------------------------
// The commands printed on a golden failure are quoted for the shell, and work as printed.
TEST_F(Hostile, PrintedCommandsAreQuotedAndWork) {
  const fs::path dir = library(root / "we ird;$(x)");
  const fs::path golden = dir / "golden" / (kLesson + ".trace");
  const std::string original = slurp(golden);
  alter_golden(golden);
  const std::string lesson = (dir / "lessons" / (kLesson + ".toml")).string();
  Outcome o = bptrace("test " + sh_quote(lesson));
  EXPECT_EQ(o.status, 1) << o.out << o.err;
  const std::string received = (dir / "golden" / (kLesson + ".received.trace")).string();
  const std::string diff = "diff -u " + sh_quote(golden.string()) + " " + sh_quote(received);
  ASSERT_NE(o.out.find("; compare: " + diff + "\n"), std::string::npos) << o.out;
  const std::string bless = "bptrace test --bless " + sh_quote(lesson);
  ASSERT_NE(o.out.find("  if the change is intended: " + bless + "\n"), std::string::npos) << o.out;

  // Run as printed: diff shows the change (exit 1), and $(x) ran nothing.
  Outcome d = shell(diff);
  EXPECT_EQ(d.status, 1) << d.err;
  EXPECT_NE(d.out.find("-layer1.z[1] = 152/400\n+layer1.z[1] = 151/400\n"), std::string::npos) << d.out;
  Outcome b = shell(sh_quote(BPTRACE_BINARY) + bless.substr(std::string("bptrace").size()));
  EXPECT_EQ(b.status, 0) << b.out << b.err;
  EXPECT_EQ(slurp(golden), original);
  EXPECT_TRUE(listing(root / "cwd").empty());
}

// ---------------------------------------------------------------------------------------------
// Stale temporary files of a killed bless are removed by the next bless; others are left alone.
TEST_F(Hostile, BlessRemovesStaleTemporaryFiles) {
  library(root);
  const fs::path golden_dir = root / "golden";
  const std::string name = kLesson + ".trace";
  const std::string original = slurp(golden_dir / name);
  auto plant = [&](const std::string& file, bool old) {
    std::ofstream(golden_dir / file) << "half a golden";
    if (old) fs::last_write_time(golden_dir / file, fs::file_time_type::clock::now() - std::chrono::hours(1));
  };
  plant(name + ".tmp.999999999", false);  // above any pid_max: its process is gone
  plant(name + ".tmp.1", true);           // pid 1 is alive, but the file is older than the run
  plant(name + ".tmp.12ab", true);        // not a PID
  plant("other.trace.tmp.999999999", true);  // another golden's
  Outcome o = bptrace("test --bless " + sh_quote((root / "lessons" / (kLesson + ".toml")).string()));
  EXPECT_EQ(o.status, 0) << o.out << o.err;
  EXPECT_EQ(listing(golden_dir), (std::vector<std::string>{name, name + ".tmp.12ab", "other.trace.tmp.999999999"}));
  EXPECT_EQ(slurp(golden_dir / name), original);
}

// ---------------------------------------------------------------------------------------------
// `list` exits 0; `run ""` is a usage error, not the default lesson.
TEST_F(Hostile, EmptyLessonNameIsAUsageError) {
  const std::string home = "BPTRACE_HOME=" + sh_quote(BPTRACE_SOURCE_DIR);
  for (const std::string command : {"run ''", "gradcheck ''", "test ''", "check '' --answer loss=1"}) {
    SCOPED_TRACE(command);
    Outcome o = bptrace(command, home);
    EXPECT_EQ(o.status, 2);
    EXPECT_EQ(o.out, "");
    EXPECT_EQ(o.err, "error: an empty lesson name; expected a path to a .toml file, a lesson name, or a unique prefix "
                     "such as 001-4\n");
  }
  EXPECT_EQ(bptrace("run", home).status, 0);  // no name at all: the default lesson
}

// ---------------------------------------------------------------------------------------------
// The golden rule: DIR/lessons/NAME.toml has DIR/golden/NAME.trace, any other DIR/NAME.toml has
// DIR/golden/NAME.trace; the same from every current directory.

TEST_F(Hostile, GoldenOfALibraryLessonFromAnyDirectory) {
  library(root / "repo");
  const std::string lesson = "lessons/" + kLesson + ".toml";
  for (const fs::path& cwd : {root / "repo", root / "repo" / "lessons", root / "repo" / "golden", root / "cwd"}) {
    SCOPED_TRACE(cwd.string());
    std::string path = fs::relative(root / "repo" / lesson, cwd).string();
    Outcome o = bptrace("test " + sh_quote(path), "", cwd);
    EXPECT_EQ(o.status, 0) << o.out << o.err;
    EXPECT_NE(o.out.find("golden matches"), std::string::npos) << o.out;
  }
}

TEST_F(Hostile, GoldenOfALoneLessonIsBesideIt) {
  fs::create_directories(root / "cwd" / "deep" / "a");
  fs::copy_file(fs::path(BPTRACE_SOURCE_DIR) / "lessons" / (kLesson + ".toml"), root / "cwd" / "deep" / "a" / "x.toml");
  // No golden yet: the message names where it is looked for, and its commands work as printed.
  Outcome missing = bptrace("test deep/a/x.toml");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.out.find("  no golden file deep/a/golden/x.trace (goldens: DIR/lessons/NAME.toml has "
                             "DIR/golden/NAME.trace, any other DIR/NAME.toml has DIR/golden/NAME.trace): review "
                             "`bptrace run deep/a/x.toml`, then `bptrace test --bless deep/a/x.toml`\n"),
            std::string::npos)
      << missing.out;
  EXPECT_EQ(bptrace("run deep/a/x.toml").status, 0);
  Outcome bless = bptrace("test --bless deep/a/x.toml");
  EXPECT_EQ(bless.status, 0) << bless.out << bless.err;
  EXPECT_EQ(listing(root / "cwd"), std::vector<std::string>{"deep"});
  EXPECT_EQ(listing(root / "cwd" / "deep"), std::vector<std::string>{"a"});
  EXPECT_EQ(listing(root / "cwd" / "deep" / "a"), (std::vector<std::string>{"golden", "x.toml"}));
  EXPECT_EQ(listing(root / "cwd" / "deep" / "a" / "golden"), std::vector<std::string>{"x.trace"});
  // Found again from elsewhere, by a relative and by an absolute path.
  EXPECT_EQ(bptrace("test x.toml", "", root / "cwd" / "deep" / "a").status, 0);
  EXPECT_EQ(bptrace("test ../x.toml", "", root / "cwd" / "deep" / "a" / "golden").status, 0);
  EXPECT_EQ(bptrace("test " + sh_quote((root / "cwd" / "deep" / "a" / "x.toml").string()), "", root).status, 0);
}

// Where the golden's folder cannot be written, a differing golden still prints its diff (exit 1)
// and the new trace goes to a fresh folder under $TMPDIR.
TEST_F(Hostile, UnwritableGoldenFolderStillShowsTheDiff) {
  library(root);
  const fs::path golden_dir = root / "golden";
  alter_golden(golden_dir / (kLesson + ".trace"));
  // The received file's name taken by a folder: its write must fail, even for root.
  fs::create_directories(golden_dir / (kLesson + ".received.trace") / "occupied");
  const bool as_root = ::geteuid() == 0;
  if (!as_root) fs::permissions(golden_dir, fs::perms::owner_read | fs::perms::owner_exec);
  const fs::path tmp = root / "tmp";
  fs::create_directories(tmp);
  Outcome o = bptrace("test " + sh_quote((root / "lessons" / (kLesson + ".toml")).string()), "TMPDIR=" + sh_quote(tmp.string()));
  EXPECT_EQ(o.status, 1) << o.out << o.err;
  EXPECT_NE(o.out.find("golden DIFFERS"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("layer1.z[1]:\n      golden = 152/400\n      now    = 151/400"), std::string::npos) << o.out;
  auto written = listing(tmp);
  ASSERT_EQ(written.size(), 1u);
  const fs::path elsewhere = tmp / written.front() / (kLesson + ".received.trace");
  EXPECT_TRUE(fs::exists(elsewhere));
  EXPECT_NE(o.out.find("  (the golden's folder cannot be written: the new trace went to " + elsewhere.string() + ")\n"),
            std::string::npos)
      << o.out;
  EXPECT_EQ(slurp(elsewhere), slurp(fs::path(BPTRACE_SOURCE_DIR) / "golden" / (kLesson + ".trace")));
}

}  // namespace
}  // namespace bptrace
