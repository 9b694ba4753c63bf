#pragma once
// Central finite differences, (L(θ + h) − L(θ − h)) / 2h with an exact rational step and
// certified arithmetic, beside the backpropagated gradient of every parameter.
#include "engine/backprop.hpp"
#include "graph/graph_model.hpp"

namespace bptrace {

struct GradientComparison {
  Key parameter;  // layer1.W[1,1]; in a graph lesson the derivative, df/dx
  Value backprop;         // ∂L/∂θ from the engine
  Value central_difference;
};

// For the first step of the lesson (its own parameters). Requires a loss.
std::vector<GradientComparison> finite_difference_check(const Problem& problem, const Rational& h);
// A graph lesson: (f(x + h) − f(x − h)) / 2h beside reverse mode's ∂f/∂x, for every output f and
// every input x (0 where f does not depend on x).
std::vector<GradientComparison> finite_difference_check(const GraphModel& model, const Rational& h);

}  // namespace bptrace
