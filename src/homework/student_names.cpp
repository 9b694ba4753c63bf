// Names written in document 001's bracket notation, resolved to canonical names. The parser is
// forgiving about the LaTeX-ish spelling a student types: braces, backslashes, spaces, ∂ or d,
// subscript and superscript in either order.
#include "homework/answers.hpp"

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

std::string output_layer(const Trace& trace) {
  std::string best;
  for (int l = 1; l < 100; ++l) {
    std::string name = "layer" + std::to_string(l);
    if (!trace.find(name + ".a[1]")) break;
    best = name;
  }
  return best;
}

std::optional<std::string> canonical(const Symbol& s, const Trace& trace) {
  const std::string i = "[" + s.index + "]";
  const std::string layer = "layer" + s.layer + ".";
  if (s.head == "L") return s.derivative ? std::nullopt : std::optional<std::string>("loss");
  if (s.head == "eta") return s.derivative ? std::nullopt : std::optional<std::string>("learning_rate");
  if (s.index.empty()) return std::nullopt;
  if (s.head == "x") return std::string(s.derivative ? "input.dx" : "input.x") + i;
  if (s.head == "y") return s.derivative ? std::nullopt : std::optional<std::string>("target.y" + i);
  if (s.head == "yhat") return output_layer(trace) + (s.derivative ? ".da" : ".a") + i;
  if (s.layer.empty()) return std::nullopt;
  if (s.head == "delta") return s.derivative ? std::nullopt : std::optional<std::string>(layer + "dz" + i);
  if (s.head == "dadz") return layer + "dadz" + i;
  if (s.head == "w") return layer + (s.derivative ? "dW" : "W") + "[" + pair_index(s.index) + "]";
  const std::string what = s.head;  // z, a, b
  return layer + (s.derivative ? "d" + what : what) + i;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

namespace {

// The canonical spelling of a name written in the bracket notation, whether or not the trace has it.
std::optional<std::string> canonical_spelling(const std::string& written, const Trace& trace) {
  auto symbol = parse_symbol(normalise(written));
  if (!symbol) return std::nullopt;
  return canonical(*symbol, trace);
}

}  // namespace

std::optional<std::string> resolve_quantity(const std::string& written, const Trace& trace,
                                            const NameAliases& aliases) {
  if (trace.find(written)) return written;
  auto name = canonical_spelling(written, trace);
  if (name && trace.find(*name)) return name;
  const std::string spelled = normalise(written);
  for (const auto& [spelling, canonical_name] : aliases)
    if (!spelling.empty() && normalise(spelling) == spelled && trace.find(canonical_name)) return canonical_name;
  return std::nullopt;
}

std::vector<std::string> closest_names(const std::string& written, const Trace& trace, std::size_t count) {
  // A notation name is compared in its canonical spelling: dL/dw_{3,1}^{[2]} is near layer2.dW[2,1].
  const std::string target = canonical_spelling(written, trace).value_or(written);
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const Step& step : trace.steps()) ranked.emplace_back(edit_distance(target, step.name), step.name);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t k = 0; k < ranked.size() && k < count; ++k) out.push_back(ranked[k].second);
  return out;
}

}  // namespace bptrace
