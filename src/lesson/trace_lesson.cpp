#include "lesson/trace_lesson.hpp"

namespace bptrace {

CertifiedTrace trace_lesson(const Lesson& lesson, int digits) {
  return certified_trace(lesson.problem, digits);
}

}  // namespace bptrace
