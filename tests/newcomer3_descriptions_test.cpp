// Issue 22: some lesson descriptions were 25-line walls of ASCII maths (the 003-2 lessons, 24 to
// 26 lines in one paragraph), and a description's small table was re-flowed into its prose
// (002-5's four points, 001-1's three units). Now: paragraphs of at most 13 lines at 80 columns
// (the longest kept as it was, 000-5's and 002-7's), and a line indented by a space kept as
// written.
#include "render/text_layout.hpp"
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace bptrace {
namespace {

// The description as `run` prints it: the lines after the title and source, up to the legend.
std::vector<std::string> description_lines(const std::string& out) {
  std::istringstream in(out);
  std::vector<std::string> lines;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!inside) {
      inside = line.empty();
      continue;
    }
    if (line.rfind("Notation of", 0) == 0 || line.rfind("Names are", 0) == 0) break;
    lines.push_back(line);
  }
  return lines;
}

TEST(NewcomerDescriptions, NoParagraphLongerThanThirteenLines) {
  for (const auto& entry : std::filesystem::directory_iterator(BPTRACE_SOURCE_DIR "/lessons")) {
    if (entry.path().extension() != ".toml") continue;
    const std::string name = entry.path().stem().string();
    auto r = test_support::run_bptrace("run " + name);
    ASSERT_TRUE(r.status == 0 || r.status == 1) << name << "\n" << r.out;
    std::size_t paragraph = 0, questions = 0;
    for (const std::string& line : description_lines(r.out)) {
      paragraph = line.empty() ? 0 : paragraph + 1;
      EXPECT_LE(paragraph, 13u) << name << ": a paragraph of more than 13 lines, at: " << line;
      questions += static_cast<std::size_t>(std::count(line.begin(), line.end(), '?'));
    }
    // LaTeX writes each Unicode letter of a description as math; one it does not know is '?':
    // after the source line, as many as the description itself has.
    auto tex = test_support::run_bptrace("run " + name + " --format latex");
    const std::size_t source = tex.out.find('\n', tex.out.find("\\textbf{Source:}"));
    const std::string head = tex.out.substr(source, tex.out.find("Values:", source) - source);
    EXPECT_EQ(static_cast<std::size_t>(std::count(head.begin(), head.end(), '?')), questions) << name << "\n" << head;
  }
}

// A line indented by a space stays as written; the prose around it is re-flowed (here at 30
// columns: "one two three four five six" is 27 characters and fits, "seven" goes on).
TEST(NewcomerDescriptions, IndentedLinesAreKept) {
  const std::string text = "one two\nthree four\n  a  =  1\n  b  =  2\nfive six seven eight";
  EXPECT_EQ(layout::wrap(text, "", "", 30), "one two three four\n  a  =  1\n  b  =  2\nfive six seven eight\n");
  EXPECT_EQ(layout::wrap("  x = 1\nsome words", "> ", "  ", 30), ">   x = 1\n  some words\n");
  // Without an indented line, the text is flowed as before: single newlines join.
  EXPECT_EQ(layout::wrap("a b\nc d\n\ne", "", "", 80), "a b c d\n\ne\n");
}

TEST(NewcomerDescriptions, TheFourPointsOfTwoFiveAreATable) {
  auto r = test_support::run_bptrace("run 002-5-xor-relu-hidden-space");
  EXPECT_NE(r.out.find("maps the four points to\n"
                       "  (0,0) -> z = (-1, -1) -> h = (0, 0)    [XOR 0]\n"
                       "  (0,1) -> z = ( 1,  0) -> h = (1, 0)    [XOR 1]\n"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace bptrace
