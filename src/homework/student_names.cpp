// Names written in document 001's bracket notation, resolved to canonical names. The parser is
// forgiving about the LaTeX-ish spelling a student types: braces, backslashes, spaces, ∂ or d,
// subscript and superscript in either order.
#include "homework/answers.hpp"
#include "trace/suggest.hpp"

#include <cctype>

namespace bptrace {

namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// One spelling for each symbol: "\partial L/\partial w_{1,1}^{[1]}" -> "dL/dw_1,1^[1]".
std::string normalise(std::string s) {
  const std::pair<const char*, const char*> spellings[] = {
      {"\\mathrm", ""}, {"\\mathbf", ""}, {"\\boldsymbol", ""}, {"\\text", ""}, {"\\operatorname", ""},
      {"\\partial", "d"}, {"∂", "d"},        {"\\delta", "delta"}, {"δ", "delta"},   {"\\sigma", "sigma"},
      {"σ", "sigma"},     {"\\eta", "eta"},  {"η", "eta"},         {"\\hat{y}", "yhat"}, {"\\tilde{y}", "yhat"},
      {"ŷ", "yhat"},      {"y~", "yhat"},    {"\\left", ""},       {"\\right", ""},    {"\\", ""},
      {"{", ""},          {"}", ""},         {" ", ""},            {"′", "'"},         {"\\prime", "'"},
  };
  for (const auto& [from, to] : spellings) replace_all(s, from, to);
  return s;
}

struct Symbol {
  bool derivative = false;  // dL/d...
  std::string head;         // z, a, w, b, x, y, yhat, delta, L, eta, dadz
  std::string layer;        // from ^[l]
  std::string index;        // from _i, _i,j or (i)
};

bool digits_or_commas(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != ',') return false;
  return true;
}

// Reads the decorations after the head: _index, ^[layer], ^(index), (index), in any order.
bool read_decorations(const std::string& s, std::size_t pos, Symbol& sym) {
  while (pos < s.size()) {
    char mark = s[pos];
    if (mark == '_' || mark == '^') ++pos;
    if (pos >= s.size()) return false;
    char open = s[pos];
    if (open == '[' || open == '(') {
      std::size_t close = s.find(open == '[' ? ']' : ')', pos);
      if (close == std::string::npos) return false;
      std::string inside = s.substr(pos + 1, close - pos - 1);
      if (!digits_or_commas(inside)) return false;
      (open == '[' ? sym.layer : sym.index) = inside;
      pos = close + 1;
    } else if (mark == '_') {
      std::size_t end = pos;
      while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == ',')) ++end;
      if (end == pos) return false;
      sym.index = s.substr(pos, end - pos);
      pos = end;
    } else {
      return false;
    }
  }
  return true;
}

std::optional<Symbol> parse_symbol(std::string s) {
  Symbol sym;
  // g'(z_j^[l]) and σ'(z_j^[l]) are ∂a/∂z.
  for (const char* prefix : {"g'(", "sigma'(", "f'("}) {
    std::string p = prefix;
    if (s.rfind(p, 0) == 0 && s.back() == ')' && s.size() > p.size() + 1 && s[p.size()] == 'z') {
      sym.head = "dadz";
      if (!read_decorations(s.substr(p.size() + 1, s.size() - p.size() - 2), 0, sym)) return std::nullopt;
      return sym;
    }
  }
  if (s.rfind("dL/d", 0) == 0) {
    sym.derivative = true;
    s = s.substr(4);
  }
  for (const char* head : {"delta", "yhat", "eta", "loss", "z", "a", "w", "W", "b", "x", "y", "L"}) {
    std::string h = head;
    if (s.rfind(h, 0) != 0) continue;
    sym.head = h == "W" ? "w" : h == "loss" ? "L" : h;
    if (read_decorations(s, h.size(), sym)) return sym;
    return std::nullopt;
  }
  return std::nullopt;
}

// "11" for w_{11}: two one-digit indices.
std::string pair_index(const std::string& index) {
  if (index.find(',') == std::string::npos && index.size() == 2) return index.substr(0, 1) + "," + index.substr(1);
  return index;
}

std::optional<int> one_number(const std::string& s) {
  if (s.empty() || s.size() > 6 || s.find(',') != std::string::npos || s[0] == '0') return std::nullopt;
  return std::stoi(s);
}

std::optional<std::pair<int, int>> two_numbers(const std::string& s) {
  const std::string pair = pair_index(s);
  std::size_t comma = pair.find(',');
  if (comma == std::string::npos) return std::nullopt;
  auto j = one_number(pair.substr(0, comma)), i = one_number(pair.substr(comma + 1));
  if (!j || !i) return std::nullopt;
  return std::pair{*j, *i};
}

// The quantity a bracket-notation symbol stands for.
std::optional<Key> canonical(const Symbol& s, const Trace& trace) {
  // L is the loss; L^(k), as bptrace prints a sample's loss in a batch, the loss of sample k.
  if (s.head == "L") {
    if (s.derivative || !s.layer.empty()) return std::nullopt;
    if (s.index.empty()) return loss_key(1, 0);
    auto k = one_number(s.index);
    return k ? std::optional<Key>(loss_key(1, *k)) : std::nullopt;
  }
  if (s.head == "eta") return s.derivative ? std::nullopt : std::optional<Key>(learning_rate_key());
  if (s.index.empty()) return std::nullopt;
  auto i = one_number(s.index);
  if (s.head == "x" && i) return layer_key(s.derivative ? Quantity::input_gradient : Quantity::input, 1, 0, 0, *i);
  if (s.head == "y" && i) return s.derivative ? std::nullopt : std::optional<Key>(target_key(0, *i));
  const int output = static_cast<int>(trace.header.shape.depth());
  if (s.head == "yhat" && i && output > 0)
    return layer_key(s.derivative ? Quantity::activation_gradient : Quantity::activation, 1, 0, output, *i);
  auto layer = one_number(s.layer);
  if (!layer) return std::nullopt;
  if (s.head == "w") {
    auto ji = two_numbers(s.index);
    if (!ji) return std::nullopt;
    return layer_key(s.derivative ? Quantity::weight_gradient : Quantity::weight, 1, 0, *layer, ji->first, ji->second);
  }
  if (!i) return std::nullopt;
  if (s.head == "delta") return s.derivative ? std::nullopt : std::optional<Key>(layer_key(Quantity::delta, 1, 0, *layer, *i));
  if (s.head == "dadz") return layer_key(Quantity::activation_derivative, 1, 0, *layer, *i);
  Quantity what = s.head == "z" ? (s.derivative ? Quantity::delta : Quantity::pre_activation)
                  : s.head == "a" ? (s.derivative ? Quantity::activation_gradient : Quantity::activation)
                                  : (s.derivative ? Quantity::bias_gradient : Quantity::bias);
  if (s.head != "z" && s.head != "a" && s.head != "b") return std::nullopt;
  return layer_key(what, 1, 0, *layer, *i);
}

}  // namespace

namespace {

// The canonical spelling of a name written in the bracket notation, whether or not the trace has it.
std::optional<Key> canonical_spelling(const std::string& written, const Trace& trace) {
  auto symbol = parse_symbol(normalise(written));
  if (!symbol) return std::nullopt;
  return canonical(*symbol, trace);
}

}  // namespace

std::optional<Key> resolve_quantity(const std::string& written, const Trace& trace, const NameAliases& aliases) {
  if (auto key = trace.key(written); key && trace.find_value(*key)) return key;
  auto key = canonical_spelling(written, trace);
  if (key && trace.find_value(*key)) return key;
  const std::string spelled = normalise(written);
  for (const auto& [spelling, quantity] : aliases)
    if (!spelling.empty() && normalise(spelling) == spelled && trace.find_value(quantity)) return quantity;
  return std::nullopt;
}

std::vector<std::string> closest_names(const std::string& written, const Trace& trace, std::size_t count,
                                       const NameAliases& aliases) {
  // A bracket-notation name is compared in its canonical spelling: dL/dw_{3,1}^{[2]} is near layer2.dW[2,1].
  auto spelled = canonical_spelling(written, trace);
  return nearest_names(spelled ? trace.name(*spelled) : written, trace, aliases, count);
}

std::string unknown_answer_name(const std::string& written, const Trace& trace, const NameAliases& aliases) {
  auto spelled = canonical_spelling(written, trace);
  if (!spelled || trace.find(*spelled)) return unknown_name_message(written, trace, aliases);
  // Written in the bracket notation for a quantity the trace lacks: the message of its canonical name.
  std::string message = unknown_name_message(trace.name(*spelled), trace, aliases);
  const std::string canonical = "'" + trace.name(*spelled) + "'";
  if (auto at = message.find(canonical); at != std::string::npos)
    message.replace(at, canonical.size(), "'" + written + "' (" + trace.name(*spelled) + ")");
  return message;
}

}  // namespace bptrace
