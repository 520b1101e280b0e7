// Errors the user can act on: what was wrong, where (file, line, key) and what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace evomarket {

// Invalid configuration or command-line input.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A run stopped by SIGINT or SIGTERM (host/run/interrupt.h) after marking its results file
// "interrupted": the command exits with 128 + signal (130, 143).
class RunInterrupted : public std::runtime_error {
 public:
  RunInterrupted(const std::string& what, int signal) : std::runtime_error(what), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

}  // namespace evomarket
