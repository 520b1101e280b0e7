// /agents/market: every agent of the last generation played, its strategy, class and
// community, and its account (kernels/market_accounts.h) in exact integers (docs/results.md).
#pragma once

#include "host/run/simulation.h"
#include "host/setup/market_setup.h"
#include "io/results_file.h"

namespace evomarket {

// Writes `last` under /agents/market (nothing when no generation was played).
void write_market_agents(const io::ResultsFile& file, const MarketSetup& setup,
                         const MarketAgents& last);

}  // namespace evomarket
