#include "engine/gradcheck.hpp"

namespace bptrace {

std::vector<GradientComparison> finite_difference_check(const Problem& original, const Rational& h) {
  Problem problem = original;
  problem.learning_rate.reset();
  problem.steps = 1;
  Trace trace = backpropagate(problem);
  std::vector<GradientComparison> out;
  auto compare = [&](const std::string& parameter, const std::string& gradient, Rational& theta) {
    const Rational original_value = theta;
    theta = original_value + h;
    Value plus = backpropagate(problem).value("loss");
    theta = original_value - h;
    Value minus = backpropagate(problem).value("loss");
    theta = original_value;
    Value difference = (plus - minus) / Value(Rational(2 * h));
    out.push_back(GradientComparison{parameter, trace.value(gradient), difference});
  };
  for (std::size_t l = 0; l < problem.network.layers.size(); ++l) {
    Layer& layer = problem.network.layers[l];
    std::string prefix = layer_name(l + 1) + ".";
    for (std::size_t j = 0; j < layer.width(); ++j)
      for (std::size_t i = 0; i < layer.weights[j].size(); ++i)
        compare(prefix + "W" + index2(j, i), prefix + "dW" + index2(j, i), layer.weights[j][i]);
    for (std::size_t j = 0; j < layer.width(); ++j)
      compare(prefix + "b" + index1(j), prefix + "db" + index1(j), layer.bias[j]);
  }
  return out;
}

}  // namespace bptrace
