#pragma once
// What kind of quantity a key is, as the notation's files ask (internal to render/notation*.cpp).
#include "trace/key.hpp"

namespace bptrace::notation_keys {

inline bool is_matrix(Quantity q) {
  return q == Quantity::weight || q == Quantity::weight_gradient || q == Quantity::weight_without_bias;
}
inline bool is_input(const Key& q) { return q.quantity == Quantity::input || q.quantity == Quantity::input_gradient; }
inline bool is_layer(const Key& q) { return q.layer > 0; }

}  // namespace bptrace::notation_keys
