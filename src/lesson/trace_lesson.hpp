#pragma once
// The certified trace of a lesson, whatever its model: the one entry point the commands use.
#include "engine/certify.hpp"
#include "lesson/lesson.hpp"

namespace bptrace {

CertifiedTrace trace_lesson(const Lesson& lesson, int digits);

}  // namespace bptrace
