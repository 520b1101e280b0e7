// Runs the evomarket executable under test (EVOMARKET_BINARY) and captures what it prints.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace evomarket::testing {

struct CliResult {
  int exit_code;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line, stdout and stderr captured together.
inline CliResult run_command(const std::string& cmd) {
  CliResult r{-1, ""};
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline CliResult run_evomarket(const std::string& args) {
  return run_command(std::string(EVOMARKET_BINARY) + " " + args + " 2>&1");
}

}  // namespace evomarket::testing
