#include "lesson/input_file.hpp"

#include "model/source_location.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace bptrace {

namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& message) {
  throw LessonError({path, 0, 0}, message);
}

// What a non-regular file is, in a word, for the message.
std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

std::string too_large(const std::string& what) {
  return "the " + what + " is too large: at most " + std::to_string(kMaxInputFileBytes) + " bytes (64 MiB)";
}

void require_regular(const std::string& path, const struct stat& st, const std::string& what) {
  if (!S_ISREG(st.st_mode)) {
    std::string article = std::string("aeiou").find(what.front()) != std::string::npos ? "an " : "a ";
    refuse(path, "expected " + article + what + " (a regular file), found " + kind_of(st.st_mode));
  }
  if (st.st_size < 0 || static_cast<std::uintmax_t>(st.st_size) > kMaxInputFileBytes)
    refuse(path, too_large(what) + ", found " + std::to_string(st.st_size));
}

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::optional<std::string> read_checked(const std::string& path, const std::string& what, bool absent_is_ok) {
  // stat first, so that a device is never even opened; then fstat what was opened, since the
  // path may have changed in between. O_NONBLOCK: opening a FIFO never waits for a writer.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int error = errno;
    if (error == ENOENT && absent_is_ok) return std::nullopt;
    refuse(path, "cannot read the " + what + ": " + std::strerror(error));
  }
  require_regular(path, st, what);
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) {
    int error = errno;
    if (error == ENOENT && absent_is_ok) return std::nullopt;
    refuse(path, "cannot open the " + what + ": " + std::strerror(error));
  }
  if (::fstat(fd.get(), &st) != 0) refuse(path, "cannot read the " + what + ": " + std::strerror(errno));
  require_regular(path, st, what);

  // At most one byte beyond the limit: a file that grew past it since the fstat is refused too.
  std::string text;
  text.resize(static_cast<std::size_t>(st.st_size) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == text.size()) {
      if (text.size() > kMaxInputFileBytes) break;
      text.resize(std::min(text.size() * 2 + 4096, kMaxInputFileBytes + 1));
    }
    ssize_t n = ::read(fd.get(), text.data() + used, text.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      refuse(path, "cannot read the " + what + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > kMaxInputFileBytes)
    refuse(path, too_large(what));
  text.resize(used);
  return text;
}

}  // namespace

std::string read_input_file(const std::string& path, const std::string& what) {
  return *read_checked(path, what, false);
}

std::optional<std::string> read_input_file_if_present(const std::string& path, const std::string& what) {
  return read_checked(path, what, true);
}

}  // namespace bptrace
