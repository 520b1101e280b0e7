// Population mode: N agents holding strategies in exact counts, placed at random; every
// generation they interact (random partners, communities, lattice, graph or complete mixing),
// then update their strategies (host/simulation.h). Stops after population.generations, at
// fixation, or when the wall-clock budget is spent.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/run/checkpoint.h"
#include "host/run/simulation.h"

namespace evomarket {

struct PopulationRun {
  std::vector<std::string> names;
  std::vector<StrategyTotals> generations;  // every generation played, from generation 0
  AgentSnapshot final_agents;               // filled when population.record_agents is set
  std::string stop_reason;                  // "generations", "fixation" or "time_budget"
  uint64_t agent_turns = 0;                 // rounds agents played in this process
  double seconds = 0;                       // wall time of play and update
};

struct PopulationHooks {
  // During the interactions of generation g: `done` of the `agents` have played their matches
  // (CPU engine; for progress lines).
  std::function<void(uint32_t g, uint64_t done, uint64_t agents)> on_play;
  // After the interactions of generation g (the simulation still holds g's strategies).
  std::function<void(uint32_t g, const StrategyTotals&, const Simulation&)> on_generation;
  // After the update of generation g: the state at the start of g + 1 and the history so far.
  std::function<void(uint32_t next, const Simulation&, const std::vector<StrategyTotals>&)>
      after_update;
  // The run was interrupted (host/run/interrupt.h) before generation `next`: the simulation
  // holds the state at its start, the history has `next` entries. The loop then stops with
  // kStopInterrupted.
  std::function<void(uint32_t next, const Simulation&, const std::vector<StrategyTotals>&)>
      on_interrupt;
};

// Runs `sim` (built from `config`) from generation 0, or from `resume` (whose history becomes
// the run's first entries).
PopulationRun run_population(const ExperimentConfig& config, Simulation& sim,
                             const PopulationHooks& hooks = {}, const Checkpoint* resume = nullptr);

// The same with a fresh simulation on `backend`.
PopulationRun run_population(const ExperimentConfig& config, Backend& backend,
                             const PopulationHooks& hooks = {});

// Per-strategy summary of one generation for the terminal.
// Group games show their fixed-point payoffs in payoff units, and cooperation as iterated games.
std::string format_generation(const std::vector<std::string>& names, const StrategyTotals& t,
                              GameKind kind);

}  // namespace evomarket
