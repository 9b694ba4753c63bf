#include "lesson/graph_loader.hpp"

#include <map>
#include <set>

namespace bptrace {

namespace {

using lesson_toml::join;
using lesson_toml::Reader;

// Sizes beyond these are not lessons but mistakes: refuse them early.
constexpr std::size_t kMaxInputs = 4096;
constexpr std::size_t kMaxDefinitions = 10000;
constexpr std::size_t kMaxBlockEntries = 100000;

using Shape = std::optional<std::pair<std::size_t, std::size_t>>;

const toml::array& array(const Reader& r, const toml::node& node, const std::string& what) {
  if (!node.is_array()) r.fail(node, "expected an array for " + what);
  return *node.as_array();
}

// The text a message quotes: all of it when short, else the 60 characters around the offending
// offset (a definition of 20,000 terms is not echoed whole), cut between UTF-8 characters.
std::string excerpt(const std::string& text, std::size_t offset) {
  constexpr std::size_t kWidth = 60;
  if (text.size() <= kWidth + 20) return text;
  auto boundary = [&](std::size_t k) {
    while (k > 0 && k < text.size() && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
    return k;
  };
  const std::size_t from = boundary(offset > kWidth / 2 ? std::min(offset - kWidth / 2, text.size() - kWidth) : 0);
  const std::size_t to = boundary(std::min(text.size(), from + kWidth));
  return (from > 0 ? "…" : "") + text.substr(from, to - from) + (to < text.size() ? "…" : "");
}

// A string of the expression language; its errors point inside the string.
template <class Parse>
auto parse_string(const Reader& r, const toml::node& node, const std::string& what, Parse parse) {
  std::string text = r.string(node, what);
  try {
    return parse(text);
  } catch (const ExpressionError& e) {
    throw LessonError(r.inside_string(node, e.offset), std::string(e.what()) + " (in " + what + " \"" + excerpt(text, e.offset) + "\")");
  }
}

NodeId node_named(const Reader& r, const Graph& g, const toml::node& node, const std::string& what) {
  std::string name = parse_string(r, node, what, [](const std::string& s) { return parse_variable_name(s); });
  auto id = g.find(name);
  if (!id) r.fail(node, "no node named '" + name + "' in the graph (" + what + ")");
  return *id;
}

std::vector<NodeId> node_list(const Reader& r, const Graph& g, const toml::table& t, const std::string& key,
                              const std::string& context) {
  const toml::node& node = r.required(t, key, context);
  std::vector<NodeId> out;
  for (const auto& item : array(r, node, "'" + key + "' in " + context)) out.push_back(node_named(r, g, item, "'" + key + "'"));
  if (out.empty()) r.fail(node, "'" + key + "' in " + context + " must name at least one node");
  return out;
}

void read_inputs(const Reader& r, const toml::table& t, GraphModel& m) {
  const toml::node& names = r.required(t, "inputs", "[graph] (the variables, e.g. [\"x1\", \"x2\"])");
  const toml::node& point = r.required(t, "point", "[graph] (the inputs' values, one number each)");
  const toml::array& list = array(r, names, "'inputs'");
  std::vector<Rational> values = r.vector(point, "'point'");
  if (list.size() > kMaxInputs) r.fail(names, "too many inputs: " + std::to_string(list.size()));
  if (values.size() != list.size())
    r.fail(point, "'point' has " + std::to_string(values.size()) + " numbers, 'inputs' names " +
                      std::to_string(list.size()) + " variables");
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string name = parse_string(r, list[i], "'inputs'", [](const std::string& s) { return parse_variable_name(s); });
    try {
      m.inputs.push_back(m.graph.add_input(name, values[i], r.inside_string(list[i], 0)));
    } catch (const ExpressionError& e) {
      r.fail(list[i], e.what());
    }
  }
}

void read_definitions(const Reader& r, const toml::table& t, GraphModel& m) {
  const toml::node& node = r.required(t, "definitions", "[graph] (e.g. [\"z1 = x1 + x2\", \"y = z1 * z2\"])");
  const toml::array& list = array(r, node, "'definitions'");
  if (list.size() > kMaxDefinitions) r.fail(node, "too many definitions: " + std::to_string(list.size()));
  for (const auto& item : list) {
    Definition d = parse_string(r, item, "a definition", [](const std::string& s) { return parse_definition(s); });
    Locator locate = [&](std::size_t offset) { return r.inside_string(item, offset); };
    try {
      m.graph.define(d, locate);
    } catch (const ExpressionError& e) {
      throw LessonError(locate(e.offset), std::string(e.what()) + " (in the definition \"" + excerpt(r.string(item, ""), e.offset) + "\")");
    }
  }
}

bool flag(const Reader& r, const toml::table& t, const std::string& key) {
  const toml::node* node = t.get(key);
  if (!node) return false;
  if (!node->is_boolean()) r.fail(*node, "expected true or false for '" + key + "'");
  return node->as_boolean()->get();
}

Shape read_shape(const Reader& r, const toml::table& t, std::size_t rows, std::size_t columns, const std::string& context) {
  const toml::node* node = t.get("shape");
  if (!node) return std::nullopt;
  const toml::array& a = array(r, *node, "'shape' (rows and columns, e.g. [2, 2])");
  if (a.size() != 2) r.fail(*node, "'shape' is [rows, columns]");
  auto n = [&](std::size_t i) {
    return static_cast<std::size_t>(r.integer(a[i], "a 'shape' dimension", 1, static_cast<std::int64_t>(kMaxBlockEntries)));
  };
  std::pair<std::size_t, std::size_t> shape{n(0), n(1)};
  // Un-vectorising turns one row (a gradient) into a matrix, row by row.
  if (rows != 1) r.fail(*node, context + ": only a one-row block can be reshaped (it has " + std::to_string(rows) + " rows)");
  if (shape.first * shape.second != columns)
    r.fail(*node, context + ": a " + std::to_string(shape.first) + "×" + std::to_string(shape.second) +
                      " shape needs " + std::to_string(shape.first * shape.second) + " entries, the block has " +
                      std::to_string(columns));
  return shape;
}

std::string block_name(const Reader& r, const toml::table& t, const std::string& context) {
  const toml::node& node = r.required(t, "name", context);
  std::string name = parse_string(r, node, "'name'", [](const std::string& s) { return parse_variable_name(s); });
  if (name.find('[') != std::string::npos) r.fail(node, "a block's name is a plain name such as J; its entries are J[i,j]");
  return name;
}

const toml::array* tables(const Reader& r, const toml::table& t, const std::string& key) {
  const toml::node* node = t.get(key);
  if (!node) return nullptr;
  if (!node->is_array_of_tables()) r.fail(*node, "expected [[graph." + key + "]] tables");
  return node->as_array();
}

void read_blocks(const Reader& r, const toml::table& t, GraphModel& m) {
  std::map<std::string, std::pair<std::size_t, std::size_t>> dims;  // as printed
  auto claim = [&](const toml::table& block, const std::string& name, std::pair<std::size_t, std::size_t> d) {
    if (dims.count(name)) r.fail(block, "two blocks are named '" + name + "'");
    if (d.first * d.second > kMaxBlockEntries) r.fail(block, "block '" + name + "' is too large");
    for (std::size_t i = 0; i < d.first; ++i)
      for (std::size_t j = 0; j < d.second; ++j)
        if (m.graph.find(name + "[" + std::to_string(i + 1) + "," + std::to_string(j + 1) + "]"))
          r.fail(block, "block '" + name + "' would name its entries like the graph's node " + name + "[...]");
    dims[name] = d;
  };
  if (const toml::array* list = tables(r, t, "jacobian")) {
    for (const auto& item : *list) {
      const toml::table& b = *item.as_table();
      std::string context = "[[graph.jacobian]]";
      r.only_keys(b, context, {"name", "of", "wrt", "shape"});
      JacobianBlock block;
      block.name = block_name(r, b, context);
      block.of = node_list(r, m.graph, b, "of", context);
      for (std::size_t i = 0; i < block.of.size(); ++i)
        if (std::find(m.outputs.begin(), m.outputs.end(), block.of[i]) == m.outputs.end())
          r.fail(*b.get("of"), "'" + m.graph.name(block.of[i]) + "' in 'of' must be one of the [graph] outputs");
      block.wrt = node_list(r, m.graph, b, "wrt", context);
      block.shape = read_shape(r, b, block.of.size(), block.wrt.size(), context + " " + block.name);
      claim(b, block.name, dimensions(block));
      m.jacobians.push_back(std::move(block));
    }
  }
  if (const toml::array* list = tables(r, t, "product")) {
    for (const auto& item : *list) {
      const toml::table& b = *item.as_table();
      std::string context = "[[graph.product]]";
      r.only_keys(b, context, {"name", "left", "right", "shape"});
      ProductBlock block;
      block.name = block_name(r, b, context);
      auto factor = [&](const char* key) {
        const toml::node& node = r.required(b, key, context);
        std::string name = r.string(node, std::string("'") + key + "'");
        if (!dims.count(name)) r.fail(node, "no earlier block named '" + name + "' (blocks: jacobians first, then products, in order)");
        return name;
      };
      block.left = factor("left");
      block.right = factor("right");
      auto [rows, inner] = dims[block.left];
      auto [inner_right, columns] = dims[block.right];
      if (inner != inner_right)
        r.fail(b, "cannot multiply " + block.left + " (" + std::to_string(rows) + "×" + std::to_string(inner) + ") by " +
                      block.right + " (" + std::to_string(inner_right) + "×" + std::to_string(columns) + ")");
      block.shape = read_shape(r, b, rows, columns, context + " " + block.name);
      claim(b, block.name, block.shape ? *block.shape : std::pair{rows, columns});
      m.products.push_back(std::move(block));
    }
  }
}

void read_printed_formulas(const Graph& g, std::vector<DocumentValue>& documents, GraphModel& m) {
  for (std::size_t k = 0; k < documents.size(); ++k) {
    const DocumentValue& d = documents[k];
    if (!d.formula) continue;
    auto inside = [&](std::size_t offset) {
      SourceLocation where = d.printed_location;
      where.column += static_cast<int>(offset);
      return where;
    };
    try {
      Expression e = parse_expression(d.printed);
      for (const auto& [name, offset] : variables_of(e))
        if (!g.find(name)) throw ExpressionError("no node named '" + name + "' in the graph", offset);
      m.printed.push_back(PrintedFormula{static_cast<int>(k) + 1, std::move(e), inside(0)});
    } catch (const ExpressionError& e) {
      throw LessonError(inside(e.offset), std::string(e.what()) + " (in the formula \"" + excerpt(d.printed, e.offset) + "\")");
    }
  }
}

}  // namespace

GraphModel read_graph(const Reader& r, const toml::table& root, std::vector<DocumentValue>& documents) {
  const toml::table& t = r.table(root, "graph");
  r.only_keys(t, "[graph]",
              {"inputs", "point", "definitions", "outputs", "forward_mode", "operation_counts", "jacobian", "product",
               "relu_derivative_at_zero", "abs_derivative_at_zero", "max_derivative_at_tie", "min_derivative_at_tie"});
  GraphModel m;
  // A convention at a kink is a subgradient: relu'(0) in [0, 1], abs'(0) in [−1, 1], and at a tie
  // of max or min the first operand's share, in [0, 1] (the second's is 1 minus it).
  auto convention = [&](const char* field, int low, const char* what, std::optional<Rational>& into) {
    const toml::node* n = t.get(field);
    if (!n) return;
    Rational c = r.number(*n, std::string("'") + field + "'");
    if (c < low || c > 1)
      r.fail(*n, std::string("'") + field + "' must lie in [" + std::to_string(low) + ", 1] (" + what + ")");
    into = c;
  };
  ops::Conventions& c = m.graph.conventions();
  convention("relu_derivative_at_zero", 0, "a subgradient of relu at 0", c.relu_at_zero);
  convention("abs_derivative_at_zero", -1, "a subgradient of abs at 0", c.abs_at_zero);
  convention("max_derivative_at_tie", 0, "the first operand's share of max's derivative at a tie", c.max_at_tie);
  convention("min_derivative_at_tie", 0, "the first operand's share of min's derivative at a tie", c.min_at_tie);
  read_inputs(r, t, m);
  read_definitions(r, t, m);
  m.outputs = node_list(r, m.graph, t, "outputs", "[graph]");
  for (std::size_t i = 0; i < m.outputs.size(); ++i)
    if (std::find(m.outputs.begin(), m.outputs.begin() + static_cast<long>(i), m.outputs[i]) != m.outputs.begin() + static_cast<long>(i))
      r.fail(*t.get("outputs"), "'" + m.graph.name(m.outputs[i]) + "' is listed twice in 'outputs'");
  m.forward_mode = flag(r, t, "forward_mode");
  m.operation_counts = flag(r, t, "operation_counts");
  read_blocks(r, t, m);
  read_printed_formulas(m.graph, documents, m);
  return m;
}

}  // namespace bptrace
