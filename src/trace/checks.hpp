#pragma once
// What a document prints, and the verdict of each printed number against the engine: plain data
// that the lesson declares, the checks compute and the renderers print.
#include "model/source_location.hpp"
#include "number/rational.hpp"
#include "trace/key.hpp"

#include <optional>
#include <string>

namespace bptrace {

// How far a printed value may lie from the exact one when a floating-point program printed it
// (all 17 digits of a float64): such a value is right to the float's precision, not at every digit.
struct DocumentTolerance {
  enum class Kind {
    float64,   // the float64 the printed text denotes is within kFloat64Ulps ulps of the value
    relative,  // |printed − value| ≤ relative·|value|
  };
  static constexpr int kFloat64Ulps = 4;
  Kind kind = Kind::float64;
  Rational relative;  // Kind::relative only
  std::string text;   // as the lesson writes it: "float64", "1e-12"
};

// A number exactly as the document prints it, to be checked against the engine.
struct DocumentValue {
  std::string quantity;  // canonical name, as the lesson writes it
  std::string printed;   // verbatim: "0.0821", "-0.5", "1/3"
  std::string where;     // where the document prints it
  std::optional<std::string> erratum;  // declared: the document is wrong here, and why
  std::optional<DocumentTolerance> tolerance;  // a value printed by a floating-point program
  SourceLocation location;             // of `quantity` in the lesson file
  bool formula = false;                // `printed` is a formula (graph lessons), not a number
  SourceLocation printed_location;     // of the formula's first character
};

enum class Verdict {
  rounds,            // the value rounds to the printed digits
  truncates,         // the value only truncates to them: passes, with a note
  within_tolerance,  // neither, but within the lesson's tolerance (a float's printed digits): passes, with a note
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
  // Verdict::within_tolerance: the tolerance, "float64 (within 4 ulps)", and how far the printed
  // value is from the engine's, "1 ulp".
  std::string tolerance_clause, tolerance_distance;
};

}  // namespace bptrace
