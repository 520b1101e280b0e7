// One population simulation: the game, the update rule and the population, on a backend
// (synchronous generations) or as an asynchronous process on the host. A generation is
// play(g), then evolve(g).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/run/async_process.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"

namespace evomarket {

// Everything needed to continue a run at the start of `generation`.
// A market's agents in the last generation played: the strategies they played it with and
// their accounts (kernels/market_accounts.h), what /agents/market records.
struct MarketAgents {
  int64_t generation = -1;  // -1: none played yet
  std::vector<uint16_t> strategies;
  std::vector<int64_t> accounts;  // [agent][kAccountFields]
};

struct SimulationState {
  uint32_t generation = 0;
  std::vector<uint16_t> strategies;     // synchronous: every agent's strategy
  std::vector<uint64_t> counts;         // asynchronous: strategy counts
  std::vector<int64_t> battery_charge;  // market runs with batteries: every agent's charge, mWh
  std::vector<uint32_t> genome;         // market runs with evolving prices: every agent's genome
  MarketAgents last_played;             // market runs: the generation before `generation`
};

// What a simulation is built from that does not depend on its seed: the game (its seed aside),
// the update rule with its Fermi table, the population's structure (a graph read from its
// file). The replicates of an ensemble share one.
struct SimulationSetup {
  GameSetup game;
  EvolutionSetup evolution;
  PopulationSpec population;
};

std::shared_ptr<const SimulationSetup> make_simulation_setup(const ExperimentConfig& config);

class Simulation {
 public:
  Simulation(const ExperimentConfig& config, Backend& backend);
  // The same from a setup made for `config` with any seed (config.seed is used).
  Simulation(const ExperimentConfig& config, Backend& backend,
             std::shared_ptr<const SimulationSetup> shared);
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  const GameSetup& game() const { return game_; }
  bool asynchronous() const { return async_ != nullptr; }

  // Interactions of `generation` and the resulting per-strategy totals.
  StrategyTotals play(uint32_t generation);
  // Progress inside play() (synchronous engines that report it; host/backend/backend.h).
  void set_play_progress(PlayProgress progress);
  // Update (and mutation, migration) after `generation`.
  void evolve(uint32_t generation);

  // State at the start of `next_generation` (call between evolve and the next play).
  SimulationState state(uint32_t next_generation) const;
  void restore(const SimulationState& state);
  // Per-agent arrays (synchronous only).
  AgentSnapshot agents() const;

 private:
  std::shared_ptr<const SimulationSetup> shared_;
  GameSetup game_;  // shared_->game with this simulation's seed
  const EvolutionSetup& evolution_;
  const PopulationSpec& population_;
  std::unique_ptr<PopulationEngine> engine_;
  uint32_t community_size_ = 0;  // > 0: fill StrategyTotals::community_agents in play()
  std::unique_ptr<AsyncProcess> async_;
};

}  // namespace evomarket
