#include "cli/commands.hpp"
#include "lesson/lesson.hpp"
#include "lesson/library.hpp"

#include <fmt/format.h>

#include <iostream>

namespace bptrace::cli {

void setup_list(CLI::App&) {}

// Exit status 0 even when a lesson is bad: listing is not checking (`bptrace test` is). A bad
// lesson is listed, marked BAD with its error, and its error is also on standard error.
int run_list() {
  for (const auto& path : all_lessons()) {
    try {
      Lesson lesson = load_lesson(path.string());
      std::cout << fmt::format("{}\n    {}\n    source: {}\n", lesson.name, lesson.title, lesson.source);
    } catch (const LessonError& e) {
      std::cout << std::flush;
      std::cerr << "error: " << e.located() << "\n" << std::flush;
      std::cout << fmt::format("{}\n    BAD: {}\n", path.stem().string(), e.located());
    }
  }
  return 0;
}

}  // namespace bptrace::cli
