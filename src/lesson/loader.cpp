#include "lesson/lesson.hpp"
#include "lesson/graph_loader.hpp"
#include "lesson/document_reader.hpp"
#include "lesson/rounding_reader.hpp"
#include "lesson/input_file.hpp"
#include "lesson/network_reader.hpp"
#include "lesson/toml_reader.hpp"
#include "number/decimal.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>

namespace bptrace {

namespace {

using lesson_toml::join;
using lesson_toml::Reader;

// Sizes beyond these are not lessons but mistakes (or attacks): refuse them early.
constexpr std::size_t kMaxSamples = 10000;
constexpr std::int64_t kMaxSteps = 100000;

Reduction read_reduction(const Reader& r, const toml::table& t, const std::string& key) {
  const toml::node& node = r.required(t, key, "[loss]");
  std::string s = r.string(node, "'" + key + "'");
  if (s == "sum") return Reduction::sum;
  if (s == "mean") return Reduction::mean;
  r.fail(node, "unknown " + key + " reduction '" + s + "'; expected one of: sum, mean");
}

Loss read_loss(const Reader& r, const toml::table& t, const Network& net) {
  r.only_keys(t, "[loss]", {"kind", "constant", "outputs", "batch", "derivative_at_zero"});
  Loss loss;
  loss.where = r.at(t);
  const toml::node& kind = r.required(t, "kind", "[loss]");
  std::string name = r.string(kind, "'kind'");
  auto k = loss_from_name(name);
  if (!k) r.fail(kind, "unknown loss '" + name + "'; expected one of: " + join(loss_names()));
  loss.kind = *k;
  // The constant is never implied: ½Σ and Σ differ by a factor the student must see.
  const toml::node& constant = r.required(t, "constant", "[loss] (the loss's constant factor, e.g. \"1/2\")");
  loss.constant = r.number(constant, "'constant'");
  if (loss.constant <= 0)
    r.fail(constant, "the loss's 'constant' must be positive (a factor such as \"1/2\" or 1), found " +
                         fraction_string(loss.constant));
  loss.over_outputs = read_reduction(r, t, "outputs");
  loss.over_batch = read_reduction(r, t, "batch");
  // |a − y| has no derivative at a = y: the lesson states the value it uses there.
  if (loss.kind == LossKind::absolute_error) {
    const toml::node& at_zero = r.required(t, "derivative_at_zero", "[loss] (an absolute_error loss: sign'(0))");
    loss.derivative_at_zero = r.number(at_zero, "'derivative_at_zero'");
    if (loss.derivative_at_zero < -1 || loss.derivative_at_zero > 1)
      r.fail(at_zero, "'derivative_at_zero' of an absolute_error loss must lie in [-1, 1] (a subgradient of |a - y| "
                      "at 0), found " + fraction_string(loss.derivative_at_zero));
  } else if (const toml::node* n = t.get("derivative_at_zero"))
    r.fail(*n, "'derivative_at_zero' belongs to an absolute_error loss only");
  if (loss.kind == LossKind::cross_entropy && net.layers.back().activation.kind != ActivationKind::softmax)
    r.fail(kind, "cross_entropy needs a softmax output layer; use binary_cross_entropy for a probability per output");
  return loss;
}

std::vector<Sample> read_samples(const Reader& r, const toml::table& root, const Network& net,
                                 const std::optional<Loss>& loss) {
  const bool has_loss = loss.has_value();
  const bool probabilities = has_loss && loss->kind == LossKind::binary_cross_entropy;
  const toml::node* node = root.get("sample");
  if (!node) r.fail(root, "missing [[sample]]: a lesson needs at least one sample (x, and y when it has a loss)");
  if (!node->is_array_of_tables()) r.fail(*node, "expected [[sample]] tables");
  const auto& array = *node->as_array();
  if (array.size() > kMaxSamples)
    r.fail(*node, "too many samples: " + std::to_string(array.size()) + " (at most " + std::to_string(kMaxSamples) + ")");
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
      // −[y log a + (1 − y) log(1 − a)] is a cross-entropy only for a probability y.
      if (probabilities)
        for (std::size_t k = 0; k < sample.y.size(); ++k)
          if (sample.y[k] < 0 || sample.y[k] > 1)
            r.fail((*y->as_array())[k], context + ": a binary_cross_entropy target must lie in [0, 1] (a probability), found " +
                                            fraction_string(sample.y[k]));
    } else if (has_loss) {
      r.fail(t, "missing field 'y' in " + context + " (the lesson has a loss)");
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

std::string read_choice(const Reader& r, const toml::node& node, const std::string& key,
                        const std::vector<std::string>& choices) {
  std::string s = r.string(node, "'" + key + "'");
  if (std::find(choices.begin(), choices.end(), s) == choices.end())
    r.fail(node, "unknown " + key + " '" + s + "'; expected one of: " + join(choices));
  return s;
}

// [training] order (a fixed permutation of the samples, 1-based) or shuffle_seed, for SGD and
// mini-batches.
void read_order(const Reader& r, const toml::table& t, Problem& problem) {
  const std::size_t n = problem.samples.size();
  const toml::node* order = t.get("order");
  const toml::node* seed = t.get("shuffle_seed");
  if (problem.mode == TrainingMode::full_batch)
    for (const toml::node* n2 : {order, seed})
      if (n2) r.fail(*n2, "a full batch uses every sample in every update: order and shuffle_seed need mode = \"sgd\" or \"mini_batch\"");
  if (order && seed) r.fail(*seed, "give either order (a fixed order) or shuffle_seed (a reproducible shuffle), not both");
  if (order) {
    // A permutation of the samples, 1-based as the lesson's [[sample]]s are counted.
    if (!order->is_array()) r.fail(*order, "expected an array of sample numbers (1-based) for 'order'");
    std::vector<bool> seen(n, false);
    for (const auto& item : *order->as_array()) {
      auto k = static_cast<std::size_t>(r.integer(item, "a sample number in 'order'", 1, static_cast<std::int64_t>(n)));
      if (seen[k - 1]) r.fail(item, "sample " + std::to_string(k) + " is listed twice in 'order'");
      seen[k - 1] = true;
      problem.order.push_back(k - 1);
    }
    if (problem.order.size() != n)
      r.fail(*order, "'order' lists " + std::to_string(problem.order.size()) + " samples; expected every one of the " +
                         std::to_string(n) + " samples once");
  }
  if (seed) problem.shuffle_seed = static_cast<std::uint64_t>(r.integer(*seed, "'shuffle_seed'", 0, INT64_MAX));
}

// [training] steps (updates) or epochs (passes over the data, in updates per epoch).
void read_steps(const Reader& r, const toml::table& t, Problem& problem) {
  const std::size_t n = problem.samples.size();
  const toml::node* steps = t.get("steps");
  const toml::node* epochs = t.get("epochs");
  if (steps && epochs) r.fail(*epochs, "give either steps (updates) or epochs (passes over the data), not both");
  const std::int64_t per_epoch = problem.mode == TrainingMode::full_batch ? 1
                                 : problem.mode == TrainingMode::sgd
                                     ? static_cast<std::int64_t>(n)
                                     : static_cast<std::int64_t>((n + problem.batch_size - 1) / problem.batch_size);
  if (steps) problem.steps = static_cast<int>(r.integer(*steps, "'steps'", 1, kMaxSteps));
  if (epochs) {
    std::int64_t e = r.integer(*epochs, "'epochs'", 1, kMaxSteps);
    if (e * per_epoch > kMaxSteps)
      r.fail(*epochs, std::to_string(e) + " epochs of " + std::to_string(per_epoch) + " updates exceed " +
                          std::to_string(kMaxSteps) + " steps");
    problem.steps = static_cast<int>(e * per_epoch);
    problem.epochs = static_cast<int>(e);
  }
}

void read_training(const Reader& r, const toml::table& t, Problem& problem) {
  r.only_keys(t, "[training]", {"learning_rate", "steps", "epochs", "mode", "batch_size", "order", "shuffle_seed",
                                "detail_steps", "loss_every", "final_loss", "exact_digits"});
  const toml::node& eta = r.required(t, "learning_rate", "[training]");
  problem.learning_rate = r.number(eta, "'learning_rate'");
  if (*problem.learning_rate <= 0) r.fail(eta, "learning_rate must be positive");
  const std::size_t n = problem.samples.size();
  if (const toml::node* mode = t.get("mode")) {
    std::string m = read_choice(r, *mode, "mode", {"full_batch", "sgd", "mini_batch"});
    problem.mode = m == "sgd" ? TrainingMode::sgd : m == "mini_batch" ? TrainingMode::mini_batch : TrainingMode::full_batch;
  }
  const toml::node* batch_size = t.get("batch_size");
  if (problem.mode == TrainingMode::mini_batch) {
    problem.batch_size = static_cast<std::size_t>(r.integer(
        r.required(t, "batch_size", "[training] (mode = \"mini_batch\")"), "'batch_size'", 1, static_cast<std::int64_t>(n)));
  } else if (batch_size) {
    r.fail(*batch_size, "batch_size needs mode = \"mini_batch\"");
  }
  read_order(r, t, problem);
  read_steps(r, t, problem);
  if (const toml::node* d = t.get("detail_steps"))
    problem.detail_steps = static_cast<int>(r.integer(*d, "'detail_steps'", 1, kMaxSteps));
  if (const toml::node* e = t.get("loss_every"))
    problem.loss_every = static_cast<int>(r.integer(*e, "'loss_every'", 1, kMaxSteps));
  if (const toml::node* f = t.get("final_loss")) {
    if (!f->is_boolean()) r.fail(*f, "expected true or false for 'final_loss'");
    problem.final_loss = f->as_boolean()->get();
  }
  if (const toml::node* d = t.get("exact_digits"))
    problem.exact_digits = static_cast<long>(r.integer(*d, "'exact_digits'", 1, 100'000'000));
  // Back-propagating through already-updated weights needs the update of one sample.
  if (problem.conventions.backprop_new_weights && n > 1 && problem.mode != TrainingMode::sgd &&
      !(problem.mode == TrainingMode::mini_batch && problem.batch_size == 1))
    r.fail(t, "backprop_weights = \"new\" needs one sample per update (mode = \"sgd\", or a single [[sample]])");
}

// [conventions]: where documents differ (the defaults are bptrace's own).
Conventions read_conventions(const Reader& r, const toml::table& t) {
  r.only_keys(t, "[conventions]", {"delta_sign", "bias", "update_biases", "backprop_weights"});
  Conventions c;
  if (const toml::node* n = t.get("delta_sign"))
    c.delta_sign = read_choice(r, *n, "delta_sign", {"dL/dz", "-dL/dz"}) == "-dL/dz" ? DeltaSign::minus_dl_dz
                                                                                    : DeltaSign::dl_dz;
  if (const toml::node* n = t.get("bias"))
    c.shared_bias = read_choice(r, *n, "bias", {"per_neuron", "shared_per_layer"}) == "shared_per_layer";
  if (const toml::node* n = t.get("update_biases")) {
    if (!n->is_boolean()) r.fail(*n, "expected true or false for 'update_biases'");
    c.update_biases = n->as_boolean()->get();
  }
  if (const toml::node* n = t.get("backprop_weights"))
    c.backprop_new_weights = read_choice(r, *n, "backprop_weights", {"old", "new"}) == "new";
  return c;
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

// toml++ reports a bad UTF-8 byte one column early: check first, and point at the byte itself.
void require_utf8(const std::string& path, const std::string& text) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    auto byte = [&](std::size_t k) { return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u; };
    unsigned lead = byte(i);
    // Sequence length, and the range of the second byte (overlong forms, surrogates, > U+10FFFF excluded).
    std::size_t length = lead < 0x80                   ? 1
                         : lead >= 0xC2 && lead <= 0xDF ? 2
                         : lead >= 0xE0 && lead <= 0xEF ? 3
                         : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                        : 0;
    unsigned lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    unsigned hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    bool valid = length > 0;
    for (std::size_t k = 1; valid && k < length; ++k) {
      unsigned next = byte(i + k);
      valid = k == 1 ? next >= lo && next <= hi : next >= 0x80 && next <= 0xBF;
    }
    if (!valid) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", lead);
      throw LessonError({path, line, column}, std::string("invalid UTF-8 (byte ") + hex +
                                                  "); expected a lesson file in UTF-8");
    }
    column = lead == '\n' ? 1 : column + 1;
    line += lead == '\n';
    i += length;
  }
}

// [questions] ask = ["layer1.dW[1,1]", ...]: what an exercise sheet asks (bptrace variant).
std::vector<Question> read_questions(const Reader& r, const toml::node& node) {
  if (!node.is_table()) r.fail(node, "expected a table [questions] with ask = [\"NAME\", ...]");
  const toml::table& table = *node.as_table();
  r.only_keys(table, "[questions]", {"ask"});
  const toml::node& ask = r.required(table, "ask", "[questions]");
  if (!ask.is_array()) r.fail(ask, "expected an array of quantity names for 'ask'");
  std::vector<Question> out;
  for (const toml::node& name : *ask.as_array()) out.push_back(Question{r.string(name, "a question"), r.at(name)});
  return out;
}

}  // namespace

Lesson load_lesson(const std::string& path) { return parse_lesson(path, read_input_file(path, "lesson file")); }

Lesson parse_lesson(const std::string& path, const std::string& text) {
  require_utf8(path, text);
  toml::table root = lesson_toml::parse_located(path, text);
  Reader r(path, text);
  r.only_keys(root, "the lesson",
              {"lesson", "network", "layer", "sample", "loss", "training", "graph", "document", "erratum", "rounding",
               "conventions", "questions"});
  Lesson lesson;
  lesson.path = path;
  lesson.name = std::filesystem::path(path).stem().string();
  const toml::table& meta = r.table(root, "lesson");
  r.only_keys(meta, "[lesson]", {"title", "source", "example", "notation", "description"});
  lesson.title = r.string(meta, "title", "[lesson]");
  lesson.source = r.string(meta, "source", "[lesson]");
  lesson.example = r.optional_string(meta, "example").value_or("");
  lesson.notation = r.optional_string(meta, "notation").value_or("bracket");
  if (const toml::node* notation = meta.get("notation")) lesson.notation_where = r.at(*notation);
  lesson.description = r.optional_string(meta, "description").value_or("");
  if (const toml::node* questions = root.get("questions")) lesson.questions = read_questions(r, *questions);
  lesson.documents = read_documents(r, root);
  lesson.errata = read_errata(r, root);
  if (const toml::node* rounding = root.get("rounding")) lesson.rounding = read_rounding(r, *rounding, root.get("graph"));
  if (root.get("graph")) {
    // A lesson's model is a network or a computation graph, never both.
    for (const char* key : {"network", "layer", "sample", "loss", "training", "conventions"})
      if (const toml::node* n = root.get(key))
        r.fail(*n, std::string("a lesson has either a [network] or a [graph]; this one has a [graph], so no '") + key + "'");
    lesson.graph = read_graph(r, root, lesson.documents);
    return lesson;
  }
  for (const DocumentValue& d : lesson.documents)
    if (d.formula) throw LessonError(d.location, "a [[document]] 'formula' needs a [graph] lesson; give the printed number instead");
  Problem& p = lesson.problem;
  if (const toml::node* conventions = root.get("conventions")) {
    if (!conventions->is_table()) r.fail(*conventions, "expected a table [conventions]");
    p.conventions = read_conventions(r, *conventions->as_table());
  }
  p.network = read_network(r, root, p.conventions);
  if (const toml::node* loss = root.get("loss")) {
    if (!loss->is_table()) r.fail(*loss, "expected a table [loss]");
    p.loss = read_loss(r, *loss->as_table(), p.network);
  }
  p.samples = read_samples(r, root, p.network, p.loss);
  if (const toml::node* training = root.get("training")) {
    if (!training->is_table()) r.fail(*training, "expected a table [training]");
    if (!p.loss) r.fail(*training, "[training] needs a [loss] to descend");
    read_training(r, *training->as_table(), p);
  } else if (p.conventions.backprop_new_weights) {
    r.fail(*root.get("conventions"), "backprop_weights = \"new\" needs a [training] (weights updated within a step)");
  }
  return lesson;
}

}  // namespace bptrace
