#pragma once
// Exercise variants of a lesson (issue 18): the same network, loss and training with new "nice"
// numbers (decimals of at most two digits), drawn from a seed reproducibly on every machine and
// kept only when every asked quantity can be graded and every classic mistake told apart:
//   - the first step's pre-activations away from saturation (|z| ≤ 2.5 for sigmoid, tanh,
//     softplus) and from a kink (|z| ≥ 0.05 for ReLU, leaky ReLU and step);
//   - every asked quantity nonzero and away from a rounding boundary at the asked precision;
//   - for every asked quantity, the mistakes that change it give answers that differ from the
//     right one and from each other at the asked precision, except pairs that coincide for every
//     choice of numbers (a dropped ½ and a sum-for-mean over two samples), which are listed.
// Mistake 9 (intermediates rounded) is left out of the comparison: its answers are the right one
// at a coarser precision by design.
#include "report/judge.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bptrace {

struct VariantRequest {
  std::uint64_t seed = 1;
  int count = 1;
  std::vector<std::string> ask;  // quantities asked; empty: the lesson's [questions], else every step-1 gradient and the loss
  int significant = 4;           // the asked precision, in significant digits
};

// Two answers to one asked quantity that are equal for every choice of numbers.
struct Coincidence {
  Key quantity;
  std::string first;   // "the right answer", or a mistake: "2a", "10 (only the path through neuron 1 …)"
  std::string second;
};

struct ExerciseVariant {
  int number = 0;           // 1-based
  std::string name;         // "001-4-sigmoid-2-2-2-seed7-3"
  std::string toml;         // the lesson file
  // The variant loaded, traced as far as the last asked step, its mistakes computed.
  std::shared_ptr<const Judge> judge;
  std::vector<Key> questions;
  std::vector<Coincidence> coincident;
};

// `lesson_text` is the lesson file's text (the variants keep everything but its numbers, its
// [[document]] checks and errata). Throws UsageError for a graph lesson, LessonError for an asked
// name the lesson does not have, UsageError when no acceptable numbers turn up.
std::vector<ExerciseVariant> make_variants(const Lesson& lesson, const std::string& lesson_text, const VariantRequest& request);

// The answer at `significant` digits ("0.08217"), or nullopt when the enclosure straddles a boundary.
std::optional<std::string> answer_at(const Value& value, int significant);

// Whether two values are the same (exactly, or to 20 certified digits).
bool signature_equal(const Value& a, const Value& b);

// The label of a mistake trace: its number, and its instance in parentheses.
std::string mistake_label(const MistakeTrace& m);

// The mistake traces whose answers to `quantity` the variants keep apart (all but mistake 9).
std::vector<const MistakeTrace*> compared_mistakes(const Judge& judge);

}  // namespace bptrace
