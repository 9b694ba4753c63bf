#pragma once
// The one module that writes and reads canonical quantity names. Everything else holds Keys;
// names appear only at the edges (goldens, JSON, `--show`, `[[document]] quantity`, answers).
//
//   [stepT.][sampleK.]input.x[i]      input.dx[i]  (input.neg_dx[i])      target.y[k]
//   [stepT.][sampleK.]layerL.z[j]     a  W[j,i]  b  da  dadz  dz  dW[j,i]  db   (neg_da …)
//   [stepT.][sampleK.]loss            loss[k]      learning_rate            epochE.loss
//   training.samples  training.samples_per_update  training.updates_per_epoch   sampleK
//   stepT.layerL.W[j,i].m (optimizer state: velocity m v m_hat v_hat)     stepT.optimizer.t
//   a per-path term:  QUANTITY via THROUGH       (layer1.da[1] via layer2.z[1])
//   graphs: NODE  dY/dV  forward.dV/dX  local.dC/dU  BLOCK[i,j]  ops.naive.additions
//           ops.forward.additions  ops.reverse.additions  document[K].formula
// Without an index (`layer2.W`) a layer name is the whole vector or matrix.
#include "trace/key.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bptrace {

// What a graph's names need to be read back: the lesson's node and block names (a node may be
// called `f.1` or `W[1,2]`, so `df.1/dW[1,2]` cannot be split without knowing them).
struct NameContext {
  std::vector<std::string> nodes;
  std::vector<std::string> blocks;  // Jacobian blocks and their products
};

std::string canonical_name(const Key& key);
// The key of a canonical name, or nullopt when it is not one.
std::optional<Key> parse_name(std::string_view name, const NameContext& graph = {});

}  // namespace bptrace
