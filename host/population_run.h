// Population mode: N agents holding strategies in exact counts, placed at random; in every
// generation each agent plays its matches (random partners or its community) and payoffs
// accumulate in int64. Evolutionary updates between generations come with the dynamics layer.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "host/backend.h"
#include "host/config.h"

namespace evomarket {

struct PopulationRun {
  std::vector<std::string> names;
  std::vector<StrategyTotals> generations;  // one entry per generation, in order
  AgentSnapshot final_agents;               // filled when population.record_agents is set
  uint64_t agent_turns = 0;                 // two per match turn
  double seconds = 0;                       // wall time of the match play
};

// Called after every generation (for recording and progress).
using GenerationCallback = std::function<void(uint32_t generation, const StrategyTotals&)>;

PopulationLayout make_layout(const PopulationConfig& population);

PopulationRun run_population(const ExperimentConfig& config, const GameSetup& game,
                             Backend& backend, const GenerationCallback& on_generation = {});

// Per-strategy summary of one generation for the terminal.
std::string format_generation(const std::vector<std::string>& names, const StrategyTotals& t);

}  // namespace evomarket
