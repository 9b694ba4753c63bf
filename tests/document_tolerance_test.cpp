// Issue 22, "Conventions": a [[document]] value printed by a floating-point program in full
// (17 digits of a float64) is right to the float's precision, not at every digit. The printed
// texts below are what Python's float64 prints for lesson 001-4's quantities; how far each is
// from the exact value was worked out with mpmath (200 bits), not by bptrace:
//   z^[1]_2 = 0.25·0.05 + 0.3·0.1 + 0.35 = 0.3925 exactly; in float64 0.39249999999999996.
//   ulp(0.3925) = 2^-54 (0.3925 in [1/4, 1/2)); the float64 nearest each printed text is
//   0.3924999999999998 −3.72 ulps, 0.39249999999999974 −4.72, 0.39250000000000024 +4.28 from 0.3925.
//   a^[1]_1 = σ(0.3775): Python's 1/(1 + exp(−0.3775)) printed with %.17g is
//   0.59326999210718723, −0.25 ulp from σ(0.3775) = 0.593269992107187255…; at 17 decimals it neither
//   rounds nor truncates.
#include "lesson/document_check.hpp"
#include "lesson/lesson.hpp"
#include "lesson/trace_lesson.hpp"
#include "support/command.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

using namespace bptrace;

std::string lesson_001_4() {
  std::ifstream in(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// 001-4 with one more [[document]]: `fields` go into it.
std::string with_document(const std::string& fields) {
  return lesson_001_4() + "\n[[document]]\n" + fields + "\nwhere = \"a float64 program\"\n";
}

// The text with every run of spaces and line breaks made one space (the report wraps at 80 columns).
std::string unwrapped(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n';
    if (space && !out.empty() && out.back() == ' ') continue;
    out += space ? ' ' : c;
  }
  return out;
}

Verdict last_verdict(const std::string& fields) {
  const Lesson lesson = parse_lesson("float.toml", with_document(fields));
  const CertifiedTrace traced = trace_lesson(lesson, 30);
  return check_documents(lesson, traced.trace).back().verdict;
}

DocumentTolerance float64() { return DocumentTolerance{DocumentTolerance::Kind::float64, {}, "float64"}; }

// A float64 printed in full fails at all its digits, and passes within 4 ulps under tolerance = "float64".
TEST(DocumentTolerance, Float64WithinFourUlpsPasses) {
  const Value z(Rational(3925, 10000));
  EXPECT_EQ(judge(z, "0.39249999999999996", false), Verdict::mismatch);
  EXPECT_EQ(judge(z, "0.39249999999999996", false, float64()), Verdict::within_tolerance);
  EXPECT_EQ(judge(z, "0.3924999999999998", false, float64()), Verdict::within_tolerance);   // 3.72 ulps
  EXPECT_EQ(judge(z, "0.39249999999999974", false, float64()), Verdict::mismatch);          // 4.72 ulps
  EXPECT_EQ(judge(z, "0.39250000000000024", false, float64()), Verdict::mismatch);          // 4.28 ulps
  // The tolerance only widens what passes: a value that rounds still rounds.
  EXPECT_EQ(judge(z, "0.3925", false, float64()), Verdict::rounds);
  EXPECT_EQ(judge(z, "0.393", false, float64()), Verdict::rounds);
  EXPECT_EQ(judge(z, "0.39", false, float64()), Verdict::rounds);
}

// |printed − value| ≤ r·|value|: 2.5e-13 relative passes 1e-12, 2.5e-9 does not.
TEST(DocumentTolerance, RelativeTolerance) {
  const Value z(Rational(3925, 10000));
  const DocumentTolerance r{DocumentTolerance::Kind::relative, Rational(1, 1000000000000), "1e-12"};
  EXPECT_EQ(judge(z, "0.3925000000001", false, r), Verdict::within_tolerance);
  EXPECT_EQ(judge(z, "0.3924999999999", false, r), Verdict::within_tolerance);
  EXPECT_EQ(judge(z, "0.392500001", false, r), Verdict::mismatch);
  // Declared an erratum, a value within the tolerance is right: the declaration is wrong.
  EXPECT_EQ(judge(z, "0.3925000000001", true, r), Verdict::erratum_matches);
}

// Through the lesson file: an exact quantity and a certified one (σ), and the report's note.
TEST(DocumentTolerance, LessonFieldsAndReport) {
  EXPECT_EQ(last_verdict("quantity = \"layer1.z[2]\"\nprinted = \"0.39249999999999996\""), Verdict::mismatch);
  EXPECT_EQ(last_verdict("quantity = \"layer1.z[2]\"\nprinted = \"0.39249999999999996\"\ntolerance = \"float64\""),
            Verdict::within_tolerance);
  EXPECT_EQ(last_verdict("quantity = \"layer1.a[1]\"\nprinted = \"0.59326999210718723\""), Verdict::mismatch);
  EXPECT_EQ(last_verdict("quantity = \"layer1.a[1]\"\nprinted = \"0.59326999210718723\"\ntolerance = \"float64\""),
            Verdict::within_tolerance);
  EXPECT_EQ(last_verdict("quantity = \"layer1.a[1]\"\nprinted = \"0.5932699921075\"\nrelative_tolerance = \"1e-12\""),
            Verdict::within_tolerance);
  EXPECT_EQ(last_verdict("quantity = \"layer1.a[1]\"\nprinted = \"0.59326998\"\nrelative_tolerance = \"1e-12\""),
            Verdict::mismatch);

  const std::string dir = ::testing::TempDir() + "tolerance-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/float.toml")
      << with_document("quantity = \"layer1.z[2]\"\nprinted = \"0.39249999999999996\"\ntolerance = \"float64\"");
  auto r = test_support::run_bptrace("run '" + dir + "/float.toml'");
  EXPECT_EQ(r.status, 0) << r.out;
  r.out = unwrapped(r.out);
  EXPECT_NE(r.out.find("ok z^[1]_2 [layer1.z[2]]: printed 0.39249999999999996"), std::string::npos) << r.out;
  // 0.39249999999999996 is 0.72 ulp below 0.3925 (mpmath, above).
  EXPECT_NE(r.out.find("within the lesson's tolerance, float64 (within 4 ulps): the value = 157/400 = 0.3925 is "
                       "0.72 ulps from it"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("12 round, 1 only truncate, 1 within tolerance, 0 declared errata, 0 failed"), std::string::npos)
      << r.out;
  std::filesystem::remove_all(dir);
}

// Wrong uses of the fields: one message at the field, exit 2.
TEST(DocumentTolerance, BadFieldsAreErrors) {
  auto fails_with = [](const std::string& fields, const std::string& message) {
    try {
      parse_lesson("float.toml", with_document(fields));
      ADD_FAILURE() << "accepted: " << fields;
    } catch (const LessonError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  };
  fails_with("quantity = \"loss\"\nprinted = \"0.2984\"\ntolerance = \"float32\"",
             "expected \"float64\" for 'tolerance' (for a relative tolerance, write relative_tolerance = \"1e-12\")");
  fails_with("quantity = \"loss\"\nprinted = \"0.2984\"\ntolerance = \"float64\"\nrelative_tolerance = \"1e-9\"",
             "a [[document]] has 'tolerance' or 'relative_tolerance', not both");
  fails_with("quantity = \"loss\"\nprinted = \"0.2984\"\nrelative_tolerance = 1e-9", "must be a string");
  fails_with("quantity = \"loss\"\nprinted = \"0.2984\"\nrelative_tolerance = \"0\"", "more than 0 and less than 1");
  fails_with("quantity = \"layer1.z[1]\"\nprinted = \"151/400\"\ntolerance = \"float64\"",
             "a printed fraction is compared exactly: no tolerance");
}

}  // namespace
