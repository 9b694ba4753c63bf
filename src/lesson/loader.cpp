#include "lesson/lesson.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace bptrace {

namespace {

// Sizes beyond these are not lessons but mistakes (or attacks): refuse them early.
constexpr std::int64_t kMaxWidth = 4096;
constexpr std::int64_t kMaxLayers = 64;
constexpr std::size_t kMaxSamples = 10000;
constexpr std::int64_t kMaxSteps = 100000;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class Reader {
 public:
  Reader(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    std::istringstream in(text_);
    for (std::string line; std::getline(in, line);) lines_.push_back(line);
  }

  const std::string& path() const { return path_; }

  SourceLocation at(const toml::source_position& p) const {
    return SourceLocation{path_, static_cast<int>(p.line), static_cast<int>(p.column)};
  }
  SourceLocation at(const toml::node& node) const {
    auto p = node.source().begin;
    if (p.line == 0) return SourceLocation{path_, 1, 1};
    return at(p);
  }

  [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
    throw LessonError(at(node), message);
  }

  // Keys outside `allowed` are typos: say so, and list what is allowed.
  void only_keys(const toml::table& table, const std::string& context,
                 const std::vector<std::string>& allowed) const {
    for (const auto& [key, node] : table) {
      if (std::find(allowed.begin(), allowed.end(), std::string(key.str())) == allowed.end())
        throw LessonError(at(key.source().begin.line ? key.source().begin : node.source().begin),
                          "unknown field '" + std::string(key.str()) + "' in " + context +
                              "; expected one of: " + join(allowed));
    }
  }

  const toml::node& required(const toml::table& table, const std::string& key,
                             const std::string& context) const {
    const toml::node* node = table.get(key);
    if (!node) fail(table, "missing field '" + key + "' in " + context);
    return *node;
  }

  const toml::table& table(const toml::table& parent, const std::string& key) const {
    const toml::node& node = required(parent, key, "the lesson");
    if (!node.is_table()) fail(node, "expected a table [" + key + "]");
    return *node.as_table();
  }

  std::string string(const toml::node& node, const std::string& what) const {
    if (!node.is_string()) fail(node, "expected a string for " + what);
    return node.as_string()->get();
  }

  std::string string(const toml::table& table, const std::string& key, const std::string& context) const {
    return string(required(table, key, context), "'" + key + "'");
  }

  std::optional<std::string> optional_string(const toml::table& table, const std::string& key) const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    return string(*node, "'" + key + "'");
  }

  std::int64_t integer(const toml::node& node, const std::string& what, std::int64_t lo,
                       std::int64_t hi) const {
    if (!node.is_integer()) fail(node, "expected an integer for " + what);
    std::int64_t v = node.as_integer()->get();
    if (v < lo || v > hi)
      fail(node, what + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                     ", found " + std::to_string(v));
    return v;
  }

  // A number read from its source text: TOML numbers are sliced out of the file as written
  // (0.05 stays 1/20, never a double); strings may also hold fractions such as "1/3".
  Rational number(const toml::node& node, const std::string& what) const {
    std::string text;
    int column_offset = 0;
    if (node.is_string()) {
      text = node.as_string()->get();
      column_offset = 1;  // the opening quote
    } else if (node.is_integer() || node.is_floating_point()) {
      text = source_text(node);
    } else {
      fail(node, "expected a number for " + what + " (a decimal such as 0.05, or a string such as \"1/3\")");
    }
    try {
      return parse_rational(text);
    } catch (const NumberSyntaxError& e) {
      SourceLocation where = at(node);
      where.column += column_offset + static_cast<int>(e.offset);
      throw LessonError(where, std::string(e.what()) + " in " + what + " \"" + text + "\"");
    }
  }

  std::vector<Rational> vector(const toml::node& node, const std::string& what) const {
    if (!node.is_array()) fail(node, "expected an array of numbers for " + what);
    std::vector<Rational> out;
    for (const auto& item : *node.as_array()) out.push_back(number(item, what));
    return out;
  }

  Matrix matrix(const toml::node& node, const std::string& what) const {
    if (!node.is_array()) fail(node, "expected an array of rows for " + what);
    Matrix out;
    for (const auto& row : *node.as_array()) {
      if (!row.is_array()) fail(row, "expected a row (an array of numbers) in " + what);
      out.push_back(vector(row, what));
      if (out.back().size() != out.front().size())
        fail(row, what + ": row " + std::to_string(out.size()) + " has " +
                      std::to_string(out.back().size()) + " entries, row 1 has " +
                      std::to_string(out.front().size()));
    }
    return out;
  }

 private:
  // The characters of a value as written in the file (columns count code points).
  std::string source_text(const toml::node& node) const {
    auto region = node.source();
    if (region.begin.line == 0 || region.begin.line > lines_.size() || region.begin.line != region.end.line)
      fail(node, "cannot read the number's source text");
    const std::string& line = lines_[region.begin.line - 1];
    std::size_t begin = byte_offset(line, region.begin.column);
    std::size_t end = byte_offset(line, region.end.column);
    std::string text = line.substr(begin, end - begin);
    std::string digits;
    for (char c : text)
      if (c != '_') digits += c;
    return digits;
  }

  static std::size_t byte_offset(const std::string& line, std::size_t column) {
    std::size_t byte = 0;
    for (std::size_t cp = 1; cp < column && byte < line.size(); ++cp) {
      ++byte;
      while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) ++byte;
    }
    return byte;
  }

  std::string path_;
  std::string text_;
  std::vector<std::string> lines_;
};

Activation read_activation(const Reader& r, const toml::table& layer, const std::string& context) {
  const toml::node& node = r.required(layer, "activation", context);
  std::string name = r.string(node, "'activation'");
  auto kind = activation_from_name(name);
  if (!kind) r.fail(node, "unknown activation '" + name + "'; expected one of: " + join(activation_names()));
  Activation g;
  g.kind = *kind;
  auto optional_number = [&](const char* key, Rational& into) {
    if (const toml::node* n = layer.get(key)) into = r.number(*n, std::string("'") + key + "'");
  };
  std::vector<std::string> keys{"activation", "weights", "bias"};
  switch (g.kind) {
    case ActivationKind::linear:
      g.alpha = 1;
      optional_number("alpha", g.alpha);
      optional_number("beta", g.beta);
      keys.insert(keys.end(), {"alpha", "beta"});
      break;
    case ActivationKind::step:
      // The lesson states its convention at 0 (document 004: g(0) = 1).
      g.at_zero = r.number(r.required(layer, "value_at_zero", context + " (a step activation)"), "'value_at_zero'");
      keys.push_back("value_at_zero");
      break;
    case ActivationKind::relu:
      g.at_zero = r.number(r.required(layer, "derivative_at_zero", context + " (a relu activation)"),
                           "'derivative_at_zero'");
      keys.push_back("derivative_at_zero");
      break;
    case ActivationKind::leaky_relu:
      g.alpha = r.number(r.required(layer, "alpha", context + " (a leaky_relu activation)"), "'alpha'");
      g.at_zero = r.number(r.required(layer, "derivative_at_zero", context + " (a leaky_relu activation)"),
                           "'derivative_at_zero'");
      keys.insert(keys.end(), {"alpha", "derivative_at_zero"});
      break;
    default: break;
  }
  r.only_keys(layer, context, keys);
  return g;
}

Network read_network(const Reader& r, const toml::table& root) {
  const toml::table& net = r.table(root, "network");
  r.only_keys(net, "[network]", {"inputs", "weights_layout"});
  Network network;
  network.inputs = static_cast<std::size_t>(r.integer(r.required(net, "inputs", "[network]"), "'inputs'", 1, kMaxWidth));
  bool columns = false;
  if (const toml::node* layout = net.get("weights_layout")) {
    std::string s = r.string(*layout, "'weights_layout'");
    if (s != "rows" && s != "columns")
      r.fail(*layout, "unknown weights_layout '" + s + "'; expected one of: rows, columns");
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
    std::string context = "[[layer]] " + std::to_string(l + 1);
    Layer layer;
    layer.where = r.at(t);
    layer.activation = read_activation(r, t, context);
    const toml::node& w = r.required(t, "weights", context);
    layer.weights = r.matrix(w, context + " weights");
    if (columns && !layer.weights.empty()) {
      // Formal notation: column k holds neuron k's weights. Store rows per neuron.
      Matrix rows(layer.weights.front().size(), std::vector<Rational>(layer.weights.size()));
      for (std::size_t i = 0; i < layer.weights.size(); ++i)
        for (std::size_t j = 0; j < layer.weights[i].size(); ++j) rows[j][i] = layer.weights[i][j];
      layer.weights = std::move(rows);
    }
    const toml::node& b = r.required(t, "bias", context);
    layer.bias = r.vector(b, context + " bias");
    std::size_t width = layer.bias.size();
    if (width == 0) r.fail(b, context + ": a layer needs at least one neuron");
    if (static_cast<std::int64_t>(width) > kMaxWidth)
      r.fail(b, context + ": too many neurons: " + std::to_string(width));
    std::string orientation = columns ? "columns" : "rows";
    std::string per = columns ? "rows" : "columns";
    std::size_t found_neurons = layer.weights.size();
    std::size_t found_inputs = layer.weights.empty() ? 0 : layer.weights.front().size();
    if (found_neurons != width || found_inputs != width_below) {
      std::string expected = columns ? std::to_string(width_below) + "×" + std::to_string(width)
                                     : std::to_string(width) + "×" + std::to_string(width_below);
      std::string found = columns ? std::to_string(found_inputs) + "×" + std::to_string(found_neurons)
                                  : std::to_string(found_neurons) + "×" + std::to_string(found_inputs);
      r.fail(w, context + " weights: expected a " + expected + " matrix (" + std::to_string(width) +
                    " neurons in " + orientation + ", " + std::to_string(width_below) + " inputs in " + per +
                    "), found " + found);
    }
    if (layer.activation.kind == ActivationKind::softmax && l + 1 != array.size())
      r.fail(r.required(t, "activation", context), "softmax is only supported on the output layer");
    width_below = width;
    network.layers.push_back(std::move(layer));
  }
  return network;
}

Reduction read_reduction(const Reader& r, const toml::table& t, const std::string& key) {
  const toml::node& node = r.required(t, key, "[loss]");
  std::string s = r.string(node, "'" + key + "'");
  if (s == "sum") return Reduction::sum;
  if (s == "mean") return Reduction::mean;
  r.fail(node, "unknown " + key + " reduction '" + s + "'; expected one of: sum, mean");
}

Loss read_loss(const Reader& r, const toml::table& t, const Network& net) {
  r.only_keys(t, "[loss]", {"kind", "constant", "outputs", "batch"});
  Loss loss;
  loss.where = r.at(t);
  const toml::node& kind = r.required(t, "kind", "[loss]");
  std::string name = r.string(kind, "'kind'");
  auto k = loss_from_name(name);
  if (!k) r.fail(kind, "unknown loss '" + name + "'; expected one of: " + join(loss_names()));
  loss.kind = *k;
  // The constant is never implied: ½Σ and Σ differ by a factor the student must see.
  loss.constant = r.number(r.required(t, "constant", "[loss] (the loss's constant factor, e.g. \"1/2\")"), "'constant'");
  loss.over_outputs = read_reduction(r, t, "outputs");
  loss.over_batch = read_reduction(r, t, "batch");
  if (loss.kind == LossKind::cross_entropy && net.layers.back().activation.kind != ActivationKind::softmax)
    r.fail(kind, "cross_entropy needs a softmax output layer; use binary_cross_entropy for a probability per output");
  return loss;
}

std::vector<Sample> read_samples(const Reader& r, const toml::table& root, const Network& net, bool has_loss) {
  const toml::node* node = root.get("sample");
  if (!node) r.fail(root, "missing [[sample]]: a lesson needs at least one sample (x, and y when it has a loss)");
  if (!node->is_array_of_tables()) r.fail(*node, "expected [[sample]] tables");
  const auto& array = *node->as_array();
  if (array.size() > kMaxSamples) r.fail(*node, "too many samples: " + std::to_string(array.size()));
  std::vector<Sample> samples;
  for (std::size_t s = 0; s < array.size(); ++s) {
    const toml::table& t = *array[s].as_table();
    std::string context = "[[sample]] " + std::to_string(s + 1);
    r.only_keys(t, context, {"x", "y"});
    Sample sample;
    sample.where = r.at(t);
    const toml::node& x = r.required(t, "x", context);
    sample.x = r.vector(x, context + " x");
    if (sample.x.size() != net.inputs)
      r.fail(x, context + ": x has " + std::to_string(sample.x.size()) + " entries, the network has " +
                    std::to_string(net.inputs) + " inputs");
    if (const toml::node* y = t.get("y")) {
      if (!has_loss) r.fail(*y, context + ": a target y needs a [loss]");
      sample.y = r.vector(*y, context + " y");
      std::size_t outputs = net.layers.back().width();
      if (sample.y.size() != outputs)
        r.fail(*y, context + ": y has " + std::to_string(sample.y.size()) + " entries, the network has " +
                       std::to_string(outputs) + " outputs");
    } else if (has_loss) {
      r.fail(t, "missing field 'y' in " + context + " (the lesson has a loss)");
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

void read_training(const Reader& r, const toml::table& t, Problem& problem) {
  r.only_keys(t, "[training]", {"learning_rate", "steps"});
  const toml::node& eta = r.required(t, "learning_rate", "[training]");
  problem.learning_rate = r.number(eta, "'learning_rate'");
  if (*problem.learning_rate <= 0) r.fail(eta, "learning_rate must be positive");
  if (const toml::node* steps = t.get("steps"))
    problem.steps = static_cast<int>(r.integer(*steps, "'steps'", 1, kMaxSteps));
}

std::vector<DocumentValue> read_documents(const Reader& r, const toml::table& root) {
  std::vector<DocumentValue> out;
  const toml::node* node = root.get("document");
  if (!node) return out;
  if (!node->is_array_of_tables()) r.fail(*node, "expected [[document]] tables");
  for (const auto& item : *node->as_array()) {
    const toml::table& t = *item.as_table();
    r.only_keys(t, "[[document]]", {"quantity", "printed", "where", "erratum"});
    DocumentValue d;
    const toml::node& quantity = r.required(t, "quantity", "[[document]]");
    d.quantity = r.string(quantity, "'quantity'");
    d.location = r.at(quantity);
    const toml::node& printed = r.required(t, "printed", "[[document]]");
    d.printed = r.string(printed, "'printed' (the number exactly as the document prints it, as a string)");
    r.number(printed, "'printed'");  // must be a number
    d.where = r.string(t, "where", "[[document]]");
    d.erratum = r.optional_string(t, "erratum");
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Erratum> read_errata(const Reader& r, const toml::table& root) {
  std::vector<Erratum> out;
  const toml::node* node = root.get("erratum");
  if (!node) return out;
  if (!node->is_array_of_tables()) r.fail(*node, "expected [[erratum]] tables");
  for (const auto& item : *node->as_array()) {
    const toml::table& t = *item.as_table();
    r.only_keys(t, "[[erratum]]", {"where", "printed", "correct", "explanation"});
    out.push_back(Erratum{r.string(t, "where", "[[erratum]]"), r.string(t, "printed", "[[erratum]]"),
                          r.string(t, "correct", "[[erratum]]"), r.string(t, "explanation", "[[erratum]]")});
  }
  return out;
}

// [rounding] decimals = k | significant = k, mode = "round" (default) | "truncate".
RoundingRule read_rounding(const Reader& r, const toml::table& t) {
  r.only_keys(t, "[rounding]", {"decimals", "significant", "mode"});
  const toml::node* decimals = t.get("decimals");
  const toml::node* significant = t.get("significant");
  if ((decimals != nullptr) == (significant != nullptr))
    r.fail(t, "[rounding] needs exactly one of 'decimals' or 'significant' (how many digits intermediates keep)");
  RoundingRule rule;
  rule.unit = decimals ? RoundingRule::Unit::decimals : RoundingRule::Unit::significant;
  rule.digits = static_cast<int>(r.integer(decimals ? *decimals : *significant, decimals ? "'decimals'" : "'significant'", 1, 60));
  if (const toml::node* mode = t.get("mode")) {
    std::string m = r.string(*mode, "'mode'");
    if (m != "round" && m != "truncate") r.fail(*mode, "unknown rounding mode '" + m + "'; expected one of: round, truncate");
    rule.mode = m == "truncate" ? Rounding::toward_zero : Rounding::half_away_from_zero;
  }
  return rule;
}

std::string read_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw LessonError({path, 1, 1}, "expected a lesson file, found a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LessonError({path, 1, 1}, "cannot open the lesson file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Lesson load_lesson(const std::string& path) {
  std::string text = read_file(path);
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    auto b = e.source().begin;
    throw LessonError({path, static_cast<int>(b.line ? b.line : 1), static_cast<int>(b.column ? b.column : 1)},
                      "TOML syntax: " + std::string(e.description()));
  }
  Reader r(path, text);
  r.only_keys(root, "the lesson",
              {"lesson", "network", "layer", "sample", "loss", "training", "document", "erratum", "rounding"});
  Lesson lesson;
  lesson.path = path;
  lesson.name = std::filesystem::path(path).stem().string();
  const toml::table& meta = r.table(root, "lesson");
  r.only_keys(meta, "[lesson]", {"title", "source", "example", "notation", "description"});
  lesson.title = r.string(meta, "title", "[lesson]");
  lesson.source = r.string(meta, "source", "[lesson]");
  lesson.example = r.optional_string(meta, "example").value_or("");
  lesson.notation = r.optional_string(meta, "notation").value_or("bracket");
  lesson.description = r.optional_string(meta, "description").value_or("");

  Problem& p = lesson.problem;
  p.network = read_network(r, root);
  if (const toml::node* loss = root.get("loss")) {
    if (!loss->is_table()) r.fail(*loss, "expected a table [loss]");
    p.loss = read_loss(r, *loss->as_table(), p.network);
  }
  p.samples = read_samples(r, root, p.network, p.loss.has_value());
  if (const toml::node* training = root.get("training")) {
    if (!training->is_table()) r.fail(*training, "expected a table [training]");
    if (!p.loss) r.fail(*training, "[training] needs a [loss] to descend");
    read_training(r, *training->as_table(), p);
  }
  lesson.documents = read_documents(r, root);
  lesson.errata = read_errata(r, root);
  if (const toml::node* rounding = root.get("rounding")) {
    if (!rounding->is_table()) r.fail(*rounding, "expected a table [rounding]");
    lesson.rounding = read_rounding(r, *rounding->as_table());
  }
  return lesson;
}

}  // namespace bptrace
