#include "cli/graphviz.hpp"

#include "lesson/library.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace bptrace::cli {

namespace {

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_, O_CLOEXEC) != 0) throw UsageError(std::string("--format svg: cannot create a pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void close_read() { close(fds_[0]); }
  void close_write() { close(fds_[1]); }

 private:
  static void close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fds_[2] = {-1, -1};
};

const char* const kMissing = "--format svg needs Graphviz's `dot` (Debian package graphviz) on PATH; --format dot prints the graph";

// `dot -Tsvg` spawned directly (no shell), its standard input, output and error the pipes' ends;
// SIGPIPE back to its default in the child (it is ignored here while writing).
pid_t spawn_dot(Pipe& in, Pipe& out, Pipe& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read_end(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write_end(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write_end(), STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  char program[] = "dot";
  char format[] = "-Tsvg";
  char* argv[] = {program, format, nullptr};
  pid_t pid = -1;
  int spawned = ::posix_spawnp(&pid, "dot", &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned == ENOENT) throw UsageError(kMissing);
  if (spawned != 0) throw UsageError("--format svg: cannot run Graphviz's `dot`: " + std::string(std::strerror(spawned)));
  in.close_read();
  out.close_write();
  err.close_write();
  return pid;
}

struct Exchanged {
  std::string svg, messages;
  std::size_t written = 0;  // bytes of the DOT text `dot` took
};

// The DOT text written while the SVG and the messages are read, through poll() so that neither
// side can block the other.
Exchanged exchange(Pipe& in, Pipe& out, Pipe& err, const std::string& dot) {
  ::fcntl(in.write_end(), F_SETFL, ::fcntl(in.write_end(), F_GETFL) | O_NONBLOCK);
  Exchanged x;
  if (dot.empty()) in.close_write();
  bool out_open = true, err_open = true;
  auto drain = [](int fd, std::string& into, bool& open) {
    char buffer[65536];
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) into.append(buffer, static_cast<std::size_t>(n));
    else if (n == 0 || (errno != EAGAIN && errno != EINTR)) open = false;
  };
  while (out_open || err_open) {
    pollfd fds[3];
    nfds_t count = 0;
    int in_slot = -1, out_slot = -1, err_slot = -1;
    if (in.write_end() >= 0) fds[in_slot = static_cast<int>(count++)] = {in.write_end(), POLLOUT, 0};
    if (out_open) fds[out_slot = static_cast<int>(count++)] = {out.read_end(), POLLIN, 0};
    if (err_open) fds[err_slot = static_cast<int>(count++)] = {err.read_end(), POLLIN, 0};
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (in_slot >= 0 && fds[in_slot].revents) {
      ssize_t n = ::write(in.write_end(), dot.data() + x.written, dot.size() - x.written);
      if (n > 0) x.written += static_cast<std::size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || x.written == dot.size()) in.close_write();
    }
    if (out_slot >= 0 && fds[out_slot].revents) drain(out.read_end(), x.svg, out_open);
    if (err_slot >= 0 && fds[err_slot].revents) drain(err.read_end(), x.messages, err_open);
  }
  in.close_write();
  out.close_read();  // should the loop have ended early, `dot` must not block on a full pipe
  err.close_read();
  return x;
}

}  // namespace

std::string svg_from_dot(const std::string& dot) {
  Pipe in, out, err;
  const pid_t pid = spawn_dot(in, out, err);
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, &previous);
  const Exchanged x = exchange(in, out, err, dot);
  ::sigaction(SIGPIPE, &previous, nullptr);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || x.written != dot.size() || x.svg.empty()) {
    std::string first_line = x.messages.substr(0, x.messages.find('\n'));
    std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                      : WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                            : "no output";
    throw UsageError("--format svg: Graphviz's `dot -Tsvg` failed (" + how + ")" +
                     (first_line.empty() ? std::string() : ": " + first_line) + "; --format dot prints the graph");
  }
  return x.svg;
}

}  // namespace bptrace::cli
