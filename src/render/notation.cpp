#include "render/notation.hpp"

#include <regex>

namespace bptrace {

std::string bracket_symbol(const std::string& canonical) {
  static const std::regex pattern(
      R"(^(?:step(\d+)\.)?(?:sample(\d+)\.)?(?:(input|target|layer(\d+))\.(\w+)\[([\d,]+)\]|(loss)|(learning_rate))$)");
  std::smatch m;
  if (!std::regex_match(canonical, m, pattern)) return canonical;
  std::string sample = m[2].matched ? "(" + m[2].str() + ")" : "";
  std::string step = m[1].matched ? "{t=" + m[1].str() + "}" : "";
  if (m[8].matched) return "η";
  if (m[7].matched) return sample.empty() ? "L" + step : "L" + sample + step;
  std::string index = m[6].str();
  std::string what = m[5].str();
  if (m[3].str() == "input") return (what == "dx" ? "∂L/∂x" : "x") + sample + "_" + index + step;
  if (m[3].str() == "target") return "y" + sample + "_" + index + step;
  std::string layer = "^[" + m[4].str() + "]" + sample;
  std::string symbol;
  if (what == "z") symbol = "z" + layer + "_" + index;
  else if (what == "a") symbol = "a" + layer + "_" + index;
  else if (what == "W") symbol = "w" + layer + "_" + index;
  else if (what == "b") symbol = "b" + layer + "_" + index;
  else if (what == "da") symbol = "∂L/∂a" + layer + "_" + index;
  else if (what == "dadz") symbol = "g'(z" + layer + "_" + index + ")";
  else if (what == "dz") symbol = "δ" + layer + "_" + index;
  else if (what == "dW") symbol = "∂L/∂w" + layer + "_" + index;
  else if (what == "db") symbol = "∂L/∂b" + layer + "_" + index;
  else return canonical;
  return symbol + step;
}

}  // namespace bptrace
