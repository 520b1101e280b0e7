// Market mode: agents trading in communities over the days of a profile store, their pricing
// strategies evolving between generations (docs/market.md). The loop reports through hooks.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/run/market_records.h"
#include "host/run/simulation.h"
#include "host/setup/market_setup.h"

namespace evomarket {

struct MarketRunResult {
  MarketSetup setup;
  std::vector<MarketTotals> generations;
  std::vector<MarketGenerationSums> sums;
  uint64_t agent_slots = 0;  // agent-slots traded in this process
  uint64_t orders = 0;       // orders (agents with a non-zero position) cleared
  double seconds = 0;        // wall time of trading and updating
  std::string stop_reason;   // host/run/stop_rules.h
  MarketAgents last_played;  // with MarketHooks::keep_agents (else empty)
};

// What a market run reads, loaded and checked before any result is written: the setup and the
// window's days of the store (gaps are errors naming the meter and day).
struct MarketInputs {
  std::string profiles;  // the store read (the config's, or the synthetic default community)
  MarketSetup setup;
  std::vector<EnergyBatch> days;  // market.days days from market.first_day
  // The store's clock (io::ProfileMeta): when its day 0 starts, its time zone, its slot length.
  int64_t start_utc = 0;
  int32_t utc_offset_seconds = 0;
  int64_t slot_seconds = 0;
};

MarketInputs load_market_inputs(const ExperimentConfig& config, const std::string& profiles);

// What the loop reports; it writes nothing itself (the driver records and checkpoints).
struct MarketHooks {
  // After simulated day `sim_day` has been traded.
  std::function<void(uint32_t sim_day, const MarketDay& day)> on_day;
  // After generation g's last day, before on_generation (with keep_agents): the agents that
  // played it; played_agents(last, engine) adds their accounts.
  std::function<void(uint32_t g, const MarketEngine& engine, const MarketAgents& last)> on_played;
  // After generation g's last day: its totals and exact sums (before the update).
  std::function<void(uint32_t g, const MarketTotals& totals, const MarketGenerationSums& sums)>
      on_generation;
  // After the update of generation `next - 1`: the engine holds the state at the start of `next`,
  // `last` the agents of generation `next - 1` (with keep_agents; played_agents() adds their
  // accounts).
  std::function<void(uint32_t next, const MarketEngine& engine, const MarketAgents& last)>
      after_update;
  // The run was interrupted (host/run/interrupt.h) before generation `next`: the engine holds
  // the state at its start. The loop then stops with kStopInterrupted.
  std::function<void(uint32_t next, const MarketEngine& engine, const MarketAgents& last)>
      on_interrupt;
  // Keep the agents of each generation played (strategies and accounts) for the hooks and
  // MarketRunResult::last_played; ensembles, which record no agents, leave it off.
  bool keep_agents = false;
};

// `last` with its accounts: those it carries (from a checkpoint), else the engine's, which it
// holds from the end of generation last.generation until the next one begins.
MarketAgents played_agents(const MarketAgents& last, const MarketEngine& engine);

// Runs the market experiment on `backend` from generation 0, or from `resume` (the state at the
// start of a generation).
MarketRunResult run_market(const ExperimentConfig& config, const MarketInputs& inputs,
                           Backend& backend, const SimulationState* resume = nullptr,
                           const MarketHooks& hooks = {});

// A short summary for the terminal.
std::string format_market_summary(const MarketRunResult& run);

}  // namespace evomarket
