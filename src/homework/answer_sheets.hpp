#pragma once
// A class's answers as read, before any is judged: a CSV of one row per student, or one TOML
// answers file per student (the id is the file's name), or a folder of them. A problem found
// while reading one answer (a value that is not a number, a value that is not a string) travels
// with that answer, so that the student's other answers are still graded; only a file that
// cannot be read at all, or a CSV that is not CSV, is an error.
#include <string>
#include <vector>

namespace bptrace {

struct StudentAnswer {
  std::string written_name;  // as written: "layer1.dW[1,1]", "dL/dw_{1,1}^{[1]}"
  std::string value;         // verbatim
  std::string where;         // "ann.toml:3:9" or "class.csv: row 3, column 4"
  std::string problem;       // why it cannot be graded, when reading already knows; else empty
};

struct StudentAnswers {
  std::string id;      // the CSV's id column, or the answers file's name without .toml
  std::string source;  // the file
  std::vector<StudentAnswer> answers;
  std::string lesson;  // the CSV's lesson column: the student's own lesson (an exercise variant); empty: the class's
};

// Answers and names longer than this are not what anyone writes by hand (and would be slow to
// judge, or to find the closest names to): they are ungradable.
inline constexpr std::size_t kMaxAnswerChars = 200;

// A CSV class: a header row with an `id` column (also `student`) and one column per quantity
// (canonical or notation names), then one row per student; an empty cell is no answer. An
// optional `lesson` column gives a student's own lesson: a .toml path relative to the CSV's
// folder (or absolute), or a library lesson's name.
// Throws LessonError for a file that is not CSV or has no id column.
std::vector<StudentAnswers> read_class_csv(const std::string& path, const std::string& text);

// One student's TOML answers file ([[answer]] tables of quantity and value, as `check --answers`
// reads). Never throws for its content: a TOML syntax error makes one ungradable entry.
StudentAnswers read_student_toml(const std::string& path, const std::string& text);

// A values file recorded from a student's program (docs/values-format.md, read by verify's
// reader): one student, whose id is the file's name; each recorded value is an answer, judged at
// the digits written (a float carries rounding errors: grade such files with a tolerance). A
// file the values reader refuses is one ungradable entry with its place.
StudentAnswers read_student_values(const std::string& path, const std::string& text);

// The seam between files and grading: every student of every file named on the command line.
// PATH.csv is a class, PATH.toml one student, PATH.json one student's values file, a folder
// every *.toml and *.json file in it (sorted by name).
// Throws LessonError for a file that cannot be read, UsageError for a path of another kind.
std::vector<StudentAnswers> read_answer_files(const std::vector<std::string>& paths);

}  // namespace bptrace
