// Market mode: agents trading in communities over the days of a profile store, their pricing
// strategies evolving between generations (docs/market.md). The driver gives it a results file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/run/market_recorder.h"
#include "host/run/simulation.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/market_setup.h"
#include "io/results_file.h"

namespace evomarket {

// Exact sums over all communities need more than 64 bits (g++/clang builtin).
__extension__ typedef __int128 Int128;

// Exact sums of one generation over all communities (energy mWh, money pico).
struct MarketGenerationSums {
  Int128 savings = 0;  // members' money minus grid-only money
  Int128 operator_surplus = 0;
  Int128 grid_only = 0;  // members' money without a market (< 0: net cost)
  Int128 net_metering = 0;
  Int128 load = 0, pv = 0, supply = 0, demand = 0, traded = 0, grid_import = 0, grid_export = 0;
  Int128 contract_traded = 0;   // delivered under bilateral contracts
  Int128 contract_savings = 0;  // part of `savings`
};

struct MarketRunResult {
  MarketSetup setup;
  std::vector<MarketTotals> generations;
  std::vector<MarketGenerationSums> sums;
  uint64_t agent_slots = 0;  // agent-slots traded in this process
  uint64_t orders = 0;       // orders (agents with a non-zero position) cleared
  double seconds = 0;        // wall time of trading and updating
  std::string stop_reason;   // "generations", "fixation" or "time_budget" (config.stop)
};

// The market as the backends see it, from the config and the profile store's shape. Throws
// ConfigError for tariffs that do not fit the store's slots, retail below the feed-in tariff in
// any slot, or days the store does not have.
MarketSetup make_market_setup(const ExperimentConfig& config, uint64_t profiles,
                              uint32_t slots_per_day, uint32_t slot_seconds, uint64_t store_days);

EvolutionSetup make_market_evolution(const ExperimentConfig& config, const MarketSetup& setup);

// What a market run reads, loaded and checked before any result is written: the setup and the
// window's days of the store (gaps are errors naming the meter and day).
struct MarketInputs {
  std::string profiles;  // the store read (the config's, or the synthetic default community)
  MarketSetup setup;
  std::vector<EnergyBatch> days;  // market.days days from market.first_day
};

MarketInputs load_market_inputs(const ExperimentConfig& config, const std::string& profiles);

// Resuming a market run: the state at the start of a generation and what the interrupted run
// had recorded (host/market_recorder.h).
struct MarketResume {
  SimulationState state;
  std::vector<RecordedSeries> history;
};

struct MarketHooks {
  // After the update of generation `next - 1`: the engine holds the state at the start of `next`.
  std::function<void(uint32_t next, const MarketEngine& engine)> after_update;
};

// Runs the market experiment on `backend`, writing observables into `file` when it is given
// (docs/results.md), from generation 0 or from `resume`.
MarketRunResult run_market(const ExperimentConfig& config, const MarketInputs& inputs,
                           Backend& backend, io::ResultsFile* file, bool quiet,
                           const MarketResume* resume = nullptr, const MarketHooks& hooks = {});

// A short summary for the terminal.
std::string format_market_summary(const MarketRunResult& run);

}  // namespace evomarket
