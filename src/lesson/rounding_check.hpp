#pragma once
// Rounding emulation: the lesson recomputed with every intermediate rounded (or truncated) as a
// hand computation or lecture note does, beside the exact trace; and the document's printed
// values judged against it, so that a value that fails exactly but matches under the rounding
// says so ("matches if intermediates are rounded to 4 decimals").
#include "engine/certify.hpp"
#include "lesson/document_check.hpp"
#include "lesson/lesson.hpp"
#include "lesson/trace_lesson.hpp"

namespace bptrace {

struct RoundedDocumentCheck {
  const DocumentValue* document = nullptr;
  Key key;
  Verdict exact = Verdict::mismatch;
  Verdict emulated = Verdict::mismatch;
  bool rescued() const { return !passes(exact) && passes(emulated); }
};

// A quantity whose emulated value is not its exact value rounded once by the rule: the
// rounding errors of earlier steps have accumulated into it.
struct Drift {
  Key quantity;
  Value exact;
  Value emulated;
};

struct RoundingEmulation {
  RoundingPolicy rule;
  Trace trace;
  std::vector<Drift> drifts;  // in trace order
  std::vector<RoundedDocumentCheck> documents;
};

RoundingEmulation emulate_rounding(const Lesson& lesson, const Trace& exact, const RoundingPolicy& rule);

}  // namespace bptrace
