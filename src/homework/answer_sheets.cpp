#include "homework/answer_sheets.hpp"

#include "homework/answers.hpp"
#include "homework/csv.hpp"
#include "homework/values_file.hpp"
#include "lesson/input_file.hpp"
#include "lesson/library.hpp"
#include "lesson/toml_reader.hpp"
#include "model/source_location.hpp"
#include "number/rational.hpp"

#include <algorithm>
#include <filesystem>

namespace bptrace {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxFilesInFolder = 100'000;

std::string trim(const std::string& s) {
  std::size_t first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Why a value cannot be read as a number, with the offending character's 0-based offset; or nothing.
struct NumberProblem {
  std::string message;
  std::size_t offset = 0;
};
std::optional<NumberProblem> number_problem(const std::string& value) {
  if (value.size() > kMaxAnswerChars)
    return NumberProblem{"an answer longer than " + std::to_string(kMaxAnswerChars) + " characters", 0};
  try {
    parse_rational(value);
  } catch (const NumberSyntaxError& e) {
    return NumberProblem{std::string(e.what()) + " in the answer \"" + value +
                             "\" (write a decimal 0.000438, a fraction -7/20, or scientific notation 4.38e-4)",
                         e.offset};
  }
  return std::nullopt;
}

std::optional<std::string> name_problem(const std::string& name) {
  if (name.size() > kMaxAnswerChars) return "a quantity name longer than " + std::to_string(kMaxAnswerChars) + " characters";
  return std::nullopt;
}

std::string located(const SourceLocation& at) {
  if (at.line <= 0) return at.file;
  return at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

std::string cell(const std::string& path, int row, std::size_t column) {
  return path + ": row " + std::to_string(row) + ", column " + std::to_string(column + 1);
}

SourceLocation at(const std::string& path, const toml::node& node) {
  auto p = node.source().begin;
  return SourceLocation{path, static_cast<int>(p.line ? p.line : 1), static_cast<int>(p.column ? p.column : 1)};
}

// A lesson named in a CSV: a relative .toml path is relative to the CSV's folder.
std::string lesson_beside(const std::string& csv, const std::string& lesson) {
  if (lesson.empty() || fs::path(lesson).extension() != ".toml" || fs::path(lesson).is_absolute()) return lesson;
  return (fs::path(csv).parent_path() / lesson).string();
}

std::string stem(const std::string& path) { return fs::path(path).stem().string(); }

StudentAnswer toml_answer(const std::string& path, const toml::table& t) {
  StudentAnswer a;
  a.where = located(at(path, t));
  for (const auto& [key, node] : t)
    if (key.str() != "quantity" && key.str() != "value") {
      a.where = located(at(path, node));
      a.problem = "unknown field '" + std::string(key.str()) + "' in [[answer]]; expected one of: quantity, value";
      return a;
    }
  const toml::node* quantity = t.get("quantity");
  const toml::node* value = t.get("value");
  if (!quantity || !quantity->is_string()) {
    a.problem = "[[answer]] needs quantity = \"...\" (a string)";
    return a;
  }
  a.written_name = quantity->as_string()->get();
  a.where = located(at(path, *quantity));
  if (auto problem = name_problem(a.written_name)) {
    a.problem = *problem;
    a.written_name.resize(kMaxAnswerChars);
    while (!a.written_name.empty() && static_cast<unsigned char>(a.written_name.back()) >= 0x80) a.written_name.pop_back();
    return a;
  }
  if (!value || !value->is_string()) {
    if (value) a.where = located(at(path, *value));
    a.problem = "[[answer]] needs value = \"...\" as a string, so that its digits are kept as written";
    return a;
  }
  a.value = answer_digits(value->as_string()->get());
  if (auto problem = number_problem(a.value)) {
    SourceLocation where = at(path, *value);
    where.column += 1 + static_cast<int>(problem->offset);  // after the opening quote
    a.where = located(where);
    a.problem = problem->message;
  }
  return a;
}

std::vector<StudentAnswers> read_folder(const fs::path& folder) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() != ".toml" && it->path().extension() != ".json") continue;
    if (files.size() == kMaxFilesInFolder)
      throw LessonError({folder.string(), 0, 0}, "more than " + std::to_string(kMaxFilesInFolder) + " answers files");
    files.push_back(it->path().string());
  }
  if (error) throw LessonError({folder.string(), 0, 0}, "cannot list the folder: " + error.message());
  std::sort(files.begin(), files.end());
  std::vector<StudentAnswers> out;
  for (const std::string& file : files)
    out.push_back(fs::path(file).extension() == ".json" ? read_student_values(file, read_input_file(file, "values file"))
                                                          : read_student_toml(file, read_input_file(file, "answers file")));
  return out;
}

}  // namespace

std::vector<StudentAnswers> read_class_csv(const std::string& path, const std::string& text) {
  std::vector<CsvRecord> records = parse_csv(path, text);
  if (records.empty()) throw LessonError({path, 1, 1}, "CSV: expected a header row: id, then one quantity name per column");
  std::vector<std::string> header;
  for (const std::string& name : records.front().fields) header.push_back(trim(name));
  auto id = std::find_if(header.begin(), header.end(), [](const std::string& h) { return lower(h) == "id" || lower(h) == "student"; });
  if (id == header.end())
    throw LessonError({path, 1, 1}, "CSV: the header row has no id column (a column named id, one id per student)");
  const std::size_t id_column = static_cast<std::size_t>(id - header.begin());
  auto lesson = std::find_if(header.begin(), header.end(), [](const std::string& h) { return lower(h) == "lesson"; });
  const std::size_t lesson_column = lesson == header.end() ? std::string::npos : static_cast<std::size_t>(lesson - header.begin());
  std::vector<StudentAnswers> out;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    auto blank = [](const std::string& f) { return trim(f).empty(); };
    if (std::all_of(record.fields.begin(), record.fields.end(), blank)) continue;  // an empty line
    StudentAnswers student;
    student.source = path;
    student.id = id_column < record.fields.size() ? trim(record.fields[id_column]) : "";
    if (student.id.empty()) student.id = "row " + std::to_string(record.row);
    if (lesson_column < record.fields.size()) student.lesson = lesson_beside(path, trim(record.fields[lesson_column]));
    for (std::size_t c = 0; c < record.fields.size(); ++c) {
      if (c == id_column || c == lesson_column) continue;
      const std::string value = answer_digits(trim(record.fields[c]));
      if (value.empty()) continue;  // not answered
      StudentAnswer a{c < header.size() ? header[c] : "", value, cell(path, record.row, c), ""};
      if (c >= header.size())
        a.problem = "no quantity: the header row has " + std::to_string(header.size()) + " columns";
      else if (a.written_name.empty())
        a.problem = "no quantity: the header of column " + std::to_string(c + 1) + " is empty";
      else if (auto problem = name_problem(a.written_name))
        a.problem = *problem;
      else if (auto problem = number_problem(value))
        a.problem = problem->message;
      student.answers.push_back(std::move(a));
    }
    out.push_back(std::move(student));
  }
  return out;
}

StudentAnswers read_student_toml(const std::string& path, const std::string& text) {
  StudentAnswers student{stem(path), path, {}, ""};
  toml::table root;
  try {
    root = lesson_toml::parse_located(path, text);
  } catch (const LessonError& e) {
    student.answers.push_back(StudentAnswer{"", "", located(e.where), e.what()});
    return student;
  }
  for (const auto& [key, node] : root)
    if (key.str() != "answer")
      student.answers.push_back(StudentAnswer{"", "", located(at(path, node)),
                                              "unknown field '" + std::string(key.str()) + "'; expected [[answer]] tables"});
  const toml::node* list = root.get("answer");
  if (!list) return student;
  if (!list->is_array_of_tables()) {
    student.answers.push_back(StudentAnswer{"", "", located(at(path, *list)), "expected [[answer]] tables (quantity, value)"});
    return student;
  }
  for (const auto& item : *list->as_array()) student.answers.push_back(toml_answer(path, *item.as_table()));
  return student;
}

StudentAnswers read_student_values(const std::string& path, const std::string& text) {
  StudentAnswers student{stem(path), path, {}, ""};
  ValuesFile file;
  try {
    file = parse_values_file(path, text);
  } catch (const LessonError& e) {
    student.answers.push_back(StudentAnswer{"", "", located(e.where), e.what()});
    return student;
  }
  for (const RecordedValue& v : file.values) {
    // The values format allows "2E+4"; an answer's exponent has no '+'.
    std::string value = v.text;
    for (std::size_t plus = value.find("e+"); plus != std::string::npos; plus = value.find("e+")) value.erase(plus + 1, 1);
    for (std::size_t plus = value.find("E+"); plus != std::string::npos; plus = value.find("E+")) value.erase(plus + 1, 1);
    StudentAnswer a{v.name, answer_digits(value), located(v.where), ""};
    if (auto problem = name_problem(a.written_name)) a.problem = *problem;
    else if (auto number = number_problem(a.value)) a.problem = number->message;
    student.answers.push_back(std::move(a));
  }
  return student;
}

std::vector<StudentAnswers> read_answer_files(const std::vector<std::string>& paths) {
  std::vector<StudentAnswers> out;
  for (const std::string& path : paths) {
    std::error_code error;
    const fs::path p(path);
    std::vector<StudentAnswers> read;
    if (fs::is_directory(p, error))
      read = read_folder(p);
    else if (p.extension() == ".csv")
      read = read_class_csv(path, read_input_file(path, "CSV file of answers"));
    else if (p.extension() == ".toml")
      read.push_back(read_student_toml(path, read_input_file(path, "answers file")));
    else if (p.extension() == ".json")
      read.push_back(read_student_values(path, read_input_file(path, "values file")));
    else
      throw UsageError(path + ": expected a .csv class, a .toml answers file, a .json values file or a folder of them");
    out.insert(out.end(), std::make_move_iterator(read.begin()), std::make_move_iterator(read.end()));
  }
  return out;
}

}  // namespace bptrace
