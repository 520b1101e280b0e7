// Checkpoints: the full state of a population or market run at a generation boundary and
// everything it has recorded, so that a run killed at any moment resumes to bit-identical
// results from the checkpoint alone (the interrupted run's results file is never read: it may be
// half-written). Written under a temporary name and renamed, so a crash never leaves a partial
// checkpoint, and every dimension read back is checked before it is used.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/run/simulation.h"
#include "io/hdf5_group.h"

namespace evomarket {

struct Checkpoint {
  std::string version;   // evomarket version that wrote it
  std::string identity;  // simulation_identity() of its config
  SimulationState state;
  std::vector<StrategyTotals> history;  // generations 0 .. state.generation - 1 (populations)
  bool market = false;  // a market run: its history is the recorded observables instead
};

// Groups of the results file a checkpoint carries (copied under /recorded/<name>): the market's
// observables, a population's agent snapshots.
inline constexpr const char* kRecordedGroup = "recorded";

// Writes `checkpoint`, and copies the groups `recorded` (those that exist) of the results file
// whose root is `results` into it. The previous checkpoint at `path` stays until the new one is
// complete; no temporary file is left behind when writing fails.
void write_checkpoint(const std::string& path, const Checkpoint& checkpoint,
                      const io::Group* results = nullptr,
                      const std::vector<std::string>& recorded = {});

// What the config says a checkpoint of it must hold.
struct CheckpointShape {
  uint64_t agents = 0;
  uint32_t strategies = 0;
  uint64_t communities = 0;   // > 0: history rows carry per-community counts
  bool asynchronous = false;  // state as strategy counts instead of per-agent strategies
  bool batteries = false;     // market runs: a charge per agent
  bool genome = false;        // market runs with evolving prices: two markups per agent
  bool market = false;
};

// Reads the checkpoint at `path` for a run of the config whose simulation_identity() is
// `identity`, checking before any allocation or index that it is an evomarket checkpoint of this
// version and config, and that every dimension read from it agrees with the others and with
// `shape` (state sizes, strategy indices, agents summing to the population, one history row per
// generation). Throws ConfigError naming the file and dataset otherwise.
Checkpoint read_checkpoint(const std::string& path, const std::string& version,
                           const std::string& identity, const CheckpointShape& shape);

// Throws ConfigError unless `checkpoint` was written by this version for this simulation.
void check_checkpoint_matches(const Checkpoint& checkpoint, const std::string& path,
                              const std::string& version, const std::string& identity);

}  // namespace evomarket
