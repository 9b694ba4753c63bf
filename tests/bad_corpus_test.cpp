// The malformed-lesson corpus (tests/bad/, written by tests/bad/generate.py): every file, run
// through the real binary, gives exit status 2, nothing on standard output, one error line
// `error: FILE:LINE:COLUMN: ...` at the place its `# expect:` header names, and writes no file.
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bptrace {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

// The digits at the start of `s` from `at` on, and where they end.
std::string digits_at(const std::string& s, std::size_t& at) {
  const std::size_t from = at;
  while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) ++at;
  return s.substr(from, at - from);
}

// A case's second line: "# expect: L:C" gives "L:C:", "# expect-line: L" gives "L:", else "".
// (Read by hand: std::regex draws GCC 12's false -Wmaybe-uninitialized at -O1.)
std::string expected_location(const std::string& line) {
  const std::string full = "# expect: ", line_only = "# expect-line: ";
  if (line.rfind(full, 0) == 0) {
    std::size_t at = full.size();
    const std::string l = digits_at(line, at);
    if (l.empty() || at >= line.size() || line[at] != ':') return "";
    ++at;
    const std::string c = digits_at(line, at);
    return c.empty() ? "" : l + ":" + c + ":";
  }
  if (line.rfind(line_only, 0) == 0) {
    std::size_t at = line_only.size();
    const std::string l = digits_at(line, at);
    return l.empty() ? "" : l + ":";
  }
  return "";
}

TEST(BadCorpus, EveryCaseIsOneLocatedErrorWithExitTwo) {
  const fs::path corpus = fs::path(BPTRACE_SOURCE_DIR) / "tests" / "bad";
  const fs::path scratch = fs::temp_directory_path() / ("bptrace-bad-corpus-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const std::size_t corpus_files = entries(corpus);
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().extension() != ".toml") continue;
    ++cases;
    const std::string path = entry.path().string();
    SCOPED_TRACE(path);
    std::istringstream head(slurp(entry.path()));
    std::string what, expect;
    std::getline(head, what);
    std::getline(head, expect);
    const std::string location = expected_location(expect);  // "L:C:" or "L:" (line only)
    ASSERT_FALSE(location.empty()) << "the second line must be '# expect: L:C' or '# expect-line: L'";

    // Run from the scratch folder: nothing may be written there, nor beside the lesson.
    auto r = test_support::run_command("cd '" + scratch.string() + "' && '" BPTRACE_BINARY "' run '" + path +
                                       "' 2> stderr.txt; echo \"status=$?\"");
    EXPECT_EQ(r.out, "status=2\n") << "stdout must be empty and the exit status 2";
    std::string err = slurp(scratch / "stderr.txt");
    fs::remove(scratch / "stderr.txt");
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_EQ(err.rfind("error: " + path + ":" + location, 0), 0u) << "expected at " << location << "\n" << err;
    EXPECT_GT(err.size(), ("error: " + path + ":" + location).size() + 10) << "a message must follow: " << err;
    EXPECT_EQ(entries(scratch), 0u) << "a file was written";
  }
  EXPECT_EQ(entries(corpus), corpus_files) << "a file was written beside the lessons";
  EXPECT_GE(cases, 100);
  fs::remove_all(scratch);
}

}  // namespace
}  // namespace bptrace
