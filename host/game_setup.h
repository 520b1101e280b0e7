// Everything a backend needs to play matches: compiled strategies, rules, seed, shortcuts.
#pragma once

#include <cstdint>
#include <vector>

#include "host/strategy_catalog.h"
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
  StrategySet strategies;
  MatchRules rules{};
  uint64_t seed = 0;
  MatchTable shortcuts;  // build_match_table(), or empty to play every turn
};

}  // namespace evomarket
