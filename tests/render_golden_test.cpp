// Golden renderings of lesson 001-4: every notation × format × view that makes sense, produced
// by the bptrace binary exactly as a user runs it, compared byte for byte with
// tests/golden_renders/. On a difference the new output is written beside the golden as
// NAME.received and the diff command printed. Only `BPTRACE_BLESS_RENDERS=1 ctest -R
// RenderGolden` writes goldens: review them by eye first (README, "Golden renderings").
#include "render/notation.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bptrace {
namespace {

namespace fs = std::filesystem;

struct Output {
  std::string text;
  int status = -1;
};

Output run(const std::string& arguments) {
  std::string command = "BPTRACE_HOME='" BPTRACE_SOURCE_DIR "' '" BPTRACE_BINARY "' " + arguments + " 2>&1";
  Output out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.text.append(buffer, n);
  int status = ::pclose(pipe);
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

struct Case {
  std::string file;       // under tests/golden_renders/
  std::string arguments;  // to `bptrace run`
};

std::vector<Case> cases() {
  std::vector<Case> all;
  for (const std::string& notation : notation_names()) {
    for (std::string format : {"text", "markdown", "latex"}) {
      std::string ext = format == "text" ? "txt" : format == "markdown" ? "md" : "tex";
      for (std::string view : {"per-weight", "vectorised"})
        all.push_back({"001-4." + notation + "." + view + "." + ext,
                       "run 001-4 --notation " + notation + " --format " + format + " --view " + view});
    }
    all.push_back({"001-4." + notation + ".json", "run 001-4 --notation " + notation + " --format json"});
    all.push_back({"001-4." + notation + ".dot", "run 001-4 --notation " + notation + " --format dot"});
  }
  // Document 001's two paths to w_11^[1], on their own.
  all.push_back({"001-4.bracket.show-dW11.txt", "run 001-4 --show 'layer1.dW[1,1]'"});
  all.push_back({"001-4.formal.show-dW11.tex", "run 001-4 --notation formal --format latex --body-only --show 'layer1.dW[1,1]'"});
  // The error-term convention, delta_sign = "-dL/dz": every backward symbol is the negated
  // derivative's, bracketed inside a formula (issue 13, defect 2).
  for (std::string notation : {"bracket", "formal"})
    for (std::string view : {"per-weight", "vectorised"})
      all.push_back({"mazur-error-terms." + notation + "." + view + ".txt",
                     "run mazur-error-terms --notation " + notation + " --view " + view});
  all.push_back({"mazur-error-terms.paren.per-weight.tex",
                 "run mazur-error-terms --notation paren --format latex --body-only --show 'layer1.neg_dW[1,1]'"});
  return all;
}

// Every rendering of 001-4 matches its reviewed golden.
TEST(RenderGolden, Lesson001_4InEveryNotationFormatAndView) {
  const fs::path dir = BPTRACE_GOLDEN_RENDERS;
  const bool bless = std::getenv("BPTRACE_BLESS_RENDERS") != nullptr;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.file + ": bptrace " + c.arguments);
    Output out = run(c.arguments);
    ASSERT_EQ(out.status, 0) << out.text;
    fs::path golden = dir / c.file;
    fs::path received = dir / (c.file + ".received");
    if (bless) {
      write(golden, out.text);
      continue;
    }
    ASSERT_TRUE(fs::exists(golden)) << "no golden " << golden
                                    << ": review the output, then BPTRACE_BLESS_RENDERS=1 ctest -R RenderGolden";
    if (read(golden) == out.text) {
      fs::remove(received);
    } else {
      write(received, out.text);
      ADD_FAILURE() << "rendering differs from its golden; compare: diff -u " << golden << " " << received;
    }
  }
}

// Each bad choice exits 2 with one clear message, before anything is printed.
TEST(RenderCli, UnknownChoicesExitTwo) {
  for (std::string arguments : {"run --notation greek", "run --format pdf", "run --view diagonal",
                                "run --show 'layer9.z[1]'"}) {
    Output out = run(arguments);
    EXPECT_EQ(out.status, 2) << arguments;
    EXPECT_EQ(out.text.rfind("error: ", 0), 0u) << out.text;
  }
}

// The numbers agree across notations: the JSON values (exact fractions, certified digits and
// enclosures) are the same in all five; only the symbols differ.
TEST(RenderCli, ValuesAreIdenticalAcrossNotations) {
  auto values = [](const std::string& json) {
    std::string out;
    std::istringstream in(json);
    for (std::string line; std::getline(in, line);)
      if (line.find("\"value\"") != std::string::npos || line.find("\"name\"") != std::string::npos)
        out += line.substr(0, line.find("\"symbol\"")) + "\n";
    return out;
  };
  for (std::string lesson : {"001-4", "002-7-xor-relu-gradient-descent", "002-8-softmax-cross-entropy", "004-2"}) {
    std::string bracket = values(run("run " + lesson + " --notation bracket --format json").text);
    ASSERT_FALSE(bracket.empty());
    for (const std::string& notation : notation_names())
      EXPECT_EQ(values(run("run " + lesson + " --notation " + notation + " --format json").text), bracket)
          << lesson << " " << notation;
  }
}

// Every lesson's text derivation fits an 80-column terminal (characters, not bytes: σ, ≈ and ·
// are one column each), and so does 001-4's vectorised view.
TEST(RenderText, FitsEightyColumns) {
  auto widest = [](const std::string& text) {
    std::size_t widest = 0, width = 0;
    for (unsigned char c : text) {
      if (c == '\n') width = 0;
      else if ((c & 0xC0) != 0x80) widest = std::max(widest, ++width);
    }
    return widest;
  };
  for (const auto& entry : fs::directory_iterator(BPTRACE_SOURCE_DIR "/lessons")) {
    if (entry.path().extension() != ".toml") continue;  // lessons/SOURCES.md
    std::string name = entry.path().stem().string();
    EXPECT_LE(widest(run("run " + name).text), 80u) << name;
  }
  EXPECT_LE(widest(run("run 001-4 --view vectorised").text), 80u);
}

// The vectorised view of mini-batch training shows each traced update with its own samples
// (step 2 takes samples 4 and 2, step 6 samples 3 and 2: shuffle_seed 541), the last update
// (step 6, though steps 3-5 are not traced), and the final loss as a forward pass only, headed
// as what it is rather than as one more gradient-descent step.
TEST(RenderText, VectorisedViewFollowsTheUpdatesSamples) {
  std::string text = run("run 002-7-xor-relu-mini-batch --view vectorised").text;
  auto at = [&](const std::string& s, std::size_t from = 0) { return text.find(s, from); };
  std::size_t step2 = at("=== Gradient-descent step 2 ===");
  std::size_t step6 = at("=== Gradient-descent step 6 ===");
  std::size_t step7 = at("=== Step 7: the forward pass and loss after the last update ===");
  ASSERT_NE(step2, std::string::npos);
  ASSERT_NE(step6, std::string::npos);
  ASSERT_NE(step7, std::string::npos);
  EXPECT_LT(at("-- Forward pass, sample 4 --", step2), at("-- Forward pass, sample 2 --", step2));
  EXPECT_LT(at("-- Forward pass, sample 3 --", step6), step7);
  EXPECT_EQ(text.find("=== Gradient-descent step 3 ==="), std::string::npos);
  EXPECT_EQ(at("-- Backward pass", step7), std::string::npos);
  EXPECT_EQ(text.find("=== Gradient-descent step 7 ==="), std::string::npos);
}

}  // namespace
}  // namespace bptrace
