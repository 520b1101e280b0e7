// Iterated-game strategies as small machines that fit in a GPU thread's registers.
//
// Every strategy is compiled on the host (host/setup/strategy_catalog.h) into one of three kinds:
//  - a Moore machine: each state has a cooperation probability (an integer threshold; 0 or
//    2^32 for deterministic states) and a successor for each (own move, opponent move) pair of
//    the turn just played. This covers ALLC/ALLD, TFT and relatives, Grudger, WSLS, cycles,
//    memory-one strategies (the zero-determinant ones included), Random(p), every named strategy
//    whose memory is finite (Hard Tit For Tat, Soft Grudger, the Probers, ...) and Axelrod-style
//    finite-state machines (Mealy machines are converted to Moore machines by pairing the state
//    with the action it emits).
//  - a majority rule (GoByMajority): cooperate while the opponent's cooperations outnumber its
//    defections over the whole history or the last `memory` turns; ties per the `soft` flag.
//  - a counting rule (kernels/counting_rules.h): Gradual, Punisher, Forgiver and the other
//    deterministic strategies whose decisions rest on counts no finite machine can hold.
// Moves follow the Axelrod library: C = 0 (cooperate), D = 1 (defect); a player sees both
// moves as actually played, i.e. after noise flipped them.
#pragma once

#include <cstdint>

#include "kernels/counting_rules.h"
#include "kernels/evo_hd.h"
#include "kernels/move.h"
#include "kernels/rng.h"

namespace evomarket {

struct MachineState {
  uint64_t coop_threshold;  // P(cooperate) as a threshold in [0, 2^32]
  uint32_t next[4];         // successor (global state index) by outcome_index
};

enum class StrategyKind : uint32_t { kMachine = 0, kMajority = 1, kCounting = 2 };

struct StrategyInfo {
  uint32_t initial_state;  // global index into the state pool
  StrategyKind kind;
  uint32_t majority_memory;    // kMajority: window length in turns (1..64), 0 = whole history
  uint32_t majority_soft;      // kMajority: cooperate on a tie (also on the first move)
  uint32_t stochastic;         // some state draws (0 < threshold < 2^32)
  CountingRule counting_rule;  // kCounting: which rule
  // Turns at the end of a match of known length on which it defects whatever its rule says
  // (Axelrod's FinalTransformer of D's; kernels/match.h tells players the horizon).
  uint32_t final_defections;
};

// Read-only view of a compiled strategy table (host vectors or device buffers).
struct StrategyTableView {
  const StrategyInfo* strategies;
  const MachineState* states;
  uint32_t strategy_count;
};

// The per-match state of one player.
struct PlayerState {
  uint32_t state;          // current machine state (global index)
  int32_t tally;           // majority: opponent cooperations minus defections in the window
  uint64_t window;         // majority: opponent defections, newest in bit 0
  uint32_t seen;           // majority: opponent moves in the window
  CountingState counting;  // counting rule: history summary and registers
};

EVO_HD PlayerState start_player(const StrategyInfo& info) {
  PlayerState p{info.initial_state, 0, 0, 0, CountingState{}};
  if (info.kind == StrategyKind::kCounting) p.counting = counting_start(info.counting_rule);
  return p;
}

// The move a player intends (before noise). `draw` is used only by probabilistic states.
EVO_HD uint32_t intended_move(const StrategyInfo& info, const MachineState* states,
                              const PlayerState& p, uint32_t draw) {
  if (info.kind == StrategyKind::kMajority) {
    if (p.tally > 0) return kCooperate;
    if (p.tally < 0) return kDefect;
    return info.majority_soft ? kCooperate : kDefect;
  }
  if (info.kind == StrategyKind::kCounting) {  // decide on a copy: observe_turn decides again
    CountingState scratch = p.counting;
    return counting_decide(info.counting_rule, scratch);
  }
  return draw < states[p.state].coop_threshold ? kCooperate : kDefect;
}

// Advances a player after a turn in which it played `own` and its opponent `opponent`.
EVO_HD void observe_turn(const StrategyInfo& info, const MachineState* states, PlayerState& p,
                         uint32_t own, uint32_t opponent) {
  if (info.kind == StrategyKind::kMajority) {
    const int32_t vote = opponent == kCooperate ? 1 : -1;
    const uint32_t memory = info.majority_memory;
    if (memory == 0) {
      p.tally += vote;
      return;
    }
    if (p.seen == memory) {  // the oldest move leaves the window
      const uint64_t oldest_defected = (p.window >> (memory - 1)) & 1u;
      p.tally += oldest_defected ? 1 : -1;
    } else {
      ++p.seen;
    }
    const uint64_t mask = memory == 64 ? ~uint64_t{0} : ((uint64_t{1} << memory) - 1);
    p.window = ((p.window << 1) | opponent) & mask;
    p.tally += vote;
    return;
  }
  if (info.kind == StrategyKind::kCounting) {
    counting_decide(info.counting_rule, p.counting);  // the register updates of this turn's choice
    counting_record(p.counting, opponent);
    return;
  }
  p.state = states[p.state].next[outcome_index(own, opponent)];
}

}  // namespace evomarket
