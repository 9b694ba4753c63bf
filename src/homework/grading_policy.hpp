#pragma once
// How `grade` turns a judged answer into a grade and points: the precision a right answer must
// show, whether truncation counts as right, a tolerance for answers computed in floating point,
// and the points of each quantity, of each diagnosed mistake (partial credit) and of an answer
// that cannot be graded. Read from a rubric file (homework/rubric.hpp) or flags.
#include "model/source_location.hpp"
#include "number/rational.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bptrace {

// |answer − value| ≤ amount (absolute), or ≤ amount·|value| (relative).
struct Tolerance {
  enum class Kind { absolute, relative };
  Kind kind = Kind::relative;
  Rational amount;
  std::string text;  // as written: "1e-9"
};

// The points of one quantity, named as the rubric writes it (resolved against the lesson).
struct QuantityPoints {
  std::string name;
  Rational points;
  SourceLocation where;
};

struct GradingPolicy {
  // A right answer with fewer significant digits (or decimals) than this is "insufficient
  // precision". At most one of the two is set; neither: any precision.
  std::optional<int> min_significant = 3;
  std::optional<int> min_decimals;
  bool accept_truncation = true;
  std::optional<Tolerance> tolerance;
  Rational points{1};                        // per quantity, unless listed in quantity_points
  std::vector<QuantityPoints> quantity_points;
  std::map<std::string, Rational> mistake_points;  // mistake number ("2a") → points of a wrong answer it explains
  Rational insufficient_points{0};
  Rational ungradable_points{0};
};

// The policy in words, one clause per line: printed with every grading result.
std::vector<std::string> describe(const GradingPolicy& policy);
// Points as text: "1", "0.5", "1/3".
std::string points_text(const Rational& points);

}  // namespace bptrace
