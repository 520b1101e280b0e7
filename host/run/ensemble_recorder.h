// How an ensemble is laid out in the results file (docs/results.md, "Ensembles"):
//   /population       strategies, initial_counts, attributes replicates and agents
//   /ensemble         seed, stop_code (into stop_reasons), generations [R]; final_counts [R, S];
//                     fixed_strategy [R] (the strategy that took over, -1 if none)
//   /observables/<n>  step [G]; value [R, G, S] over replicate, generation and strategy, G the
//                     longest replicate, rows past a replicate's last generation filled
//                     (-1 for counts, NaN for rates): strategy_counts, and
//                     mean_payoff_per_turn (populations; cooperation_rate for iterated and group
//                     games) or mean_savings_per_day (markets)
// Written once the replicates are done (they finish out of order across threads).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/run/ensemble.h"
#include "io/results_file.h"

namespace evomarket {

// What the replicates played, which decides the observables written.
struct EnsembleKind {
  bool iterated = false;     // populations of an iterated or group game: cooperation rates too
  uint32_t market_days = 0;  // > 0: market replicates with this many days per generation
  bool group = false;        // a group game: payoffs in 2^-16 units (kernels/group_game.h)
};

void write_ensemble(const io::ResultsFile& file, const std::vector<std::string>& names,
                    const std::vector<uint64_t>& initial_counts, uint64_t agents, EnsembleKind kind,
                    const EnsembleRun& run);

}  // namespace evomarket
