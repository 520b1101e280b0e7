#include "host/game_builder.h"

#include "host/probability.h"

namespace evomarket {

MatchRules make_match_rules(const GameConfig& game) {
  return MatchRules{game.payoffs, game.turns, probability_threshold(game.noise, "game.noise"),
                    probability_threshold(game.prob_end, "game.prob_end"), game.max_turns};
}

GameSetup make_game_setup(const ExperimentConfig& config) {
  GameSetup game;
  game.strategies =
      compile_strategies(config.strategy_specs(), config.custom_strategies, config.game.payoffs);
  game.rules = make_match_rules(config.game);
  game.seed = config.seed;
  if (config.game.shortcuts) game.shortcuts = build_match_table(game.strategies, game.rules);
  return game;
}

}  // namespace evomarket
