// Everything a backend needs to play matches: compiled strategies, rules, seed, shortcuts.
#pragma once

#include <cstdint>
#include <vector>

#include "host/setup/strategy_set.h"
#include "kernels/game.h"
#include "kernels/match.h"

namespace evomarket {

// Tabulated outcomes of fixed-length, noise-free matches between deterministic strategies
// (see MatchTableView in kernels/match.h). Empty when the rules leave nothing to tabulate.
struct MatchTable {
  std::vector<MatchOutcome> outcomes;
  std::vector<uint8_t> known;
  uint32_t strategy_count = 0;

  MatchTableView view() const {
    if (outcomes.empty()) return MatchTableView{nullptr, nullptr, 0};
    return MatchTableView{outcomes.data(), known.data(), strategy_count};
  }
};

// Plays each tabulable ordered pair once with play_match itself, so the table is exact.
MatchTable build_match_table(const StrategySet& strategies, const MatchRules& rules);

struct GameSetup {
  GameKind kind = GameKind::kIterated;
  StrategySet strategies;       // names for both kinds; machines for iterated games
  MatchRules rules{};           // iterated games
  MatchTable shortcuts;         // iterated games: build_match_table(), or empty to play every turn
  std::vector<int64_t> matrix;  // matrix games: [strategies^2], row strategy's payoff
  // group games: the game, its fixed-point payoff table (build_group_payoff_table) and the
  // group strategy code of each strategy (kernels/group_game.h)
  GroupGame group{};
  std::vector<int64_t> group_table;
  std::vector<int32_t> group_codes;
  uint64_t seed = 0;

  uint32_t strategy_count() const { return static_cast<uint32_t>(strategies.names.size()); }

  // The kernels' view of this game, pointing into this object's host memory.
  GameView view() const {
    return GameView{kind,
                    strategy_count(),
                    seed,
                    strategies.view(),
                    shortcuts.view(),
                    rules,
                    matrix.empty() ? nullptr : matrix.data(),
                    GroupView{group_table.empty() ? nullptr : group_table.data(),
                              group_codes.empty() ? nullptr : group_codes.data(), group.group_size,
                              group.rounds}};
  }
};

}  // namespace evomarket
