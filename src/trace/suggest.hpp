#pragma once
// "Did you mean …": the names of a trace closest to a name it does not have. One ranking for
// every place a quantity is named (check's answers, grade, verify, `run --show`, `[[document]]`):
// by edit distance over each quantity's canonical name and its spellings in a notation, on the
// letters and digits alone (case, dots, brackets and ∂ aside: `dL/dW11` is near `∂L/∂w^[2]_1,1`
// and `layer2.dW[1,1]`), and with a batch's or training's `sampleK.` / `stepT.` prefix
// considered optional (`layer2.a[1]` is near `sample1.layer2.a[1]`).
#include "trace/trace.hpp"

#include <string>
#include <utility>
#include <vector>

namespace bptrace {

// Other spellings of a trace's quantities (a notation's text and LaTeX symbols).
using NameSpellings = std::vector<std::pair<std::string, Key>>;

// The canonical names closest to `written`, best first, at most `count`.
std::vector<std::string> nearest_names(const std::string& written, const Trace& trace,
                                       const NameSpellings& spellings = {}, std::size_t count = 3);

// Why `written` names nothing in the trace, in one sentence: "no quantity 'X' in this lesson; did
// you mean A, B, C?", or, for a training step the lesson computes without tracing it in full,
// "'step4.layer1.z[1]' is computed but not traced in full: …".
std::string unknown_name_message(const std::string& written, const Trace& trace, const NameSpellings& spellings = {});

// Edit distance (insertions, deletions, substitutions of bytes).
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace bptrace
