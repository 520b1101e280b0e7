// The replicates of a synchronous population ensemble advanced as one batch of populations
// (host/backend/population_batch.h): the way a GPU runs thousands of small populations at
// once. Each slot of the batch runs one replicate from its start to its own stop rule, then takes
// the next replicate not yet run, so the batch stays full until the last replicates. Results
// equal run_ensemble's on any backend, replicate for replicate.
#pragma once

#include <cstddef>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/run/ensemble.h"
#include "host/run/simulation.h"

namespace evomarket {

// Runs the replicates of `config` that `earlier` has not finished in batches of at most
// `slots` populations on `backend`. Stop rules apply per replicate (the time budget counts from
// a replicate's own start); a signal leaves the replicates still running unfinished, as
// run_ensemble does.
EnsembleRun run_batched_ensemble(const ExperimentConfig& config, const SimulationSetup& setup,
                                 Backend& backend, size_t slots, const EnsembleHooks& hooks = {},
                                 std::vector<ReplicateOutcome> earlier = {});

}  // namespace evomarket
