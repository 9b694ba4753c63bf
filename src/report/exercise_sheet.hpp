#pragma once
// The papers of an exercise variant: the problem sheet (the network, the given numbers and the
// questions, no answers) in Markdown and LaTeX, and the answer key (each asked quantity's answer
// at the asked precision, its derivation, the answers the classic mistakes give, and the pairs of
// mistakes that give the same answer whatever the numbers).
#include "report/exercise_variant.hpp"

#include <string>

namespace bptrace {

std::string render_sheet_markdown(const ExerciseVariant& variant, int significant);
std::string render_sheet_latex(const ExerciseVariant& variant, int significant);
std::string render_key_markdown(const ExerciseVariant& variant, int significant);

}  // namespace bptrace
