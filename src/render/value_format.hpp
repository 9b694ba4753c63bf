#pragma once
// How a value is written: the exact fraction and its decimal, or the certain digits of an
// enclosure, or the undecided spelling. Every renderer and report writes a Value through this one
// formatter, in one of a few forms; `--digits` (and `--fractions`) enter it once, as the style
// a command hands to its renderers. Digits come from number/decimal.hpp, so every one printed is
// certain.
#include "number/value.hpp"
#include "render/math.hpp"

#include <climits>
#include <string>

#include <fmt/format.h>

namespace bptrace {

enum class ValueForm {
  // The number alone (a matrix entry, a picture, a table): its decimal when it terminates within
  // `digits`, else its fraction when at most `fraction_limit` characters, else rounded:
  // "0.3775", "1/3", "0.3333333333"; an enclosure's certain digits.
  number,
  // After a formula: "= 151/400 = 0.3775", "= 1/3 ≈ 0.333333333333333", "= 1/2",
  // "≈ 0.593269992107187"; a fraction over 60 characters by its length unless `whole_fractions`.
  result,
  // After a formula, the decimal alone when it terminates: "= 0.3775", "= 1/3 ≈ 0.333…", "≈ 0.59…";
  // a fraction over 60 characters as "≈ 0.152… (exact fraction of 311 characters)".
  short_result,
  // The exact fraction, or the certain digits: "151/400", "0.593269992107187".
  exact,
  // A golden file's field: "= 151/400", "~ 0.593269992107187", "~ 0.59 (incomplete)",
  // "~ 0 (undecided: |x| < 1e-6400)". ASCII, so that a golden reads the same everywhere.
  record,
};

struct ValueStyle {
  ValueForm form = ValueForm::result;
  int digits = 15;                     // significant digits of a rounded or certified value
  bool whole_fractions = false;        // result: exact fractions in full, however long
  Dialect dialect = Dialect::text;     // result: ≈ and fractions as text or LaTeX
  std::size_t fraction_limit = 12;     // number: the longest fraction written as a fraction
  bool parenthesized = false;          // number: a negative value in parentheses, as in a formula

  ValueStyle as(ValueForm f) const {
    ValueStyle s = *this;
    s.form = f;
    return s;
  }
  ValueStyle in(Dialect d) const {
    ValueStyle s = *this;
    s.dialect = d;
    return s;
  }
  ValueStyle with_digits(int d) const {
    ValueStyle s = *this;
    s.digits = d;
    return s;
  }
};

// A number inside a formula: 10 significant digits, negative values in parentheses.
inline ValueStyle operand_style() {
  ValueStyle s;
  s.form = ValueForm::number;
  s.digits = 10;
  s.parenthesized = true;
  return s;
}
// Digits only, never a fraction: "0.333333333333333".
inline ValueStyle decimal_style(int digits) {
  ValueStyle s;
  s.form = ValueForm::number;
  s.digits = digits;
  s.fraction_limit = 0;
  return s;
}

// A value with the style it is written in: fmt::format("{}", styled(v, style)).
struct StyledValue {
  const Value& value;
  ValueStyle style;
};
inline StyledValue styled(const Value& v, const ValueStyle& style) { return {v, style}; }

// The one implementation of the policy above; the formatters below call it.
std::string value_text(const Value& v, const ValueStyle& style);

}  // namespace bptrace

template <>
struct fmt::formatter<bptrace::StyledValue> : fmt::formatter<fmt::string_view> {
  template <class Context>
  auto format(const bptrace::StyledValue& v, Context& ctx) const {
    return fmt::formatter<fmt::string_view>::format(bptrace::value_text(v.value, v.style), ctx);
  }
};

// A value in the default style: a result to 15 significant digits.
template <>
struct fmt::formatter<bptrace::Value> : fmt::formatter<fmt::string_view> {
  template <class Context>
  auto format(const bptrace::Value& v, Context& ctx) const {
    return fmt::formatter<fmt::string_view>::format(bptrace::value_text(v, bptrace::ValueStyle{}), ctx);
  }
};
