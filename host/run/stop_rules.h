// When a run of generations stops (config [stop]): after its last generation, at fixation (one
// strategy holds every agent; only without mutation, which would undo it), or at the first
// generation boundary after the wall-clock budget is spent. The population and market loops
// share these rules.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "host/config/config.h"

namespace evomarket {

// Why a run stopped (the results file's stop_reason attribute).
inline constexpr const char* kStopGenerations = "generations";
inline constexpr const char* kStopFixation = "fixation";
inline constexpr const char* kStopTimeBudget = "time_budget";
// SIGINT / SIGTERM (host/run/interrupt.h): the loop stopped at a generation boundary.
inline constexpr const char* kStopInterrupted = "interrupted";

class StopRules {
 public:
  StopRules(const StopConfig& stop, double mutation);
  explicit StopRules(const ExperimentConfig& config)
      : StopRules(config.stop, config.dynamics.mutation) {}

  // Whether a run `elapsed_seconds` old starts no further generation.
  bool time_spent(double elapsed_seconds) const;
  // Whether a generation whose strategy counts are `counts` (of `agents` agents) ends the run.
  bool fixated(const std::vector<uint64_t>& counts, uint64_t agents) const;

 private:
  double max_seconds_;
  bool at_fixation_;
};

// Wall time since construction, in seconds.
class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace evomarket
