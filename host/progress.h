// Progress with rate and ETA on stderr: one updating line on a terminal, plain lines at most
// every few seconds when stderr is a log file. Used by run, ingest and bench (hence host/'s
// root); nothing it prints goes into a results file or stdout.
//
// EVOMARKET_PROGRESS_SECONDS sets the least time between two lines (default 0.2 s on a terminal,
// 5 s in a log); 0 prints every update, which the tests use to see the lines.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace evomarket {

// The unit that shows counts as megabytes and the rate as MB/s (ingest).
inline constexpr std::string_view kProgressBytes = "bytes";

class Progress {
 public:
  // `unit` names what is counted (e.g. "generations", or kProgressBytes); nothing is printed when
  // quiet.
  Progress(std::string label, uint64_t total, std::string unit, bool quiet, FILE* out = stderr);
  ~Progress() { finish(); }  // an error message after it starts on a line of its own
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // `done` of the total finished; `detail` (e.g. the case being measured) ends the line.
  void update(uint64_t done, std::string_view detail = {});
  // Inside item done + 1: `part` of its `parts` (e.g. days of a generation, agents that have
  // played their matches) are finished. The fraction counts into the rate and ETA, so a long
  // item shows progress before it ends.
  void update_within(uint64_t done, uint64_t part, uint64_t parts, std::string_view part_unit);
  // Ends the updating line on a terminal (once).
  void finish();

  // The least seconds between lines: EVOMARKET_PROGRESS_SECONDS when it is a number >= 0, else
  // the default for a terminal or a log.
  static double interval_seconds(bool terminal);

 private:
  // Prints a line for `done` (fractional inside an item) unless one was printed too recently.
  void print(double done, bool last, std::string_view detail);
  std::string amount(double count) const;

  std::string label_;
  uint64_t total_;
  std::string unit_;
  bool quiet_;
  FILE* out_;
  bool terminal_;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
  bool printed_ = false;
  bool reached_total_ = false;
};

}  // namespace evomarket
