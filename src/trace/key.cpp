#include "trace/key.hpp"

namespace bptrace {

Key Key::total() const {
  Key k = *this;
  k.via.clear();
  return k;
}

Key Key::through(Key t) const {
  Key k = total();
  k.via.push_back(std::move(t));
  return k;
}

Key Key::at_step(int t) const {
  Key k = *this;
  k.step = t;
  return k;
}

Key Key::of_sample(int s) const {
  Key k = *this;
  k.sample = s;
  return k;
}

Key Key::as_whole() const { return entry_at(0, 0); }

Key Key::entry_at(int r, int c) const {
  Key k = *this;
  k.row = r;
  k.column = c;
  return k;
}

Key input_key(int sample, int i) { return layer_key(Quantity::input, 1, sample, 0, i); }
Key target_key(int sample, int k) { return layer_key(Quantity::target, 1, sample, 0, k); }

Key layer_key(Quantity what, int step, int sample, int layer, int row, int column, bool negated) {
  Key k;
  k.quantity = what;
  k.step = step;
  k.sample = sample;
  k.layer = layer;
  k.row = row;
  k.column = column;
  k.negated = negated;
  return k;
}

Key loss_key(int step, int sample) { return layer_key(Quantity::loss, step, sample, 0, 0); }
Key loss_term_key(int step, int sample, int k) { return layer_key(Quantity::loss_term, step, sample, 0, k); }

namespace {
// A quantity named by its kind, and a number for the numbered ones (epoch E, sample K).
Key numbered_key(Quantity what, int number = 0) {
  Key k;
  k.quantity = what;
  k.number = number;
  return k;
}
}  // namespace

Key learning_rate_key() { return numbered_key(Quantity::learning_rate); }
Key epoch_loss_key(int epoch) { return numbered_key(Quantity::epoch_loss, epoch); }
Key sample_key(int sample) { return numbered_key(Quantity::sample, sample); }
Key schedule_key(Quantity which) { return numbered_key(which); }

namespace {
Key graph_key(Quantity what, const std::string& node, const std::string& of) {
  Key k;
  k.quantity = what;
  k.node = node;
  k.of = of;
  return k;
}
}  // namespace

Key node_key(const std::string& node) { return graph_key(Quantity::node, node, ""); }
Key adjoint_key(const std::string& of, const std::string& node) { return graph_key(Quantity::adjoint, node, of); }
Key tangent_key(const std::string& node, const std::string& of) { return graph_key(Quantity::tangent, node, of); }
Key local_key(const std::string& node, const std::string& operand) {
  return graph_key(Quantity::local, node, operand);
}
Key entry_key(const std::string& block, int row, int column) {
  Key k = graph_key(Quantity::entry, block, "");
  k.row = row;
  k.column = column;
  return k;
}
Key document_formula_key(int number) { return numbered_key(Quantity::document_formula, number); }

std::size_t KeyHash::operator()(const Key& key) const {
  std::size_t h = static_cast<std::size_t>(key.quantity);
  auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  for (int v : {key.step, key.sample, key.layer, key.row, key.column, key.number,
                static_cast<int>(key.negated), static_cast<int>(key.state)})
    mix(static_cast<std::size_t>(v));
  mix(std::hash<std::string>{}(key.node));
  mix(std::hash<std::string>{}(key.of));
  for (const Key& v : key.via) mix((*this)(v));
  return h;
}

}  // namespace bptrace
