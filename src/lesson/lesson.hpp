#pragma once
// A lesson: a worked example's model and data, where it comes from, and what its document prints.
#include "graph/graph_model.hpp"
#include "engine/variant.hpp"
#include "model/network.hpp"
#include "model/source_location.hpp"
#include "trace/checks.hpp"
#include "trace/header.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bptrace {

// A quantity an exercise sheet asks for ([questions] ask), as the lesson names it.
struct Question {
  std::string quantity;
  SourceLocation where;
};

struct Lesson {
  std::string path;  // as given
  std::string name;  // file stem: "001-4-sigmoid-2-2-2"
  std::string title;
  std::string source;   // document and place: "001_5b37e77569b4a699.txt, 'Back Propagation – Example'"
  std::string example;  // INDEX.md number: "001-4"
  std::string notation = "bracket";
  SourceLocation notation_where;  // where [lesson] names it (none when it is the default)
  std::string description;
  Problem problem;                 // the network lesson's model, unless graph is set
  std::optional<GraphModel> graph;  // a computation-graph lesson's model
  std::vector<DocumentValue> documents;
  std::vector<Erratum> errata;
  // [rounding]: how the document rounds its intermediates, for rounding emulation.
  std::optional<RoundingPolicy> rounding;
  std::vector<Question> questions;  // [questions]: what `bptrace variant` asks (canonical or notation names)
};

// Reads and validates a lesson file. Throws LessonError with the file:line:column of the problem.
Lesson load_lesson(const std::string& path);
// The same for text already read (`path` names it in errors).
Lesson parse_lesson(const std::string& path, const std::string& text);

}  // namespace bptrace
