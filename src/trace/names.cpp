#include "trace/names.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace bptrace {

namespace {

struct LayerWord {
  std::string_view word;
  Quantity quantity;
  bool negated;
  bool matrix;  // two indices
};

// The word after `layerL.`; under the −∂L/∂z convention the gradients are `neg_…`.
constexpr std::array<LayerWord, 14> kLayerWords{{
    {"z", Quantity::pre_activation, false, false},
    {"a", Quantity::activation, false, false},
    {"W", Quantity::weight, false, true},
    {"Wtilde", Quantity::weight_without_bias, false, true},
    {"b", Quantity::bias, false, false},
    {"da", Quantity::activation_gradient, false, false},
    {"dadz", Quantity::activation_derivative, false, false},
    {"dz", Quantity::delta, false, false},
    {"dW", Quantity::weight_gradient, false, true},
    {"db", Quantity::bias_gradient, false, false},
    {"neg_da", Quantity::activation_gradient, true, false},
    {"neg_dz", Quantity::delta, true, false},
    {"neg_dW", Quantity::weight_gradient, true, true},
    {"neg_db", Quantity::bias_gradient, true, false},
}};

constexpr std::array<std::pair<std::string_view, State>, 5> kStates{{
    {"velocity", State::velocity}, {"m", State::m}, {"v", State::v}, {"m_hat", State::m_hat}, {"v_hat", State::v_hat}}};

constexpr std::array<std::pair<std::string_view, Quantity>, 6> kFixed{{
    {"training.samples", Quantity::training_samples},
    {"training.samples_per_update", Quantity::samples_per_update},
    {"training.updates_per_epoch", Quantity::updates_per_epoch},
    {"ops.naive.additions", Quantity::operations_naive},
    {"ops.forward.additions", Quantity::operations_forward},
    {"ops.reverse.additions", Quantity::operations_reverse},
}};

std::string index_text(int row, int column) {
  if (row == 0) return "";
  return "[" + std::to_string(row) + (column ? "," + std::to_string(column) : "") + "]";
}

std::string prefix(const Key& key) {
  return (key.step > 1 ? "step" + std::to_string(key.step) + "." : "") +
         (key.sample ? "sample" + std::to_string(key.sample) + "." : "");
}

std::string state_suffix(State state) {
  for (const auto& [word, s] : kStates)
    if (s == state) return "." + std::string(word);
  return "";
}

std::string layer_word(const Key& key) {
  for (const LayerWord& w : kLayerWords)
    if (w.quantity == key.quantity && w.negated == key.negated) return std::string(w.word);
  return "?";
}

// A cursor over the name being read.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool done() const { return pos_ == s_.size(); }
  std::string_view rest() const { return s_.substr(pos_); }
  bool take(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  // A positive decimal number without leading zeros, not too long to hold.
  std::optional<int> number() {
    std::size_t end = pos_;
    while (end < s_.size() && s_[end] >= '0' && s_[end] <= '9') ++end;
    if (end == pos_ || end - pos_ > 9 || s_[pos_] == '0') return std::nullopt;
    int n = 0;
    for (; pos_ < end; ++pos_) n = n * 10 + (s_[pos_] - '0');
    return n;
  }
  // "[i]" or "[i,j]" (two only when `matrix`); nothing at all for a whole quantity.
  bool index(Key& key, bool matrix, bool required) {
    if (!take("[")) return !required;
    auto r = number();
    if (!r) return false;
    key.row = *r;
    if (matrix) {
      if (!take(",")) return false;
      auto c = number();
      if (!c) return false;
      key.column = *c;
    }
    return take("]");
  }
  // Rewinds to a saved position.
  std::size_t position() const { return pos_; }
  void rewind(std::size_t p) { pos_ = p; }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// "A/dB" with A and B node names: the split point of a graph derivative's name.
std::optional<std::pair<std::string, std::string>> split_nodes(std::string_view rest, const NameContext& graph) {
  for (std::size_t p = rest.find("/d"); p != std::string_view::npos; p = rest.find("/d", p + 1)) {
    std::string_view left = rest.substr(0, p), right = rest.substr(p + 2);
    if (contains(graph.nodes, left) && contains(graph.nodes, right))
      return std::pair{std::string(left), std::string(right)};
  }
  return std::nullopt;
}

std::optional<Key> parse_graph(std::string_view name, const NameContext& graph) {
  if (contains(graph.nodes, name)) return node_key(std::string(name));
  Reader r(name);
  if (r.take("local.d")) {
    if (auto pair = split_nodes(r.rest(), graph)) return local_key(pair->first, pair->second);
    r.rewind(0);
  }
  if (r.take("forward.d")) {
    if (auto pair = split_nodes(r.rest(), graph)) return tangent_key(pair->first, pair->second);
    r.rewind(0);
  }
  if (r.take("d")) {
    if (auto pair = split_nodes(r.rest(), graph)) return adjoint_key(pair->first, pair->second);
  }
  for (const std::string& block : graph.blocks) {
    Reader e(name);
    Key key = entry_key(block, 0, 0);
    if (e.take(block) && e.index(key, true, true) && e.done()) return key;
  }
  return std::nullopt;
}

std::optional<Key> parse_layer_quantity(Reader& r, Key key) {
  auto layer = r.number();
  if (!layer || !r.take(".")) return std::nullopt;
  key.layer = *layer;
  const std::size_t start = r.position();
  // The longest word that fits: `dadz` before `da`, `Wtilde` before `W`.
  for (int pass = 0; pass < 2; ++pass) {
    for (const LayerWord& w : kLayerWords) {
      r.rewind(start);
      if (!r.take(w.word)) continue;
      Key k = key;
      k.quantity = w.quantity;
      k.negated = w.negated;
      if (!r.index(k, w.matrix, false)) continue;
      if (r.take(".")) {
        bool found = false;
        for (const auto& [word, state] : kStates)
          if (!found && r.rest() == word && (w.quantity == Quantity::weight || w.quantity == Quantity::bias)) {
            r.take(word);
            k.state = state;
            found = true;
          }
        if (!found) continue;
      }
      if (r.done() && !(w.quantity == Quantity::weight_without_bias && !k.whole())) return k;
    }
  }
  return std::nullopt;
}

std::optional<Key> parse_network(std::string_view name) {
  for (const auto& [word, quantity] : kFixed)
    if (name == word) return schedule_key(quantity);
  if (name == "learning_rate") return learning_rate_key();
  Reader r(name);
  if (r.take("epoch")) {
    auto e = r.number();
    if (e && r.take(".loss") && r.done()) return epoch_loss_key(*e);
    return std::nullopt;
  }
  if (r.take("document[")) {
    auto k = r.number();
    if (k && r.take("].formula") && r.done()) return document_formula_key(*k);
    return std::nullopt;
  }
  Key key;
  if (r.take("step")) {
    auto t = r.number();
    if (!t || *t < 2 || !r.take(".")) return std::nullopt;
    key.step = *t;
  }
  if (r.take("sample")) {
    auto s = r.number();
    if (!s) return std::nullopt;
    if (r.done() && key.step == 1) return sample_key(*s);
    if (!r.take(".")) return std::nullopt;
    key.sample = *s;
  }
  if (r.take("loss")) {
    key.quantity = Quantity::loss;
    if (r.done()) return key;
    key.quantity = Quantity::loss_term;
    if (r.index(key, false, true) && r.done()) return key;
    return std::nullopt;
  }
  if (r.take("optimizer.t")) {
    key.quantity = Quantity::optimizer_step;
    if (r.done() && key.sample == 0) return key;
    return std::nullopt;
  }
  if (r.take("input.")) {
    if (r.take("x")) key.quantity = Quantity::input;
    else if (r.take("dx")) key.quantity = Quantity::input_gradient;
    else if (r.take("neg_dx")) key.quantity = Quantity::input_gradient, key.negated = true;
    else return std::nullopt;
    // The given inputs are not per step.
    if (key.quantity == Quantity::input && key.step != 1) return std::nullopt;
    if (r.index(key, false, false) && r.done()) return key;
    return std::nullopt;
  }
  if (r.take("target.y")) {
    key.quantity = Quantity::target;
    if (key.step == 1 && r.index(key, false, false) && r.done()) return key;
    return std::nullopt;
  }
  if (r.take("layer")) return parse_layer_quantity(r, key);
  return std::nullopt;
}

}  // namespace

std::string canonical_name(const Key& key) {
  if (key.is_path()) return canonical_name(key.total()) + " via " + canonical_name(key.via.front());
  for (const auto& [word, quantity] : kFixed)
    if (key.quantity == quantity) return std::string(word);
  switch (key.quantity) {
    case Quantity::input: return prefix(key) + "input.x" + index_text(key.row, 0);
    case Quantity::input_gradient:
      return prefix(key) + (key.negated ? "input.neg_dx" : "input.dx") + index_text(key.row, 0);
    case Quantity::target: return prefix(key) + "target.y" + index_text(key.row, 0);
    case Quantity::pre_activation:
    case Quantity::activation:
    case Quantity::weight:
    case Quantity::weight_without_bias:
    case Quantity::bias:
    case Quantity::activation_gradient:
    case Quantity::activation_derivative:
    case Quantity::delta:
    case Quantity::weight_gradient:
    case Quantity::bias_gradient:
      return prefix(key) + "layer" + std::to_string(key.layer) + "." + layer_word(key) +
             index_text(key.row, key.column) + state_suffix(key.state);
    case Quantity::loss: return prefix(key) + "loss";
    case Quantity::loss_term: return prefix(key) + "loss" + index_text(key.row, 0);
    case Quantity::learning_rate: return "learning_rate";
    case Quantity::epoch_loss: return "epoch" + std::to_string(key.number) + ".loss";
    case Quantity::sample: return "sample" + std::to_string(key.number);
    case Quantity::optimizer_step: return prefix(key) + "optimizer.t";
    case Quantity::node: return key.node;
    case Quantity::adjoint: return "d" + key.of + "/d" + key.node;
    case Quantity::tangent: return "forward.d" + key.node + "/d" + key.of;
    case Quantity::local: return "local.d" + key.node + "/d" + key.of;
    case Quantity::entry: return key.node + index_text(key.row, key.column);
    case Quantity::document_formula: return "document[" + std::to_string(key.number) + "].formula";
    case Quantity::training_samples:
    case Quantity::samples_per_update:
    case Quantity::updates_per_epoch:
    case Quantity::operations_naive:
    case Quantity::operations_forward:
    case Quantity::operations_reverse: break;  // kFixed above
  }
  return "?";
}

std::optional<Key> parse_name(std::string_view name, const NameContext& graph) {
  constexpr std::string_view via = " via ";
  if (auto at = name.find(via); at != std::string_view::npos) {
    auto total = parse_name(name.substr(0, at), graph);
    auto through = parse_name(name.substr(at + via.size()), graph);
    if (!total || !through || total->is_path() || through->is_path()) return std::nullopt;
    return total->through(*through);
  }
  if (auto key = parse_graph(name, graph)) return key;
  return parse_network(name);
}

}  // namespace bptrace
