// Grading a class (issue 18). The class of tests/data/grade/class-001-4.csv and typo.toml is made
// by hand on lesson 001-4: every answer is a value of tests/data/grade/class_001-4.py (Python's
// decimal module at 50 digits, the textbook equations, each classic mistake made by hand),
// written at the precision the student chose. Every verdict, every point and every count of the
// class summary below is asserted.
//
// The values (50 digits, shortened):          right        the mistake made by hand
//   loss                                      0.2983711…   2a: 0.5967422…
//   layer2.dW[1,1]                            0.0821670…   2a: 0.1643340…  3a: 0.0957897…  4a: −0.0821670…
//   layer2.dW[1,2]  (header dL/dw_{1,2}^{[2]}) 0.0826676…   2a: 0.1653352…
//   layer2.db[1]                              0.1384985…   2a: 0.2769971…  6a: 0
//   layer1.dW[1,1]                            0.000438567… 2a: 0.000877135…  1: 0.000364722…  10: 0.000668396…
//   step2.layer2.W[1,1] = 0.4 − ½·dW          0.3589164…   8a = 2a: 0.3178329… (η = ½, so W − dW either way)
//                                                           4b = 4a: 0.4410835… (W + ½·dW either way)  8b: 0.3794582…
#include "homework/answer_sheets.hpp"
#include "homework/csv.hpp"
#include "homework/rubric.hpp"
#include "lesson/library.hpp"
#include "report/grade_report.hpp"
#include "support/command.hpp"
#include "trace/names.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <map>

namespace bptrace {
namespace {

std::string data(const std::string& file) { return std::string(BPTRACE_TEST_DATA) + "/grade/" + file; }

const Judge& judge001() {
  static const Judge judge(load_lesson(std::string(BPTRACE_SOURCE_DIR) + "/lessons/001-4-sigmoid-2-2-2.toml"), 15, std::nullopt);
  return judge;
}

const std::vector<StudentAnswers>& the_class() {
  static const std::vector<StudentAnswers> students = read_answer_files({data("class-001-4.csv"), data("typo.toml")});
  return students;
}

// "grade [mistakes]" of one answer: "correct", "wrong 2a/8a", "ungradable".
std::string verdict(const GradedAnswer& a) {
  std::string out = grade_name(a.grade);
  std::string numbers;
  for (const Diagnosis& d : a.diagnoses)
    if (numbers.find(d.cause->mistake->number) == std::string::npos) numbers += (numbers.empty() ? "" : "/") + d.cause->mistake->number;
  return numbers.empty() ? out : out + " " + numbers;
}

// Every answer of every student: id → (quantity as written → verdict).
using Verdicts = std::map<std::string, std::map<std::string, std::string>>;
Verdicts verdicts(const std::vector<GradedStudent>& graded) {
  Verdicts out;
  for (const GradedStudent& s : graded)
    for (const GradedAnswer& a : s.answers) out[s.id][a.answer.written_name] = verdict(a);
  return out;
}

std::map<std::string, Rational> points(const std::vector<GradedStudent>& graded) {
  std::map<std::string, Rational> out;
  for (const GradedStudent& s : graded) out[s.id] = s.points;
  return out;
}

const std::string L = "loss", W11 = "layer2.dW[1,1]", W12 = "dL/dw_{1,2}^{[2]}", B1 = "layer2.db[1]",
                  V11 = "layer1.dW[1,1]", S = "step2.layer2.W[1,1]";

// The default policy: at least 3 significant digits, truncation accepted, 1 point per quantity.
TEST(GradeClass, EveryVerdictOfTheHandMadeClass) {
  const Grader grader(judge001(), GradingPolicy{});
  const Verdicts v = verdicts(grader.grade_class(the_class()));
  const std::string ok = "correct", coarse = "insufficient precision";
  // Every value at 4 significant digits, rounded.
  EXPECT_EQ(v.at("right"), (std::map<std::string, std::string>{{L, ok}, {W11, ok}, {W12, ok}, {B1, ok}, {V11, ok}, {S, ok}}));
  // 0.3, 0.082, 0.14, 0.36: right at 1 or 2 significant digits, fewer than 3; 0.08267 and 0.0004386 are fine.
  EXPECT_EQ(v.at("coarse"), (std::map<std::string, std::string>{{L, coarse}, {W11, coarse}, {W12, ok}, {B1, coarse}, {V11, ok}, {S, coarse}}));
  // 0.2983, 0.0821 (as document 001 prints it), 0.08266, 0.1384, 0.000438: truncated, accepted.
  EXPECT_EQ(v.at("truncated"), (std::map<std::string, std::string>{{L, ok}, {W11, ok}, {W12, ok}, {B1, ok}, {V11, ok}, {S, ok}}));
  // The ½ dropped doubles the loss and every gradient; the update is then W − dW, as with 8a.
  EXPECT_EQ(v.at("halfdropped"), (std::map<std::string, std::string>{{L, "wrong 2a"}, {W11, "wrong 2a"}, {W12, "wrong 2a"},
                                                                     {B1, "wrong 2a"}, {V11, "wrong 2a"}, {S, "wrong 2a/8a"}}));
  EXPECT_EQ(v.at("sigmatwice"), (std::map<std::string, std::string>{{L, ok}, {W11, "wrong 3a"}}));
  EXPECT_EQ(v.at("sign"), (std::map<std::string, std::string>{{L, ok}, {W11, "wrong 4a"}}));
  EXPECT_EQ(v.at("added"), (std::map<std::string, std::string>{{L, ok}, {S, "wrong 4a/4b"}}));
  EXPECT_EQ(v.at("etatwice"), (std::map<std::string, std::string>{{L, ok}, {S, "wrong 8b"}}));
  EXPECT_EQ(v.at("newweights"), (std::map<std::string, std::string>{{L, ok}, {V11, "wrong 1"}}));
  EXPECT_EQ(v.at("onepath"), (std::map<std::string, std::string>{{L, ok}, {V11, "wrong 10"}}));
  EXPECT_EQ(v.at("nobias"), (std::map<std::string, std::string>{{L, ok}, {B1, "wrong 6a"}}));
  // A decimal comma is a malformed number: ungradable; the student's other answer is graded.
  EXPECT_EQ(v.at("comma"), (std::map<std::string, std::string>{{L, "ungradable"}, {W11, ok}}));
  // 0.4123 is no catalogued mistake.
  EXPECT_EQ(v.at("guess"), (std::map<std::string, std::string>{{L, "wrong"}}));
  // A typo in a name (lyaer2): ungradable; loss is graded.
  EXPECT_EQ(v.at("typo"), (std::map<std::string, std::string>{{L, ok}, {"lyaer2.dW[1,1]", "ungradable"}}));
  EXPECT_EQ(v.size(), 14u);
}

// The reasons of the ungradable answers name the place: CSV row and column, file:line:column.
TEST(GradeClass, UngradableAnswersSayWhereAndWhy) {
  const Grader grader(judge001(), GradingPolicy{});
  std::map<std::string, std::string> reasons;
  for (const GradedStudent& s : grader.grade_class(the_class()))
    for (const GradedAnswer& a : s.answers)
      if (a.grade == Grade::ungradable) reasons[s.id] = a.detail;
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_NE(reasons["comma"].find("class-001-4.csv: row 13, column 2: expected a digit"), std::string::npos) << reasons["comma"];
  EXPECT_NE(reasons["comma"].find("found ','"), std::string::npos) << reasons["comma"];
  // typo.toml line 7 `quantity = "lyaer2.dW[1,1]"`: the string starts at column 12.
  EXPECT_NE(reasons["typo"].find("typo.toml:7:12: no quantity 'lyaer2.dW[1,1]' in this lesson; did you mean layer2.dW[1,1]"),
            std::string::npos)
      << reasons["typo"];
}

// One point per quantity; the class was asked the 6 quantities of the CSV's header.
TEST(GradeClass, PointsOfEveryStudent) {
  const Grader grader(judge001(), GradingPolicy{});
  const auto graded = grader.grade_class(the_class());
  for (const GradedStudent& s : graded) EXPECT_EQ(s.max_points, 6) << s.id;
  EXPECT_EQ(points(graded), (std::map<std::string, Rational>{{"right", 6}, {"coarse", 2}, {"truncated", 6}, {"halfdropped", 0},
                                                             {"sigmatwice", 1}, {"sign", 1}, {"added", 1}, {"etatwice", 1},
                                                             {"newweights", 1}, {"onepath", 1}, {"nobias", 1}, {"comma", 1},
                                                             {"guess", 0}, {"typo", 1}}));
}

struct Counts {
  int answered, correct, wrong, insufficient, undecided, ungradable;
  std::vector<std::pair<std::string, int>> mistakes;
  int undiagnosed;
  friend bool operator==(const Counts&, const Counts&) = default;
};
Counts counts(const QuantitySummary& q) {
  return {q.answered, q.counts[0], q.counts[1], q.counts[2], q.counts[3], q.counts[4], q.mistakes, q.undiagnosed};
}

// Per quantity, counted from the table of the file's header comment.
TEST(GradeClass, ClassSummaryCounts) {
  const Grader grader(judge001(), GradingPolicy{});
  const ClassSummary summary = summarise(grader.grade_class(the_class()), judge001().exact());
  EXPECT_EQ(summary.students, 14);
  std::map<std::string, Counts> by_name;
  std::vector<std::string> order;
  for (const QuantitySummary& q : summary.quantities) {
    by_name[q.name] = counts(q);
    order.push_back(q.name);
  }
  // Trace order, then the name the lesson does not have.
  EXPECT_EQ(order, (std::vector<std::string>{"loss", "layer2.dW[1,1]", "layer2.dW[1,2]", "layer2.db[1]", "layer1.dW[1,1]",
                                             "step2.layer2.W[1,1]", "lyaer2.dW[1,1]"}));
  // loss: all 14 answer; coarse is insufficient, comma ungradable, halfdropped (2a) and guess wrong.
  EXPECT_EQ(by_name["loss"], (Counts{14, 10, 2, 1, 0, 1, {{"2a", 1}}, 1}));
  // right, truncated and comma correct; coarse insufficient; halfdropped, sigmatwice and sign wrong.
  EXPECT_EQ(by_name["layer2.dW[1,1]"], (Counts{7, 3, 3, 1, 0, 0, {{"2a", 1}, {"3a", 1}, {"4a", 1}}, 0}));
  EXPECT_EQ(by_name["layer2.dW[1,2]"], (Counts{4, 3, 1, 0, 0, 0, {{"2a", 1}}, 0}));
  EXPECT_EQ(by_name["layer2.db[1]"], (Counts{5, 2, 2, 1, 0, 0, {{"2a", 1}, {"6a", 1}}, 0}));
  EXPECT_EQ(by_name["layer1.dW[1,1]"], (Counts{6, 3, 3, 0, 0, 0, {{"1", 1}, {"2a", 1}, {"10", 1}}, 0}));
  // The ambiguous answers count for each mistake that gives them.
  EXPECT_EQ(by_name["step2.layer2.W[1,1]"],
            (Counts{6, 2, 3, 1, 0, 0, {{"2a", 1}, {"4a", 1}, {"4b", 1}, {"8a", 1}, {"8b", 1}}, 0}));
  EXPECT_EQ(by_name["lyaer2.dW[1,1]"], (Counts{1, 0, 0, 0, 0, 1, {}, 0}));
  // 43 answers in all.
  EXPECT_EQ(summary.totals, (std::array<int, kGrades>{23, 14, 4, 0, 2}));
}

GradedAnswer grade_one(const GradingPolicy& policy, const std::string& quantity, const std::string& value) {
  const Grader grader(judge001(), policy);
  return grader.grade_student(StudentAnswers{"s", "", {StudentAnswer{quantity, value, "here", ""}}, ""}).answers.at(0);
}

// Truncation refused: 0.0821 truncates 0.08216… (it rounds to 0.0822) and is wrong; 0.0822 is right.
TEST(GradePolicy, TruncationRefused) {
  GradingPolicy p;
  p.accept_truncation = false;
  EXPECT_EQ(grade_one(p, "layer2.dW[1,1]", "0.0821").grade, Grade::wrong);
  EXPECT_EQ(grade_one(p, "layer2.dW[1,1]", "0.0822").grade, Grade::correct);
}

// No minimum: 0.2 (1 significant digit, truncating 0.298…) is right, as for check. A minimum of
// 4 decimals: 0.2984 is right, 0.298 insufficient, 0.0004 (4 decimals, rounding 0.000438…) right.
TEST(GradePolicy, MinimumDigitsOrDecimals) {
  GradingPolicy any;
  any.min_significant = 0;
  EXPECT_EQ(grade_one(any, "loss", "0.2").grade, Grade::correct);
  EXPECT_EQ(grade_one(GradingPolicy{}, "loss", "0.2").grade, Grade::insufficient_precision);
  GradingPolicy decimals;
  decimals.min_significant.reset();
  decimals.min_decimals = 4;
  EXPECT_EQ(grade_one(decimals, "loss", "0.2984").grade, Grade::correct);
  EXPECT_EQ(grade_one(decimals, "loss", "0.298").grade, Grade::insufficient_precision);
  EXPECT_EQ(grade_one(decimals, "layer1.dW[1,1]", "0.0004").grade, Grade::correct);
}

// An exact answer needs no minimum: the learning rate is exactly 0.5, one significant digit.
TEST(GradePolicy, AnExactAnswerIsRightAtAnyPrecision) {
  EXPECT_EQ(grade_one(GradingPolicy{}, "learning_rate", "0.5").grade, Grade::correct);
  EXPECT_EQ(grade_one(GradingPolicy{}, "layer1.z[1]", "151/400").grade, Grade::correct);
}

// The loss computed in float32 is 0.29837110638618469…: as written to 10 digits, 0.2983711064 is
// 2.4e-9 off (relative 7.9e-9): wrong at its digits, right within a relative 1e-7, not within 1e-9.
TEST(GradePolicy, RelativeAndAbsoluteTolerance) {
  EXPECT_EQ(grade_one(GradingPolicy{}, "loss", "0.2983711064").grade, Grade::wrong);
  GradingPolicy p;
  p.tolerance = Tolerance{Tolerance::Kind::relative, Rational(1, 10000000), "1e-7"};
  EXPECT_EQ(grade_one(p, "loss", "0.2983711064").grade, Grade::correct);
  p.tolerance = Tolerance{Tolerance::Kind::relative, Rational(1, 1000000000), "1e-9"};
  EXPECT_EQ(grade_one(p, "loss", "0.2983711064").grade, Grade::wrong);
  p.tolerance = Tolerance{Tolerance::Kind::absolute, Rational(1, 100000000), "1e-8"};
  EXPECT_EQ(grade_one(p, "loss", "0.2983711064").grade, Grade::correct);
}

// The same quantity answered twice: the second is ungradable, the first graded.
TEST(GradePolicy, AQuantityAnsweredTwice) {
  const Grader grader(judge001(), GradingPolicy{});
  GradedStudent s = grader.grade_student(
      StudentAnswers{"s", "", {StudentAnswer{"loss", "0.2984", "a:1:1", ""}, StudentAnswer{"L", "0.5", "a:5:1", ""}}, ""});
  EXPECT_EQ(s.answers[0].grade, Grade::correct);
  EXPECT_EQ(s.answers[1].grade, Grade::ungradable);
  EXPECT_EQ(s.answers[1].detail, "a:5:1: answered twice (first at a:1:1)");
}

// tests/data/grade/rubric.toml: 4 significant digits, truncation refused, insufficient precision
// 1/4, step2.layer2.W[1,1] worth 2, partial credit 2a 0.5 and 4b 1/3. Max 1·5 + 2 = 7.
//   right: every answer at 4 digits, rounded: 7.
//   coarse: 0.3, 0.082, 0.14 and 0.36 insufficient (1/4 each), 0.08267 and 0.0004386 right: 3.
//   truncated: 0.3589 (rounded) right, 2; the truncated ones wrong and explained by no mistake: 2.
//   halfdropped: five 2a answers at 0.5, and 2a/8a on step 2 also 0.5: 3.
//   added: loss 1, and 4a/4b on step 2: 1/3 (4a has no credit): 4/3.
TEST(GradeRubric, PointsAndPartialCredit) {
  const GradingPolicy policy = load_rubric(data("rubric.toml"));
  EXPECT_EQ(policy.min_significant, 4);
  EXPECT_FALSE(policy.accept_truncation);
  const Grader grader(judge001(), policy);
  const auto graded = grader.grade_class(the_class());
  auto p = points(graded);
  EXPECT_EQ(graded.front().max_points, 7);
  EXPECT_EQ(p["right"], 7);
  EXPECT_EQ(p["coarse"], 3);
  EXPECT_EQ(p["truncated"], 2);
  EXPECT_EQ(p["halfdropped"], 3);
  EXPECT_EQ(p["added"], Rational(4, 3));
  EXPECT_EQ(p["etatwice"], 1);
}

// A mistake number the catalogue does not have: a bad rubric, at the place of its value.
TEST(GradeRubric, BadRubricIsLocated) {
  try {
    load_rubric(data("rubric-bad.toml"));
    FAIL() << "no error";
  } catch (const LessonError& e) {
    EXPECT_EQ(e.located(), data("rubric-bad.toml") + ":4:8: no mistake '99' in the catalogue (README, 'The mistake catalogue')");
  }
  EXPECT_THROW(parse_rubric("r.toml", "min_significant_digits = 3\nmin_decimals = 2\n"), LessonError);
  EXPECT_THROW(parse_rubric("r.toml", "points = -1\n"), LessonError);
  EXPECT_THROW(parse_rubric("r.toml", "relative_tolerance = 1e-9\n"), LessonError);  // not a string: a double
  EXPECT_THROW(parse_rubric("r.toml", "pionts = 1\n"), LessonError);
}

// RFC 4180: quoted fields with commas, "" for a quote, a line break inside quotes, CRLF, a BOM.
TEST(CsvReader, QuotedFieldsAndLineEnds) {
  auto records = parse_csv("c.csv", "\xEF\xBB\xBFid,\"a,b\"\r\n\"x\"\"y\",\"line\nbreak\"\nlast,");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"id", "a,b"}));
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"x\"y", "line\nbreak"}));
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"last", ""}));
  EXPECT_EQ(records[2].line, 4);
  EXPECT_EQ(records[2].row, 3);
}

std::string csv_error(const std::string& text, const CsvLimits& limits = {}) {
  try {
    parse_csv("c.csv", text, limits);
  } catch (const LessonError& e) {
    return e.located();
  }
  return "";
}

TEST(CsvReader, MalformedCsvIsLocated) {
  EXPECT_EQ(csv_error("id,loss\nann,\"0.3\n"), "c.csv:2:5: CSV: a quoted field is not closed (a \" is missing)");
  EXPECT_EQ(csv_error("id,loss\nann,\"0.3\"x\n"), "c.csv:2:10: CSV: expected a comma or the end of the row after a closing quote");
  EXPECT_EQ(csv_error("id,lo\"ss\n"), "c.csv:1:6: CSV: a quote inside an unquoted field (quote the whole field: \"...\", with \"\" for a quote)");
}

// Limits: rows, fields per row, bytes per field; each an error, never unbounded memory.
TEST(CsvReader, Limits) {
  CsvLimits small{.max_records = 2, .max_fields = 3, .max_total_fields = 100, .max_field_bytes = 4};
  EXPECT_NE(csv_error("a\nb\nc\n", small).find("more than 2 rows"), std::string::npos);
  EXPECT_NE(csv_error("a,b,c,d\n", small).find("more than 3 fields in a row"), std::string::npos);
  EXPECT_NE(csv_error("abcde\n", small).find("a field longer than 4 bytes"), std::string::npos);
  EXPECT_NE(csv_error(std::string(100'000, ',')).find("more than 4096 fields in a row"), std::string::npos);
}

// A CSV needs an id column; a row longer than the header and an empty header are ungradable cells.
TEST(ClassCsv, IdColumnAndStrayCells) {
  EXPECT_THROW(read_class_csv("c.csv", "name,loss\nann,0.3\n"), LessonError);
  auto students = read_class_csv("c.csv", "loss,ID,\nann-loss-only,ann,\n0.3,bob,0.4,0.5\n\n,,\n");
  ASSERT_EQ(students.size(), 2u);
  EXPECT_EQ(students[0].id, "ann");
  EXPECT_EQ(students[0].answers.size(), 1u);  // "ann-loss-only" is read; the grader finds it malformed
  EXPECT_FALSE(students[0].answers[0].problem.empty());
  EXPECT_EQ(students[1].answers.size(), 3u);
  EXPECT_EQ(students[1].answers[1].problem, "no quantity: the header of column 3 is empty");
  EXPECT_EQ(students[1].answers[2].problem, "no quantity: the header row has 3 columns");
  EXPECT_EQ(students[1].answers[2].where, "c.csv: row 3, column 4");
}

// A TOML answers file is read as far as it goes: a value given as a TOML number, an unknown
// field and a syntax error are ungradable entries, never an exception.
TEST(StudentToml, ProblemsAreEntriesNotErrors) {
  StudentAnswers s = read_student_toml("d/ann.toml", "[[answer]]\nquantity = \"loss\"\nvalue = 0.3\n\n[[answer]]\nquantity = \"loss\"\nvalue = \"0.2984\"\nnote = 1\n");
  EXPECT_EQ(s.id, "ann");
  ASSERT_EQ(s.answers.size(), 2u);
  EXPECT_EQ(s.answers[0].where, "d/ann.toml:3:9");
  EXPECT_NE(s.answers[0].problem.find("as a string"), std::string::npos);
  EXPECT_EQ(s.answers[1].where, "d/ann.toml:8:8");
  StudentAnswers broken = read_student_toml("bob.toml", "[[answer]\n");
  ASSERT_EQ(broken.answers.size(), 1u);
  EXPECT_NE(broken.answers[0].problem.find("TOML syntax"), std::string::npos);
  // A malformed number points at its character: "0.2q" at line 3, column 9 + 1 + 3.
  StudentAnswers q = read_student_toml("c.toml", "[[answer]]\nquantity = \"loss\"\nvalue = \"0.2q\"\n");
  EXPECT_EQ(q.answers[0].where, "c.toml:3:13");
}

// A name of 100,000 characters is ungradable without a search for the closest names.
TEST(StudentToml, AnOverlongNameIsUngradable) {
  StudentAnswers s = read_student_toml("l.toml", "[[answer]]\nquantity = \"" + std::string(100'000, 'w') + "\"\nvalue = \"1\"\n");
  ASSERT_EQ(s.answers.size(), 1u);
  EXPECT_EQ(s.answers[0].problem, "a quantity name longer than 200 characters");
  EXPECT_EQ(s.answers[0].written_name.size(), 200u);
}

// ---- the command ---------------------------------------------------------------------------

using test_support::CommandResult;
CommandResult run(const std::string& args) { return test_support::run_bptrace(args); }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Exit 0 whatever the grades; the policy is printed; one line per student; the summary table.
TEST(GradeCommand, TextReport) {
  CommandResult r = run("grade 001-4 " + data("class-001-4.csv") + " " + data("typo.toml"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "Grading 14 students against 001-4")) << r.out;
  EXPECT_TRUE(contains(r.out, "precision: a right answer needs at least 3 significant digits")) << r.out;
  EXPECT_TRUE(contains(r.out, "  added        1/6  wrong: step2.layer2.W[1,1] (mistake 4a/4b)\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  step2.layer2.W[1,1]  6         2        33%    3      1             0          0           "
                              "2a×1 4a×1 4b×1 8a×1 8b×1\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "43 answers: 23 correct, 14 wrong, 4 insufficient precision, 0 undecided, 2 ungradable")) << r.out;
}

// CSV (a row per answer, quoted where needed), JSON and Markdown carry the same verdicts.
TEST(GradeCommand, OtherFormats) {
  const std::string files = data("class-001-4.csv") + " " + data("typo.toml");
  // The policy goes to standard error: a CSV has no place for it.
  CommandResult csv = test_support::run_command("BPTRACE_HOME='" BPTRACE_SOURCE_DIR "' '" BPTRACE_BINARY "' grade 001-4 " + files +
                                                " --format csv 2>/dev/null");
  EXPECT_EQ(csv.status, 0);
  EXPECT_TRUE(contains(run("grade 001-4 " + files + " --format csv").out, "policy: truncation: accepted"));
  EXPECT_TRUE(contains(csv.out, "id,quantity,written_name,answer,grade,detail,mistakes,points,max_points,true_value,"
                                "student_points,student_max_points\r\n"))
      << csv.out;
  EXPECT_TRUE(contains(csv.out, "added,\"step2.layer2.W[1,1]\",\"step2.layer2.W[1,1]\",0.4411,wrong,"
                                "the value is 0.3589 at your precision,4a/4b,0,1,0.358916479717885,1,6\r\n"))
      << csv.out;
  // The CSV output reads back as CSV: a header and 43 answers.
  EXPECT_EQ(parse_csv("out.csv", csv.out).size(), 44u);
  CommandResult json = run("grade 001-4 " + files + " --format json");
  EXPECT_EQ(json.status, 0);
  EXPECT_TRUE(contains(json.out, "{\"quantity\": \"step2.layer2.W[1,1]\", \"answered\": 6, \"correct\": 2, \"share_correct\": \"33%\", "
                                 "\"wrong\": 3, \"insufficient_precision\": 1, \"undecided\": 0, \"ungradable\": 0, "
                                 "\"mistakes\": {\"2a\": 1, \"4a\": 1, \"4b\": 1, \"8a\": 1, \"8b\": 1}, \"undiagnosed\": 0}"))
      << json.out;
  CommandResult md = run("grade 001-4 " + files + " --format markdown");
  EXPECT_EQ(md.status, 0);
  EXPECT_TRUE(contains(md.out, "| coarse | 2/6 | 2 | 0 | 4 | 0 | 0 | insufficient precision: loss, layer2.dW[1,1], layer2.db[1], "
                               "step2.layer2.W[1,1] |"))
      << md.out;
}

// --explain: check's report of one student (the derivation of a wrong answer), with the grades.
TEST(GradeCommand, ExplainOneStudent) {
  CommandResult r = run("grade 001-4 " + data("class-001-4.csv") + " --explain sigmatwice");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "Student sigmatwice")) << r.out;
  EXPECT_TRUE(contains(r.out, "mistake 3a: σ'(z) computed as σ(a)(1 − σ(a))")) << r.out;
  EXPECT_TRUE(contains(r.out, "derivation of the true value")) << r.out;
  EXPECT_TRUE(contains(r.out, "layer2.dW[1,1] = 0.09579: wrong, 0/1 points")) << r.out;
  EXPECT_EQ(run("grade 001-4 " + data("class-001-4.csv") + " --explain nobody").status, 2);
}

// Flags override the rubric; the policy printed says what was in force.
TEST(GradeCommand, RubricAndFlags) {
  CommandResult r = run("grade 001-4 " + data("class-001-4.csv") + " --rubric " + data("rubric.toml") + " --truncation accept");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "at least 4 significant digits")) << r.out;
  EXPECT_TRUE(contains(r.out, "truncation: accepted")) << r.out;
  EXPECT_TRUE(contains(r.out, "partial credit: mistake 2a 0.5, mistake 4b 1/3; insufficient precision 0.25")) << r.out;
  EXPECT_TRUE(contains(r.out, "  truncated    5.5/7")) << r.out;  // 0.0821 and 0.000438 have 3 digits: 1/4 each
}

// Exit 2 only for a bad lesson, a bad rubric, a file that cannot be read or bad usage.
TEST(GradeCommand, BadInputExitsTwo) {
  CommandResult rubric = run("grade 001-4 " + data("class-001-4.csv") + " --rubric " + data("rubric-bad.toml"));
  EXPECT_EQ(rubric.status, 2);
  EXPECT_TRUE(contains(rubric.out, "rubric-bad.toml:4:8: no mistake '99'")) << rubric.out;
  EXPECT_FALSE(contains(rubric.out, "Grading")) << rubric.out;
  EXPECT_EQ(run("grade 001-4 /nonexistent/class.csv").status, 2);
  EXPECT_EQ(run("grade 001-4 /dev/zero").status, 2);
  EXPECT_EQ(run("grade no-such-lesson " + data("class-001-4.csv")).status, 2);
  EXPECT_EQ(run("grade 001-4 " + data("class-001-4.csv") + " --format pdf").status, 2);
  EXPECT_EQ(run("grade 001-4 " + data("class-001-4.csv") + " --mistake-points 99=1").status, 2);
  EXPECT_EQ(run("grade 001-4 " + data("class-001-4.csv") + " --quantity-points nothing=1").status, 2);
  EXPECT_EQ(run("grade 001-4").status, 2);
}

// Students on their own lessons (a lesson column, as for exercise variants), each judged against
// its own: linear-2-2-2's L = 305/8 = 38.125 and batch-sum's L = 9 + 16 + 1 = 26 (worked in
// check_mistakes_test.cpp); cy has the class's lesson, 001-4, where 26 is wrong; dee's 13 is
// batch-sum's loss with a ½ added (2b).
TEST(GradeCommand, StudentsOnTheirOwnLessons) {
  CommandResult r = run("grade 001-4 " + data("own-lessons.csv") + " --format json");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "\"lesson\": \"" + data("../check/linear-2-2-2.toml") + "\"")) << r.out;
  CommandResult text = run("grade 001-4 " + data("own-lessons.csv"));
  EXPECT_TRUE(contains(text.out, "  ann  1/1  all correct\n  bob  1/1  all correct\n  cy   0/1  wrong: loss (no catalogued mistake)\n"
                                 "  dee  0/1  wrong: loss (mistake 2b)\n"))
      << text.out;
  EXPECT_TRUE(contains(text.out, "  loss      4         2        50%    2")) << text.out;
  CommandResult explain = run("grade 001-4 " + data("own-lessons.csv") + " --explain ann");
  EXPECT_TRUE(contains(explain.out, "Identity 2-2-2")) << explain.out;  // ann's lesson, not 001-4
  // The policy holds for every lesson: batch-sum (a 1-1 network) has no layer2.dW[1,1].
  EXPECT_EQ(run("grade 001-4 " + data("own-lessons.csv") + " --quantity-points 'layer2.dW[1,1]=2'").status, 2);
}

// A values file recorded from a NumPy program (docs/values-format.md): 21 float64 values of 001-4.
// At the digits written, layer1.z[1] = 0.3775 is exact and layer1.z[2] = 0.39249999999999996 is
// wrong (157/400 = 0.3925 exactly; float64 rounded 0.05·0.25 + 0.1·0.3 + 0.35); within a relative
// 1e-12 all 21 are right.
TEST(GradeCommand, ValuesFileOfAStudentsProgram) {
  CommandResult digits = run("grade 001-4 " + data("numpy-001-4.json") + " --format csv");
  EXPECT_EQ(digits.status, 0) << digits.out;
  EXPECT_TRUE(contains(digits.out, "numpy-001-4,layer1.z[2],layer1.z[2],0.39249999999999996,wrong,")) << digits.out;
  EXPECT_TRUE(contains(digits.out, "numpy-001-4,layer1.z[1],layer1.z[1],0.3775,correct,exactly the value,")) << digits.out;
  CommandResult tolerant = run("grade 001-4 " + data("numpy-001-4.json") + " --relative-tolerance 1e-12");
  EXPECT_EQ(tolerant.status, 0) << tolerant.out;
  EXPECT_TRUE(contains(tolerant.out, "  numpy-001-4  21/21  all correct")) << tolerant.out;
  // A values file the reader refuses is one ungradable entry, not the end of grading.
  const std::string bad = std::filesystem::temp_directory_path() / ("bptrace-bad-values-" + std::to_string(::getpid()) + ".json");
  std::ofstream(bad) << "{\"format\": \"bptrace-values\"}";
  CommandResult refused = run("grade 001-4 " + bad + " " + data("typo.toml"));
  std::filesystem::remove(bad);
  EXPECT_EQ(refused.status, 0) << refused.out;
  EXPECT_TRUE(contains(refused.out, "ungradable: (no quantity)")) << refused.out;
}

// A folder of TOML answers files: one student per file, the id from the file's name.
TEST(GradeCommand, FolderOfAnswersFiles) {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / ("bptrace-grade-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "zoe.toml") << "[[answer]]\nquantity = \"L\"\nvalue = \"0.2984\"\n";
  std::ofstream(folder / "yan.toml") << "[[answer]]\nquantity = \"loss\"\nvalue = \"0.5967\"\n";
  std::ofstream(folder / "notes.txt") << "not answers";
  CommandResult r = run("grade 001-4 " + folder.string());
  std::filesystem::remove_all(folder);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "  yan  0/1  wrong: loss (mistake 2a)\n  zoe  1/1  all correct\n")) << r.out;
}

}  // namespace
}  // namespace bptrace
