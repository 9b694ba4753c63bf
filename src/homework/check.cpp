#include "homework/check.hpp"

#include "engine/certify.hpp"
#include "lesson/trace_lesson.hpp"
#include "lesson/document_check.hpp"
#include "number/decimal.hpp"

namespace bptrace {

namespace {

constexpr int kMistakeDigits = 20;  // enough to judge answers of up to 12 significant digits

bool is_fraction(const std::string& written) { return written.find('/') != std::string::npos; }

bool same_value(const Value& a, const Value& b) {
  if (a.is_exact() && b.is_exact()) return a.exact() == b.exact();
  return certified_text(a, kMistakeDigits).text == certified_text(b, kMistakeDigits).text;
}

std::optional<Key> first_difference(const Trace& exact, const Trace& changed) {
  for (const Step& step : exact.steps()) {
    if (step.phase == Phase::given) continue;
    const Step* other = changed.find(step.key);
    if (!other || !same_value(step.value, other->value)) return step.key;
  }
  return std::nullopt;
}

// The distance between a value and the answer, for ordering diagnoses: the nearest first.
Rational distance(const Value& value, const Rational& answer) {
  return abs(Rational(lower_bound(value) - answer));
}

}  // namespace

bool is_correct(AnswerVerdict v) {
  return v == AnswerVerdict::exact || v == AnswerVerdict::rounds || v == AnswerVerdict::truncates;
}

namespace {

// "3800" -> "38e2": the same number with its trailing zeros read as not significant.
std::optional<std::string> without_trailing_zeros(const std::string& written, int zeros) {
  if (written.find_first_of("./eE") != std::string::npos) return std::nullopt;
  std::size_t end = written.find_last_not_of('0');
  if (end == std::string::npos || written.size() - 1 - end < static_cast<std::size_t>(zeros)) return std::nullopt;
  return written.substr(0, written.size() - static_cast<std::size_t>(zeros)) + "e" + std::to_string(zeros);
}

AnswerVerdict judge_at_written_digits(const Value& truth, const std::string& written) {
  switch (judge(truth, written, false)) {
    case Verdict::rounds: return is_fraction(written) ? AnswerVerdict::exact : AnswerVerdict::rounds;
    case Verdict::truncates: return AnswerVerdict::truncates;
    case Verdict::uncertain: return AnswerVerdict::undecided;
    default: return AnswerVerdict::wrong;
  }
}

}  // namespace

namespace {

struct Judgement {
  AnswerVerdict verdict;
  std::string reading;  // the written text, or the reading of its trailing zeros that was judged
};

Judgement judge_reading(const Value& truth, const std::string& written) {
  const Rational answer = parse_rational(written);
  if (truth.is_exact() && answer == truth.exact()) return {AnswerVerdict::exact, written};
  // "0" shows no significant digit: it is right only for a value that is 0. (0.138 is not "0"
  // at 0 decimals: the student meant zero, the classic forgotten bias gradient.)
  if (answer == 0) {
    if (truth.is_exact()) return {AnswerVerdict::wrong, written};
    Interval e = truth.enclosure();
    return {lower_bound(e).sign() == upper_bound(e).sign() ? AnswerVerdict::wrong : AnswerVerdict::undecided, written};
  }
  AnswerVerdict verdict = judge_at_written_digits(truth, written);
  // An integer's trailing zeros may not be significant: "40" may be 38.125 to 1 significant digit.
  // Never call a right answer wrong: accept it when some reading of its zeros makes it right.
  for (int zeros = 1; verdict == AnswerVerdict::wrong; ++zeros) {
    auto coarser = without_trailing_zeros(written, zeros);
    if (!coarser) break;
    verdict = judge_at_written_digits(truth, *coarser);
    if (verdict != AnswerVerdict::wrong) return {verdict, *coarser};
  }
  return {verdict, written};
}

}  // namespace

AnswerVerdict judge_answer(const Value& truth, const std::string& written) { return judge_reading(truth, written).verdict; }

std::string judged_reading(const Value& truth, const std::string& written) { return judge_reading(truth, written).reading; }

std::string at_written_precision(const Value& truth, const std::string& written) {
  if (is_fraction(written))
    return truth.is_exact() ? fraction_string(truth.exact()) : "(not a fraction: " + certified_text(truth, 6).text + "…)";
  int places = decimal_places(written);
  // Round both ends of the enclosure: equal means the rounding is certain.
  Rational lo = lower_bound(truth), hi = upper_bound(truth);
  Decimal a = round_places(lo, places), b = round_places(hi, places);
  return a == b ? to_string(a) : "(on a rounding boundary)";
}

std::optional<int> significant_digits(const std::string& written) {
  if (is_fraction(written)) return std::nullopt;
  Rational x = parse_rational(written);
  if (x == 0) return std::nullopt;
  return decimal_magnitude(x) + decimal_places(written) + 1;
}

std::string written_precision(const std::string& written) {
  if (is_fraction(written)) return "an exact fraction";
  int places = decimal_places(written);
  std::string decimals = std::to_string(places) + (places == 1 ? " decimal" : " decimals");
  if (parse_rational(written) == 0) return decimals;
  int significant = *significant_digits(written);
  std::string digits = std::to_string(significant) + " significant digit" + (significant == 1 ? "" : "s");
  // "2e1", an integer read without its trailing zero: its precision is its significant digits.
  if (places < 0) return digits + " (trailing zeros not significant)";
  return decimals + ", " + digits;
}

std::vector<MistakeTrace> mistake_traces(const Lesson& lesson, const Trace& exact,
                                         const std::optional<RoundingPolicy>& extra_rounding) {
  std::vector<MistakeTrace> out;
  const bool negated = !lesson.graph && lesson.problem.conventions.delta_sign == DeltaSign::minus_dl_dz;
  auto add = [&](const Mistake& mistake, const MistakeInstance& instance) {
    try {
      CertifiedTrace t = trace_lesson(lesson, kMistakeDigits, Alteration{instance.variant, instance.graph});
      if (auto first = first_difference(exact, t.trace))
        out.push_back(MistakeTrace{&mistake, mistake_title(mistake, negated), instance.label,
                                   std::move(t.trace), *first});
    } catch (const LessonError&) {
      // The mistaken computation is undefined (log of 0) or cannot be certified: nothing to match.
    } catch (const DomainError&) {
    }
  };
  for (const Mistake& mistake : mistake_catalogue()) {
    if (lesson.graph ? !mistake.graph_instances : !mistake.instances) continue;
    for (const MistakeInstance& instance :
         lesson.graph ? mistake.graph_instances(*lesson.graph) : mistake.instances(lesson.problem))
      add(mistake, instance);
    if (mistake.number == "9" && extra_rounding) {
      // The lesson's or the flag's policy, unless it is one of the hand rules already tried.
      auto rules = hand_rounding_rules();
      const bool tried = extra_rounding->is_uniform() && extra_rounding->every &&
                         std::find(rules.begin(), rules.end(), *extra_rounding->every) != rules.end();
      if (!tried) {
        Alteration rounded = rounded_intermediates(*extra_rounding);
        add(mistake, MistakeInstance{"intermediates " + describe(*extra_rounding), rounded.network, rounded.graph});
      }
    }
  }
  return out;
}

AnswerCheck check_answer(const Answer& answer, const Trace& exact, const std::vector<MistakeTrace>& mistakes) {
  AnswerCheck check{answer, judge_answer(exact.value(answer.quantity), answer.value), {}};
  if (check.verdict == AnswerVerdict::wrong) check.diagnoses = diagnose(answer, mistakes);
  return check;
}

std::vector<Diagnosis> diagnose(const Answer& answer, const std::vector<MistakeTrace>& mistakes) {
  std::vector<Diagnosis> diagnoses;
  for (const MistakeTrace& m : mistakes) {
    const std::optional<Value> value = m.trace.find_value(answer.quantity);
    // Under the mistake, the answer would be right by the same rule as a right answer.
    if (value && is_correct(judge_answer(*value, answer.value))) diagnoses.push_back(Diagnosis{&m, *value});
  }
  const Rational written = parse_rational(answer.value);
  std::stable_sort(diagnoses.begin(), diagnoses.end(), [&](const Diagnosis& a, const Diagnosis& b) {
    return distance(a.value, written) < distance(b.value, written);
  });
  return diagnoses;
}

}  // namespace bptrace
