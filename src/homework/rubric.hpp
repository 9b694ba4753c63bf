#pragma once
// A rubric file: the grading policy as TOML (every field optional; the README lists them).
//   min_significant_digits = 3        # or min_decimals = 4; 0: any precision
//   accept_truncation = true
//   relative_tolerance = "1e-9"       # or absolute_tolerance
//   points = 1                        # per quantity
//   insufficient_precision_points = 0
//   ungradable_points = 0
//   [quantity_points]                 # "layer1.dW[1,1]" = 2
//   [mistake_points]                  # "2a" = 0.5: a wrong answer explained by mistake 2a
#include "homework/grading_policy.hpp"

#include <string>

namespace bptrace {

// Throws LessonError with the file:line:column of a problem (a bad rubric is exit 2).
GradingPolicy load_rubric(const std::string& path);
GradingPolicy parse_rubric(const std::string& path, const std::string& text);

}  // namespace bptrace
