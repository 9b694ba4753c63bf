#include "lesson/network_reader.hpp"

#include "number/decimal.hpp"

#include <cstdint>

namespace bptrace::lesson_toml {

namespace {

// Sizes beyond these are not lessons but mistakes (or attacks): refuse them early.
constexpr std::int64_t kMaxWidth = 4096;
constexpr std::int64_t kMaxLayers = 64;

// The fields a [[layer]] may have: its weights, and what its activation needs.
std::vector<std::string> layer_keys(std::optional<ActivationKind> kind) {
  std::vector<std::string> keys{"activation", "weights", "bias"};
  if (!kind) keys.insert(keys.end(), {"alpha", "beta", "value_at_zero", "derivative_at_zero"});
  else if (*kind == ActivationKind::linear) keys.insert(keys.end(), {"alpha", "beta"});
  else if (*kind == ActivationKind::step) keys.push_back("value_at_zero");
  else if (*kind == ActivationKind::relu) keys.push_back("derivative_at_zero");
  else if (*kind == ActivationKind::leaky_relu) keys.insert(keys.end(), {"alpha", "derivative_at_zero"});
  return keys;
}

Activation read_activation(const Reader& r, const toml::table& layer, const std::string& context) {
  // A misspelt key is reported as such, before any "missing field" it causes.
  std::optional<ActivationKind> written;
  if (const toml::node* n = layer.get("activation"); n && n->is_string())
    written = activation_from_name(n->as_string()->get());
  r.only_keys(layer, context, layer_keys(written));
  const toml::node& node = r.required(layer, "activation", context);
  std::string name = r.string(node, "'activation'");
  auto kind = activation_from_name(name);
  if (!kind) r.fail(node, "unknown activation '" + name + "'; expected one of: " + join(activation_names()));
  Activation g;
  g.kind = *kind;
  auto optional_number = [&](const char* key, Rational& into) {
    if (const toml::node* n = layer.get(key)) into = r.number(*n, std::string("'") + key + "'");
  };
  switch (g.kind) {
    case ActivationKind::linear:
      g.alpha = 1;
      optional_number("alpha", g.alpha);
      optional_number("beta", g.beta);
      break;
    case ActivationKind::step:
      // The lesson states its convention at 0 (document 004: g(0) = 1).
      g.at_zero = r.number(r.required(layer, "value_at_zero", context + " (a step activation)"), "'value_at_zero'");
      break;
    case ActivationKind::relu: {
      const toml::node& at_zero = r.required(layer, "derivative_at_zero", context + " (a relu activation)");
      g.at_zero = r.number(at_zero, "'derivative_at_zero'");
      // relu'(0) is a convention, but only a subgradient is one: a slope between 0 and 1.
      if (g.at_zero < 0 || g.at_zero > 1)
        r.fail(at_zero, "'derivative_at_zero' of a relu must lie in [0, 1] (a subgradient at 0: 0, 1 or between), found " +
                            fraction_string(g.at_zero));
      break;
    }
    case ActivationKind::leaky_relu: {
      g.alpha = r.number(r.required(layer, "alpha", context + " (a leaky_relu activation)"), "'alpha'");
      const toml::node& at_zero = r.required(layer, "derivative_at_zero", context + " (a leaky_relu activation)");
      g.at_zero = r.number(at_zero, "'derivative_at_zero'");
      const Rational lo = g.alpha < 1 ? g.alpha : Rational(1);
      const Rational hi = g.alpha < 1 ? Rational(1) : g.alpha;
      if (g.at_zero < lo || g.at_zero > hi)
        r.fail(at_zero, "'derivative_at_zero' of a leaky_relu must lie between its two slopes, in [" + fraction_string(lo) +
                            ", " + fraction_string(hi) + "] (a subgradient at 0), found " + fraction_string(g.at_zero));
      break;
    }
    default: break;
  }
  return g;
}

// A layer's weights, as rows per neuron (transposed from the formal notation's columns).
Matrix read_weights(const Reader& r, const toml::node& w, const std::string& context, bool columns) {
  Matrix weights = r.matrix(w, context + " weights");
  if (!columns || weights.empty()) return weights;
  // Formal notation: column k holds neuron k's weights. Store rows per neuron.
  Matrix rows(weights.front().size(), std::vector<Rational>(weights.size()));
  for (std::size_t i = 0; i < weights.size(); ++i)
    for (std::size_t j = 0; j < weights[i].size(); ++j) rows[j][i] = weights[i][j];
  return rows;
}

// A layer's biases: one per neuron, "none", or one for the layer spread over its neurons.
void read_bias(const Reader& r, const toml::node& b, const std::string& context, const Conventions& conventions, Layer& layer) {
  if (b.is_string() && b.as_string()->get() == "none") {
    // No bias at all: z = W·a, and no b or ∂L/∂b in the trace. The width comes from the weights.
    layer.has_bias = false;
    layer.bias.assign(layer.weights.size(), Rational(0));
  } else if (b.is_string()) {
    r.fail(b, context + ": expected the layer's biases (an array of numbers) or \"none\" for a layer without bias");
  } else {
    layer.bias = r.vector(b, context + " bias");
  }
  if (conventions.shared_bias && layer.has_bias) {
    // One bias for the whole layer: its width comes from the weights.
    if (layer.bias.size() != 1)
      r.fail(b, context + ": bias = \"shared_per_layer\" takes one bias per layer, found " + std::to_string(layer.bias.size()));
    layer.bias.assign(layer.weights.size(), layer.bias.front());
  }
}

// The layer's width (its biases') against its weights' shape and the layer below.
void check_shape(const Reader& r, const toml::node& w, const toml::node& b, const std::string& context, const Layer& layer,
                 std::size_t width_below, bool columns, const Conventions& conventions) {
  std::size_t width = layer.bias.size();
  if (width == 0) r.fail(b, context + ": a layer needs at least one neuron");
  if (static_cast<std::int64_t>(width) > kMaxWidth)
    r.fail(b, context + ": too many neurons: " + std::to_string(width) + " (at most " + std::to_string(kMaxWidth) + ")");
  std::string orientation = columns ? "columns" : "rows";
  std::string per = columns ? "rows" : "columns";
  std::size_t found_neurons = layer.weights.size();
  std::size_t found_inputs = layer.weights.empty() ? 0 : layer.weights.front().size();
  // The weights fit the layer below but have more neurons than there are biases: the bias list
  // is what is too short (with fewer weight rows than biases, a row of weights is missing).
  if (layer.has_bias && !conventions.shared_bias && found_inputs == width_below && found_neurons > width)
    r.fail(b, context + " bias: expected " + std::to_string(found_neurons) + " biases, one per neuron (the weights have " +
                  std::to_string(found_neurons) + " neurons in " + orientation + "), found " + std::to_string(width));
  if (found_neurons != width || found_inputs != width_below) {
    std::string expected = columns ? std::to_string(width_below) + "×" + std::to_string(width)
                                   : std::to_string(width) + "×" + std::to_string(width_below);
    std::string found = columns ? std::to_string(found_inputs) + "×" + std::to_string(found_neurons)
                                : std::to_string(found_neurons) + "×" + std::to_string(found_inputs);
    r.fail(w, context + " weights: expected a " + expected + " matrix (" + std::to_string(width) + " neurons in " +
                  orientation + ", " + std::to_string(width_below) + " inputs in " + per + "), found " + found);
  }
}

Layer read_layer(const Reader& r, const toml::table& t, const std::string& context, std::size_t width_below, bool columns,
                 const Conventions& conventions) {
  Layer layer;
  layer.where = r.at(t);
  layer.activation = read_activation(r, t, context);
  const toml::node& w = r.required(t, "weights", context);
  layer.weights = read_weights(r, w, context, columns);
  const toml::node& b = r.required(t, "bias", context);
  read_bias(r, b, context, conventions, layer);
  check_shape(r, w, b, context, layer, width_below, columns, conventions);
  return layer;
}

}  // namespace

Network read_network(const Reader& r, const toml::table& root, const Conventions& conventions) {
  const toml::table& net = r.table(root, "network");
  r.only_keys(net, "[network]", {"inputs", "weights_layout"});
  Network network;
  network.inputs = static_cast<std::size_t>(r.integer(r.required(net, "inputs", "[network]"), "'inputs'", 1, kMaxWidth));
  bool columns = false;
  if (const toml::node* layout = net.get("weights_layout")) {
    std::string s = r.string(*layout, "'weights_layout'");
    if (s != "rows" && s != "columns") r.fail(*layout, "unknown weights_layout '" + s + "'; expected one of: rows, columns");
    columns = s == "columns";
  }
  const toml::node* layers = root.get("layer");
  if (!layers) r.fail(root, "missing [[layer]]: a network needs at least one layer");
  if (!layers->is_array_of_tables()) r.fail(*layers, "expected [[layer]] tables");
  const auto& array = *layers->as_array();
  if (static_cast<std::int64_t>(array.size()) > kMaxLayers)
    r.fail(*layers, "too many layers: " + std::to_string(array.size()) + " (at most " + std::to_string(kMaxLayers) + ")");
  std::size_t width_below = network.inputs;
  for (std::size_t l = 0; l < array.size(); ++l) {
    const toml::table& t = *array[l].as_table();
    const std::string context = "[[layer]] " + std::to_string(l + 1);
    Layer layer = read_layer(r, t, context, width_below, columns, conventions);
    if (layer.activation.kind == ActivationKind::softmax && l + 1 != array.size())
      r.fail(r.required(t, "activation", context), "softmax is only supported on the output layer");
    width_below = layer.width();
    network.layers.push_back(std::move(layer));
  }
  return network;
}

}  // namespace bptrace::lesson_toml
