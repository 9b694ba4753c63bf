#pragma once
// The trace: plain data, a header and an ordered list of steps. The engine writes it,
// renderers read it. Each step is a quantity, by key (trace/key.hpp); its formula refers to
// other quantities of the same trace by key.
#include "number/rounding_rule.hpp"
#include "number/value.hpp"
#include "trace/formula.hpp"
#include "trace/header.hpp"
#include "trace/key.hpp"

#include <optional>
#include <string>
#include <string_view>
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
  Key via;  // the quantity the path goes through, e.g. layer2.z[1]
  Formula formula;
  Value value;
};

struct Step {
  Key key;  // e.g. layer2.dW[1,1]
  Phase phase = Phase::given;
  Formula formula;  // empty for given values
  Value value;
  std::vector<Contribution> contributions;  // empty, or terms whose sum is `value`
  // Which terms renderers list (trace/paths.hpp): the stored ones; none, where the one stored
  // term is the whole step (kept for the paths derived through it); or paths derived when asked
  // (a weight gradient below the output layer), not stored.
  enum class Terms : unsigned char { stored, unlisted, derived };
  Terms terms = Terms::stored;
};

// How values derived when asked (a weight gradient's path terms) are computed: at the working
// precision of the recorded values, and rounded as the engine rounded weight gradients.
struct Derivation {
  unsigned working_digits = 0;  // 0: the current working precision
  std::optional<RoundingRule> rounding;
};

class Trace {
 public:
  TraceHeader header;
  Derivation derivation;

  // Throws std::logic_error for a key already in the trace: a quantity is computed once.
  void add(Step step);
  // Room for this many steps (a long trace is not moved as it grows).
  void reserve(std::size_t steps) { steps_.reserve(steps); }
  const std::vector<Step>& steps() const { return steps_; }
  const Step* find(const Key& key) const;
  // The value of a quantity, or of a term of a sum (a path key); nullopt when there is none.
  std::optional<Value> find_value(const Key& key) const;
  // Throws std::out_of_range naming the quantity when the trace does not have it.
  Value value(const Key& key) const;

  // The canonical name of a key, and the key of a name (graph names read with the header's).
  std::string name(const Key& key) const;
  std::optional<Key> key(std::string_view name) const;
  // The step a canonical name stands for: a quantity, or a term of a sum (`… via …`), whose
  // value is then the term's.
  struct Found {
    const Step* step = nullptr;
    std::optional<Contribution> term;
    const Value& value() const { return term ? term->value : step->value; }
  };
  std::optional<Found> find_name(std::string_view name) const;

 private:
  std::vector<Step> steps_;
  std::unordered_map<Key, std::size_t, KeyHash> index_;
};

}  // namespace bptrace
