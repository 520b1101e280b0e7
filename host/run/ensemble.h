// Ensembles: R independent replicates of one population or market experiment in one process
// (experiment.replicates = R), the way fixation probabilities and outcome distributions are
// estimated. Replicate r is the run of the same config with seed derived_seed(seed, r,
// Purpose::kReplicate) (kernels/rng.h), so it never shares draws with another replicate and
// `evomarket run --replicate r` re-runs it alone to identical results. Replicates run in
// parallel over host threads (each with a one-thread CPU backend, or on the host for
// asynchronous processes); synchronous populations on the CUDA backend run as batches of
// populations on the device (host/run/ensemble_batch.h); market replicates run one after another,
// each on every thread (or the GPU), and share the profiles read once. Stop rules apply per
// replicate.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/run/simulation.h"
#include "host/run/stop_rules.h"

namespace evomarket {

struct MarketInputs;

// What one replicate did (a market replicate's totals as StrategyTotals: agents, payoff =
// savings in milli-currency, turns = agents). `stop_reason` is empty while it has not run, or
// when it was interrupted: it then runs again from its start (replicates are checkpointed
// whole).
struct ReplicateOutcome {
  uint64_t seed = 0;
  std::vector<StrategyTotals> generations;  // every generation played, from generation 0
  std::string stop_reason;                  // host/run/stop_rules.h

  bool finished() const;
  // The strategy holding all `agents` agents in the last generation, or -1.
  int64_t fixed_strategy(uint64_t agents) const;
};

// The config of replicate r of `ensemble`: its derived seed, one replicate. Throws ConfigError
// unless r < ensemble.replicates.
ExperimentConfig replicate_config(const ExperimentConfig& ensemble, uint64_t r);

struct EnsembleRun {
  std::vector<ReplicateOutcome> replicates;  // by replicate index
  uint64_t agent_turns = 0;                  // rounds played in this process
  double seconds = 0;
  bool interrupted = false;  // SIGINT / SIGTERM: unfinished replicates have no stop_reason
};

struct EnsembleHooks {
  // After replicate r finished (never concurrently with itself); `run` holds every replicate
  // finished so far.
  std::function<void(uint32_t r, const EnsembleRun& run)> on_replicate;
};

// The ensemble of `config` before it runs: `earlier`'s replicates (a resumed ensemble, or
// empty) and every replicate's seed.
EnsembleRun ensemble_from(const ExperimentConfig& config, std::vector<ReplicateOutcome> earlier);
// After the replicates ran: `interrupted` when one is unfinished, the seconds `clock` counted.
void finish_ensemble(EnsembleRun& run, const Stopwatch& clock);

// Runs the replicates of `config` that `earlier` (a resumed ensemble, or empty) has not
// finished. `threads`: host threads (0: all cores). `shared`: the replicates' setup when the
// caller made it already (made here otherwise). Throws what a replicate throws (the first, once
// the others stopped).
EnsembleRun run_ensemble(const ExperimentConfig& config, Backend& backend, int threads,
                         const EnsembleHooks& hooks = {},
                         std::vector<ReplicateOutcome> earlier = {},
                         std::shared_ptr<const SimulationSetup> shared = nullptr);

// The same for a market experiment on `inputs` (loaded once for every replicate).
EnsembleRun run_market_ensemble(const ExperimentConfig& config, const MarketInputs& inputs,
                                Backend& backend, const EnsembleHooks& hooks = {},
                                std::vector<ReplicateOutcome> earlier = {});

// The terminal summary: per strategy, the share of finished replicates it took over with a 95%
// Wilson interval, and its mean final share.
std::string format_ensemble(const std::vector<std::string>& names, const EnsembleRun& run,
                            uint64_t agents);

// The 95% Wilson score interval of `successes` out of `trials` (trials > 0).
struct Interval {
  double low = 0;
  double high = 0;
};
Interval wilson_interval(uint64_t successes, uint64_t trials);

}  // namespace evomarket
