// One iterated match between two strategies, played turn by turn in registers.
//
// Turn t of match m draws one Philox block (Purpose::kTurn, entity m, step t) only when some
// randomness is in play: word 0/1 feed the first/second player's probabilistic state, word 2/3
// decide whether noise flips the first/second player's intended move. A match of fixed length
// between deterministic strategies without noise draws nothing.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/payoff.h"
#include "kernels/rng.h"
#include "kernels/strategy_machine.h"

namespace evomarket {

struct MatchRules {
  PayoffMatrix payoffs;
  uint32_t turns;        // match length when prob_end is zero
  Probability noise;     // each intended move is flipped with this probability
  Probability prob_end;  // > 0: after every turn the match ends with this probability
  uint32_t max_turns;    // cap on geometric match lengths
};

// What a match gives each seat (0 = first player, 1 = second player). With
// mutual_cooperations the four states of the turns follow: CC = mutual, CD = cooperations[0] -
// mutual, DC = cooperations[1] - mutual, DD = turns - cooperations[0] - cooperations[1] + mutual
// (the first seat's move first). 32 bytes, as before the count was added.
struct MatchOutcome {
  int64_t score[2];
  uint32_t cooperations[2];
  uint32_t turns;
  uint32_t mutual_cooperations;  // turns on which both played C
};
static_assert(sizeof(MatchOutcome) == 32, "MatchOutcome grew: memory estimates assume 32 bytes");

// Encoding of recorded moves (play_match_recorded, /tournament/moves): the moves' own values
// (0 = C, 1 = D, as in strategy_machine.h and the Axelrod library's Action), and kNoMove after
// the match's last turn.
inline constexpr int8_t kNoMove = -1;

// Number of turns of a match: fixed, or geometric with P(L = n) = (1 - q)^(n - 1) q for
// q = prob_end (Axelrod's prob_end), drawn four turns per Philox block and capped at max_turns.
EVO_HD uint32_t match_length(const MatchRules& rules, uint64_t seed, uint64_t match_id,
                             uint32_t generation) {
  if (rules.prob_end.threshold == 0) return rules.turns;
  for (uint32_t block = 0;; ++block) {
    const Draw4 d = draw4(seed, match_id, Purpose::kMatchLength, generation, block);
    for (uint32_t i = 0; i < 4; ++i) {
      const uint32_t turn = block * 4 + i + 1;
      if (bernoulli(d.v[i], rules.prob_end) || turn >= rules.max_turns) return turn;
    }
  }
}

// The turn from which a player defects because the match is about to end: players know the
// horizon of a fixed-length match (Axelrod's match_attributes["length"]), not of a geometric
// one, where this returns `length` (never).
EVO_HD uint32_t first_final_turn(const StrategyInfo& info, const MatchRules& rules,
                                 uint32_t length) {
  if (rules.prob_end.threshold != 0 || info.final_defections == 0) return length;
  return info.final_defections < length ? length - info.final_defections : 0;
}

// Plays `length` turns. kDraws = false is the exact fast path for deterministic strategies
// without noise (every "draw" is zero, which deterministic states ignore). kRecord = true also
// writes each seat's move of turn t to first_moves[t] and second_moves[t] (the moves as played,
// noise included); the plain instantiations never touch them.
template <bool kDraws, bool kRecord = false>
EVO_HD MatchOutcome play_turns(const StrategyTableView& table, const MatchRules& rules,
                               uint32_t first, uint32_t second, uint64_t seed, uint64_t match_id,
                               uint32_t generation, uint32_t length, int8_t* first_moves = nullptr,
                               int8_t* second_moves = nullptr) {
  const StrategyInfo info_a = table.strategies[first];
  const StrategyInfo info_b = table.strategies[second];
  const MachineState* states = table.states;
  PlayerState a = start_player(info_a);
  PlayerState b = start_player(info_b);
  MatchOutcome out{{0, 0}, {0, 0}, length, 0};
  const uint32_t final_a = first_final_turn(info_a, rules, length);
  const uint32_t final_b = first_final_turn(info_b, rules, length);
  for (uint32_t t = 0; t < length; ++t) {
    Draw4 d{{0, 0, 0, 0}};
    if (kDraws) d = draw4(seed, match_id, Purpose::kTurn, generation, t);
    uint32_t move_a = intended_move(info_a, states, a, d.v[0]);
    uint32_t move_b = intended_move(info_b, states, b, d.v[1]);
    move_a |= static_cast<uint32_t>(t >= final_a);  // kDefect is 1
    move_b |= static_cast<uint32_t>(t >= final_b);
    if (kDraws) {
      move_a ^= static_cast<uint32_t>(bernoulli(d.v[2], rules.noise));
      move_b ^= static_cast<uint32_t>(bernoulli(d.v[3], rules.noise));
    }
    out.score[0] += rules.payoffs(move_a, move_b);
    out.score[1] += rules.payoffs(move_b, move_a);
    out.cooperations[0] += 1u - move_a;
    out.cooperations[1] += 1u - move_b;
    out.mutual_cooperations += (1u - move_a) & (1u - move_b);
    if (kRecord) {
      first_moves[t] = static_cast<int8_t>(move_a);
      second_moves[t] = static_cast<int8_t>(move_b);
    }
    observe_turn(info_a, states, a, move_a, move_b);
    observe_turn(info_b, states, b, move_b, move_a);
  }
  return out;
}

// Whether a match between these two strategies needs random draws at all.
EVO_HD bool match_needs_draws(const StrategyTableView& table, const MatchRules& rules,
                              uint32_t first, uint32_t second) {
  return rules.noise.threshold != 0 || table.strategies[first].stochastic != 0 ||
         table.strategies[second].stochastic != 0;
}

// Plays the match `match_id` of `generation` between strategies `first` and `second`.
EVO_HD MatchOutcome play_match(const StrategyTableView& table, const MatchRules& rules,
                               uint32_t first, uint32_t second, uint64_t seed, uint64_t match_id,
                               uint32_t generation) {
  const uint32_t length = match_length(rules, seed, match_id, generation);
  if (match_needs_draws(table, rules, first, second)) {
    return play_turns<true>(table, rules, first, second, seed, match_id, generation, length);
  }
  return play_turns<false>(table, rules, first, second, seed, match_id, generation, length);
}

// play_match that also records both seats' moves, turn by turn, into first_moves and
// second_moves (each `capacity` entries, kNoMove after the last turn). Same outcome as
// play_match. Precondition: capacity >= the match's length (rules.turns for fixed lengths,
// rules.max_turns for geometric ones).
EVO_HD MatchOutcome play_match_recorded(const StrategyTableView& table, const MatchRules& rules,
                                        uint32_t first, uint32_t second, uint64_t seed,
                                        uint64_t match_id, uint32_t generation, int8_t* first_moves,
                                        int8_t* second_moves, uint32_t capacity) {
  const uint32_t length = match_length(rules, seed, match_id, generation);
  MatchOutcome out;
  if (match_needs_draws(table, rules, first, second)) {
    out = play_turns<true, true>(table, rules, first, second, seed, match_id, generation, length,
                                 first_moves, second_moves);
  } else {
    out = play_turns<false, true>(table, rules, first, second, seed, match_id, generation, length,
                                  first_moves, second_moves);
  }
  for (uint32_t t = length; t < capacity; ++t) {
    first_moves[t] = kNoMove;
    second_moves[t] = kNoMove;
  }
  return out;
}

// Exact shortcut for fixed-length matches between deterministic strategies without noise:
// every such match of an ordered strategy pair has the same outcome, tabulated once on the host
// by play_match itself (host/match_table.h). entry(a, b) is valid when table.known(a, b).
struct MatchTableView {
  const MatchOutcome* outcomes;  // [strategy_count * strategy_count], row = first player
  const uint8_t* known;          // 1 where the outcome is tabulated
  uint32_t strategy_count;

  EVO_HD bool has(uint32_t first, uint32_t second) const {
    return outcomes != nullptr && known[first * strategy_count + second] != 0;
  }
  EVO_HD const MatchOutcome& entry(uint32_t first, uint32_t second) const {
    return outcomes[first * strategy_count + second];
  }
};

// play_match, or its tabulated outcome where the table has it.
EVO_HD MatchOutcome score_match(const StrategyTableView& table, const MatchTableView& shortcuts,
                                const MatchRules& rules, uint32_t first, uint32_t second,
                                uint64_t seed, uint64_t match_id, uint32_t generation) {
  if (shortcuts.has(first, second)) return shortcuts.entry(first, second);
  return play_match(table, rules, first, second, seed, match_id, generation);
}

}  // namespace evomarket
