#pragma once
// The report of `bptrace check`: per answer, right (and whether it rounds or truncates) or
// wrong, with the true value at the student's precision and certified, the matching classic
// mistakes, and the derivation of the quantity.
#include "homework/check.hpp"
#include "render/value_format.hpp"

#include <string>
#include <vector>

namespace bptrace {

std::string render_answer_checks(const Trace& exact, const std::vector<AnswerCheck>& checks,
                                 const ValueStyle& values);

}  // namespace bptrace
