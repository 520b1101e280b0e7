// Checkpoints: the full state of a population run at a generation boundary, plus the recorded
// history, so that a run killed at any moment resumes to bit-identical results. Written to a
// temporary name and renamed, so a crash never leaves a partial checkpoint.
#pragma once

#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/run/simulation.h"

namespace evomarket {

struct Checkpoint {
  std::string version;   // evomarket version that wrote it
  std::string identity;  // simulation_identity() of its config
  SimulationState state;
  std::vector<StrategyTotals> history;  // generations 0 .. state.generation - 1 (populations)
  bool market = false;  // a market run: its history is recovered from the results file instead
};

void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);

// Throws ConfigError when the file is missing or not an evomarket checkpoint.
Checkpoint read_checkpoint(const std::string& path);

// Throws ConfigError unless `checkpoint` was written by this version for this simulation.
void check_checkpoint_matches(const Checkpoint& checkpoint, const std::string& path,
                              const std::string& version, const std::string& identity);

}  // namespace evomarket
