#include "render/value_format.hpp"

#include "number/decimal.hpp"

namespace bptrace {

namespace {

// Past this length an exact fraction is shown by its length (unless whole_fractions).
constexpr std::size_t kLongFraction = 60;

std::string rounded(const Rational& q, int digits) { return to_string(round_significant(q, digits)); }

std::string number(const Value& v, const ValueStyle& s) {
  std::string text;
  if (!v.is_exact()) {
    text = certified_text(v, s.digits).text;
  } else if (auto d = terminating_decimal(v.exact(), s.digits)) {
    text = *d;
  } else {
    text = fraction_length(v.exact()) <= s.fraction_limit ? fraction_string(v.exact()) : rounded(v.exact(), s.digits);
  }
  // The text, not sign(v): an enclosure that stays around 0 has no certain sign to ask for.
  return s.parenthesized && !text.empty() && text.front() == '-' ? "(" + text + ")" : text;
}

std::string latex_fraction(const std::string& fraction) {
  const std::size_t slash = fraction.find('/');
  const std::size_t start = fraction[0] == '-' ? 1 : 0;
  return fraction.substr(0, start) + "\\tfrac{" + fraction.substr(start, slash - start) + "}{" +
         fraction.substr(slash + 1) + "}";
}

std::string result(const Value& v, const ValueStyle& s) {
  const bool latex = s.dialect == Dialect::latex;
  const std::string approx = latex ? "\\approx " : "≈ ";
  if (!v.is_exact()) {
    ValueText t = certified_text(v, s.digits);
    if (t.complete || t.undecided) return approx + t.text;
    return approx + t.text + (latex ? "\\ \\text{(only these digits are certain)}" : "  (only these digits are certain)");
  }
  auto decimal = terminating_decimal(v.exact(), s.digits);
  // A long fraction is written by its length only: not converted to decimal (issue 16, item 1).
  const std::size_t length = fraction_length(v.exact());
  const bool by_length = length > kLongFraction && !s.whole_fractions;
  std::string fraction = by_length ? std::string() : fraction_string(v.exact());
  if (decimal && *decimal == fraction) return "= " + fraction;
  if (by_length) {
    std::string note = "(exact fraction of " + std::to_string(length) + " characters)";
    fraction = latex ? "\\text{" + note + "}" : note;
  } else if (latex) {
    fraction = latex_fraction(fraction);
  }
  if (decimal) return "= " + fraction + " = " + *decimal;
  return "= " + fraction + " " + approx + rounded(v.exact(), s.digits);
}

std::string short_result(const Value& v, const ValueStyle& s) {
  if (!v.is_exact()) return "≈ " + certified_text(v, s.digits).text;
  if (auto d = terminating_decimal(v.exact(), s.digits)) return "= " + *d;
  // A long fraction by its length, as `result` writes it: its decimal is the readable value.
  const std::size_t length = fraction_length(v.exact());
  if (length > kLongFraction && !s.whole_fractions)
    return "≈ " + rounded(v.exact(), s.digits) + " (exact fraction of " + std::to_string(length) + " characters)";
  return "= " + fraction_string(v.exact()) + " ≈ " + rounded(v.exact(), s.digits);
}

std::string record(const Value& v, const ValueStyle& s) {
  ValueText t = certified_text(v, s.digits);
  return (t.exact ? "= " : "~ ") + t.text + (t.complete || t.undecided ? "" : " (incomplete)");
}

}  // namespace

std::string value_text(const Value& v, const ValueStyle& style) {
  switch (style.form) {
    case ValueForm::number: return number(v, style);
    case ValueForm::result: return result(v, style);
    case ValueForm::short_result: return short_result(v, style);
    case ValueForm::exact: return certified_text(v, style.digits).text;
    case ValueForm::record: return record(v, style);
  }
  return "";
}

}  // namespace bptrace
