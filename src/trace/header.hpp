#pragma once
// What a trace is of: the lesson's title and source, its notation, the network's shape, the
// samples and steps; enough for a renderer to need nothing but the trace and its options.
#include "ops/activation.hpp"
#include "trace/names.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace bptrace {

// The neurons of each layer: what a notation needs to orient and size matrices.
struct NetworkShape {
  std::size_t inputs = 0;
  std::vector<std::size_t> widths;  // widths[l - 1]: neurons of layer l
  std::vector<Activation> activations;
  bool negated_gradients = false;  // delta_sign = "-dL/dz": the backward quantities are −∂L/∂…
  bool shared_bias = false;        // one bias per layer, layerL.b[1], added to every neuron
  bool frozen_bias = false;        // update_biases = false: every step's bias is the given layerL.b
  std::size_t depth() const { return widths.size(); }
  std::size_t fan_in(int layer) const { return layer == 1 ? inputs : widths[layer - 2]; }
};

// A mistake in the document's text that is not a printed number (a typo in a formula...).
struct Erratum {
  std::string where;
  std::string printed;
  std::string correct;
  std::string explanation;
};

struct TraceHeader {
  std::string name;     // the lesson's file stem: "001-4-sigmoid-2-2-2"
  std::string title;
  std::string source;   // document and place
  std::string example;  // the worked example's number: "001-4"
  std::string notation = "bracket";  // the lesson's own
  std::string description;
  std::vector<Erratum> errata;
  NetworkShape shape;   // no layers: a computation graph
  std::size_t samples = 1;
  int steps = 1;        // gradient-descent steps (1 without training)
  NameContext names;    // a graph's node and block names, to read its canonical names
  bool is_graph() const { return shape.depth() == 0; }
  // "001-4", or the name when the lesson has no example number.
  const std::string& label() const { return example.empty() ? name : example; }
};

}  // namespace bptrace
