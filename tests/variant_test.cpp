// Exercise variants (issue 18): 100 variants of 001-4 and of 002-7 each run; for every asked
// quantity the mistakes that change it give answers that differ from the right one and from each
// other at the asked precision, except the pairs listed as structurally coincident; the same seed
// gives the same files. The answers are compared here with decimal.hpp's certified rounding, not
// with the generator's own comparison.
#include "lesson/input_file.hpp"
#include "lesson/library.hpp"
#include "lesson/trace_lesson.hpp"
#include "number/decimal.hpp"
#include "report/exercise_sheet.hpp"
#include "support/command.hpp"
#include "trace/names.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace bptrace {
namespace {

std::string library(const std::string& name) { return std::string(BPTRACE_SOURCE_DIR) + "/lessons/" + name + ".toml"; }
std::string data(const std::string& file) { return std::string(BPTRACE_TEST_DATA) + "/variant/" + file; }

std::vector<ExerciseVariant> variants(const std::string& path, std::uint64_t seed, int count, std::vector<std::string> ask = {}) {
  const std::string text = read_input_file(path, "lesson file");
  return make_variants(parse_lesson(path, text), text, VariantRequest{seed, count, std::move(ask), 4});
}

// The value to 4 significant digits, correctly rounded and certain, or "" when it is not certain.
std::string at4(const Value& v) {
  ValueText t = certified_text(v, 4);
  if (v.is_exact()) return to_string(round_significant(v.exact(), 4));
  return t.complete && !t.undecided ? t.text : "";
}

bool listed(const ExerciseVariant& v, const Key& q, const std::string& a, const std::string& b) {
  for (const Coincidence& c : v.coincident)
    if (c.quantity == q && ((c.first == a && c.second == b) || (c.first == b && c.second == a))) return true;
  return false;
}

// Every mistake that changes an asked quantity (at 20 digits) gives another answer at 4 digits
// than the right one, and than every other such mistake unless the pair is listed.
void expect_told_apart(const ExerciseVariant& v, const Judge& judge) {
  for (const Key& q : v.questions) {
    const Value& right = judge.exact().value(q);
    const std::string right4 = at4(right);
    SCOPED_TRACE(v.name + " " + canonical_name(q));
    ASSERT_FALSE(right4.empty()) << "on a rounding boundary";
    EXPECT_NE(right4, "0");
    std::vector<std::pair<std::string, std::string>> changed;  // (mistake, its answer)
    for (const MistakeTrace& m : judge.mistakes()) {
      if (m.mistake->number == "9") continue;
      const std::optional<Value> mv = m.trace.find_value(q);
      if (!mv || certified_text(*mv, 20).text == certified_text(right, 20).text) continue;
      const std::string answer = at4(*mv);
      EXPECT_FALSE(answer.empty()) << mistake_label(m);
      EXPECT_NE(answer, right4) << mistake_label(m);
      changed.emplace_back(mistake_label(m), answer);
    }
    for (std::size_t i = 0; i < changed.size(); ++i)
      for (std::size_t j = i + 1; j < changed.size(); ++j)
        if (!listed(v, q, changed[i].first, changed[j].first)) {
          EXPECT_NE(changed[i].second, changed[j].second) << changed[i].first << " and " << changed[j].first;
        }
  }
}

// The written lesson runs as a lesson: it loads, has no document checks, and traces.
void expect_runs(const ExerciseVariant& v) {
  const Lesson lesson = parse_lesson(v.name + ".toml", v.toml);
  EXPECT_TRUE(lesson.documents.empty());
  EXPECT_TRUE(lesson.errata.empty());
  EXPECT_EQ(lesson.questions.size(), v.questions.size());
  EXPECT_NO_THROW(trace_lesson(lesson, 15)) << v.name;
}

// 001-4's default questions: the loss and the 12 gradients of step 1. Its sigmoid layers keep
// |z| ≤ 2.5; every number is a multiple of 0.05.
TEST(Variants, HundredVariantsOf001) {
  const auto all = variants(library("001-4-sigmoid-2-2-2"), 1, 100);
  ASSERT_EQ(all.size(), 100u);
  std::set<std::string> distinct;
  for (const ExerciseVariant& v : all) {
    expect_runs(v);
    EXPECT_EQ(v.questions.size(), 13u);
    // The full lesson (one step): the judge of the test, not the generator's.
    const Judge judge(parse_lesson(v.name + ".toml", v.toml), 15, std::nullopt);
    expect_told_apart(v, judge);
    for (const Step& s : judge.exact().steps())
      if (s.key.quantity == Quantity::pre_activation) {
        const Rational lo = s.value.is_exact() ? s.value.exact() : lower_bound(s.value.enclosure());
        const Rational hi = s.value.is_exact() ? s.value.exact() : upper_bound(s.value.enclosure());
        EXPECT_LE(std::max(abs(lo), abs(hi)), Rational(5, 2)) << v.name;
      }
    distinct.insert(v.toml.substr(v.toml.find("[[layer]]")));
  }
  EXPECT_EQ(distinct.size(), 100u);  // a hundred different problems
}

// 002-7 (ReLU, XOR's points kept, 6 epochs): the first step's pre-activations stay 0.05 from the
// kink; the questions are about step 1, judged on the lesson trained that far.
TEST(Variants, HundredVariantsOf002_7) {
  const auto all = variants(library("002-7-xor-relu-gradient-descent"), 1, 100);
  ASSERT_EQ(all.size(), 100u);
  for (const ExerciseVariant& v : all) {
    expect_runs(v);
    EXPECT_NE(v.toml.find("x = [ 1, 1 ]"), std::string::npos) << "XOR's points are the problem's data";
    expect_told_apart(v, *v.judge);
    for (const Step& s : v.judge->exact().steps())
      if (s.key.quantity == Quantity::pre_activation && s.key.step == 1 && s.key.layer == 1) {
        EXPECT_GE(abs(s.value.exact()), Rational(1, 20)) << v.name << " " << canonical_name(s.key);
      }
  }
}

// Issue 18's example: over two samples, a dropped ½ (2a) and a sum for the mean (7b) double every
// gradient, whatever the numbers: listed in the key, not required to differ.
TEST(Variants, StructuralCoincidencesAreListed) {
  const auto all = variants(data("two-samples-mean.toml"), 2, 3);
  for (const ExerciseVariant& v : all) {
    // [questions] of the lesson, one in the notation's spelling.
    ASSERT_EQ(v.questions.size(), 3u);
    EXPECT_EQ(canonical_name(v.questions[2]), "layer1.dW[1,1]");
    for (const Key& q : {v.questions[1], v.questions[2]}) EXPECT_TRUE(listed(v, q, "2a", "7b")) << canonical_name(q);
    EXPECT_FALSE(listed(v, v.questions[0], "2a", "7b"));  // 7b leaves the loss as it is
    const std::string key = render_key_markdown(v, 4);
    EXPECT_NE(key.find("The same answer whatever the numbers: 2a and 7b."), std::string::npos) << key;
  }
}

// The same seed, the same files; another seed, other numbers.
TEST(Variants, DeterministicForASeed) {
  const auto a = variants(library("001-4-sigmoid-2-2-2"), 5, 3), b = variants(library("001-4-sigmoid-2-2-2"), 5, 3);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].toml, b[k].toml);
    EXPECT_EQ(render_sheet_markdown(a[k], 4), render_sheet_markdown(b[k], 4));
    EXPECT_EQ(render_sheet_latex(a[k], 4), render_sheet_latex(b[k], 4));
    EXPECT_EQ(render_key_markdown(a[k], 4), render_key_markdown(b[k], 4));
  }
  EXPECT_NE(a[0].toml, variants(library("001-4-sigmoid-2-2-2"), 6, 1)[0].toml);
}

// The sheet gives the numbers and the questions, never the answers; the key gives them.
TEST(Variants, SheetHasNoAnswersKeyHasThem) {
  const ExerciseVariant v = variants(library("001-4-sigmoid-2-2-2"), 9, 1, {"layer2.dW[1,1]"}).at(0);
  const std::string answer = at4(v.judge->exact().value(v.questions[0]));
  const std::string sheet = render_sheet_markdown(v, 4), latex = render_sheet_latex(v, 4), key = render_key_markdown(v, 4);
  EXPECT_NE(sheet.find("1. ∂L/∂w^[2]_1,1 (`layer2.dW[1,1]`)"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("`layer1.W[1,1]`"), std::string::npos) << sheet;
  EXPECT_EQ(sheet.find(answer), std::string::npos) << sheet;
  EXPECT_EQ(latex.find(answer), std::string::npos) << latex;
  EXPECT_NE(latex.find("\\begin{enumerate}"), std::string::npos) << latex;
  EXPECT_NE(key.find("**" + answer + "** to 4 significant digits"), std::string::npos) << key;
  EXPECT_NE(key.find("| 3a: σ'(z) computed as σ(a)(1 − σ(a))"), std::string::npos) << key;
}

using test_support::CommandResult;
CommandResult run(const std::string& args) { return test_support::run_bptrace(args); }

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The command writes the lesson, the sheets and the key; twice the same bytes; bad input exit 2.
TEST(VariantCommand, WritesFilesTheSameTwice) {
  const auto dir = std::filesystem::temp_directory_path() / ("bptrace-variant-" + std::to_string(::getpid()));
  for (const char* run_dir : {"a", "b"}) {
    CommandResult r = run("variant 001-4 --seed 3 --count 2 --sheet --key --out " + (dir / run_dir).string());
    EXPECT_EQ(r.status, 0) << r.out;
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "a")) {
    ++files;
    EXPECT_EQ(slurp(entry.path()), slurp(dir / "b" / entry.path().filename())) << entry.path();
  }
  EXPECT_EQ(files, 8u);  // per variant: .toml, .sheet.md, .sheet.tex, .key.md
  CommandResult ran = run("run " + (dir / "a" / "001-4-sigmoid-2-2-2-seed3-1.toml").string());
  EXPECT_EQ(ran.status, 0) << ran.out;
  std::filesystem::remove_all(dir);
  EXPECT_EQ(run("variant 000-1 --seed 1 --out " + dir.string()).status, 2);  // a graph lesson
  EXPECT_EQ(run("variant 001-4 --seed 1 --ask 'layer9.dW[1,1]' --out " + dir.string()).status, 2);
  EXPECT_EQ(run("variant 001-4 --out " + dir.string()).status, 2);  // --seed is required
  // The step lesson has no bias (bias = "none") and a sample at x = 0: z = w·0 = 0 sits on the
  // step's kink whatever w is drawn, so no variant is possible, and the message says why.
  CommandResult step = run("variant 001-3-activation-step --seed 1 --out " + dir.string());
  EXPECT_EQ(step.status, 2);
  EXPECT_NE(step.out.find("most often a pre-activation is near saturation or a kink"), std::string::npos) << step.out;
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace bptrace
