#include "render/outline.hpp"

#include "trace/paths.hpp"

#include <algorithm>
#include <unordered_set>

// What the outline and the renderers ask of a trace: phase titles, a quantity's dependencies,
// the losses of a training run.
namespace bptrace {

std::string phase_title(Phase phase) {
  switch (phase) {
    case Phase::given: return "Given";
    case Phase::forward: return "Forward pass";
    case Phase::loss: return "Loss";
    case Phase::backward: return "Backward pass";
    case Phase::update: return "Gradient-descent update";
    case Phase::local: return "Local derivatives: one per edge, ∂node/∂operand";
    case Phase::tangent: return "Forward mode: one sweep per input, tangents ∂node/∂input";
    case Phase::jacobian: return "Jacobians and chain-rule products";
    case Phase::count: return "Operation counts (additions and subtractions)";
    case Phase::document: return "Formulas the document prints, at this point";
    case Phase::summary: return "Training summary";
    case Phase::schedule: return "Training schedule: updates per epoch, samples (gradient computations) per update";
  }
  return "";
}

std::vector<const Step*> dependencies(const Trace& trace, const Key& key) {
  std::unordered_set<Key, KeyHash> needed;
  std::vector<Key> pending{key.total()};
  while (!pending.empty()) {
    Key next = pending.back();
    pending.pop_back();
    const Step* step = trace.find(next);
    if (!step || !needed.insert(next).second) continue;
    auto visit = [&](const Key& reference) { pending.push_back(reference); };
    for_each_reference(step->formula, visit);
    for (const Contribution& c : path_terms(trace, *step)) for_each_reference(c.formula, visit);
  }
  std::vector<const Step*> out;
  for (const Step& step : trace.steps())
    if (needed.count(step.key)) out.push_back(&step);
  return out;
}

std::vector<const Step*> training_losses(const Trace& trace) {
  std::vector<const Step*> out;
  for (const Step& step : trace.steps()) {
    const Key& k = step.key;
    if (step.phase != Phase::loss && step.phase != Phase::summary) continue;
    // The loss of an update (loss, stepT.loss) or after an epoch (epochE.loss), not a sample's.
    bool update_loss = k.quantity == Quantity::loss && k.sample == 0 && !k.is_path();
    if (update_loss || k.quantity == Quantity::epoch_loss) out.push_back(&step);
  }
  if (out.size() < 2) out.clear();
  return out;
}

std::vector<EntryMatrix> entry_matrices(const Section& section) {
  std::vector<EntryMatrix> out;
  for (const Item& item : section.items) {
    if (!item.step || item.step->key.quantity != Quantity::entry) continue;
    const Key& k = item.step->key;
    auto m = std::find_if(out.begin(), out.end(), [&](const EntryMatrix& e) { return e.name == k.node; });
    if (m == out.end()) m = out.insert(out.end(), EntryMatrix{k.node, {}});
    const auto row = static_cast<std::size_t>(k.row), column = static_cast<std::size_t>(k.column);
    if (m->rows.size() < row) m->rows.resize(row);
    if (m->rows[row - 1].size() < column) m->rows[row - 1].resize(column, nullptr);
    m->rows[row - 1][column - 1] = item.step;
  }
  // Every row as wide as the widest.
  for (EntryMatrix& m : out) {
    std::size_t columns = 0;
    for (const auto& r : m.rows) columns = std::max(columns, r.size());
    for (auto& r : m.rows) r.resize(columns, nullptr);
  }
  return out;
}

}  // namespace bptrace
