#pragma once
// The report of `bptrace grade`: the policy in force, one line (or row) per student, and the
// class summary (per quantity the share correct and the histogram of the diagnosed mistakes), as
// text, CSV, JSON or Markdown; and, for one student, a check-style explanation.
#include "report/grading.hpp"
#include "render/value_format.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bptrace {

enum class GradeFormat { text, csv, json, markdown };
std::optional<GradeFormat> grade_format_from_name(std::string_view name);

struct GradeResults {
  const Grader& grader;
  const std::vector<GradedStudent>& students;
  const ClassSummary& summary;
};

std::string render_grades(const GradeResults& results, GradeFormat format, const ValueStyle& values);

// One student's answers as `check` reports them (the derivation of each wrong one), each with its
// grade and points under the policy, and the reasons of the ungradable ones.
std::string render_student_explanation(const Grader& grader, const GradedStudent& student, const ValueStyle& values);

}  // namespace bptrace
