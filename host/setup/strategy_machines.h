// Building blocks of the strategy compiler: one strategy's machine before it joins the shared
// state pool of a StrategySet, and the ways to build one (constant, reactive, memory-one, a
// counting rule, and the enumeration of a finite history summary). host/setup/strategy_library
// uses them for the built-in strategies, host/setup/strategy_catalog for the config file's.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "kernels/counting_rules.h"
#include "kernels/rng.h"
#include "kernels/strategy_machine.h"

namespace evomarket {

// A strategy's machine with local state indices (0 = its first state).
struct LocalMachine {
  std::vector<uint64_t> coop_threshold;
  std::vector<std::array<uint32_t, 4>> next;  // successor by outcome_index
  uint32_t initial = 0;
  StrategyKind kind = StrategyKind::kMachine;
  uint32_t majority_memory = 0;
  uint32_t majority_soft = 1;
  CountingRule counting_rule = CountingRule::kGradual;
  uint32_t final_defections = 0;  // StrategyInfo::final_defections

  uint32_t add_state(uint64_t threshold) {
    coop_threshold.push_back(threshold);
    next.push_back({0, 0, 0, 0});
    return static_cast<uint32_t>(coop_threshold.size() - 1);
  }
  // Successor depends only on the opponent's last move.
  void on_opponent(uint32_t state, uint32_t after_c, uint32_t after_d) {
    next[state] = {after_c, after_d, after_c, after_d};
  }
};

// 2^32 for C, 0 for D.
uint64_t move_threshold(uint32_t move);

// Plays C with probability p every turn.
LocalMachine constant(Probability p);

// Plays `first`, then `after_c` after an opponent's C and `after_d` after its D (Tit For Tat is
// C, C, D; Bully is D, D, C).
LocalMachine reactive(uint32_t first, uint32_t after_c, uint32_t after_d);

// Axelrod's MemoryOnePlayer: P(C) after the outcomes CC, CD, DC, DD of the previous turn, from
// the player's own point of view; P(C) on the first move.
LocalMachine memory_one(const std::array<Probability, 4>& p, uint64_t first_threshold);

// A counting rule (kernels/counting_rules.h); its one state only keeps the pool index valid.
LocalMachine counting(CountingRule rule);

// What a finite strategy remembers between turns: a few small integers whose meaning each
// strategy states. Two summaries that compare equal are one machine state.
struct Recall {
  int32_t turn = 0;       // turns played, capped at RecallShape::turn_cap
  uint32_t opponent = 0;  // the opponent's last moves, newest in bit 0 (1 = D; 0 before turn 1)
  uint32_t own = 0;       // its own last moves as played, newest in bit 0
  int32_t flag = 0;       // a mode or a fact that sticks (a grudge, a passed handshake, ...)
  int32_t count = 0;      // a counter of the strategy's own

  bool operator<(const Recall& o) const;
};

// How much history a Recall keeps: turns are counted up to turn_cap (a strategy that acts on
// "turn k" once needs turn_cap > k), and the last opponent_bits / own_bits moves.
struct RecallShape {
  int32_t turn_cap = 0;
  uint32_t opponent_bits = 0;
  uint32_t own_bits = 0;
};

// The move a strategy plays next from its summary, updating the summary's flag and count as the
// Axelrod strategy updates its attributes while it chooses (never from the move as played).
using DecideFn = std::function<uint32_t(Recall&)>;

// Compiles a deterministic strategy given by its decision over a finite history summary: every
// summary reachable from the empty one through any outcomes (noise included) becomes a state.
// Throws std::logic_error when more than `max_states` summaries are reachable (a summary that
// keeps growing is a bug of the strategy's definition, not of the user's input).
LocalMachine enumerate_machine(const RecallShape& shape, const DecideFn& decide,
                               const std::string& name, size_t max_states = 4096);

}  // namespace evomarket
