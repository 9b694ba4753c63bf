#include "lesson/document_check.hpp"

#include "lesson/document_tolerance.hpp"
#include "trace/suggest.hpp"

#include "number/decimal.hpp"

namespace bptrace {

namespace {

bool is_fraction(const std::string& printed) { return printed.find('/') != std::string::npos; }

// Whether the value rounds (half a unit of the last printed place either side, both tie rules
// accepted) or truncates to the printed text.
Certainty rounds_to(const Value& x, const std::string& printed) {
  Rational p = parse_rational(printed);
  if (is_fraction(printed)) return lies_within(x, p, true, p, true);
  Rational half_unit = pow10(-decimal_places(printed)) / 2;
  return lies_within(x, Rational(p - half_unit), true, Rational(p + half_unit), true);
}

Certainty truncates_to(const Value& x, const std::string& printed) {
  if (is_fraction(printed)) return Certainty::no;
  Rational p = parse_rational(printed);
  Rational unit = pow10(-decimal_places(printed));
  bool negative = printed.front() == '-';
  if (negative) return lies_within(x, Rational(p - unit), false, p, true);
  return lies_within(x, p, true, Rational(p + unit), false);
}

// Digits at which two certified values are compared: those of the golden files.
constexpr int kFormulaDigits = 30;

std::string value_text(const Value& v) {
  return v.is_exact() ? fraction_string(v.exact()) : certified_text(v, 20).text;
}

// Whether the engine's value equals the value of the formula the document prints: exactly, or,
// when either is certified, with disjoint enclosures (certainly not) or the same certain digits.
Certainty equals(const Value& value, const Value& printed) {
  if (value.is_exact() && printed.is_exact()) return value.exact() == printed.exact() ? Certainty::yes : Certainty::no;
  Interval a = value.enclosure(), b = printed.enclosure();
  if (upper_bound(a) < lower_bound(b) || upper_bound(b) < lower_bound(a)) return Certainty::no;
  ValueText x = certified_text(value, kFormulaDigits), y = certified_text(printed, kFormulaDigits);
  return x.complete && y.complete && x.text == y.text ? Certainty::yes : Certainty::unknown;
}

Verdict judge_formula(const Value& value, const Value& printed, bool declared_erratum) {
  Certainty same = equals(value, printed);
  if (same == Certainty::unknown) return Verdict::uncertain;
  if (declared_erratum) return same == Certainty::yes ? Verdict::erratum_matches : Verdict::erratum;
  return same == Certainty::yes ? Verdict::rounds : Verdict::mismatch;
}

}  // namespace

Verdict judge(const Value& value, const std::string& printed, bool declared_erratum,
              const std::optional<DocumentTolerance>& tolerance) {
  Certainty r = rounds_to(value, printed);
  Certainty t = r == Certainty::yes ? Certainty::no : truncates_to(value, printed);
  // A tolerance only widens what passes: the printed digits of a float may all be wrong by an ulp.
  Certainty w = !tolerance || r == Certainty::yes || t == Certainty::yes ? Certainty::no
                                                                         : within_tolerance(value, printed, *tolerance);
  if (w != Certainty::yes && (r == Certainty::unknown || t == Certainty::unknown || w == Certainty::unknown))
    return Verdict::uncertain;
  bool matches = r == Certainty::yes || t == Certainty::yes || w == Certainty::yes;
  if (declared_erratum) return matches ? Verdict::erratum_matches : Verdict::erratum;
  if (r == Certainty::yes) return Verdict::rounds;
  if (t == Certainty::yes) return Verdict::truncates;
  if (w == Certainty::yes) return Verdict::within_tolerance;
  return Verdict::mismatch;
}

void validate_document_names(const Lesson& lesson, const Trace& trace) {
  for (const DocumentValue& d : lesson.documents) {
    if (trace.find_name(d.quantity)) continue;
    // The closest names, a missing sampleK. / stepT. prefix considered; a graph's are its nodes.
    throw LessonError(d.location, unknown_name_message(d.quantity, trace));
  }
}

namespace {

// The check of the lesson's k-th [[document]] value.
DocumentCheck check_document(const Lesson& lesson, const Trace& trace, std::size_t k) {
  const DocumentValue& d = lesson.documents[k];
  // validate_document_names has made sure that the quantity exists.
  const Trace::Found found = *trace.find_name(d.quantity);
  const Key key = found.term ? found.step->key.through(found.term->via) : found.step->key;
  const Value& v = found.value();
  if (d.formula) {
    const Value& printed = trace.value(document_formula_key(static_cast<int>(k) + 1));
    DocumentCheck check{&d, key, judge_formula(v, printed, d.erratum.has_value()), value_text(v), {}, {}};
    if (check.verdict != Verdict::rounds) check.rounded += "; the printed formula gives " + value_text(printed);
    return check;
  }
  DocumentCheck check{&d, key, judge(v, d.printed, d.erratum.has_value(), d.tolerance), "", {}, {}};
  if (v.is_exact() && is_fraction(d.printed)) {
    check.rounded = fraction_string(v.exact());
  } else {
    int places = decimal_places(d.printed);
    // Round the enclosure's ends: equal means the rounding is certain.
    Rational lo = lower_bound(v), hi = upper_bound(v);
    Decimal a = round_places(lo, places), b = round_places(hi, places);
    check.rounded = a == b ? to_string(a) : "(uncertain)";
  }
  if (check.verdict == Verdict::within_tolerance) {
    check.tolerance_clause = tolerance_clause(*d.tolerance);
    check.tolerance_distance = tolerance_distance(v, d.printed, *d.tolerance);
  }
  return check;
}

}  // namespace

std::vector<DocumentCheck> check_documents(const Lesson& lesson, const Trace& trace) {
  std::vector<DocumentCheck> out;
  for (std::size_t k = 0; k < lesson.documents.size(); ++k) {
    const DocumentValue& d = lesson.documents[k];
    try {
      out.push_back(check_document(lesson, trace, k));
    } catch (const BeyondExactRange& e) {
      // A value past the exact range has no decimal to compare at the printed places.
      throw LessonError(d.location, d.quantity + ": " + e.what());
    }
  }
  return out;
}

}  // namespace bptrace
