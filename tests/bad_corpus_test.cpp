// The malformed-lesson corpus (tests/bad/, written by tests/bad/generate.py): every file, run
// through the real binary, gives exit status 2, nothing on standard output, one error line
// `error: FILE:LINE:COLUMN: ...` at the place its `# expect:` header names, and writes no file.
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
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

TEST(BadCorpus, EveryCaseIsOneLocatedErrorWithExitTwo) {
  const fs::path corpus = fs::path(BPTRACE_SOURCE_DIR) / "tests" / "bad";
  const fs::path scratch = fs::temp_directory_path() / ("bptrace-bad-corpus-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const std::size_t corpus_files = entries(corpus);
  const std::regex expect_full(R"(# expect: (\d+):(\d+))");
  const std::regex expect_line(R"(# expect-line: (\d+))");
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
    std::smatch m;
    std::string location;  // "L:C" or "L:" (line only)
    if (std::regex_search(expect, m, expect_full)) location = m[1].str() + ":" + m[2].str() + ":";
    else if (std::regex_search(expect, m, expect_line)) location = m[1].str() + ":";
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
