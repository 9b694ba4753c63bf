#pragma once
// What a document prints, and the verdict of each printed number against the engine: plain data
// that the lesson declares, the checks compute and the renderers print.
#include "model/source_location.hpp"
#include "trace/key.hpp"

#include <optional>
#include <string>

namespace bptrace {

// A number exactly as the document prints it, to be checked against the engine.
struct DocumentValue {
  std::string quantity;  // canonical name, as the lesson writes it
  std::string printed;   // verbatim: "0.0821", "-0.5", "1/3"
  std::string where;     // where the document prints it
  std::optional<std::string> erratum;  // declared: the document is wrong here, and why
  SourceLocation location;             // of `quantity` in the lesson file
  bool formula = false;                // `printed` is a formula (graph lessons), not a number
  SourceLocation printed_location;     // of the formula's first character
};

enum class Verdict {
  rounds,            // the value rounds to the printed digits
  truncates,         // the value only truncates to them: passes, with a note
  erratum,           // a declared erratum: the document is wrong, and the lesson says why
  mismatch,          // fails
  erratum_matches,   // fails: declared an erratum, but the printed value is right
  uncertain,         // fails: the enclosure cannot decide (a value on a rounding boundary)
};

bool passes(Verdict v);
std::string verdict_name(Verdict v);

struct DocumentCheck {
  const DocumentValue* document = nullptr;
  Key key;  // the quantity checked (for a printed formula: its document[K].formula)
  Verdict verdict = Verdict::mismatch;
  std::string rounded;  // the engine's value at the printed precision, e.g. "0.0822"
};

}  // namespace bptrace
