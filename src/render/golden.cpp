#include "render/golden.hpp"

#include "render/value_format.hpp"
#include "trace/names.hpp"
#include "trace/paths.hpp"

#include <map>
#include <sstream>

namespace bptrace {

namespace {

struct Line {
  std::string key;
  std::string value;
};

std::vector<Line> parse(const std::string& text) {
  std::vector<Line> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t sep = line.find(" = ");
    std::size_t approx = line.find(" ~ ");
    std::size_t at = std::min(sep, approx);
    if (at == std::string::npos) lines.push_back({line, ""});
    else lines.push_back({line.substr(0, at), line.substr(at + 1)});
  }
  return lines;
}

}  // namespace

std::string golden_text(const std::string& lesson_name, const Trace& trace, int digits) {
  ValueStyle field;
  field.form = ValueForm::record;
  field.digits = digits;
  std::ostringstream out;
  out << "# bptrace golden trace of lesson " << lesson_name << "\n"
      << "# written only by `bptrace test --bless`; '=' exact value, '~' certified value correctly\n"
      << "# rounded to " << digits << " significant digits; 'via' lines are the terms of a sum over paths\n";
  for (const Step& step : trace.steps()) {
    out << canonical_name(step.key) << " " << value_text(step.value, field) << "\n";
    for (const Contribution& c : path_terms(trace, step))
      out << canonical_name(step.key.through(c.via)) << " " << value_text(c.value, field) << "\n";
  }
  return out.str();
}

std::vector<GoldenDifference> golden_diff(const std::string& golden, const std::string& now) {
  std::vector<Line> old_lines = parse(golden);
  std::vector<Line> new_lines = parse(now);
  std::map<std::string, std::string> old_values, new_values;
  for (const auto& l : old_lines) old_values[l.key] = l.value;
  for (const auto& l : new_lines) new_values[l.key] = l.value;
  std::vector<GoldenDifference> out;
  for (const auto& l : new_lines) {
    auto it = old_values.find(l.key);
    if (it == old_values.end()) out.push_back({l.key, "", l.value});
    else if (it->second != l.value) out.push_back({l.key, it->second, l.value});
  }
  for (const auto& l : old_lines)
    if (!new_values.count(l.key)) out.push_back({l.key, l.value, ""});
  return out;
}

}  // namespace bptrace
