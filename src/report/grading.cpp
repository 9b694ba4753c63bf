#include "report/grading.hpp"

#include "number/decimal.hpp"
#include "trace/names.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace bptrace {

std::string grade_name(Grade grade) {
  switch (grade) {
    case Grade::correct: return "correct";
    case Grade::wrong: return "wrong";
    case Grade::insufficient_precision: return "insufficient precision";
    case Grade::undecided: return "undecided";
    case Grade::ungradable: return "ungradable";
  }
  return "";
}

int GradedStudent::count(Grade grade) const {
  return static_cast<int>(std::count_if(answers.begin(), answers.end(), [&](const GradedAnswer& a) { return a.grade == grade; }));
}

namespace {


// Whether |answer − value| ≤ the tolerance, for every value in the enclosure (yes), none (no), or
// some only (unknown).
Certainty within(const Value& value, const Rational& answer, const Tolerance& tolerance) {
  const Rational lo = lower_bound(value), hi = upper_bound(value);
  const Rational farthest = std::max(abs(Rational(answer - lo)), abs(Rational(hi - answer)));
  const Rational nearest = answer < lo ? Rational(lo - answer) : answer > hi ? Rational(answer - hi) : Rational(0);
  Rational small_bound = tolerance.amount, large_bound = tolerance.amount;
  if (tolerance.kind == Tolerance::Kind::relative) {
    const Rational least = lo <= 0 && hi >= 0 ? Rational(0) : std::min(abs(lo), abs(hi));
    small_bound *= least;
    large_bound *= std::max(abs(lo), abs(hi));
  }
  if (farthest <= small_bound) return Certainty::yes;
  if (nearest > large_bound) return Certainty::no;
  return Certainty::unknown;
}

std::string plural(int n, const std::string& unit) { return std::to_string(n) + " " + unit + (n == 1 ? "" : "s"); }

// Why a right answer falls short of the policy's precision: "2 significant digits, fewer than 3".
std::optional<std::string> too_coarse(const GradingPolicy& policy, const std::string& reading) {
  if (reading.find('/') != std::string::npos) return std::nullopt;
  if (policy.min_decimals) {
    const int places = decimal_places(reading);
    if (places < *policy.min_decimals)
      return plural(places, "decimal") + ", fewer than " + std::to_string(*policy.min_decimals);
    return std::nullopt;
  }
  if (!policy.min_significant || *policy.min_significant <= 0) return std::nullopt;
  const auto digits = significant_digits(reading);
  if (digits && *digits < *policy.min_significant)
    return plural(*digits, "significant digit") + ", fewer than " + std::to_string(*policy.min_significant);
  return std::nullopt;
}

GradedAnswer ungradable(const StudentAnswer& answer, const std::string& reason, const Rational& points) {
  GradedAnswer g;
  g.answer = answer;
  g.grade = Grade::ungradable;
  g.detail = answer.where + ": " + reason;
  g.points = points;
  return g;
}

}  // namespace

Grader::Grader(const Judge& judge, GradingPolicy policy) : judge_(judge), policy_(std::move(policy)) {
  for (const QuantityPoints& q : policy_.quantity_points) {
    auto key = judge_.resolve(q.name);
    if (!key) throw LessonError(q.where, unknown_answer_name(q.name, judge_.exact(), judge_.aliases()));
    points_[*key] = q.points;
  }
}

Rational Grader::points_of(const Key& quantity) const {
  auto found = points_.find(quantity);
  return found == points_.end() ? policy_.points : found->second;
}

Rational Grader::credit(const std::vector<Diagnosis>& diagnoses, const Rational& full) const {
  Rational best = 0;
  for (const Diagnosis& d : diagnoses) {
    auto found = policy_.mistake_points.find(d.cause->mistake->number);
    if (found != policy_.mistake_points.end()) best = std::max(best, found->second);
  }
  return std::min(best, full);
}

GradedAnswer Grader::judge_answer_once(const StudentAnswer& answer, const Key& quantity) const {
  const Value& truth = judge_.exact().value(quantity);
  const std::string& written = answer.value;
  GradedAnswer g;
  g.answer = answer;
  g.quantity = quantity;
  g.truth = truth;
  g.max_points = points_of(quantity);
  g.verdict = judge_answer(truth, written);
  const std::string reading = judged_reading(truth, written);
  const Certainty close = policy_.tolerance ? within(truth, parse_rational(written), *policy_.tolerance) : Certainty::no;
  const bool right = is_correct(g.verdict) || close == Certainty::yes;
  const bool refused_truncation = g.verdict == AnswerVerdict::truncates && !policy_.accept_truncation && close != Certainty::yes;
  if (right && !refused_truncation) {
    if (g.verdict == AnswerVerdict::exact) {
      g.grade = Grade::correct;
      g.detail = "exactly the value";
    } else if (auto coarse = too_coarse(policy_, reading)) {
      g.grade = Grade::insufficient_precision;
      g.detail = *coarse + " (the value rounds to " + at_written_precision(truth, reading) + " there)";
    } else {
      g.grade = Grade::correct;
      g.detail = g.verdict == AnswerVerdict::rounds      ? "rounds"
                 : g.verdict == AnswerVerdict::truncates ? "truncated (rounded: " + at_written_precision(truth, reading) + ")"
                                                         : "within the tolerance";
    }
  } else if (refused_truncation) {
    g.grade = Grade::wrong;
    g.detail = "truncated, and the rubric asks for rounding (rounded: " + at_written_precision(truth, reading) + ")";
  } else if (g.verdict == AnswerVerdict::undecided || close == Certainty::unknown) {
    g.grade = Grade::undecided;
    g.detail = "the value lies on a rounding boundary of your precision";
  } else {
    g.grade = Grade::wrong;
    g.detail = "the value is " + at_written_precision(truth, written) + " at your precision";
    g.diagnoses = diagnose(Answer{answer.written_name, written, {}, quantity}, judge_.mistakes());
  }
  g.points = g.grade == Grade::correct                  ? g.max_points
             : g.grade == Grade::insufficient_precision ? std::min(policy_.insufficient_points, g.max_points)
             : g.grade == Grade::wrong                  ? credit(g.diagnoses, g.max_points)
                                                        : Rational(0);
  return g;
}

const std::string& Grader::no_such_quantity(const std::string& written) const {
  auto found = unknown_names_.find(written);
  if (found == unknown_names_.end()) found = unknown_names_.emplace(written, unknown_answer_name(written, judge_.exact(), judge_.aliases())).first;
  return found->second;
}

GradedAnswer Grader::grade_answer(const StudentAnswer& answer) const {
  const Rational unscored = std::min(policy_.ungradable_points, policy_.points);
  auto quantity = judge_.resolve(answer.written_name);
  if (!answer.problem.empty()) {
    // Counted under the quantity it answers, when its name is one.
    GradedAnswer g = ungradable(answer, answer.problem, quantity ? std::min(unscored, points_of(*quantity)) : unscored);
    g.quantity = quantity;
    if (quantity) {
      g.max_points = points_of(*quantity);
      g.truth = judge_.exact().value(*quantity);
    }
    return g;
  }
  if (!quantity) return ungradable(answer, no_such_quantity(answer.written_name), unscored);
  auto& same_quantity = judged_[*quantity];
  auto found = same_quantity.find(answer.value);
  if (found == same_quantity.end()) {
    GradedAnswer judged;
    try {
      judged = judge_answer_once(answer, *quantity);
    } catch (const BeyondExactRange& e) {
      // A value past the exact range has no decimal to compare a written number with.
      judged = ungradable(answer, e.what(), std::min(unscored, points_of(*quantity)));
      judged.quantity = quantity;
      judged.max_points = points_of(*quantity);
    }
    found = same_quantity.emplace(answer.value, judged).first;
  }
  GradedAnswer g = found->second;
  g.answer = answer;
  return g;
}

GradedStudent Grader::grade_student(const StudentAnswers& student) const {
  GradedStudent out{student.id, student.source, student.lesson, {}};
  std::unordered_map<Key, std::string, KeyHash> first;  // where each quantity was answered first
  for (const StudentAnswer& answer : student.answers) {
    GradedAnswer g = grade_answer(answer);
    if (g.quantity && g.grade != Grade::ungradable) {
      auto [at, fresh] = first.emplace(*g.quantity, answer.where);
      if (!fresh) {
        g = ungradable(answer, "answered twice (first at " + at->second + ")", Rational(0));
        g.quantity = at->first;
        g.max_points = points_of(at->first);
        g.truth = judge_.exact().value(at->first);
      }
    }
    out.points += g.points;
    out.answers.push_back(std::move(g));
  }
  for (const auto& [quantity, where] : first) out.max_points += points_of(quantity);
  return out;
}

std::vector<Key> Grader::rubric_quantities() const {
  std::vector<Key> out;
  for (const auto& [quantity, points] : points_) out.push_back(quantity);
  return out;
}

std::vector<GradedStudent> Grader::grade_class(const std::vector<StudentAnswers>& students) const {
  return grade_students(students, [this](const StudentAnswers&) -> const Grader& { return *this; });
}

std::vector<GradedStudent> grade_students(const std::vector<StudentAnswers>& students,
                                          const std::function<const Grader&(const StudentAnswers&)>& grader_of) {
  std::vector<GradedStudent> out;
  std::unordered_map<Key, bool, KeyHash> asked;
  for (const StudentAnswers& s : students) {
    const Grader& grader = grader_of(s);
    for (const Key& quantity : grader.rubric_quantities()) asked[quantity] = true;
    out.push_back(grader.grade_student(s));
    for (const GradedAnswer& a : out.back().answers)
      if (a.quantity) asked[*a.quantity] = true;
  }
  for (std::size_t k = 0; k < out.size(); ++k) {
    const Grader& grader = grader_of(students[k]);
    Rational max = 0;
    for (const auto& [quantity, yes] : asked) max += grader.points_of(quantity);
    out[k].max_points = max;
    out[k].points = std::min(out[k].points, max);
  }
  return out;
}

ClassSummary summarise(const std::vector<GradedStudent>& students, const Trace& exact) {
  ClassSummary out;
  out.students = static_cast<int>(students.size());
  out.negated_gradients = exact.header.shape.negated_gradients;
  std::vector<QuantitySummary> known(exact.steps().size()), unknown;
  std::unordered_map<Key, std::size_t, KeyHash> position;
  for (std::size_t k = 0; k < exact.steps().size(); ++k) position[exact.steps()[k].key] = k;
  std::map<std::string, std::size_t> unknown_position;
  auto summary_of = [&](const GradedAnswer& a) -> QuantitySummary& {
    if (a.quantity) {
      auto found = position.find(a.quantity->total());
      if (found != position.end()) {
        QuantitySummary& q = known[found->second];
        if (q.name.empty()) {
          q.quantity = exact.steps()[found->second].key;
          q.name = canonical_name(*q.quantity);
        }
        return q;
      }
    }
    const std::string name = a.answer.written_name.empty() ? "(no quantity)" : a.answer.written_name;
    auto [at, fresh] = unknown_position.emplace(name, unknown.size());
    if (fresh) {
      unknown.emplace_back();
      unknown.back().name = name;
    }
    return unknown[at->second];
  };
  for (const GradedStudent& s : students)
    for (const GradedAnswer& a : s.answers) {
      QuantitySummary& q = summary_of(a);
      ++q.counts[static_cast<std::size_t>(a.grade)];
      ++q.answered;
      ++out.totals[static_cast<std::size_t>(a.grade)];
      if (a.grade != Grade::wrong) continue;
      std::set<std::string> numbers;
      for (const Diagnosis& d : a.diagnoses) numbers.insert(d.cause->mistake->number);
      if (numbers.empty()) ++q.undiagnosed;
      for (const std::string& n : numbers) {
        auto found = std::find_if(q.mistakes.begin(), q.mistakes.end(), [&](const auto& m) { return m.first == n; });
        if (found == q.mistakes.end()) q.mistakes.emplace_back(n, 1);
        else ++found->second;
      }
    }
  // Mistakes in catalogue order.
  const auto& catalogue = mistake_catalogue();
  auto rank = [&](const std::string& n) {
    return std::find_if(catalogue.begin(), catalogue.end(), [&](const Mistake& m) { return m.number == n; }) - catalogue.begin();
  };
  for (auto* list : {&known, &unknown})
    for (QuantitySummary& q : *list) {
      std::sort(q.mistakes.begin(), q.mistakes.end(), [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
      if (!q.name.empty()) out.quantities.push_back(std::move(q));
    }
  return out;
}

}  // namespace bptrace
