#include "lesson/trace_lesson.hpp"

#include "graph/trace_graph.hpp"

namespace bptrace {

CertifiedTrace trace_lesson(const Lesson& lesson, int digits) {
  if (lesson.graph) return certify([&] { return trace_graph(*lesson.graph); }, digits);
  return certified_trace(lesson.problem, digits);
}

}  // namespace bptrace
