#include "trace/formula.hpp"

#include "number/decimal.hpp"

#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace bptrace {

namespace {

// Merges operands' keys into one list, each distinct key once, and renumbers their slots.
class Composer {
 public:
  FormulaNode adopt(const Formula& operand) {
    if (operand.empty()) throw std::logic_error("a formula's operand is empty");
    std::vector<int> slot_of(operand.keys().size());
    for (std::size_t k = 0; k < operand.keys().size(); ++k) slot_of[k] = slot(operand.keys()[k]);
    FormulaNode copy = operand.shape();
    renumber(copy, slot_of);
    return copy;
  }
  std::vector<Key> take_keys() { return std::move(keys_); }

 private:
  std::vector<Key> keys_;
  std::unordered_map<Key, int, KeyHash> index_;

  int slot(const Key& key) {
    auto [it, added] = index_.emplace(key, static_cast<int>(keys_.size()));
    if (added) keys_.push_back(key);
    return it->second;
  }
  // Iterative: a sum of 20,000 terms is one node with 20,000 operands, not a deep tree.
  static void renumber(FormulaNode& root, const std::vector<int>& slot_of) {
    std::vector<FormulaNode*> pending{&root};
    while (!pending.empty()) {
      FormulaNode* n = pending.back();
      pending.pop_back();
      if (n->op == FormulaOp::reference) n->slot = slot_of[static_cast<std::size_t>(n->slot)];
      for (FormulaNode& child : n->operands) pending.push_back(&child);
    }
  }
};

Formula node(FormulaOp op, std::vector<Formula> operands, Math symbol = {}, bool flag = false, int exponent = 0) {
  Composer composer;
  FormulaNode n{op, flag, -1, exponent, std::move(symbol), {}};
  n.operands.reserve(operands.size());
  for (const Formula& operand : operands) n.operands.push_back(composer.adopt(operand));
  return Formula(std::make_shared<const FormulaNode>(std::move(n)), composer.take_keys());
}

Formula leaf(FormulaOp op, Math symbol) {
  return Formula(std::make_shared<const FormulaNode>(FormulaNode{op, false, -1, 0, std::move(symbol), {}}), {});
}

// Structural hash of a shape, iterative over operands.
std::size_t shape_hash(const FormulaNode& root) {
  std::size_t h = 0;
  auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  std::vector<const FormulaNode*> pending{&root};
  while (!pending.empty()) {
    const FormulaNode* n = pending.back();
    pending.pop_back();
    mix(static_cast<std::size_t>(n->op));
    mix(static_cast<std::size_t>(n->flag));
    mix(static_cast<std::size_t>(n->slot + 1));
    mix(static_cast<std::size_t>(n->exponent));
    mix(std::hash<std::string>{}(n->symbol.text));
    mix(n->operands.size());
    for (const FormulaNode& child : n->operands) pending.push_back(&child);
  }
  return h;
}

// The interned shapes, by hash. Entries hold the shapes weakly: a shape no trace uses any more
// is dropped when its bucket is next visited, or when the table is swept.
class ShapeTable {
 public:
  std::shared_ptr<const FormulaNode> intern(const std::shared_ptr<const FormulaNode>& shape) {
    const std::size_t h = shape_hash(*shape);
    std::lock_guard<std::mutex> lock(mutex_);
    auto& bucket = table_[h];
    std::erase_if(bucket, [](const std::weak_ptr<const FormulaNode>& w) { return w.expired(); });
    for (const auto& w : bucket)
      if (auto kept = w.lock(); kept && *kept == *shape) return kept;
    bucket.push_back(shape);
    if (++inserted_ % 4096 == 0) sweep();
    return shape;
  }
  std::size_t size() {
    std::lock_guard<std::mutex> lock(mutex_);
    sweep();
    std::size_t n = 0;
    for (const auto& [h, bucket] : table_) n += bucket.size();
    return n;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::size_t, std::vector<std::weak_ptr<const FormulaNode>>> table_;
  std::size_t inserted_ = 0;

  void sweep() {
    for (auto it = table_.begin(); it != table_.end();) {
      std::erase_if(it->second, [](const std::weak_ptr<const FormulaNode>& w) { return w.expired(); });
      it = it->second.empty() ? table_.erase(it) : std::next(it);
    }
  }
};

ShapeTable& shapes() {
  static ShapeTable table;
  return table;
}

}  // namespace

void Formula::intern() {
  if (shape_) shape_ = shapes().intern(shape_);
}

std::size_t interned_shapes() { return shapes().size(); }

Formula ref(Key key) {
  auto shape = std::make_shared<const FormulaNode>(FormulaNode{FormulaOp::reference, false, 0, 0, {}, {}});
  return Formula(std::move(shape), {std::move(key)});
}

namespace math {

Formula literal(Math symbol) { return leaf(FormulaOp::literal, std::move(symbol)); }
Formula literal(const std::string& same_in_both) { return literal(same(same_in_both)); }
Formula number(const Rational& c) { return literal(formula_constant(c)); }
Formula integer(long n) { return literal(std::to_string(n)); }
Formula words(const std::string& prose) { return leaf(FormulaOp::prose, same(prose)); }
Formula group(Formula a) { return node(FormulaOp::group, {std::move(a)}); }
Formula scaled(const Rational& c, Formula a) {
  if (c == 1) return a;
  if (c == -1) return negation(group(std::move(a)));
  return product({number(c), group(std::move(a))});
}
Formula sum(std::vector<Formula> terms) { return node(FormulaOp::sum, std::move(terms)); }
Formula difference(Formula a, Formula b) { return node(FormulaOp::difference, {std::move(a), std::move(b)}); }
Formula difference(std::vector<Formula> terms) { return node(FormulaOp::difference, std::move(terms)); }
Formula product(std::vector<Formula> factors) { return node(FormulaOp::product, std::move(factors)); }
Formula spaced_product(std::vector<Formula> factors) { return node(FormulaOp::product, std::move(factors), {}, true); }
Formula quotient(Formula a, Formula b) { return node(FormulaOp::quotient, {std::move(a), std::move(b)}); }
Formula spaced_quotient(Formula a, Formula b) {
  return node(FormulaOp::quotient, {std::move(a), std::move(b)}, {}, true);
}
Formula spaced_quotient(std::vector<Formula> terms) { return node(FormulaOp::quotient, std::move(terms), {}, true); }
Formula negation(Formula a) { return node(FormulaOp::negation, {std::move(a)}); }
Formula power(Formula base, int exponent) { return node(FormulaOp::power, {std::move(base)}, {}, false, exponent); }
Formula square(Formula base) { return node(FormulaOp::square, {std::move(base)}); }
Formula exponential(Formula a) { return node(FormulaOp::exponential, {std::move(a)}); }
Formula call(const Math& function, std::vector<Formula> arguments) {
  return node(FormulaOp::call, std::move(arguments), function);
}
Formula derivative_call(const Math& function, std::vector<Formula> arguments) {
  return node(FormulaOp::call, std::move(arguments), function, true);
}
Formula prefix(const Math& function, Formula a) { return node(FormulaOp::prefix, {std::move(a)}, function); }
Formula absolute(Formula a) { return node(FormulaOp::absolute, {std::move(a)}); }
Formula brackets(Formula a) { return node(FormulaOp::brackets, {std::move(a)}); }
Formula ceiling(Formula a) { return node(FormulaOp::ceiling, {std::move(a)}); }
Formula relation(Formula a, const Math& sign, Formula b) {
  return node(FormulaOp::relation, {std::move(a), std::move(b)}, sign);
}
Formula equation(std::vector<Formula> sides) { return node(FormulaOp::equation, std::move(sides)); }
Formula sequence(const Math& separator, std::vector<Formula> items) {
  return node(FormulaOp::sequence, std::move(items), separator);
}
Formula annotated(Formula a, const Math& gap, Formula note) {
  return node(FormulaOp::annotated, {std::move(a), std::move(note)}, gap);
}
Formula partial(Formula of, Formula with_respect_to) {
  return node(FormulaOp::partial, {std::move(of), std::move(with_respect_to)});
}
Formula matrix_product(std::vector<Formula> factors) { return node(FormulaOp::matrix_product, std::move(factors)); }
Formula hadamard(Formula a, Formula b) { return node(FormulaOp::hadamard, {std::move(a), std::move(b)}); }
Formula transpose(Formula a) { return node(FormulaOp::transpose, {std::move(a)}); }

Math greater() { return same(" > "); }
Math less() { return same(" < "); }
Math equals() { return same(" = "); }

namespace fn {
Math sigma() { return {"σ", "\\sigma "}; }
Math tanh() { return {"tanh", "\\tanh "}; }
Math exp() { return {"exp", "\\exp "}; }
Math log() { return {"log", "\\log "}; }
Math relu() { return {"ReLU", "\\operatorname{ReLU}"}; }
Math relu_lower() { return {"relu", "\\operatorname{relu}"}; }
Math leaky_relu() { return {"LeakyReLU", "\\operatorname{LeakyReLU}"}; }
Math softplus() { return {"softplus", "\\operatorname{softplus}"}; }
Math softmax() { return {"softmax", "\\operatorname{softmax}"}; }
Math step() { return {"step", "\\operatorname{step}"}; }
Math sign() { return {"sign", "\\operatorname{sign}"}; }
Math max() { return {"max", "\\max"}; }
Math min() { return {"min", "\\min"}; }
Math abs() { return {"abs", "\\operatorname{abs}"}; }
Math logsumexp() { return {"logsumexp", "\\operatorname{logsumexp}"}; }
Math diag() { return {"diag", "\\operatorname{diag}"}; }
Math g() { return same("g"); }
}  // namespace fn

}  // namespace math

}  // namespace bptrace
