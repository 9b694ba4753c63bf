#include "lesson/library.hpp"

#include <algorithm>
#include <cstdlib>

namespace bptrace {

namespace fs = std::filesystem;

fs::path library_root() {
  if (const char* home = std::getenv("BPTRACE_HOME"); home && *home) return home;
  // An installed bptrace (PREFIX/bin/bptrace) reads PREFIX/share/bptrace, wherever PREFIX is.
  std::error_code ec;
  const fs::path installed = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / "share" / "bptrace";
  if (!ec && fs::is_directory(installed / "lessons", ec)) return installed;
  return BPTRACE_SOURCE_DIR;
}

fs::path lessons_dir() { return library_root() / "lessons"; }

std::vector<fs::path> all_lessons() {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(lessons_dir(), ec))
    if (entry.path().extension() == ".toml") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

fs::path resolve_lesson(const std::string& name) {
  if (name.empty())
    throw UsageError("an empty lesson name; expected a path to a .toml file, a lesson name, or a unique prefix such as " +
                     std::string(kDefaultLesson));
  std::error_code ec;
  if (name.find('/') != std::string::npos || fs::exists(name, ec)) {
    if (!fs::exists(name, ec)) throw UsageError("no such lesson file: " + name);
    return name;
  }
  std::vector<fs::path> matches;
  for (const auto& path : all_lessons()) {
    std::string stem = path.stem().string();
    if (stem == name) return path;
    if (stem.rfind(name, 0) == 0) matches.push_back(path);
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty())
    throw UsageError("no lesson matches '" + name + "' in " + lessons_dir().string() +
                     " (`bptrace list` shows them)");
  std::string names;
  for (const auto& m : matches) names += " " + m.stem().string();
  throw UsageError("'" + name + "' matches several lessons:" + names);
}

fs::path golden_path(const fs::path& lesson) {
  // Decided on the absolute path, so that `x.toml`, `./x.toml` and `lessons/x.toml` find the same
  // golden from any current directory; shown relative again when the lesson was named relatively.
  std::error_code ec;
  fs::path absolute = fs::absolute(lesson, ec).lexically_normal();
  if (ec) absolute = lesson.lexically_normal();
  fs::path folder = absolute.parent_path();
  fs::path base = folder.filename() == "lessons" ? folder.parent_path() : folder;
  fs::path golden = base / "golden" / (lesson.stem().string() + ".trace");
  if (lesson.is_relative()) {
    fs::path cwd = fs::current_path(ec);
    if (!ec) golden = golden.lexically_proximate(cwd);
  }
  return golden;
}

}  // namespace bptrace
