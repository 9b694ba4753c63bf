// libFuzzer target: the lesson loader, and the engine on whatever it accepts. Any input must end
// in a lesson or in a LessonError/UsageError: never a crash, a sanitizer report or a hang.
#include "lesson/lesson.hpp"
#include "lesson/library.hpp"
#include "lesson/trace_lesson.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    bptrace::Lesson lesson = bptrace::parse_lesson("fuzz.toml", text);
    // Keep each run small: the engine's cost grows with the lesson, and fuzzing wants many runs.
    std::size_t weights = 0;
    for (const auto& layer : lesson.problem.network.layers) weights += layer.width() * (layer.weights.empty() ? 0 : layer.weights[0].size());
    if (weights * lesson.problem.samples.size() * static_cast<std::size_t>(lesson.problem.steps) > 2000) return 0;
    bptrace::trace_lesson(lesson, 10);
  } catch (const bptrace::LessonError&) {
  } catch (const bptrace::UsageError&) {
  }
  return 0;
}
