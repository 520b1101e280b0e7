// The stage game a population plays: iterated 2x2 matches between strategy machines, a
// one-shot n x n matrix game between pure strategies, or an N-player group game
// (kernels/group_game.h; played by groups, kernels/group_population.h, not by play_pair).
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/group_game.h"
#include "kernels/match.h"

namespace evomarket {

enum class GameKind : uint32_t { kIterated = 0, kMatrix = 1, kGroup = 2 };

struct GameView {
  GameKind kind;
  uint32_t strategies;
  uint64_t seed;
  // kIterated
  StrategyTableView machines;
  MatchTableView shortcuts;
  MatchRules rules;
  // kMatrix: row strategy's payoff against the column strategy, row-major [strategies^2]
  const int64_t* matrix;
  // kGroup: the fixed-point payoff table and the strategies' codes
  GroupView group;
};

// One interaction between an agent of strategy `first` and one of `second`. A matrix game is
// one round (turns = 1, no cooperation count); an iterated game is a whole match.
EVO_HD MatchOutcome play_pair(const GameView& g, uint32_t first, uint32_t second, uint64_t match_id,
                              uint32_t generation) {
  if (g.kind == GameKind::kMatrix) {
    return MatchOutcome{
        {g.matrix[first * g.strategies + second], g.matrix[second * g.strategies + first]},
        {0, 0},
        1,
        0};
  }
  return score_match(g.machines, g.shortcuts, g.rules, first, second, g.seed, match_id, generation);
}

// The longest match `g` can play: what play_pair_recorded needs per seat.
EVO_HD uint32_t longest_match(const GameView& g) {
  if (g.kind == GameKind::kMatrix) return 1;
  return g.rules.prob_end.threshold != 0 ? g.rules.max_turns : g.rules.turns;
}

// play_pair that also records each seat's moves (kernels/match.h: play_match_recorded) into
// `capacity` >= longest_match(g) entries per seat. A matrix game makes no C/D moves: its seats
// record kNoMove throughout.
EVO_HD MatchOutcome play_pair_recorded(const GameView& g, uint32_t first, uint32_t second,
                                       uint64_t match_id, uint32_t generation, int8_t* first_moves,
                                       int8_t* second_moves, uint32_t capacity) {
  if (g.kind == GameKind::kMatrix) {
    for (uint32_t t = 0; t < capacity; ++t) first_moves[t] = second_moves[t] = kNoMove;
    return play_pair(g, first, second, match_id, generation);
  }
  return play_match_recorded(g.machines, g.rules, first, second, g.seed, match_id, generation,
                             first_moves, second_moves, capacity);
}

}  // namespace evomarket
