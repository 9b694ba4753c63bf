#pragma once
// The trace: plain data, an ordered list of steps. The engine writes it, renderers read it.
//
// A formula is a template: `{name}` stands for the quantity `name` of the same trace, so that a
// renderer can print it with symbols (in a notation) or with the values substituted.
#include "number/value.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace bptrace {

enum class Phase {
  given,
  forward,
  loss,
  backward,
  update,
  local,     // graphs: the local derivative of every edge
  tangent,   // graphs: forward mode, one sweep per input
  jacobian,  // graphs: Jacobian blocks and chain-rule products
  count,     // graphs: operation counts of the ways to differentiate
  document,  // graphs: formulas the document prints, evaluated at the point
  summary,   // training: a loss computed but not traced in full (a step between the detailed
             // ones, the whole data after an epoch); no formula
  schedule,  // training by epochs: samples, updates per epoch, samples per update
};

// One term of a sum where a node feeds several others: the gradient arriving along one path.
struct Contribution {
  std::string via;      // the quantity the path goes through, e.g. "layer2.z[1]"
  std::string formula;  // template
  Value value;
};

struct Step {
  std::string name;  // canonical, e.g. "layer2.dW[1,1]"
  Phase phase = Phase::given;
  std::string formula;  // template; empty for given values
  Value value;
  std::vector<Contribution> contributions;  // empty, or terms whose sum is `value`
};

class Trace {
 public:
  void add(Step step) {
    index_.emplace(step.name, steps_.size());
    steps_.push_back(std::move(step));
  }
  const std::vector<Step>& steps() const { return steps_; }
  const Step* find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &steps_[it->second];
  }
  const Value& value(const std::string& name) const { return find(name)->value; }

 private:
  std::vector<Step> steps_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Calls f(reference_name) for each `{name}` in a formula template.
template <class F>
void for_each_reference(const std::string& formula, F&& f) {
  std::size_t pos = 0;
  while ((pos = formula.find('{', pos)) != std::string::npos) {
    std::size_t end = formula.find('}', pos);
    if (end == std::string::npos) return;
    f(formula.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
}

// Replaces each `{name}` with replace(name).
template <class F>
std::string substitute(const std::string& formula, F&& replace) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = formula.find('{', pos);
    if (open == std::string::npos) break;
    std::size_t close = formula.find('}', open);
    if (close == std::string::npos) break;
    out += formula.substr(pos, open - pos);
    out += replace(formula.substr(open + 1, close - open - 1));
    pos = close + 1;
  }
  return out + formula.substr(pos);
}

}  // namespace bptrace
