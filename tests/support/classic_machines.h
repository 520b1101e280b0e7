// Classic strategies compiled by hand into kernels/strategy_machine.h tables, so that kernel tests
// can play matches without the host's strategy catalog (docs/strategies.md describes each one).
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/strategy_machine.h"

namespace evomarket::testing {

// Strategy indices into ClassicMachines::view().
enum Classic : uint32_t {
  kAllC = 0,
  kAllD = 1,
  kTitForTat = 2,
  kGrudger = 3,
  kAlternator = 4,
  kWinStayLoseShift = 5,
  kRandomHalf = 6,  // cooperates with probability 1/2 every turn
  kSuspiciousTitForTat = 7,
  kGoByMajority = 8,      // whole history, C on ties
  kHardGoByMajority = 9,  // whole history, D on ties
  kClassicCount = 10,
};

struct ClassicMachines {
  // next[] by outcome_index(own, opponent) = CC, CD, DC, DD.
  std::vector<MachineState> states{
      {kCertain, {0, 0, 0, 0}},  // 0: ALLC
      {0, {1, 1, 1, 1}},         // 1: ALLD
      {kCertain, {2, 3, 2, 3}},  // 2: TFT cooperating (next = opponent's move)
      {0, {2, 3, 2, 3}},         // 3: TFT defecting (also STFT's start)
      {kCertain, {4, 5, 4, 5}},  // 4: Grudger before any defection
      {0, {5, 5, 5, 5}},         // 5: Grudger, triggered for good
      {kCertain, {7, 7, 6, 6}},  // 6: Alternator playing C (next = opposite of own move)
      {0, {7, 7, 6, 6}},         // 7: Alternator playing D
      {kCertain, {8, 9, 9, 8}},  // 8: WSLS playing C (stay after R or T, shift after S or P)
      {0, {8, 9, 9, 8}},         // 9: WSLS playing D
      {kCertain / 2, {10, 10, 10, 10}},  // 10: Random(1/2)
  };
  std::vector<StrategyInfo> infos{
      {0, StrategyKind::kMachine, 0, 0, 0},  {1, StrategyKind::kMachine, 0, 0, 0},
      {2, StrategyKind::kMachine, 0, 0, 0},  {4, StrategyKind::kMachine, 0, 0, 0},
      {6, StrategyKind::kMachine, 0, 0, 0},  {8, StrategyKind::kMachine, 0, 0, 0},
      {10, StrategyKind::kMachine, 0, 0, 1}, {3, StrategyKind::kMachine, 0, 0, 0},
      {0, StrategyKind::kMajority, 0, 1, 0}, {0, StrategyKind::kMajority, 0, 0, 0},
  };

  StrategyTableView view() const { return {infos.data(), states.data(), kClassicCount}; }
};

}  // namespace evomarket::testing
