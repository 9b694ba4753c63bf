// libFuzzer target: the values-file reader of `bptrace verify` (the strict JSON reader, then the
// values format). Any input must end in a values file or in a LessonError: never a crash, a
// sanitizer report, a hang or unbounded memory.
#include "homework/values_file.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto file = bptrace::parse_values_file("fuzz.json", text);
    // Every accepted value is a number of its dtype: reading it again changes nothing.
    for (const auto& v : file.values)
      if (!bptrace::representable(v.value, file.dtype)) __builtin_trap();
  } catch (const bptrace::LessonError&) {
  }
  return 0;
}
