// The LaTeX output compiles with pdflatex, in every notation and view, for every lesson, and the
// formal notation's matrices are the transposes of the bracket notation's, with the same numbers
// (document 003's Ω^1 = W^[1]ᵀ for 001-4).
#include "render/notation.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace bptrace {
namespace {

namespace fs = std::filesystem;

std::string output_of(const std::string& command, int* status = nullptr) {
  std::string text;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return text;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  int s = ::pclose(pipe);
  if (status) *status = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  return text;
}

std::string latex(const std::string& arguments) {
  return output_of("BPTRACE_HOME='" BPTRACE_SOURCE_DIR "' '" BPTRACE_BINARY "' run " + arguments + " --format latex");
}

bool has_pdflatex() { return std::system("command -v pdflatex >/dev/null 2>&1") == 0; }

// pdflatex needs no Unicode support: the renderer writes every symbol as a command.
TEST(RenderLatex, IsPureAscii) {
  for (const std::string& notation : notation_names()) {
    std::string tex = latex("001-4 --notation " + notation + " --view vectorised");
    for (unsigned char c : tex) ASSERT_LT(c, 0x80) << notation;
  }
}

// Document 003 prints Ω^1 = W^[1]ᵀ: the rows of one are the columns of the other, same numbers.
TEST(RenderLatex, FormalMatricesAreTheTransposesOfBracket) {
  std::string bracket = latex("001-4 --notation bracket --view vectorised");
  std::string formal = latex("001-4 --notation formal --view vectorised");
  EXPECT_NE(bracket.find("W^{[1]} &= \\begin{bmatrix}0.15 & 0.2 \\\\ 0.25 & 0.3\\end{bmatrix}"), std::string::npos);
  EXPECT_NE(formal.find("\\Omega ^{1} &= \\begin{bmatrix}0.15 & 0.25 \\\\ 0.2 & 0.3\\end{bmatrix}"), std::string::npos);
  EXPECT_NE(bracket.find("\\begin{bmatrix}0.0821670405642308 & 0.0826676278475333 \\\\ -0.0226025404774751 & "
                         "-0.0227402422159782\\end{bmatrix}"),
            std::string::npos);
  EXPECT_NE(formal.find("\\begin{bmatrix}0.0821670405642308 & -0.0226025404774751 \\\\ 0.0826676278475333 & "
                        "-0.0227402422159782\\end{bmatrix}"),
            std::string::npos);
}

// --body-only leaves out the preamble, for \input into one's own document.
TEST(RenderLatex, BodyOnlyHasNoPreamble) {
  std::string body = latex("001-4 --body-only");
  EXPECT_EQ(body.find("\\documentclass"), std::string::npos);
  EXPECT_EQ(body.find("\\end{document}"), std::string::npos);
  EXPECT_NE(body.find("\\begin{align*}"), std::string::npos);
}

// Every lesson, notation and view compiles to a PDF. Skipped only where pdflatex is absent
// (scripts/dev installs texlive-latex-base, so CI runs it).
TEST(RenderLatex, CompilesWithPdflatex) {
  if (!has_pdflatex()) GTEST_SKIP() << "pdflatex is not installed (Debian: texlive-latex-base): LaTeX not compiled";
  fs::path dir = fs::temp_directory_path() / ("bptrace-latex-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  int compiled = 0;
  for (std::string lesson : {"001-4", "002-7-xor-relu-gradient-descent", "002-8-softmax-cross-entropy", "004-2"}) {
    for (const std::string& notation : notation_names()) {
      for (std::string view : {"per-weight", "vectorised"}) {
        std::string name = lesson + "-" + notation + "-" + view;
        std::ofstream(dir / (name + ".tex")) << latex(lesson + " --notation " + notation + " --view " + view);
        int status = -1;
        std::string log = output_of("cd '" + dir.string() + "' && pdflatex -interaction=nonstopmode -halt-on-error '" +
                                        name + ".tex' 2>&1",
                                    &status);
        EXPECT_EQ(status, 0) << name << ":\n" << log.substr(log.size() > 3000 ? log.size() - 3000 : 0);
        EXPECT_TRUE(fs::exists(dir / (name + ".pdf"))) << name;
        ++compiled;
      }
    }
  }
  EXPECT_EQ(compiled, 40);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace bptrace
