// libFuzzer target: the expression parser of graph lessons. Any text must parse or throw the
// parser's located error: never a crash, a sanitizer report or a hang.
#include "graph/expression.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    bptrace::parse_definition(text);
  } catch (const bptrace::ExpressionError&) {
  }
  try {
    bptrace::parse_expression(text);
  } catch (const bptrace::ExpressionError&) {
  }
  return 0;
}
