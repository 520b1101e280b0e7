// Asynchronous (one update at a time) processes in a well-mixed population with complete
// mixing: the finite-population processes of host/theory_finite_population.h, simulated event by
// event. Agents are exchangeable, so the state is the strategy counts. Runs on the host for
// every backend (it is sequential by nature); a generation is Z update events.
#pragma once

#include <cstdint>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"

namespace evomarket {

class AsyncProcess {
 public:
  AsyncProcess(const DynamicsConfig& dynamics, const GameSetup& game,
               const EvolutionSetup& evolution, uint64_t agents);

  void set_counts(const std::vector<uint64_t>& counts);
  const std::vector<uint64_t>& counts() const { return counts_; }

  // Totals of the current state: every agent's payoff against all Z - 1 others.
  StrategyTotals totals() const;

  // The Z update events of `generation`.
  void run_generation(uint32_t generation);

 private:
  void refresh_fitness();
  // A strategy drawn with probability proportional to weight[s] (total > 0), from 64 bits.
  uint32_t pick(const std::vector<uint64_t>& weight, uint64_t total, uint32_t hi,
                uint32_t lo) const;
  uint32_t pick_agent(uint32_t hi, uint32_t lo, int64_t exclude) const;

  DynamicsRule rule_;
  const GameSetup& game_;
  const EvolutionSetup& evolution_;
  uint64_t agents_;
  std::vector<uint64_t> counts_;
  std::vector<int64_t> payoff_;   // one agent of each strategy, against all others
  std::vector<int64_t> fitness_;  // payoff per round, 2^-16 units
  std::vector<uint64_t> moran_;   // 1 - w + w f, 2^-16 units
};

}  // namespace evomarket
