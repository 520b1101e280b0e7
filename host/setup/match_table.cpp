#include "host/setup/game_setup.h"

namespace evomarket {

MatchTable build_match_table(const StrategySet& strategies, const MatchRules& rules) {
  MatchTable table;
  if (rules.prob_end.threshold != 0 || rules.noise.threshold != 0) return table;
  const uint32_t n = strategies.size();
  const StrategyTableView view = strategies.view();
  table.strategy_count = n;
  table.outcomes.resize(static_cast<size_t>(n) * n);
  table.known.assign(static_cast<size_t>(n) * n, 0);
  for (uint32_t a = 0; a < n; ++a) {
    for (uint32_t b = 0; b < n; ++b) {
      if (match_needs_draws(view, rules, a, b)) continue;
      table.outcomes[a * n + b] = play_match(view, rules, a, b, 0, 0, 0);
      table.known[a * n + b] = 1;
    }
  }
  return table;
}

}  // namespace evomarket
