#include "cli/commands.hpp"
#include "lesson/lesson.hpp"
#include "lesson/library.hpp"

#include <fmt/format.h>

#include <iostream>

namespace bptrace::cli {

void setup_list(CLI::App&) {}

int run_list() {
  int status = 0;
  for (const auto& path : all_lessons()) {
    try {
      Lesson lesson = load_lesson(path.string());
      std::cout << fmt::format("{}\n    {}\n    source: {}\n", lesson.name, lesson.title, lesson.source);
    } catch (const LessonError& e) {
      std::cerr << "error: " << e.located() << "\n";
      status = 2;
    }
  }
  return status;
}

}  // namespace bptrace::cli
