// Progress with rate and ETA on stderr: one updating line on a terminal, plain lines at most
// every few seconds when stderr is a log file.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace evomarket {

class Progress {
 public:
  // `unit` names what is counted (e.g. "generations"); nothing is printed when quiet.
  Progress(std::string label, uint64_t total, std::string unit, bool quiet, FILE* out = stderr);
  void update(uint64_t done);
  void finish();

 private:
  std::string label_;
  uint64_t total_;
  std::string unit_;
  bool quiet_;
  FILE* out_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
  bool printed_ = false;
};

}  // namespace evomarket
