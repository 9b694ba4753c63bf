#pragma once
// Reading a file bptrace was given (a lesson, an answers file, a golden trace) without trusting
// it: regular files only, at most kMaxInputFileBytes. A FIFO, a device (/dev/zero, /dev/urandom),
// a directory, or a symlink to any of them is refused with one message before anything is read,
// so that no input can block bptrace or make it read without end.
#include <cstddef>
#include <optional>
#include <string>

namespace bptrace {

// 64 MiB: far beyond any lesson (the largest is a few kB), far below what exhausts memory.
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{64} << 20;

// The whole file. Throws LessonError at {path, no line}: "error: PATH: what is wrong", with
// `what` naming the kind of file expected ("lesson file", "answers file", "golden trace").
std::string read_input_file(const std::string& path, const std::string& what);

// As read_input_file, but std::nullopt when there is no file at `path` at all (a golden not yet
// blessed); anything else that is not a readable regular file is still an error.
std::optional<std::string> read_input_file_if_present(const std::string& path, const std::string& what);

}  // namespace bptrace
