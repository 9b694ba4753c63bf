#include "report/exercise_variant.hpp"

#include "report/variant_text.hpp"

#include "lesson/library.hpp"
#include "lesson/toml_reader.hpp"
#include "number/decimal.hpp"
#include "number/splitmix.hpp"
#include "trace/names.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace bptrace {

namespace {

constexpr int kAttempts = 400;   // candidates per variant before giving up
constexpr int kProbes = 3;       // random choices of numbers that decide what coincides structurally
constexpr int kSameDigits = 20;  // two values are the same when equal to this many digits

// --- what the numbers must satisfy ----------------------------------------------------------------


// Away from saturation and from kinks, in the step the questions are about.
bool tame_pre_activations(const Lesson& lesson, const Trace& exact) {
  const auto& layers = lesson.problem.network.layers;
  for (const Step& step : exact.steps()) {
    if (step.key.quantity != Quantity::pre_activation || step.key.step != 1 || step.key.layer < 1 ||
        static_cast<std::size_t>(step.key.layer) > layers.size())
      continue;
    const Rational lo = lower_bound(step.value), hi = upper_bound(step.value);
    switch (layers[static_cast<std::size_t>(step.key.layer) - 1].activation.kind) {
      case ActivationKind::sigmoid:
      case ActivationKind::tanh:
      case ActivationKind::softplus:
        if (std::max(abs(lo), abs(hi)) > Rational(5, 2)) return false;
        break;
      case ActivationKind::relu:
      case ActivationKind::leaky_relu:
      case ActivationKind::step:
        if ((lo < 0) != (hi < 0) || std::min(abs(lo), abs(hi)) < Rational(1, 20)) return false;
        break;
      default: break;
    }
  }
  return true;
}

// Nonzero, and at least a twentieth of a unit of the last asked place from a rounding boundary.
bool away_from_boundaries(const Value& v, int significant) {
  const Rational lo = lower_bound(v), hi = upper_bound(v);
  if (lo <= 0 && hi >= 0) return false;
  const Rational magnitude = abs(lo) < abs(hi) ? abs(lo) : abs(hi);
  const Rational unit = pow10(decimal_magnitude(magnitude) - significant + 1);
  for (const Rational& end : {abs(lo), abs(hi)}) {
    const Rational scaled = end / unit;
    const Rational fraction = scaled - Rational(Integer(numerator(scaled) / denominator(scaled)));
    if (abs(Rational(fraction - Rational(1, 2))) < Rational(1, 20)) return false;
  }
  const Rational a = abs(lo) / unit, b = abs(hi) / unit;
  return Integer(numerator(a) / denominator(a)) == Integer(numerator(b) / denominator(b));
}

std::string signature(const Value& v) { return v.is_exact() ? fraction_string(v.exact()) : certified_text(v, kSameDigits).text; }

const std::string kRight = "the right answer";

// Per asked quantity, per answer ("the right answer" or a mistake's label): its signature.
using Answers = std::map<std::string, std::string>;

Answers answers_of(const Judge& judge, const Key& quantity) {
  Answers out{{kRight, signature(judge.exact().value(quantity))}};
  for (const MistakeTrace* m : compared_mistakes(judge))
    if (const std::optional<Value> v = m->trace.find_value(quantity)) out[mistake_label(*m)] = signature(*v);
  return out;
}

// What coincides for every choice of numbers, from the probes.
struct Structure {
  std::set<std::string> changing;                              // labels that change the quantity in some probe
  std::set<std::pair<std::string, std::string>> coincident;  // changing labels equal in every probe
};

Structure structure(const std::vector<Answers>& probes) {
  Structure s;
  auto value = [](const Answers& a, const std::string& label) {
    auto found = a.find(label);
    return found == a.end() ? a.at(kRight) : found->second;  // an instance left out changes nothing
  };
  std::set<std::string> labels;
  for (const Answers& a : probes)
    for (const auto& [label, sig] : a) labels.insert(label);
  for (const std::string& label : labels)
    for (const Answers& a : probes)
      if (label != kRight && value(a, label) != a.at(kRight)) s.changing.insert(label);
  for (const std::string& x : s.changing)
    for (const std::string& y : s.changing) {
      if (!(x < y)) continue;
      bool always = true;
      for (const Answers& a : probes) always = always && value(a, x) == value(a, y);
      if (always) s.coincident.emplace(x, y);
    }
  return s;
}

// The answers of a candidate at the asked precision differ wherever they must.
bool told_apart(const Judge& judge, const Key& quantity, const Structure& s, int significant) {
  std::map<std::string, std::string> at;
  const auto right = answer_at(judge.exact().value(quantity), significant);
  if (!right) return false;
  at[kRight] = *right;
  std::map<std::string, Value> mistaken;
  for (const MistakeTrace* m : compared_mistakes(judge))
    if (std::optional<Value> v = m->trace.find_value(quantity)) mistaken[mistake_label(*m)] = std::move(*v);
  for (const std::string& label : s.changing) {
    auto found = mistaken.find(label);
    if (found == mistaken.end()) return false;  // it changes nothing this time: it gives the right answer
    auto answer = answer_at(found->second, significant);
    if (!answer) return false;
    at[label] = *answer;
  }
  std::vector<std::string> labels{kRight};
  labels.insert(labels.end(), s.changing.begin(), s.changing.end());
  for (std::size_t i = 0; i < labels.size(); ++i)
    for (std::size_t j = i + 1; j < labels.size(); ++j) {
      const auto pair = labels[i] < labels[j] ? std::pair{labels[i], labels[j]} : std::pair{labels[j], labels[i]};
      if (s.coincident.count(pair)) continue;
      if (at[labels[i]] == at[labels[j]]) return false;
    }
  return true;
}

// The lesson trained only as far as the questions go: the steps after the last asked one change
// no answer, and recomputing them under every mistake is most of the cost (002-7 trains 6 epochs).
Lesson up_to_step(Lesson lesson, int last_step) {
  Problem& p = lesson.problem;
  if (!p.learning_rate || p.steps <= last_step) return lesson;
  p.steps = std::max(1, last_step);
  p.epochs = 0;
  p.detail_steps = 0;
  p.final_loss = false;
  return lesson;
}

std::shared_ptr<const Judge> load_candidate(const std::string& name, const std::string& text, int last_step) {
  try {
    return std::make_shared<const Judge>(up_to_step(parse_lesson(name + ".toml", text), last_step), 15, std::nullopt);
  } catch (const LessonError&) {
    return nullptr;  // numbers the lesson cannot take (a log of 0): another draw
  } catch (const DomainError&) {
    return nullptr;
  }
}

std::vector<std::string> default_questions(const Trace& exact) {
  std::vector<std::string> out;
  for (const Step& step : exact.steps()) {
    const Key& k = step.key;
    if (k.step != 1 || k.sample != 0 || k.is_path()) continue;
    if (k.quantity == Quantity::loss || k.quantity == Quantity::weight_gradient || k.quantity == Quantity::bias_gradient)
      out.push_back(canonical_name(k));
  }
  return out;
}

std::vector<std::string> asked_names(const Lesson& lesson, const Judge& judge, const VariantRequest& request) {
  if (!request.ask.empty() || !lesson.questions.empty()) {
    std::vector<std::string> out;
    auto add = [&](const std::string& written, const SourceLocation& where) {
      auto key = judge.resolve(written);
      if (!key) {
        std::string message = "no quantity '" + written + "' to ask in this lesson";
        if (where.file.empty()) throw UsageError(message);
        throw LessonError(where, message);
      }
      out.push_back(canonical_name(*key));
    };
    if (!request.ask.empty())
      for (const std::string& q : request.ask) add(q, {});
    else
      for (const Question& q : lesson.questions) add(q.quantity, q.where);
    return out;
  }
  return default_questions(judge.exact());
}

}  // namespace

std::optional<std::string> answer_at(const Value& value, int significant) {
  const Rational lo = lower_bound(value), hi = upper_bound(value);
  if (lo == 0 && hi == 0) return "0";
  if (lo <= 0 && hi >= 0) return std::nullopt;  // not even the sign is certain
  const Decimal a = round_significant(lo, significant), b = round_significant(hi, significant);
  if (!(a == b)) return std::nullopt;
  return to_string(a);
}

bool signature_equal(const Value& a, const Value& b) { return signature(a) == signature(b); }

std::string mistake_label(const MistakeTrace& m) {
  return m.label.empty() ? m.mistake->number : m.mistake->number + " (" + m.label + ")";
}

std::vector<const MistakeTrace*> compared_mistakes(const Judge& judge) {
  std::vector<const MistakeTrace*> out;
  for (const MistakeTrace& m : judge.mistakes())
    if (m.mistake->number != "9") out.push_back(&m);
  return out;
}

namespace {

// The probes: numbers drawn without conditions, to find what coincides whatever the numbers.
std::vector<Structure> probe_structures(const Lesson& lesson, const std::string& lesson_text, const VariantRequest& request,
                                        const std::vector<std::string>& names, const std::vector<Key>& asked, int last_step) {
  Random probe_random{request.seed ^ 0x5DEECE66Dull};
  std::vector<std::vector<Answers>> probes(asked.size());
  for (int found = 0, tries = 0; found < kProbes && tries < kAttempts; ++tries) {
    auto judge = load_candidate("probe", variant_text(lesson, lesson_text, request.seed, 0, names, probe_random), last_step);
    if (!judge) continue;
    for (std::size_t q = 0; q < asked.size(); ++q) probes[q].push_back(answers_of(*judge, asked[q]));
    ++found;
  }
  std::vector<Structure> structures;
  for (const auto& p : probes) structures.push_back(structure(p));
  return structures;
}

// Why a drawn variant is refused, or "" when it is kept.
std::string refusal(const Judge& judge, const std::vector<Key>& asked, const std::vector<Structure>& structures, int significant) {
  if (!tame_pre_activations(judge.lesson(), judge.exact())) return "a pre-activation is near saturation or a kink";
  for (const Key& q : asked)
    if (!away_from_boundaries(judge.exact().value(q), significant)) return canonical_name(q) + " is 0 or on a rounding boundary";
  for (std::size_t q = 0; q < asked.size(); ++q)
    if (!told_apart(judge, asked[q], structures[q], significant)) return "two answers to " + canonical_name(asked[q]) + " coincide";
  return "";
}

}  // namespace

std::vector<ExerciseVariant> make_variants(const Lesson& lesson, const std::string& lesson_text, const VariantRequest& request) {
  if (lesson.graph) throw UsageError(lesson.name + ": variant draws new numbers for network lessons only, not for a [graph]");
  const Judge original(lesson, 15, std::nullopt);
  const std::vector<std::string> names = asked_names(lesson, original, request);
  std::vector<Key> asked;
  int last_step = 1;
  for (const std::string& n : names) {
    asked.push_back(*original.resolve(n));
    last_step = std::max(last_step, asked.back().step);
  }
  const std::vector<Structure> structures = probe_structures(lesson, lesson_text, request, names, asked, last_step);
  std::vector<ExerciseVariant> out;
  for (int number = 1; number <= request.count; ++number) {
    Random random{request.seed * 0x100000001B3ull + static_cast<std::uint64_t>(number)};
    const std::string name = lesson.name + "-seed" + std::to_string(request.seed) + "-" + std::to_string(number);
    std::map<std::string, int> rejected;  // why draws were refused, for the message when none is kept
    for (int attempt = 0; attempt < kAttempts && out.size() < static_cast<std::size_t>(number); ++attempt) {
      std::string text = variant_text(lesson, lesson_text, request.seed, number, names, random);
      auto judge = load_candidate(name, text, last_step);
      const std::string reason = judge ? refusal(*judge, asked, structures, request.significant) : "the lesson is undefined for them";
      if (!reason.empty()) {
        ++rejected[reason];
        continue;
      }
      ExerciseVariant v{number, name, std::move(text), judge, asked, {}};
      for (std::size_t q = 0; q < asked.size(); ++q)
        for (const auto& [first, second] : structures[q].coincident) v.coincident.push_back(Coincidence{asked[q], first, second});
      out.push_back(std::move(v));
    }
    if (out.size() < static_cast<std::size_t>(number)) {
      auto most = std::max_element(rejected.begin(), rejected.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      throw UsageError("no numbers found for variant " + std::to_string(number) + " of " + lesson.name + " in " +
                       std::to_string(kAttempts) + " draws; most often " + most->first + " (" + std::to_string(most->second) +
                       " draws): ask other quantities (--ask), or fewer digits (--significant)");
    }
  }
  return out;
}

}  // namespace bptrace
