#include "trace/trace.hpp"

#include "trace/names.hpp"
#include "trace/paths.hpp"

#include <stdexcept>

namespace bptrace {

void Trace::add(Step step) {
  auto [it, inserted] = index_.emplace(step.key, steps_.size());
  if (!inserted) throw std::logic_error("the trace already has " + name(step.key));
  // Each shape once: the step keeps its keys and shares the shape with its like.
  step.formula.intern();
  for (Contribution& c : step.contributions) c.formula.intern();
  steps_.push_back(std::move(step));
}

const Step* Trace::find(const Key& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &steps_[it->second];
}

std::optional<Value> Trace::find_value(const Key& key) const {
  const Step* step = find(key.total());
  if (!step) return std::nullopt;
  if (!key.is_path()) return step->value;
  for (const Contribution& c : path_terms(*this, *step))
    if (c.via == key.via.front()) return c.value;
  return std::nullopt;
}

Value Trace::value(const Key& key) const {
  std::optional<Value> v = find_value(key);
  if (!v) throw std::out_of_range("the trace has no quantity " + name(key));
  return *v;
}

std::string Trace::name(const Key& key) const { return canonical_name(key); }

std::optional<Key> Trace::key(std::string_view name) const { return parse_name(name, header.names); }

std::optional<Trace::Found> Trace::find_name(std::string_view name) const {
  auto k = key(name);
  if (!k) return std::nullopt;
  const Step* step = find(k->total());
  if (!step) return std::nullopt;
  if (!k->is_path()) return Found{step, std::nullopt};
  for (const Contribution& c : path_terms(*this, *step))
    if (c.via == k->via.front()) return Found{step, c};
  return std::nullopt;
}

}  // namespace bptrace
