// Turns a validated config into what the backends consume.
#pragma once

#include "host/config.h"
#include "host/game_setup.h"

namespace evomarket {

// Compiles the mode's strategies, converts probabilities to thresholds once, and tabulates the
// exact shortcuts when the config allows them.
GameSetup make_game_setup(const ExperimentConfig& config);

MatchRules make_match_rules(const GameConfig& game);

}  // namespace evomarket
