// The simulation driver: config -> backend -> results file, with the status protocol of
// DESIGN.md (a file is "running" until everything is written, then "complete"; "failed" with
// the reason if the run throws).
#pragma once

#include <cstdio>
#include <string>

#include "host/backend/backend.h"
#include "host/config/config.h"

namespace evomarket {

struct RunRequest {
  ExperimentConfig config;
  BackendChoice backend = BackendChoice::kAuto;
  int threads = 0;     // CPU threads; 0 = all cores
  bool quiet = false;  // no progress lines
  std::string resume;  // checkpoint to continue from (population mode)
  // Replace a complete results file, or a file that is not one, at output.file (--overwrite);
  // without it such a file is refused before anything runs (docs/reliability.md).
  bool overwrite = false;
  // Host (and device) memory the run may use; 0: physical memory (and the device's free
  // memory). The run's estimate is checked against it before anything is allocated.
  uint64_t memory_limit = 0;
  // >= 0: `config` is replicate `replicate` of an ensemble whose experiment.seed was
  // `ensemble_seed` (replicate_config in host/run/ensemble.h); the results file says so.
  int64_t replicate = -1;
  uint64_t ensemble_seed = 0;
};

struct RunReport {
  std::string backend;
  std::string device;
  std::string output;
  double seconds = 0;
  uint64_t agent_turns = 0;
  std::string stop_reason;  // population mode; "replicates" for a finished ensemble
};

// Runs the experiment and prints its summary to `out`. Throws ConfigError / io::H5Error /
// std::runtime_error; the results file is then left with status "failed". Stopped by SIGINT or
// SIGTERM (host/run/interrupt.h), it marks the file "interrupted", writes the final checkpoint
// when checkpoints are on, and throws RunInterrupted.
RunReport run_experiment(const RunRequest& request, std::FILE* out);

}  // namespace evomarket
