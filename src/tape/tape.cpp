#include "tape/tape.hpp"

#include <algorithm>

namespace bptrace::tape {

NodeId Tape::add(Node node) {
  const NodeId id = nodes_.size();
  consumers_.emplace_back();
  for (NodeId u : node.operands) {
    std::vector<NodeId>& users = consumers_[u];
    if (users.empty() || users.back() != id) users.push_back(id);
  }
  nodes_.push_back(std::move(node));
  return id;
}

std::vector<bool> Tape::active() const {
  std::vector<bool> out(nodes_.size(), false);
  for (NodeId i = 0; i < nodes_.size(); ++i) {
    out[i] = nodes_[i].op == Operation::input;
    for (NodeId u : nodes_[i].operands) out[i] = out[i] || out[u];
  }
  return out;
}

std::vector<bool> Tape::ancestors(NodeId node) const {
  std::vector<bool> out(nodes_.size(), false);
  out[node] = true;
  for (NodeId i = node + 1; i-- > 0;)
    if (out[i])
      for (NodeId u : nodes_[i].operands) out[u] = true;
  return out;
}

std::vector<bool> Tape::descendants(NodeId node) const {
  std::vector<bool> out(nodes_.size(), false);
  out[node] = true;
  for (NodeId i = node + 1; i < nodes_.size(); ++i)
    for (NodeId u : nodes_[i].operands) out[i] = out[i] || out[u];
  return out;
}

std::vector<NodeId> Tape::distinct_operands(NodeId node) const {
  std::vector<NodeId> out;
  for (NodeId u : nodes_[node].operands)
    if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
  return out;
}

const std::vector<NodeId>& Tape::consumers(NodeId node) const { return consumers_[node]; }

}  // namespace bptrace::tape
