#include "render/math.hpp"

#include <cctype>
#include <map>
#include <vector>

namespace bptrace {

namespace {

// Unicode characters of prose (legends, notes, titles), as LaTeX math.
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
      {"⌈", "\\lceil "},  {"⌉", "\\rceil "},  {"π", "\\pi "},      {"θ", "\\theta "},
      {"ρ\u0302", "\\hat{\\rho}"},  // ρ̂: ρ and a combining circumflex
  };
  return table;
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
      else if (ch == "\u0303" && !out.empty() && std::isalpha(static_cast<unsigned char>(out.back()))) {
        // A combining tilde over the letter before it: W̃ is \~{W}.
        const char letter = out.back();
        out.pop_back();
        out += std::string("\\~{") + letter + "}";
      }
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
