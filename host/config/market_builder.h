// Turns the [market] table of a validated config into what the backends consume.
#pragma once

#include <cstdint>

#include "host/config/config.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/market_setup.h"

namespace evomarket {

// The market as the backends see it, from the config and the profile store's shape. Throws
// ConfigError for tariffs that do not fit the store's slots, retail below the feed-in tariff in
// any slot, or days the store does not have.
MarketSetup make_market_setup(const ExperimentConfig& config, uint64_t profiles,
                              uint32_t slots_per_day, uint32_t slot_seconds, uint64_t store_days);

// The update rule of a market run: [dynamics], with proportional imitation scaled to the widest
// plausible difference in daily savings.
EvolutionSetup make_market_evolution(const ExperimentConfig& config, const MarketSetup& setup);

}  // namespace evomarket
