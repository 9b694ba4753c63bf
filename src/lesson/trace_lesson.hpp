#pragma once
// The certified trace of a lesson, whatever its model: the one entry point the commands use.
#include "engine/certify.hpp"
#include "lesson/lesson.hpp"

namespace bptrace {

// The trace's header: what the lesson is, its network's shape, its graph's names.
TraceHeader trace_header(const Lesson& lesson);
CertifiedTrace trace_lesson(const Lesson& lesson, int digits);

}  // namespace bptrace
