// Runs chosen points of a sweep, at most `jobs` at a time, each as a child process
// `evomarket run BASE --set ... --out FOLDER/point-NNNN.h5 --quiet` (docs/sweeps.md).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "host/sweep/sweep_folder.h"
#include "host/sweep/sweep_spec.h"

namespace evomarket {

struct PointRunOptions {
  int jobs = 1;
  std::string backend;     // passed on as --backend when not empty
  int threads = 0;         // passed on as --threads when > 0
  std::string executable;  // the evomarket binary the points run with
};

struct PointRunSummary {
  size_t complete = 0;  // ran now and completed
  size_t skipped = 0;   // complete before: not run again
  size_t failed = 0;
  size_t interrupted = 0;  // stopped by the signal below (resumable)
  int signal = 0;          // SIGINT / SIGTERM that stopped the sweep, or 0
};

// Runs `chosen` (indices into `points`): skips a point whose results file is complete, moves an
// incomplete one aside (point-NNNN.<status>-K.h5: nothing is deleted) and runs it again. Each
// finished point's status file is written and the manifest rebuilt. After SIGINT / SIGTERM no
// new point starts and the running ones get the signal, ending "interrupted".
PointRunSummary run_points(const SweepFolder& folder, const SweepSpec& spec,
                           const std::vector<SweepPoint>& points, const std::vector<size_t>& chosen,
                           const PointRunOptions& options, std::FILE* out);

}  // namespace evomarket
