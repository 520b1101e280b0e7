// Asynchronous (one update at a time) processes in a well-mixed population with complete
// mixing: the finite-population processes of host/theory/finite_population.h, simulated event by
// event. Agents are exchangeable, so the state is the strategy counts. Runs on the host for
// every backend (it is sequential by nature); a generation is Z update events. The pairwise
// comparison and Moran fitness are kernels/update.h's evaluators.
#pragma once

#include <cstdint>
#include <vector>

#include "host/backend/backend.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"

namespace evomarket {

// Most agents an asynchronous process simulates (its state is counts, each event O(strategies)).
inline constexpr uint64_t kMaxAsyncAgents = uint64_t{1} << 20;

class AsyncProcess {
 public:
  // `evolution.rule`: kFermi, kProportional, kDeathBirth or kBirthDeath (any other rule leaves
  // the counts to mutation alone). Throws std::invalid_argument unless the game is a matrix game
  // and 2 <= agents <= kMaxAsyncAgents.
  AsyncProcess(const GameSetup& game, const EvolutionSetup& evolution, uint64_t agents);

  void set_counts(const std::vector<uint64_t>& counts);
  const std::vector<uint64_t>& counts() const { return counts_; }

  // Totals of the current state: every agent's payoff against all Z - 1 others.
  StrategyTotals totals() const;

  // The Z update events of `generation`; allocates nothing.
  void run_generation(uint32_t generation);

 private:
  void refresh_fitness();
  // A strategy drawn with probability proportional to weight_[s] (total > 0), from 64 bits.
  uint32_t pick_weighted(uint64_t total, uint32_t hi, uint32_t lo) const;
  // A uniformly drawn agent's strategy, leaving out one agent of strategy `exclude` (if >= 0).
  uint32_t pick_agent(uint32_t hi, uint32_t lo, int64_t exclude) const;

  const GameSetup& game_;
  const EvolutionSetup& evolution_;
  uint64_t agents_;
  std::vector<uint64_t> counts_;
  std::vector<int64_t> payoff_;   // one agent of each strategy, against all others
  std::vector<int64_t> fitness_;  // payoff per round, 2^-16 units
  std::vector<uint64_t> moran_;   // 1 - w + w f, 2^-16 units
  std::vector<uint64_t> weight_;  // Moran processes: scratch of one event's weights
};

}  // namespace evomarket
