#pragma once
// The catalogue of classic backpropagation mistakes. Each mistake is a documented
// transformation of the engine's computation (a Variant), never a table of numbers: the
// checker recomputes the lesson under each and names the mistakes whose result a wrong answer
// matches at the student's precision.
#include "engine/variant.hpp"
#include "graph/graph_model.hpp"
#include "model/network.hpp"
#include "tape/seams.hpp"

#include <functional>

#include <string>
#include <vector>

namespace bptrace {

// One way to make a mistake on one lesson: mistake 9 has one instance per rounding rule,
// mistake 10 one per path kept.
struct MistakeInstance {
  std::string label;  // "intermediates rounded to 4 decimals"; empty for a mistake with one instance
  Variant variant;    // a network lesson's computation changed
  std::function<void(tape::Seams&)> graph = {};  // a graph lesson's: the tape's seams filled
};

struct Mistake {
  std::string number;          // "1", "4b"
  std::string title;           // what the student did
  std::string transformation;  // what the engine changes
  std::string first_changes;   // the quantity it changes first, in general
  // Its instances on a network lesson: empty when the mistake cannot occur there (no training,
  // no batch...); nullptr for a mistake of graph lessons only.
  std::vector<MistakeInstance> (*instances)(const Problem& problem);
  // Its instances on a graph lesson (graph_mistakes.cpp); nullptr for a mistake of networks only.
  std::vector<MistakeInstance> (*graph_instances)(const GraphModel& model) = nullptr;
  // The title under delta_sign = "-dL/dz", where the correct forms are the negated ones
  // (ŷ − y becomes y − ŷ); empty when the title reads the same in both conventions.
  std::string negated_title = {};
};

// What the student did, worded in the lesson's sign convention.
const std::string& mistake_title(const Mistake& mistake, bool negated_gradients);

const std::vector<Mistake>& mistake_catalogue();
// The catalogued mistake of this number ("2a"), or nullptr.
const Mistake* find_mistake(const std::string& number);

// The twenty rounding rules of mistake 9: k = 2…6 decimals or significant digits, rounded or truncated.
std::vector<RoundingRule> hand_rounding_rules();

}  // namespace bptrace
