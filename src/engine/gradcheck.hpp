#pragma once
// Central finite differences, (L(θ + h) − L(θ − h)) / 2h with an exact rational step and
// certified arithmetic, beside the backpropagated gradient of every parameter.
#include "engine/backprop.hpp"

namespace bptrace {

struct GradientComparison {
  Key parameter;  // layer1.W[1,1]
  Value backprop;         // ∂L/∂θ from the engine
  Value central_difference;
};

// For the first step of the lesson (its own parameters). Requires a loss.
std::vector<GradientComparison> finite_difference_check(const Problem& problem, const Rational& h);

}  // namespace bptrace
