#pragma once
// Grading a class: each answer of each student judged against one Judge (the lesson and its
// mistakes computed once) under a GradingPolicy: correct, wrong (with the mistakes it matches),
// insufficient precision, undecided or ungradable (with the reason), and its points; then per
// quantity the class's counts and the histogram of the diagnosed mistakes.
#include "homework/answer_sheets.hpp"
#include "homework/grading_policy.hpp"
#include "report/judge.hpp"

#include <array>
#include <optional>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bptrace {

enum class Grade { correct, wrong, insufficient_precision, undecided, ungradable };
inline constexpr std::size_t kGrades = 5;
// "correct", "wrong", "insufficient precision", "undecided", "ungradable".
std::string grade_name(Grade grade);

struct GradedAnswer {
  StudentAnswer answer;
  std::optional<Key> quantity;  // none when the name is not one of the lesson's
  std::optional<Value> truth;  // the quantity's value in the student's lesson (in its Judge's trace)
  Grade grade = Grade::ungradable;
  AnswerVerdict verdict = AnswerVerdict::wrong;  // check's judgement at the written precision
  std::string detail;  // why: "rounds", "truncated (rounded: 0.000439)", "the value is 0.0822 at your precision", the reason
  std::vector<Diagnosis> diagnoses;  // wrong answers only: the mistakes that give it, nearest first
  Rational points{0};
  Rational max_points{0};
};

struct GradedStudent {
  std::string id;
  std::string source;
  std::string lesson;  // the student's own lesson (an exercise variant); empty: the class's
  std::vector<GradedAnswer> answers;
  Rational points{0};
  // The points of every quantity the class was asked (answered or not); grade_student alone
  // counts the quantities this student answered.
  Rational max_points{0};
  int count(Grade grade) const;
};

class Grader {
 public:
  // Throws LessonError at the rubric's place for a [quantity_points] name the lesson does not have.
  Grader(const Judge& judge, GradingPolicy policy);
  const GradingPolicy& policy() const { return policy_; }
  const Judge& judge() const { return judge_; }
  Rational points_of(const Key& quantity) const;

  // Every student graded; each student's max_points is that of the class's quantities: those
  // any student answered and those the rubric gives points.
  std::vector<GradedStudent> grade_class(const std::vector<StudentAnswers>& students) const;
  // The quantities the rubric gives points to.
  std::vector<Key> rubric_quantities() const;
  GradedStudent grade_student(const StudentAnswers& student) const;

 private:
  GradedAnswer grade_answer(const StudentAnswer& answer) const;
  GradedAnswer judge_answer_once(const StudentAnswer& answer, const Key& quantity) const;
  Rational credit(const std::vector<Diagnosis>& diagnoses, const Rational& full) const;
  const std::string& no_such_quantity(const std::string& written) const;

  const Judge& judge_;
  GradingPolicy policy_;
  std::unordered_map<Key, Rational, KeyHash> points_;
  // The same answer to the same quantity is judged once for the whole class.
  mutable std::unordered_map<Key, std::unordered_map<std::string, GradedAnswer>, KeyHash> judged_;
  // "did you mean ..." for each name the lesson does not have, found once.
  mutable std::unordered_map<std::string, std::string> unknown_names_;
};

// A class whose students may each answer their own lesson (exercise variants of one lesson):
// `grader_of` gives a student's grader. The maximum is taken over the class's quantities, as by
// grade_class, each worth what the student's own grader gives it.
std::vector<GradedStudent> grade_students(const std::vector<StudentAnswers>& students,
                                          const std::function<const Grader&(const StudentAnswers&)>& grader_of);

struct QuantitySummary {
  std::string name;             // canonical, or as written when it names nothing in the lesson
  std::optional<Key> quantity;
  std::array<int, kGrades> counts{};
  int answered = 0;
  std::vector<std::pair<std::string, int>> mistakes;  // mistake number → wrong answers it explains, catalogue order
  int undiagnosed = 0;  // wrong answers no catalogued mistake explains
};

struct ClassSummary {
  int students = 0;
  std::vector<QuantitySummary> quantities;  // trace order, then names the lesson does not have
  std::array<int, kGrades> totals{};
  bool negated_gradients = false;  // the lesson's delta_sign: how the mistakes' legend is worded
};

ClassSummary summarise(const std::vector<GradedStudent>& students, const Trace& exact);

}  // namespace bptrace
