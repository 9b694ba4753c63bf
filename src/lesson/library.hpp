#pragma once
// Where lessons and their goldens live, and how a command-line name finds a lesson.
#include "model/source_location.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace bptrace {

inline constexpr const char* kDefaultLesson = "001-4";

// $BPTRACE_HOME when set; else, for an installed PREFIX/bin/bptrace, PREFIX/share/bptrace (what
// `cmake --install` puts there: lessons/ and golden/); else the source tree bptrace was built from.
std::filesystem::path library_root();
std::filesystem::path lessons_dir();
std::vector<std::filesystem::path> all_lessons();  // sorted by name

// A path to a .toml file, a lesson name ("001-4-sigmoid-2-2-2"), or a unique prefix ("001-4").
// Throws UsageError when nothing or several lessons match.
std::filesystem::path resolve_lesson(const std::string& name);

// The golden rule: the golden of DIR/lessons/NAME.toml (a lesson in a folder named `lessons`) is
// DIR/golden/NAME.trace; of any other lesson file DIR/NAME.toml, DIR/golden/NAME.trace. Decided
// from where the lesson file is, never from the current directory (a relative lesson path gives
// a golden path relative to the current directory, naming the same file).
std::filesystem::path golden_path(const std::filesystem::path& lesson);

// The rule above in a phrase, for every message that names a golden.
inline constexpr const char* kGoldenRule =
    "goldens: DIR/lessons/NAME.toml has DIR/golden/NAME.trace, any other DIR/NAME.toml has DIR/golden/NAME.trace";

// A bad command line; what it echoes is made printable (printable_text).
struct UsageError : std::runtime_error {
  explicit UsageError(const std::string& message) : std::runtime_error(printable_text(message)) {}
};

}  // namespace bptrace
