#include "graph/operation_count.hpp"

#include "trace/names.hpp"

namespace bptrace {

namespace {

bool is_addition(Operation op) { return op == Operation::add || op == Operation::subtract; }

// The additions among the marked nodes: "2 (z1, z2)".
std::pair<int, std::string> additions_in(const Graph& graph, const std::vector<bool>& marked) {
  int count = 0;
  std::string names;
  for (NodeId i = 0; i < marked.size(); ++i) {
    if (!marked[i] || !is_addition(graph.op(i))) continue;
    ++count;
    names += (names.empty() ? "" : ", ") + graph.name(i);
  }
  return {count, std::to_string(count) + (names.empty() ? "" : " (" + names + ")")};
}

void mark_union(std::vector<bool>& into, const std::vector<bool>& other) {
  for (std::size_t i = 0; i < into.size(); ++i) into[i] = into[i] || other[i];
}

// Each sum of k terms costs k − 1 additions.
int sums_of(std::size_t terms) { return terms > 1 ? static_cast<int>(terms) - 1 : 0; }

// The nodes whose values the local derivative ∂node/∂operand uses (see partial() in graph.cpp).
std::vector<NodeId> values_used(const Graph& graph, NodeId node, NodeId operand) {
  const tape::Node& n = graph.tape()[node];
  std::vector<NodeId> out;
  for (std::size_t k = 0; k < n.operands.size(); ++k) {
    if (n.operands[k] != operand) continue;
    switch (n.op) {
      case Operation::input:
      case Operation::constant:
      case Operation::copy:
      case Operation::add:
      case Operation::subtract:
      case Operation::negate: break;  // constant local derivatives
      case Operation::multiply: out.push_back(n.operands[1 - k]); break;  // the other factor
      case Operation::divide:
        out.push_back(n.operands[1]);
        if (k == 1) out.push_back(n.operands[0]);
        break;
      case Operation::power:
      case Operation::log:
      case Operation::relu:
      case Operation::softplus: out.push_back(operand); break;
      case Operation::exp:
      case Operation::sigmoid:
      case Operation::tanh: out.push_back(node); break;  // written with the node's own value
      case Operation::abs: out.push_back(operand); break;
      case Operation::max:
      case Operation::min: out.insert(out.end(), n.operands.begin(), n.operands.end()); break;  // which one wins
      case Operation::logsumexp:  // e^(z_k − L)
        out.push_back(operand);
        out.push_back(node);
        break;
      case Operation::weighted_sum:  // the other factor of the product
        if (n.operands.size() % 2 == 0 || k + 1 < n.operands.size()) out.push_back(n.operands[k % 2 == 0 ? k + 1 : k - 1]);
        break;
      case Operation::activation:
      case Operation::loss_term:  // from the operands and the node's own value
        out.insert(out.end(), n.operands.begin(), n.operands.end());
        out.push_back(node);
        break;
      case Operation::softmax:  // s_i·(1 − s_i), or −s_i·s_k with s_k from every operand
        out.push_back(node);
        if (static_cast<int>(k) + 1 != n.index) out.insert(out.end(), n.operands.begin(), n.operands.end());
        break;
    }
  }
  return out;
}

std::vector<bool> forward_pass_nodes(const Graph& graph, const std::vector<NodeId>& outputs) {
  std::vector<bool> marked(graph.size(), false);
  for (NodeId y : outputs) mark_union(marked, graph.tape().ancestors(y));
  return marked;
}

std::string derivative_name(const Graph& graph, NodeId y, NodeId x) {
  return canonical_name(adjoint_key(graph.name(y), graph.name(x)));
}

}  // namespace

OperationCount naive_forward_additions(const Graph& graph, const std::vector<NodeId>& inputs,
                                       const std::vector<NodeId>& outputs) {
  OperationCount count;
  for (NodeId y : outputs) {
    std::vector<bool> upstream = graph.tape().ancestors(y);
    for (NodeId x : inputs) {
      std::vector<bool> downstream = graph.tape().descendants(x);
      std::vector<bool> recomputed(graph.size(), false);
      int path_sums = 0;
      for (NodeId c = x + 1; c < graph.size(); ++c) {
        if (!downstream[c] || !upstream[c]) continue;  // not on a path from x to y
        std::size_t terms = 0;
        for (NodeId u : graph.tape().distinct_operands(c)) {
          if (!downstream[u]) continue;
          ++terms;
          for (NodeId v : values_used(graph, c, u)) mark_union(recomputed, graph.tape().ancestors(v));
        }
        path_sums += sums_of(terms);
      }
      auto [additions, listed] = additions_in(graph, recomputed);
      count.additions += additions + path_sums;
      count.explanation += (count.explanation.empty() ? "" : " + ") + derivative_name(graph, y, x) + ": " + listed;
      if (path_sums) count.explanation += " + " + std::to_string(path_sums) + " summing paths";
    }
  }
  count.explanation = "recomputed for each derivative: " + count.explanation;
  return count;
}

OperationCount forward_mode_additions(const Graph& graph, const std::vector<NodeId>& inputs,
                                      const std::vector<NodeId>& outputs) {
  std::vector<bool> relevant = forward_pass_nodes(graph, outputs);
  auto [additions, listed] = additions_in(graph, relevant);
  int tangent_sums = 0;
  for (NodeId x : inputs) {
    std::vector<bool> downstream = graph.tape().descendants(x);
    for (NodeId c = x + 1; c < graph.size(); ++c) {
      if (!downstream[c] || !relevant[c]) continue;
      std::size_t terms = 0;
      for (NodeId u : graph.tape().distinct_operands(c)) terms += downstream[u];
      tangent_sums += sums_of(terms);
    }
  }
  return {additions + tangent_sums,
          "forward pass, once: " + listed + " + tangent sums: " + std::to_string(tangent_sums)};
}

OperationCount reverse_mode_additions(const Graph& graph, const std::vector<NodeId>& outputs) {
  std::vector<bool> relevant = forward_pass_nodes(graph, outputs);
  auto [additions, listed] = additions_in(graph, relevant);
  std::vector<bool> active = graph.tape().active();
  int adjoint_sums = 0;
  for (NodeId y : outputs) {
    std::vector<bool> upstream = graph.tape().ancestors(y);
    for (NodeId v = 0; v < y; ++v) {
      if (!upstream[v] || !active[v]) continue;
      std::size_t terms = 0;
      for (NodeId c : graph.tape().consumers(v)) terms += upstream[c];
      adjoint_sums += sums_of(terms);
    }
  }
  return {additions + adjoint_sums,
          "forward pass, once: " + listed + " + adjoint sums: " + std::to_string(adjoint_sums)};
}

}  // namespace bptrace
