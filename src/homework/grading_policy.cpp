#include "homework/grading_policy.hpp"

#include "number/decimal.hpp"

namespace bptrace {

std::string points_text(const Rational& points) {
  if (auto decimal = terminating_decimal(points, 12)) return *decimal;
  return fraction_string(points);
}

namespace {

std::string plural(const Rational& points) { return points_text(points) + (points == 1 ? " point" : " points"); }

std::string precision_clause(const GradingPolicy& p) {
  if (p.min_decimals)
    return "precision: a right answer needs at least " + std::to_string(*p.min_decimals) + " decimal" +
           (*p.min_decimals == 1 ? "" : "s") + ", else it is insufficient precision";
  if (p.min_significant && *p.min_significant > 0)
    return "precision: a right answer needs at least " + std::to_string(*p.min_significant) + " significant digit" +
           (*p.min_significant == 1 ? "" : "s") + ", else it is insufficient precision";
  return "precision: any (an answer is judged at the precision it is written in)";
}

std::string tolerance_clause(const GradingPolicy& p) {
  if (!p.tolerance) return "tolerance: none (right means it rounds or truncates to the written digits)";
  return std::string("tolerance: also right within ") +
         (p.tolerance->kind == Tolerance::Kind::absolute ? "an absolute " : "a relative ") + p.tolerance->text +
         " of the value";
}

std::string points_clause(const GradingPolicy& p) {
  std::string out = "points: " + plural(p.points) + " per quantity";
  for (const QuantityPoints& q : p.quantity_points) out += ", " + q.name + " " + points_text(q.points);
  return out;
}

std::string credit_clause(const GradingPolicy& p) {
  std::string out = "partial credit: ";
  if (p.mistake_points.empty()) out += "none for wrong answers";
  bool first = true;
  for (const auto& [number, points] : p.mistake_points) {
    out += (first ? "mistake " : ", mistake ") + number + " " + points_text(points);
    first = false;
  }
  return out + "; insufficient precision " + points_text(p.insufficient_points) + ", ungradable " +
         points_text(p.ungradable_points) + ", undecided 0";
}

}  // namespace

std::vector<std::string> describe(const GradingPolicy& policy) {
  return {precision_clause(policy),
          std::string("truncation: ") + (policy.accept_truncation ? "accepted (a truncated answer is right)"
                                                                  : "refused (a right answer must be rounded)"),
          tolerance_clause(policy), points_clause(policy), credit_clause(policy)};
}

}  // namespace bptrace
