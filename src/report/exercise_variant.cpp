#include "report/exercise_variant.hpp"

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

// splitmix64: the same stream on every machine.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    return splitmix64(state);
  }
  // An integer in [lo, hi], never 0 when `nonzero`.
  long in(long lo, long hi, bool nonzero) {
    for (;;) {
      long k = lo + static_cast<long>(next() % static_cast<std::uint64_t>(hi - lo + 1));
      if (!nonzero || k != 0) return k;
    }
  }
};

std::string fraction_or_decimal(const Rational& q) {
  if (auto decimal = terminating_decimal(q, 60)) return *decimal;
  return fraction_string(q);
}

// A "nice" number k/20: an exact decimal of at most two digits.
std::string twentieths(long k) { return *terminating_decimal(Rational(k, 20)); }

// --- the numbers, drawn into the lesson's own TOML ------------------------------------------------

enum class Role { weight, bias, input, target };

bool all_zero_or_one(const lesson_toml::Reader& r, const toml::array& values) {
  bool all = true;
  values.for_each([&](const toml::node& v) {
    if (v.is_array()) {
      all = all && all_zero_or_one(r, *v.as_array());
      return;
    }
    Rational q = r.number(v, "a value");
    all = all && (q == 0 || q == 1);
  });
  return all;
}

bool all_nonnegative(const lesson_toml::Reader& r, const toml::array& values) {
  bool all = true;
  values.for_each([&](const toml::node& v) {
    if (v.is_array()) all = all && all_nonnegative(r, *v.as_array());
    else all = all && r.number(v, "a value") >= 0;
  });
  return all;
}

// Weights in ±0.9, biases in ±0.5 (never 0), inputs and targets in 0.05…0.95 (±0.95 for inputs
// that the lesson lets be negative). Inputs and targets that are all 0 or 1 (XOR's points, class
// labels) are the problem's data and stay.
void draw(toml::array& values, Role role, bool negative_inputs, Random& random) {
  for (auto it = values.begin(); it != values.end(); ++it) {
    if (it->is_array()) {
      draw(*it->as_array(), role, negative_inputs, random);
      continue;
    }
    long k = role == Role::weight ? random.in(-18, 18, true)
             : role == Role::bias ? random.in(-10, 10, true)
             : role == Role::input && negative_inputs ? random.in(-19, 19, true)
                                                      : random.in(1, 19, false);
    it = values.replace(it, twentieths(k));
  }
}

void draw_field(const lesson_toml::Reader& r, toml::table& table, const char* field, Role role, Random& random) {
  toml::array* values = table[field].as_array();
  if (!values) return;
  if ((role == Role::input || role == Role::target) && all_zero_or_one(r, *values)) return;
  draw(*values, role, role == Role::input && !all_nonnegative(r, *values), random);
}

// Every other floating-point number written as its exact decimal string: toml++ would print a double.
void exact_numbers(const lesson_toml::Reader& r, toml::node& node) {
  if (toml::table* t = node.as_table()) {
    std::vector<std::string> floating;
    for (auto&& [key, value] : *t) {
      if (value.is_floating_point()) floating.emplace_back(key.str());
      else exact_numbers(r, value);
    }
    for (const std::string& key : floating) t->insert_or_assign(key, fraction_or_decimal(r.number(*t->get(key), "a number")));
  } else if (toml::array* a = node.as_array()) {
    for (auto it = a->begin(); it != a->end(); ++it) {
      if (it->is_floating_point()) it = a->replace(it, fraction_or_decimal(r.number(*it, "a number")));
      else exact_numbers(r, *it);
    }
  }
}


std::string variant_text(const Lesson& lesson, const std::string& lesson_text, const std::uint64_t seed, int number,
                         const std::vector<std::string>& questions, Random& random) {
  const lesson_toml::Reader r(lesson.path, lesson_text);
  toml::table root = lesson_toml::parse_located(lesson.path, lesson_text);
  root.erase("document");
  root.erase("erratum");
  if (toml::array* layers = root["layer"].as_array())
    for (toml::node& layer : *layers) {
      draw_field(r, *layer.as_table(), "weights", Role::weight, random);
      draw_field(r, *layer.as_table(), "bias", Role::bias, random);
    }
  if (toml::array* samples = root["sample"].as_array())
    for (toml::node& sample : *samples) {
      draw_field(r, *sample.as_table(), "x", Role::input, random);
      draw_field(r, *sample.as_table(), "y", Role::target, random);
    }
  exact_numbers(r, root);
  toml::table& meta = *root["lesson"].as_table();
  const std::string tag = "variant " + std::to_string(number) + " of seed " + std::to_string(seed);
  meta.insert_or_assign("title", lesson.title + " (" + tag + ")");
  meta.insert_or_assign("source", "bptrace variant " + lesson.name + " --seed " + std::to_string(seed) + ": " + lesson.source);
  meta.insert_or_assign("description", "Lesson " + lesson.name + " with new numbers, " + tag +
                                           " (bptrace variant): the same network, loss and training; no document checks.");
  meta.erase("example");
  toml::array ask;
  for (const std::string& q : questions) ask.push_back(q);
  root.insert_or_assign("questions", toml::table{{"ask", ask}});
  std::ostringstream out;
  out << "# " << lesson.name << ", " << tag << ": written by bptrace variant, the same on every machine.\n"
      << toml::toml_formatter{root} << "\n";
  return out.str();
}

// --- what the numbers must satisfy ----------------------------------------------------------------

Rational lower(const Value& v) { return v.is_exact() ? v.exact() : lower_bound(v.enclosure()); }
Rational upper(const Value& v) { return v.is_exact() ? v.exact() : upper_bound(v.enclosure()); }

// Away from saturation and from kinks, in the step the questions are about.
bool tame_pre_activations(const Lesson& lesson, const Trace& exact) {
  const auto& layers = lesson.problem.network.layers;
  for (const Step& step : exact.steps()) {
    if (step.key.quantity != Quantity::pre_activation || step.key.step != 1 || step.key.layer < 1 ||
        static_cast<std::size_t>(step.key.layer) > layers.size())
      continue;
    const Rational lo = lower(step.value), hi = upper(step.value);
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
  const Rational lo = lower(v), hi = upper(v);
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
    if (const Value* v = m->trace.find_value(quantity)) out[mistake_label(*m)] = signature(*v);
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
  std::map<std::string, const Value*> mistaken;
  for (const MistakeTrace* m : compared_mistakes(judge))
    if (const Value* v = m->trace.find_value(quantity)) mistaken[mistake_label(*m)] = v;
  for (const std::string& label : s.changing) {
    auto found = mistaken.find(label);
    if (found == mistaken.end()) return false;  // it changes nothing this time: it gives the right answer
    auto answer = answer_at(*found->second, significant);
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
  const Rational lo = lower(value), hi = upper(value);
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

  // The probes: numbers drawn without conditions, to find what coincides whatever the numbers.
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

  std::vector<ExerciseVariant> out;
  for (int number = 1; number <= request.count; ++number) {
    Random random{request.seed * 0x100000001B3ull + static_cast<std::uint64_t>(number)};
    const std::string name = lesson.name + "-seed" + std::to_string(request.seed) + "-" + std::to_string(number);
    bool accepted = false;
    std::map<std::string, int> rejected;  // why draws were refused, for the message when none is kept
    for (int attempt = 0; attempt < kAttempts && !accepted; ++attempt) {
      std::string text = variant_text(lesson, lesson_text, request.seed, number, names, random);
      auto judge = load_candidate(name, text, last_step);
      if (!judge) {
        ++rejected["the lesson is undefined for them"];
        continue;
      }
      if (!tame_pre_activations(judge->lesson(), judge->exact())) {
        ++rejected["a pre-activation is near saturation or a kink"];
        continue;
      }
      std::string reason;
      for (std::size_t q = 0; reason.empty() && q < asked.size(); ++q)
        if (!away_from_boundaries(judge->exact().value(asked[q]), request.significant))
          reason = canonical_name(asked[q]) + " is 0 or on a rounding boundary";
      for (std::size_t q = 0; reason.empty() && q < asked.size(); ++q)
        if (!told_apart(*judge, asked[q], structures[q], request.significant))
          reason = "two answers to " + canonical_name(asked[q]) + " coincide";
      if (!reason.empty()) {
        ++rejected[reason];
        continue;
      }
      ExerciseVariant v{number, name, std::move(text), judge, asked, {}};
      for (std::size_t q = 0; q < asked.size(); ++q)
        for (const auto& [first, second] : structures[q].coincident) v.coincident.push_back(Coincidence{asked[q], first, second});
      out.push_back(std::move(v));
      accepted = true;
    }
    if (!accepted) {
      auto most = std::max_element(rejected.begin(), rejected.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      throw UsageError("no numbers found for variant " + std::to_string(number) + " of " + lesson.name + " in " +
                       std::to_string(kAttempts) + " draws; most often " + most->first + " (" + std::to_string(most->second) +
                       " draws): ask other quantities (--ask), or fewer digits (--significant)");
    }
  }
  return out;
}

}  // namespace bptrace
