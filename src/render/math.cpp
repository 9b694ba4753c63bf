#include "render/math.hpp"

#include <cctype>
#include <map>
#include <vector>

namespace bptrace {

namespace {

// Unicode characters the engine's formulas and the notations use, as LaTeX math.
const std::map<std::string, std::string>& unicode_math() {
  static const std::map<std::string, std::string> table = {
      {"·", "\\cdot "},   {"−", "-"},           {"σ", "\\sigma "},   {"δ", "\\delta "},
      {"η", "\\eta "},    {"α", "\\alpha "},    {"β", "\\beta "},    {"ζ", "\\zeta "},
      {"ω", "\\omega "},  {"Ω", "\\Omega "},    {"Φ", "\\Phi "},     {"ρ", "\\rho "},
      {"∂", "\\partial "}, {"⊙", "\\odot "},    {"ᵀ", "^{\\top}"},   {"²", "^{2}"},
      {"≈", "\\approx "}, {"∇", "\\nabla "},    {"ŷ", "\\hat{y}"},   {"…", "\\ldots "},
      {"×", "\\times "},  {"∑", "\\sum "},      {"Σ", "\\Sigma "},   {"ε", "\\varepsilon "},
      {"→", "\\to "},     {"←", "\\leftarrow "}, {"≥", "\\geq "},    {"≤", "\\leq "},
      {"ℰ", "\\mathcal{E}"}, {"γ", "\\gamma "}, {"λ", "\\lambda "},
      {"⌈", "\\lceil "},  {"⌉", "\\rceil "},
  };
  return table;
}

// Words of the engine's formulas: functions get upright names, other words are prose.
std::string latex_word(const std::string& word) {
  static const std::map<std::string, std::string> functions = {
      {"log", "\\log "}, {"exp", "\\exp "}, {"tanh", "\\tanh "}, {"max", "\\max"}, {"min", "\\min"}};
  if (auto it = functions.find(word); it != functions.end()) return it->second;
  static const std::vector<std::string> named = {"ReLU", "LeakyReLU", "softplus", "softmax", "step", "diag"};
  for (const auto& n : named)
    if (n == word) return "\\operatorname{" + word + "}";
  return "\\text{ " + word + " }";
}

std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  return 4;
}

// The table entry at `pos`, the longest if several match.
const std::pair<const std::string, std::string>* unicode_at(const std::string& s, std::size_t pos) {
  const std::pair<const std::string, std::string>* best = nullptr;
  for (const auto& entry : unicode_math())
    if (s.compare(pos, entry.first.size(), entry.first) == 0 && (!best || entry.first.size() > best->first.size()))
      best = &entry;
  return best;
}

}  // namespace

std::string latex_operators(const std::string& formula) {
  std::string out;
  std::vector<bool> superscript;  // per open parenthesis: opened by "^(" (closes with "}")
  std::size_t pos = 0;
  while (pos < formula.size()) {
    char c = formula[pos];
    if (c == '{') {  // a reference: copied, the caller substitutes it
      std::size_t close = formula.find('}', pos);
      if (close == std::string::npos) close = formula.size() - 1;
      out += formula.substr(pos, close - pos + 1);
      pos = close + 1;
    } else if (c == '^' && pos + 1 < formula.size() && formula[pos + 1] == '(') {
      out += "^{";  // e^(−z) is e^{-z}: the parentheses only group the exponent
      superscript.push_back(true);
      pos += 2;
    } else if (c == '(' || c == ')') {
      if (c == '(') superscript.push_back(false);
      bool closes_exponent = c == ')' && !superscript.empty() && superscript.back();
      if (c == ')' && !superscript.empty()) superscript.pop_back();
      out += closes_exponent ? "}" : std::string(1, c);
      ++pos;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      std::size_t end = pos;
      while (end < formula.size() && std::isalpha(static_cast<unsigned char>(formula[end]))) ++end;
      std::string word = formula.substr(pos, end - pos);
      out += word.size() == 1 ? word : latex_word(word);
      pos = end;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      if (auto* entry = unicode_at(formula, pos)) {
        out += entry->second;
        pos += entry->first.size();
      } else {
        out += "?";
        pos += utf8_length(static_cast<unsigned char>(c));
      }
    } else if (c == '%' || c == '#' || c == '&' || c == '$' || c == '_') {
      out += std::string("\\") + c;
      ++pos;
    } else {
      out += c;
      ++pos;
    }
  }
  return out;
}

std::string latex_text(const std::string& text) {
  static const std::map<std::string, std::string> prose = {
      {"–", "--"}, {"—", "---"}, {"‘", "`"}, {"’", "'"}, {"“", "``"}, {"”", "''"}, {" ", "~"}};
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) {
      std::size_t n = utf8_length(c);
      std::string ch = text.substr(pos, n);
      if (auto it = prose.find(ch); it != prose.end()) out += it->second;
      else if (auto* entry = unicode_at(text, pos)) {
        out += "$" + entry->second + "$";
        n = entry->first.size();
      } else out += "?";
      pos += n;
      continue;
    }
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '{': case '}': case '$': case '&': case '#': case '_': case '%':
        out += std::string("\\") + static_cast<char>(c);
        break;
      case '^': out += "\\^{}"; break;
      // The default OT1 fonts have no glyphs for these in text: math has them.
      case '~': out += "$\\sim$"; break;
      case '<': out += "$<$"; break;
      case '>': out += "$>$"; break;
      case '|': out += "$|$"; break;
      default: out += static_cast<char>(c);
    }
    ++pos;
  }
  return out;
}

}  // namespace bptrace
