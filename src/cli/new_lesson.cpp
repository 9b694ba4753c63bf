// `bptrace new LESSON.toml [--layers 2,2,1] [--activation sigmoid] [--graph]`: a commented
// skeleton lesson that runs as written, for a newcomer to edit: a layered network (inputs, then
// the width of each layer; hidden layers with the activation, a linear output, squared error) or
// a computation graph. The file must not exist: nothing is overwritten.
#include "cli/commands.hpp"
#include "lesson/library.hpp"
#include "ops/activation.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace bptrace::cli {

namespace {

// "2,2,1" -> {2, 2, 1}: the inputs, then each layer's neurons, each 1..20.
std::vector<int> layer_widths(const std::string& text) {
  std::vector<int> widths;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, comma - start);
    bool digits = !part.empty() && part.size() <= 2 && part.find_first_not_of("0123456789") == std::string::npos;
    int n = digits ? std::stoi(part) : 0;
    if (n < 1 || n > 20)
      throw UsageError("--layers " + text + ": expected the inputs and each layer's width, numbers from 1 to 20 "
                       "separated by commas, e.g. 2,2,1");
    widths.push_back(n);
    start = comma + 1;
  }
  if (widths.size() < 2) throw UsageError("--layers " + text + ": expected the inputs and at least one layer, e.g. 2,2,1");
  return widths;
}

// Small distinct decimals, 0.1 to 0.9 in turn, so that every number of the trace is easy to follow.
std::string next_number(int& counter) { return fmt::format("0.{}", counter++ % 9 + 1); }

std::string number_list(int count, int& counter) {
  std::string out = "[";
  for (int k = 0; k < count; ++k) out += (k ? ", " : "") + next_number(counter);
  return out + "]";
}

std::string network_lesson(const std::vector<int>& widths, const std::string& activation) {
  std::string out = fmt::format(
      "# A lesson skeleton written by `bptrace new`: it runs as it is (bptrace run FILE); edit the\n"
      "# numbers, add layers, and copy the values your document prints into [[document]] checks.\n"
      "[lesson]\n"
      "title = \"A {}-input network, hidden layers of {}\"\n"
      "source = \"my own example (name the course, document and slide here)\"\n"
      "notation = \"bracket\"                # or augmented, paren, formal, hidden-output\n\n"
      "[network]\ninputs = {}\n",
      widths.front(), activation, widths.front());
  int counter = 0;
  for (std::size_t l = 1; l < widths.size(); ++l) {
    const bool output = l + 1 == widths.size();
    const std::string g = output ? "identity" : activation;
    out += fmt::format("\n[[layer]]                          # layer {}: {} neuron{}, one row of {} weight{} each\n",
                       l, widths[l], widths[l] == 1 ? "" : "s", widths[l - 1], widths[l - 1] == 1 ? "" : "s");
    out += "activation = \"" + g + "\"" + (output ? "             # the output: linear, ŷ = z" : "") + "\n";
    if (g == "leaky_relu") out += "alpha = 0.01                       # the slope for z < 0\n";
    if (g == "relu") out += "derivative_at_zero = 0             # the convention for g'(0), in [0, 1]\n";
    if (g == "leaky_relu") out += "derivative_at_zero = 1             # the convention for g'(0), in [alpha, 1]\n";
    if (g == "step") out += "value_at_zero = 1                  # the convention for g(0)\n";
    out += "weights = [";
    for (int j = 0; j < widths[l]; ++j) out += (j ? ", " : "") + number_list(widths[l - 1], counter);
    out += "]\nbias = " + number_list(widths[l], counter) + "\n";
  }
  int inputs = 0;
  out += "\n[[sample]]                         # add [[sample]] tables for a batch\n";
  out += "x = " + number_list(widths.front(), inputs) + "\n";
  out += "y = [" + std::string("0.5");
  for (int k = 1; k < widths.back(); ++k) out += ", 0.5";
  out += "]\n\n[loss]\nkind = \"squared_error\"             # L = 1/2 Σ (ŷ − y)²\nconstant = \"1/2\"\noutputs = \"sum\"\nbatch = \"sum\"\n";
  out += "\n# One step of gradient descent: uncomment, and run prints the update of every parameter.\n"
         "# [training]\n# learning_rate = 0.5\n"
         "\n# A number your document prints, verbatim (bptrace names FILE lists the quantities):\n"
         "# [[document]]\n# quantity = \"loss\"\n# printed = \"0.123\"\n# where = \"my worksheet, question 1\"\n";
  return out;
}

std::string graph_lesson() {
  return "# A graph lesson skeleton written by `bptrace new --graph`: it runs as it is (bptrace run FILE).\n"
         "# Name the inputs, give the point, define nodes by expressions (+ − · / ^, exp, log, σ, tanh,\n"
         "# relu, max, min, abs, softmax, logsumexp) and name the outputs to differentiate.\n"
         "[lesson]\n"
         "title = \"f(x, y) = (x + y)·y at (1, 2)\"\n"
         "source = \"my own example (name the course, document and slide here)\"\n\n"
         "[graph]\n"
         "inputs = [\"x\", \"y\"]\n"
         "point = [1, 2]\n"
         "definitions = [\"s = x + y\", \"f = s*y\"]\n"
         "outputs = [\"f\"]\n"
         "\n# A number your document prints, verbatim (bptrace names FILE lists the quantities):\n"
         "# [[document]]\n# quantity = \"df/dx\"\n# printed = \"2\"\n# where = \"my worksheet, question 1\"\n";
}

}  // namespace

void setup_new(CLI::App& app, NewOptions& options) {
  app.add_option("file", options.file, "The lesson file to write (it must not exist)")->required();
  app.add_option("--layers", options.layers, "The inputs, then each layer's width (default 2,2,1)");
  app.add_option("--activation", options.activation, "The hidden layers' activation (default sigmoid)");
  app.add_flag("--graph", options.graph, "A computation-graph lesson instead of a layered network");
}

int run_new(const NewOptions& options) {
  namespace fs = std::filesystem;
  std::string text;
  if (options.graph) {
    text = graph_lesson();
  } else {
    const std::vector<int> widths = layer_widths(options.layers);
    auto kind = activation_from_name(options.activation);
    if (!kind || *kind == ActivationKind::softmax || *kind == ActivationKind::linear) {
      std::string names;
      for (const auto& n : activation_names())
        if (n != "softmax" && n != "linear") names += (names.empty() ? "" : ", ") + n;
      throw UsageError("--activation " + options.activation + ": expected a hidden layer's activation, one of " + names);
    }
    text = network_lesson(widths, options.activation);
  }
  std::error_code error;
  if (fs::exists(fs::symlink_status(options.file, error)))
    throw UsageError(options.file + ": exists already; bptrace new writes a new file only");
  std::ofstream out(options.file, std::ios::binary);
  if (!(out << text) || !out.flush()) throw UsageError(options.file + ": cannot write the lesson file");
  std::cout << "wrote " << options.file << "; run it with: bptrace run " << options.file << "\n";
  return 0;
}

}  // namespace bptrace::cli
