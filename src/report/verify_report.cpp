#include "report/verify_report.hpp"

#include "number/decimal.hpp"
#include "render/value_format.hpp"

#include <algorithm>
#include <map>

namespace bptrace {

namespace {

// "1 value", "438 values".
std::string values_count(std::size_t n) { return std::to_string(n) + (n == 1 ? " value" : " values"); }

// Columns count characters, not bytes (σ, −, ≈ are several bytes in UTF-8).
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
std::string pad(const std::string& s, std::size_t n) { return s + std::string(n > width(s) ? n - width(s) : 0, ' '); }

// 8.27e14, 5.6e-7: `digits` significant digits, for q > 0.
std::string scientific(const Rational& q, int digits) {
  Decimal d = round_significant(q, digits);
  std::string m = abs(d.mantissa).str();
  std::string head = m.substr(0, 1) + (m.size() > 1 ? "." + m.substr(1) : "");
  return head + "e" + std::to_string(d.exponent + static_cast<int>(m.size()) - 1);
}

// 0, 0.5, 12.3, 4.5e+15: ulps to one decimal below 1000, 3 significant digits above.
std::string ulps_text(const Rational& q) {
  if (q == 0) return "0";
  if (q < 1000) return to_string(round_places(q, 1));
  if (q < 1000000) return to_string(round_places(q, 0));
  return scientific(q, 3);  // a mistake's error: 8.27e14
}
std::string relative_text(const std::optional<Rational>& q) {
  if (!q) return "-";
  if (*q == 0) return "0";
  if (*q >= Rational(1, 1000)) return to_string(round_significant(*q, 2));
  return scientific(*q, 2);
}

// Enough digits to tell two numbers of the dtype apart, and three more.
int shown_digits(const FloatFormat& f) { return f.precision > 24 ? 20 : 12; }

std::string describe_rule(const Verification& v) {
  const ToleranceRule& r = v.rule;
  const std::string u = "u = 2^-" + std::to_string(r.dtype.precision);
  if (r.rtol || r.atol)
    return "|recorded − exact| ≤ " + to_string(round_significant(r.rtol.value_or(0), 6)) + "·|exact| + " +
           to_string(round_significant(r.atol.value_or(0), 6)) + " (--rtol, --atol)";
  return "forward error bound of a correct " + r.dtype.name + " implementation (" + u + ", γ_n = nu/(1 − nu), " +
         "elementary functions " + std::to_string(r.function_ulps) + " ulps) × " + fraction_string(r.factor) +
         " (README, \"Verify a program\")";
}

std::string mistake_name(const MistakeTrace& m) {
  std::string s = "mistake " + m.mistake->number + ": " + m.title;
  if (!m.label.empty()) s += " (" + m.label + ")";
  return s;
}

// The group of a quantity in the per-layer table: its pass and its layer.
std::string group_of(const ValueCheck& c) {
  const Key& k = c.key;
  std::string pass = c.phase == Phase::update ? "update" : c.phase == Phase::backward ? "backward"
                     : c.phase == Phase::loss ? "loss" : c.phase == Phase::forward ? "forward" : "given";
  if (k.quantity == Quantity::loss || k.quantity == Quantity::loss_term) return "loss";
  if (k.quantity == Quantity::input_gradient) return "backward input";
  if (k.layer > 0) return pass + " layer" + std::to_string(k.layer);
  return pass;
}

// One row per recorded value: its verdict, its distance from the exact value, and the mistakes
// that explain it.
std::string value_table(const Verification& v, int digits) {
  std::size_t name_width = 8;
  for (const ValueCheck& c : v.checks) name_width = std::max(name_width, width(c.recorded->name));
  std::vector<std::string> ulps, rel, tol;
  std::size_t uw = 4, rw = 8, tw = 9;
  for (const ValueCheck& c : v.checks) {
    ulps.push_back(ulps_text(c.ulps));
    rel.push_back(relative_text(c.relative));
    tol.push_back(ulps_text(c.tolerance_ulps));
    uw = std::max(uw, width(ulps.back()));
    rw = std::max(rw, width(rel.back()));
    tw = std::max(tw, width(tol.back()));
  }
  std::size_t vw = 10;
  for (const ValueCheck& c : v.checks) vw = std::max(vw, width(value_text(Value(c.recorded->value), decimal_style(digits))) + 2);
  std::string out = pad("verdict", 9) + pad("quantity", name_width + 2) + pad("ulps", uw + 2) + pad("relative", rw + 2) +
                    pad("tolerance", tw + 2) + pad("recorded", vw) + "exact\n";
  for (std::size_t i = 0; i < v.checks.size(); ++i) {
    const ValueCheck& c = v.checks[i];
    std::string recorded = value_text(Value(c.recorded->value), decimal_style(digits));
    std::string truth = value_text(c.exact, decimal_style(digits));
    out += pad(c.within ? "ok" : "OUT", 9) + pad(c.recorded->name, name_width + 2) + pad(ulps[i], uw + 2) +
           pad(rel[i], rw + 2) + pad(tol[i], tw + 2) + pad(recorded, vw) + truth + "\n";
    for (const Explanation& e : c.explanations)
      out += "         explained by " + mistake_name(*e.mistake) + ": that computation gives " +
             value_text(e.value, decimal_style(digits)) + "\n";
    if (!c.within && c.explanations.empty()) out += "         no catalogued mistake gives this value\n";
  }
  return out;
}

std::string place(const SourceLocation& w) { return w.file + ":" + std::to_string(w.line) + ":" + std::to_string(w.column); }

// The values that were not checked, each with its place and why.
std::string skipped_lines(const Verification& v) {
  std::string out;
  for (const UnknownName& u : v.unknown) {
    std::string closest;
    for (const std::string& n : u.closest) closest += (closest.empty() ? "" : ", ") + n;
    out += "skipped  " + place(u.recorded->where) + ": " + u.recorded->json_path + ": no quantity '" + u.recorded->name +
           "' in this lesson" + (closest.empty() ? "" : "; did you mean " + closest + "?") + "\n";
  }
  for (const RecordedValue* r : v.unbounded) {
    out += "skipped  " + place(r->where) + ": " + r->json_path + ": the lesson does not trace " + r->name +
           " in full (a summarised training step), so it has no error "
           "bound; trace every step ([training] detail_steps = 0) or use --rtol\n";
  }
  return out;
}

// Per layer: how many ulps the program lost against the exact values.
std::string layer_table(const Verification& v, const FloatFormat& dtype) {
  struct Group {
    std::size_t count = 0;
    Rational max_ulps = 0, sum_ulps = 0, max_relative = 0;
  };
  std::vector<std::string> order;
  std::map<std::string, Group> groups;
  for (const ValueCheck& c : v.checks) {
    std::string g = group_of(c);
    if (!groups.count(g)) order.push_back(g);
    Group& x = groups[g];
    ++x.count;
    x.max_ulps = std::max(x.max_ulps, c.ulps);
    x.sum_ulps += c.ulps;
    if (c.relative) x.max_relative = std::max(x.max_relative, *c.relative);
  }
  if (order.empty()) return "";
  std::string out = "\nulps lost in " + dtype.name + " against the exact values, per layer:\n";
  std::size_t gw = 5;
  for (const auto& g : order) gw = std::max(gw, width(g));
  out += "  " + pad("layer", gw + 2) + pad("values", 8) + pad("max ulps", 11) + pad("mean ulps", 11) + "max relative\n";
  // (ulps below 10^6 take at most 6 characters, larger ones 7: "8.27e14")
  for (const auto& g : order) {
    const Group& x = groups[g];
    out += "  " + pad(g, gw + 2) + pad(std::to_string(x.count), 8) + pad(ulps_text(x.max_ulps), 11) +
           pad(ulps_text(x.sum_ulps / static_cast<long>(x.count)), 11) + relative_text(x.max_relative) + "\n";
  }
  return out;
}

// The counts, and the one mistake that explains every value out of tolerance, if there is one.
std::string summary_line(const Verification& v, std::size_t values) {
  const std::size_t bad = v.out_of_tolerance();
  std::string out = "\n" + values_count(values) + ": " + std::to_string(v.checks.size() - bad) + " within tolerance, " +
                    std::to_string(bad) + " out of tolerance, " + std::to_string(v.unknown.size()) +
                    " not in the lesson (skipped)";
  if (!v.unbounded.empty()) out += ", " + std::to_string(v.unbounded.size()) + " without an error bound (skipped)";
  if (bad > 0 && !v.explains_all.empty()) {
    out += "; every value agrees with ";
    for (std::size_t i = 0; i < v.explains_all.size(); ++i) out += (i ? " and with " : "") + mistake_name(*v.explains_all[i]);
  } else if (bad > 0) {
    out += "; no single catalogued mistake explains every value";
  }
  return out + "\n";
}

}  // namespace

std::string render_verification(const Trace& exact, const Verification& v) {
  const ValuesFile& file = *v.file;
  std::string out = "verify " + exact.header.label() + " against " + file.path + " (" + file.dtype.name + ", " +
                    values_count(file.values.size()) + (file.producer.empty() ? "" : ", from " + file.producer) + ")\n";
  out += "tolerance: " + describe_rule(v) + "\n\n";
  out += value_table(v, shown_digits(file.dtype));
  out += skipped_lines(v);
  out += layer_table(v, file.dtype);
  return out + summary_line(v, file.values.size());
}

}  // namespace bptrace
