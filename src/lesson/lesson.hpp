#pragma once
// A lesson: a worked example's model and data, where it comes from, and what its document prints.
#include "graph/graph_model.hpp"
#include "engine/variant.hpp"
#include "model/network.hpp"
#include "model/source_location.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

// A number exactly as the document prints it, to be checked against the engine.
struct DocumentValue {
  std::string quantity;  // canonical name
  std::string printed;   // verbatim: "0.0821", "-0.5", "1/3"
  std::string where;     // where the document prints it
  std::optional<std::string> erratum;  // declared: the document is wrong here, and why
  SourceLocation location;             // of `quantity` in the lesson file
  bool formula = false;                // `printed` is a formula (graph lessons), not a number
  SourceLocation printed_location;     // of the formula's first character
};

// The trace step holding the value of the formula the index-th (0-based) [[document]] prints.
inline std::string printed_formula_name(std::size_t index) {
  return "document[" + std::to_string(index + 1) + "].formula";
}

// A mistake in the document's text that is not a printed number (a typo in a formula...).
struct Erratum {
  std::string where;
  std::string printed;
  std::string correct;
  std::string explanation;
};

struct Lesson {
  std::string path;  // as given
  std::string name;  // file stem: "001-4-sigmoid-2-2-2"
  std::string title;
  std::string source;   // document and place: "001_5b37e77569b4a699.txt, 'Back Propagation – Example'"
  std::string example;  // INDEX.md number: "001-4"
  std::string notation = "bracket";
  std::string description;
  Problem problem;                 // the network lesson's model, unless graph is set
  std::optional<GraphModel> graph;  // a computation-graph lesson's model
  std::vector<DocumentValue> documents;
  std::vector<Erratum> errata;
  // [rounding]: how the document rounds its intermediates, for rounding emulation.
  std::optional<RoundingRule> rounding;
};

// Reads and validates a lesson file. Throws LessonError with the file:line:column of the problem.
Lesson load_lesson(const std::string& path);
// The same for text already read (`path` names it in errors).
Lesson parse_lesson(const std::string& path, const std::string& text);

}  // namespace bptrace
