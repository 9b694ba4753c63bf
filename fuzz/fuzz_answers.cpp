// libFuzzer target: the answers-file parser of `bptrace check --answers`. Any input must end in
// a list of answers or in a LessonError/UsageError: never a crash, a sanitizer report or a hang.
#include "homework/answers.hpp"
#include "lesson/library.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto answers = bptrace::parse_answers("fuzz.toml", text);
    // Every accepted answer also goes through the command-line form, NAME=VALUE.
    for (const auto& a : answers) {
      try {
        bptrace::parse_answer_argument(a.written_name + "=" + a.value);
      } catch (const bptrace::UsageError&) {
      }
    }
  } catch (const bptrace::LessonError&) {
  } catch (const bptrace::UsageError&) {
  }
  return 0;
}
