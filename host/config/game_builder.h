// Turns a validated config into what the backends consume.
#pragma once

#include "host/config/config.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"

namespace evomarket {

// Compiles the strategies (iterated games) or takes the matrix (matrix games), converts
// probabilities to thresholds once, and tabulates the exact shortcuts when allowed.
GameSetup make_game_setup(const ExperimentConfig& config);

MatchRules make_match_rules(const GameConfig& game);

// The update rule with its thresholds and Fermi table (synchronous generations).
EvolutionSetup make_evolution_setup(const ExperimentConfig& config, const GameSetup& game);

// The population layout, with the graph read from population.graph_file when there is one.
PopulationSpec make_population_spec(const ExperimentConfig& config);

}  // namespace evomarket
