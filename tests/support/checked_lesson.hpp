#pragma once
// A lesson with its exact trace and the traces of its catalogued mistakes, computed once per
// lesson file for all the tests of a program (the mistake traces are the costly part).
#include "homework/check.hpp"
#include "lesson/lesson.hpp"
#include "lesson/trace_lesson.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace bptrace {

struct CheckedLesson {
  Lesson lesson;
  Trace exact;  // certified at 30 digits
  std::vector<MistakeTrace> mistakes;
};

inline const CheckedLesson& checked_lesson(const std::string& path) {
  static std::map<std::string, std::unique_ptr<CheckedLesson>> cache;
  auto& entry = cache[path];
  if (!entry) {
    Lesson lesson = load_lesson(path);
    Trace exact = trace_lesson(lesson, 30).trace;
    auto mistakes = mistake_traces(lesson, exact, std::nullopt);
    entry = std::make_unique<CheckedLesson>(CheckedLesson{std::move(lesson), std::move(exact), std::move(mistakes)});
  }
  return *entry;
}

// The numbers of the mistakes named for a wrong answer ("1", "4a", ...), sorted, without repeats.
inline std::vector<std::string> named(const AnswerCheck& c) {
  std::vector<std::string> out;
  for (const Diagnosis& d : c.diagnoses)
    if (std::find(out.begin(), out.end(), d.cause->mistake->number) == out.end()) out.push_back(d.cause->mistake->number);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace bptrace
