#pragma once
// The certified trace of a lesson, whatever its model: the one entry point the commands use.
#include "engine/certify.hpp"
#include "lesson/lesson.hpp"
#include "tape/seams.hpp"

#include <functional>

namespace bptrace {

// The lesson's computation changed at its seams (a mistake, rounding emulation): network lessons
// by the engine's Variant, graph lessons by filling the tape's seams. The default changes nothing.
struct Alteration {
  Variant network;
  std::function<void(tape::Seams&)> graph;
};
// The intermediates rounded as they are produced, each by its rule under the policy, in either
// kind of lesson.
Alteration rounded_intermediates(const RoundingPolicy& policy);

// The trace's header: what the lesson is, its network's shape, its graph's names.
TraceHeader trace_header(const Lesson& lesson);
CertifiedTrace trace_lesson(const Lesson& lesson, int digits, const Alteration& alteration = {});

}  // namespace bptrace
