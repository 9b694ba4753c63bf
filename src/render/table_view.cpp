#include "render/outline.hpp"

#include "ops/activation.hpp"
#include "trace/names.hpp"

// The table view: an activation lesson's points as rows. It only chooses the trace's steps.
namespace bptrace {

namespace {

// The sample numbers of the trace's names: 0 for a lesson of one sample (names unprefixed).
std::vector<int> sample_numbers(const Trace& trace) {
  if (trace.header.samples <= 1) return {0};
  std::vector<int> all;
  for (int s = 1; s <= static_cast<int>(trace.header.samples); ++s) all.push_back(s);
  return all;
}

// "sample1.layer1.z[1]" → "sampleK.layer1.z[1]": the names of any row.
std::string any_row(const std::string& name, int sample) {
  const std::string prefix = "sample" + std::to_string(sample) + ".";
  return sample && name.rfind(prefix, 0) == 0 ? "sampleK." + name.substr(prefix.size()) : name;
}

}  // namespace

std::optional<std::string> table_unavailable(const Trace& trace) {
  const NetworkShape& shape = trace.header.shape;
  const std::string what = "the table view tabulates one neuron's activation at each sample's point "
                           "(a network of one layer of one neuron, without training, as the 001-3 lessons)";
  if (trace.header.is_graph()) return what + "; this lesson is a computation graph";
  if (shape.depth() != 1) return what + "; this lesson has " + std::to_string(shape.depth()) + " layers";
  if (shape.widths[0] != 1) return what + "; its layer has " + std::to_string(shape.widths[0]) + " neurons";
  if (trace.find(learning_rate_key())) return what + "; this lesson trains ([training])";
  for (int sample : sample_numbers(trace))
    if (!trace.find(layer_key(Quantity::pre_activation, 1, sample, 1, 1)) ||
        !trace.find(layer_key(Quantity::activation, 1, sample, 1, 1)))
      return what + "; this trace lacks a point's z or g(z)";
  return std::nullopt;
}

Outline table_outline(const Trace& trace, const Notation& notation) {
  Table table;
  table.activation = notation.activation_letter();
  const std::vector<int> samples = sample_numbers(trace);
  table.derivative = trace.find(layer_key(Quantity::activation_derivative, 1, samples.front(), 1, 1)) != nullptr;
  std::vector<Quantity> columns{Quantity::pre_activation, Quantity::activation};
  if (table.derivative) columns.push_back(Quantity::activation_derivative);
  for (int sample : samples) {
    std::vector<const Step*> row;
    for (Quantity q : columns) row.push_back(trace.find(layer_key(q, 1, sample, 1, 1)));
    table.rows.push_back(std::move(row));
  }
  for (const Step* step : table.rows.front()) table.names.push_back(any_row(canonical_name(step->key), samples.front()));
  const std::string g = table.activation.text;
  const std::string points = std::to_string(samples.size()) + (samples.size() == 1 ? " point" : " points");
  table.title = g + " = " + activation_name(notation.shape().activations[0].kind) + ": " + g + "(z)" +
                (table.derivative ? " and its derivative " + g + "'(z)" : "") + " at " + points;
  table.point = notation.symbol(layer_key(Quantity::pre_activation, 1, 0, 1, 1));
  Outline outline;
  outline.table = std::move(table);
  return outline;
}

}  // namespace bptrace
