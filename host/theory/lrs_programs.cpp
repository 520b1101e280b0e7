#include "host/theory/lrs_programs.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace evomarket::theory {
namespace {

// A private temporary folder for one run's input and output files, removed with its files.
class ScratchFolder {
 public:
  ScratchFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/evomarket-lrs-XXXXXX";
    if (!::mkdtemp(pattern.data())) {
      throw std::runtime_error(
          fmt::format("cannot create a temporary folder {}: {}", pattern, std::strerror(errno)));
    }
    path_ = pattern;
  }
  ~ScratchFolder() {
    for (const char* name : {"input", "stdout", "stderr"}) ::unlink(file(name).c_str());
    ::rmdir(path_.c_str());
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  std::string file(const char* name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Files rather than pipes: nothing can block however much either stream carries.
std::string run_program(const std::string& program, const std::string& input) {
  const ScratchFolder scratch;
  const std::string input_file = scratch.file("input");
  {
    std::ofstream out(input_file, std::ios::binary);
    out << input;
    if (!out.flush()) throw std::runtime_error("cannot write " + input_file);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, scratch.file("stdout").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, scratch.file("stderr").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv{const_cast<char*>(program.c_str()), const_cast<char*>(input_file.c_str()),
                          nullptr};
  pid_t pid = 0;
  const int error = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    throw std::runtime_error(fmt::format(
        "cannot run {}: {} (it comes with Debian's lrslib package: run scripts/bootstrap)", program,
        std::strerror(error)));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed for " + program);
  }
  std::string output = read_file(scratch.file("stdout"));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string message = read_file(scratch.file("stderr")) + output;
    if (message.size() > 2000) message.resize(2000);
    throw std::runtime_error(fmt::format("{} failed ({}): {}", program,
                                         WIFEXITED(status)
                                             ? fmt::format("exit status {}", WEXITSTATUS(status))
                                             : fmt::format("signal {}", WTERMSIG(status)),
                                         message));
  }
  return output;
}

std::string program_path(const char* variable, const char* built_in) {
  const char* from_environment = std::getenv(variable);
  return from_environment && *from_environment ? from_environment : built_in;
}

}  // namespace

std::string run_lrsnash(const std::string& input) {
  return run_program(program_path("EVOMARKET_LRSNASH", EVOMARKET_LRSNASH), input);
}

std::string run_lrs(const std::string& input) {
  return run_program(program_path("EVOMARKET_LRS", EVOMARKET_LRS), input);
}

}  // namespace evomarket::theory
