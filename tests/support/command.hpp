#pragma once
// Running a shell command from a test, the way a user runs bptrace: its output and exit status.
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace bptrace::test_support {

struct CommandResult {
  int status = -1;  // the exit status; -1 when it did not exit normally
  std::string out;  // standard output (and standard error, when the command redirects it)
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
  int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `bptrace ARGS` on the source tree's lesson library, standard error folded into the output.
inline CommandResult run_bptrace(const std::string& args) {
  return run_command("BPTRACE_HOME='" BPTRACE_SOURCE_DIR "' '" BPTRACE_BINARY "' " + args + " 2>&1");
}

}  // namespace bptrace::test_support
