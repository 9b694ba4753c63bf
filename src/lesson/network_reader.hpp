#pragma once
// A lesson's [network] and [[layer]]s: sizes, activations with what each needs, weights (rows
// per neuron, or the formal notation's columns) and biases (per neuron, shared, or none), each
// checked against the layer below with the place of what is wrong.
#include "lesson/toml_reader.hpp"
#include "model/network.hpp"

namespace bptrace::lesson_toml {

Network read_network(const Reader& r, const toml::table& root, const Conventions& conventions);

}  // namespace bptrace::lesson_toml
