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

// The kernels' update rule for a config rule (the one mapping; birth_death runs only as an
// asynchronous process, host/run/async_process.h).
UpdateRule update_rule(DynamicsRule rule);

// What every evolving run takes from [dynamics]: the update rule, revision and mutation
// thresholds, the Fermi table and the Moran selection strength, for `strategies` strategies.
// The caller sets what depends on the game (delta_max_q16, migration).
EvolutionSetup make_dynamics_setup(const DynamicsConfig& dynamics, uint32_t strategies);

// The update rule with its thresholds and Fermi table (population runs).
EvolutionSetup make_evolution_setup(const ExperimentConfig& config, const GameSetup& game);

// The population layout, with the graph read from population.graph_file when there is one.
PopulationSpec make_population_spec(const ExperimentConfig& config);

}  // namespace evomarket
