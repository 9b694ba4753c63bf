#include "trace/checks.hpp"

namespace bptrace {

bool passes(Verdict v) {
  return v == Verdict::rounds || v == Verdict::truncates || v == Verdict::within_tolerance || v == Verdict::erratum;
}

std::string verdict_name(Verdict v) {
  switch (v) {
    case Verdict::rounds: return "rounds";
    case Verdict::truncates: return "truncates";
    case Verdict::within_tolerance: return "within-tolerance";
    case Verdict::erratum: return "erratum";
    case Verdict::mismatch: return "mismatch";
    case Verdict::erratum_matches: return "erratum-matches";
    case Verdict::uncertain: return "uncertain";
  }
  return "?";
}

}  // namespace bptrace
