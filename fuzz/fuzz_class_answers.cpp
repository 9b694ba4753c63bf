// libFuzzer target: the readers of `bptrace grade` — the CSV of a class, one student's TOML
// answers file and one student's values file. Any input must end in a class (or a student) whose bad answers carry their
// reasons, or in a LessonError for a CSV that is not CSV: never a crash, a sanitizer report, a
// hang or unbounded memory.
#include "homework/answer_sheets.hpp"
#include "model/source_location.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    for (const bptrace::StudentAnswers& s : bptrace::read_class_csv("fuzz.csv", text))
      if (s.id.empty()) __builtin_trap();  // every student has an id ("row R" at least)
  } catch (const bptrace::LessonError&) {
  }
  // Never throw for their content.
  bptrace::read_student_toml("fuzz.toml", text);
  bptrace::read_student_values("fuzz.json", text);
  return 0;
}
