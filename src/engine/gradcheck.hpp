#pragma once
// Central finite differences, (L(θ + h) − L(θ − h)) / 2h with an exact rational step and
// certified arithmetic, beside the backpropagated gradient of every parameter.
#include "engine/backprop.hpp"
#include "graph/graph_model.hpp"

#include <optional>

namespace bptrace {

// The one-sided difference quotients where the derivative is not defined: (f(x) − f(x − h))/h
// and (f(x + h) − f(x))/h.
struct OneSided {
  Value left, right;
};

struct GradientComparison {
  Key parameter;  // layer1.W[1,1]; in a graph lesson the derivative, df/dx
  Value backprop;         // ∂L/∂θ from the engine
  Value central_difference;
  // A graph input at a kink of the output (a relu at 0, a max at a tie on a path from x to f):
  // the central difference tends to the mean of the one-sided slopes, and reverse mode's value
  // is the lesson's convention, which a correct derivative keeps between them.
  std::optional<OneSided> kink;
};

// For the first step of the lesson (its own parameters). Requires a loss.
std::vector<GradientComparison> finite_difference_check(const Problem& problem, const Rational& h);
// A graph lesson: (f(x + h) − f(x − h)) / 2h beside reverse mode's ∂f/∂x, for every output f and
// every input x (0 where f does not depend on x). x is at a kink of f when a path from x to f
// passes an edge whose local derivative is a convention: one that changes when every convention
// goes from one end of its range to the other (tie shares and relu'(0) 0 to 1, abs'(0) −1 to 1).
std::vector<GradientComparison> finite_difference_check(const GraphModel& model, const Rational& h);

}  // namespace bptrace
