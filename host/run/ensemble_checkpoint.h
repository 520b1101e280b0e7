// Checkpoints of an ensemble: every replicate finished so far, whole (its seed, stop reason and
// per-generation totals). Unfinished replicates are not saved: --resume runs them again from
// their start, which gives the same results because each replicate is a pure function of its
// seed. Written under a temporary name and renamed, like host/run/checkpoint.h, and read back
// with every dimension checked before it is used.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/run/ensemble.h"

namespace evomarket {

void write_ensemble_checkpoint(const std::string& path, const std::string& version,
                               const std::string& identity, const EnsembleRun& run);

// The replicates the checkpoint at `path` holds, by replicate index (unfinished ones empty), for
// an ensemble of `replicates` replicates of `strategies` strategies and `agents` agents whose
// config has simulation_identity() `identity`. Throws ConfigError naming the file and dataset
// when it is not such a checkpoint or is damaged.
std::vector<ReplicateOutcome> read_ensemble_checkpoint(const std::string& path,
                                                       const std::string& version,
                                                       const std::string& identity,
                                                       uint32_t replicates, uint32_t strategies,
                                                       uint64_t agents);

}  // namespace evomarket
