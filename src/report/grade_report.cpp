#include "report/grade_report.hpp"

#include "report/check_report.hpp"
#include "trace/names.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bptrace {

std::optional<GradeFormat> grade_format_from_name(std::string_view name) {
  if (name == "text") return GradeFormat::text;
  if (name == "csv") return GradeFormat::csv;
  if (name == "json") return GradeFormat::json;
  if (name == "markdown") return GradeFormat::markdown;
  return std::nullopt;
}

namespace {

int count(const std::array<int, kGrades>& counts, Grade g) { return counts[static_cast<std::size_t>(g)]; }

// The share correct, in whole percent rounded half up: "67%"; "-" when nobody answered.
std::string share(int correct, int answered) {
  if (answered == 0) return "-";
  return std::to_string((200 * correct + answered) / (2 * answered)) + "%";
}

// Mistake numbers of a wrong answer, without repeats: "2a", "3a/3b" when ambiguous.
std::string mistakes_of(const GradedAnswer& a) {
  std::vector<std::string> numbers;
  for (const Diagnosis& d : a.diagnoses)
    if (std::find(numbers.begin(), numbers.end(), d.cause->mistake->number) == numbers.end())
      numbers.push_back(d.cause->mistake->number);
  std::string out;
  for (const std::string& n : numbers) out += (out.empty() ? "" : "/") + n;
  return out;
}

std::string histogram(const QuantitySummary& q) {
  std::string out;
  for (const auto& [number, n] : q.mistakes) out += (out.empty() ? "" : " ") + number + "×" + std::to_string(n);
  if (q.undiagnosed) out += (out.empty() ? "" : " ") + std::string("none×") + std::to_string(q.undiagnosed);
  return out;
}

std::string name_of(const GradedAnswer& a) {
  if (a.quantity) return canonical_name(*a.quantity);
  return a.answer.written_name.empty() ? "(no quantity)" : a.answer.written_name;
}

std::string true_value(const GradedAnswer& a, const ValueStyle& values) {
  return a.truth ? value_text(*a.truth, values.as(ValueForm::number).with_digits(values.digits)) : "";
}

// The answers of one student that are not correct, grouped by grade: "wrong: loss (2a); ...".
std::string not_correct(const GradedStudent& s) {
  std::string out;
  for (Grade g : {Grade::wrong, Grade::insufficient_precision, Grade::undecided, Grade::ungradable}) {
    std::string items;
    for (const GradedAnswer& a : s.answers) {
      if (a.grade != g) continue;
      std::string item = name_of(a);
      if (g == Grade::wrong) item += " (" + (a.diagnoses.empty() ? std::string("no catalogued mistake") : "mistake " + mistakes_of(a)) + ")";
      items += (items.empty() ? "" : ", ") + item;
    }
    if (!items.empty()) out += (out.empty() ? "" : "; ") + grade_name(g) + ": " + items;
  }
  return out.empty() ? (s.answers.empty() ? "no answers" : "all correct") : out;
}

std::vector<std::string> used_mistakes(const ClassSummary& summary) {
  std::vector<std::string> used;
  for (const Mistake& m : mistake_catalogue())
    for (const QuantitySummary& q : summary.quantities)
      if (std::any_of(q.mistakes.begin(), q.mistakes.end(), [&](const auto& p) { return p.first == m.number; })) {
        used.push_back(m.number);
        break;
      }
  return used;
}

const Mistake& mistake(const std::string& number) { return *find_mistake(number); }

std::string heading(const GradeResults& r) {
  const Trace& exact = r.grader.judge().exact();
  return fmt::format("Grading {} student{} against {} — {}", r.students.size(), r.students.size() == 1 ? "" : "s",
                     exact.header.label(), exact.header.title);
}

// --- text ---------------------------------------------------------------------------------------

// Width in code points (a mistake histogram holds ×, a name may hold δ).
std::size_t width(const std::string& s) {
  std::size_t points = 0;
  for (unsigned char c : s) points += (c & 0xC0) != 0x80;
  return points;
}

std::string pad(const std::string& s, std::size_t to) { return s + std::string(to > width(s) ? to - width(s) : 0, ' '); }

std::string table(const std::vector<std::vector<std::string>>& rows, const std::string& indent) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], width(row[c]));
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line = indent;
    for (std::size_t c = 0; c < row.size(); ++c) line += c + 1 == row.size() ? row[c] : pad(row[c], widths[c] + 2);
    out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
  }
  return out;
}

std::vector<std::string> summary_header() {
  return {"quantity", "answered", "correct", "share", "wrong", "insufficient", "undecided", "ungradable", "mistakes"};
}

std::vector<std::string> summary_row(const QuantitySummary& q) {
  return {q.name,
          std::to_string(q.answered),
          std::to_string(count(q.counts, Grade::correct)),
          share(count(q.counts, Grade::correct), q.answered),
          std::to_string(count(q.counts, Grade::wrong)),
          std::to_string(count(q.counts, Grade::insufficient_precision)),
          std::to_string(count(q.counts, Grade::undecided)),
          std::to_string(count(q.counts, Grade::ungradable)),
          histogram(q)};
}

std::string render_text(const GradeResults& r) {
  std::string out = heading(r) + "\nPolicy:\n";
  for (const std::string& clause : describe(r.grader.policy())) out += "  " + clause + "\n";
  out += "\nStudents: points, then every answer that is not correct\n";
  std::vector<std::vector<std::string>> rows;
  for (const GradedStudent& s : r.students)
    rows.push_back({s.id, points_text(s.points) + "/" + points_text(s.max_points), not_correct(s)});
  out += table(rows, "  ");
  bool any_ungradable = false;
  for (const GradedStudent& s : r.students)
    for (const GradedAnswer& a : s.answers)
      if (a.grade == Grade::ungradable) {
        if (!any_ungradable) out += "\nUngradable answers:\n";
        any_ungradable = true;
        out += "  " + s.id + ": " + a.detail + "\n";
      }
  out += fmt::format("\nClass summary ({} student{}):\n", r.summary.students, r.summary.students == 1 ? "" : "s");
  std::vector<std::vector<std::string>> summary{summary_header()};
  for (const QuantitySummary& q : r.summary.quantities) summary.push_back(summary_row(q));
  out += table(summary, "  ");
  const auto used = used_mistakes(r.summary);
  if (!used.empty()) {
    out += "\nMistakes (mistakes: number×wrong answers it explains; none: no catalogued mistake does):\n";
    for (const std::string& n : used) out += "  " + n + ": " + mistake_title(mistake(n), r.summary.negated_gradients) + "\n";
  }
  const auto& t = r.summary.totals;
  const int answers = t[0] + t[1] + t[2] + t[3] + t[4];
  out += fmt::format("\n{} answer{}: {} correct, {} wrong, {} insufficient precision, {} undecided, {} ungradable\n",
                     answers, answers == 1 ? "" : "s", count(t, Grade::correct), count(t, Grade::wrong),
                     count(t, Grade::insufficient_precision), count(t, Grade::undecided), count(t, Grade::ungradable));
  return out;
}

// --- CSV ----------------------------------------------------------------------------------------

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t k = 0; k < fields.size(); ++k) out += (k ? "," : "") + csv_field(fields[k]);
  return out + "\r\n";
}

std::string render_csv(const GradeResults& r, const ValueStyle& values) {
  std::string out = csv_row({"id", "quantity", "written_name", "answer", "grade", "detail", "mistakes", "points",
                             "max_points", "true_value", "student_points", "student_max_points"});
  for (const GradedStudent& s : r.students)
    for (const GradedAnswer& a : s.answers)
      out += csv_row({s.id, a.quantity ? canonical_name(*a.quantity) : "", a.answer.written_name, a.answer.value,
                      grade_name(a.grade), a.detail, mistakes_of(a), points_text(a.points), points_text(a.max_points),
                      true_value(a, values), points_text(s.points), points_text(s.max_points)});
  return out;
}

// --- JSON ---------------------------------------------------------------------------------------

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20) out += fmt::format("\\u{:04x}", static_cast<int>(c));
    else out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string json_list(const std::vector<std::string>& items, const std::string& indent) {
  if (items.empty()) return "[]";
  std::string out = "[\n";
  for (std::size_t k = 0; k < items.size(); ++k) out += indent + "  " + items[k] + (k + 1 < items.size() ? ",\n" : "\n");
  return out + indent + "]";
}

std::string json_answer(const GradedAnswer& a, const ValueStyle& values) {
  std::vector<std::string> mistakes;
  for (const Diagnosis& d : a.diagnoses)
    mistakes.push_back(fmt::format("{{\"number\": {}, \"instance\": {}, \"title\": {}}}", json_string(d.cause->mistake->number),
                                   json_string(d.cause->label), json_string(d.cause->title)));
  return fmt::format(
      "{{\"quantity\": {}, \"written_name\": {}, \"answer\": {}, \"where\": {}, \"grade\": {}, \"detail\": {}, "
      "\"true_value\": {}, \"mistakes\": {}, \"points\": {}, \"max_points\": {}}}",
      a.quantity ? json_string(canonical_name(*a.quantity)) : "null", json_string(a.answer.written_name),
      json_string(a.answer.value), json_string(a.answer.where), json_string(grade_name(a.grade)), json_string(a.detail),
      a.truth ? json_string(true_value(a, values)) : "null", json_list(mistakes, "        "),
      json_string(points_text(a.points)), json_string(points_text(a.max_points)));
}

std::string render_json(const GradeResults& r, const ValueStyle& values) {
  const Trace& exact = r.grader.judge().exact();
  std::vector<std::string> policy;
  for (const std::string& clause : describe(r.grader.policy())) policy.push_back(json_string(clause));
  std::vector<std::string> students;
  for (const GradedStudent& s : r.students) {
    std::vector<std::string> answers;
    for (const GradedAnswer& a : s.answers) answers.push_back(json_answer(a, values));
    students.push_back(fmt::format("{{\"id\": {}, \"source\": {}, \"lesson\": {}, \"points\": {}, \"max_points\": {}, \"answers\": {}}}",
                                   json_string(s.id), json_string(s.source), s.lesson.empty() ? "null" : json_string(s.lesson),
                                   json_string(points_text(s.points)),
                                   json_string(points_text(s.max_points)), json_list(answers, "    ")));
  }
  std::vector<std::string> quantities;
  for (const QuantitySummary& q : r.summary.quantities) {
    std::string histogram;
    for (const auto& [number, n] : q.mistakes) histogram += fmt::format("{}{}: {}", histogram.empty() ? "" : ", ", json_string(number), n);
    quantities.push_back(fmt::format(
        "{{\"quantity\": {}, \"answered\": {}, \"correct\": {}, \"share_correct\": {}, \"wrong\": {}, "
        "\"insufficient_precision\": {}, \"undecided\": {}, \"ungradable\": {}, \"mistakes\": {{{}}}, \"undiagnosed\": {}}}",
        json_string(q.name), q.answered, count(q.counts, Grade::correct), json_string(share(count(q.counts, Grade::correct), q.answered)),
        count(q.counts, Grade::wrong), count(q.counts, Grade::insufficient_precision), count(q.counts, Grade::undecided),
        count(q.counts, Grade::ungradable), histogram, q.undiagnosed));
  }
  return fmt::format("{{\n  \"lesson\": {},\n  \"policy\": {},\n  \"students\": {},\n  \"summary\": {}\n}}\n",
                     json_string(exact.header.name), json_list(policy, "  "), json_list(students, "  "),
                     json_list(quantities, "  "));
}

// --- Markdown -----------------------------------------------------------------------------------

std::string md_cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return out;
}

std::string md_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + md_cell(c) + " |";
  return out + "\n";
}

std::string md_rule(std::size_t n) {
  std::string out = "|";
  for (std::size_t k = 0; k < n; ++k) out += "---|";
  return out + "\n";
}

std::string render_markdown(const GradeResults& r) {
  std::string out = "# " + heading(r) + "\n\n**Policy**\n\n";
  for (const std::string& clause : describe(r.grader.policy())) out += "- " + clause + "\n";
  out += "\n## Students\n\n" + md_row({"id", "points", "correct", "wrong", "insufficient", "undecided", "ungradable", "not correct"});
  out += md_rule(8);
  for (const GradedStudent& s : r.students)
    out += md_row({s.id, points_text(s.points) + "/" + points_text(s.max_points), std::to_string(s.count(Grade::correct)),
                   std::to_string(s.count(Grade::wrong)), std::to_string(s.count(Grade::insufficient_precision)),
                   std::to_string(s.count(Grade::undecided)), std::to_string(s.count(Grade::ungradable)), not_correct(s)});
  out += "\n## Class summary\n\n" + md_row(summary_header()) + md_rule(summary_header().size());
  for (const QuantitySummary& q : r.summary.quantities) out += md_row(summary_row(q));
  const auto used = used_mistakes(r.summary);
  if (!used.empty()) {
    out += "\n**Mistakes**\n\n";
    for (const std::string& n : used) out += "- " + n + ": " + mistake_title(mistake(n), r.summary.negated_gradients) + "\n";
  }
  return out;
}

}  // namespace

std::string render_grades(const GradeResults& results, GradeFormat format, const ValueStyle& values) {
  switch (format) {
    case GradeFormat::text: return render_text(results);
    case GradeFormat::csv: return render_csv(results, values);
    case GradeFormat::json: return render_json(results, values);
    case GradeFormat::markdown: return render_markdown(results);
  }
  return "";
}

std::string render_student_explanation(const Grader& grader, const GradedStudent& student, const ValueStyle& values) {
  const Trace& exact = grader.judge().exact();
  std::string out = fmt::format("Student {} ({}): {}/{} points\nPolicy:\n", student.id, student.source,
                                points_text(student.points), points_text(student.max_points));
  for (const std::string& clause : describe(grader.policy())) out += "  " + clause + "\n";
  std::vector<AnswerCheck> checks;
  for (const GradedAnswer& a : student.answers)
    if (a.grade != Grade::ungradable)
      checks.push_back(AnswerCheck{Answer{a.answer.written_name, a.answer.value, {}, *a.quantity}, a.verdict, a.diagnoses});
  if (!checks.empty()) out += "\n" + render_answer_checks(exact, checks, values);
  out += "\nGrades under the policy:\n";
  for (const GradedAnswer& a : student.answers)
    out += fmt::format("  {} = {}: {}, {}/{} points — {}\n", name_of(a), a.answer.value, grade_name(a.grade),
                       points_text(a.points), points_text(a.max_points), a.detail);
  return out;
}

}  // namespace bptrace
