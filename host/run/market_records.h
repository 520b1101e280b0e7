// What a market run records, shared by its loop (host/run/market_run.h) and its recorder
// (host/run/market_recorder.h): exact sums of the slot summaries and of a generation, the
// quantities derived from them, and series read back for a resumed run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/setup/market_setup.h"
#include "kernels/market.h"

namespace evomarket {

// Exact sums over all communities need more than 64 bits (g++/clang builtin).
__extension__ typedef __int128 Int128;

// The summary of `community` in slot `slot` of `day` (the one place that decodes
// MarketDay::summaries).
SlotSummary slot_summary(const MarketDay& day, uint64_t community, uint32_t slot);

// Exact sums of slot summaries (energy mWh, money pico); the price is not summed.
struct SlotSums {
  Int128 supply = 0, demand = 0, traded = 0, grid_import = 0, grid_export = 0;
  Int128 traded_value = 0;
  Int128 operator_surplus = 0;
  Int128 savings = 0;  // members' money minus grid-only money
  Int128 orders = 0;
  Int128 contract_traded = 0;   // delivered under bilateral contracts
  Int128 contract_savings = 0;  // part of `savings`
  Int128 network_fees = 0;      // paid by members on community trades and imports

  void add(const SlotSummary& r);
};

// Exact sums of one generation over all communities (energy mWh, money pico): its slots' and
// its communities' totals.
struct MarketGenerationSums : SlotSums {
  Int128 grid_only = 0;  // members' money without a market (< 0: net cost)
  Int128 net_metering = 0;
  Int128 load = 0, pv = 0;

  // Adds the per-community totals of a generation (MarketTotals::community).
  void add_communities(const MarketTotals& totals, uint64_t communities);
};

// Shares of a generation, NaN when what they divide by is zero: 1 - grid import / load (with the
// market) and 1 - demand / load (without), 1 - grid export / pv and 1 - supply / pv.
double self_sufficiency(const MarketGenerationSums& g);
double self_sufficiency_without_market(const MarketGenerationSums& g);
double self_consumption(const MarketGenerationSums& g);
double self_consumption_without_market(const MarketGenerationSums& g);

// Mean savings per agent and day of strategy `s` in a generation (currency; NaN without agents).
double mean_savings_per_day(const MarketTotals& t, size_t s, uint32_t days_per_generation);
// The same from a strategy's summed savings (milli-currency) and its agents.
double mean_savings_per_day(int64_t savings_milli, uint64_t agents, uint32_t days_per_generation);

// Rows of one observable series read back from an earlier results file (resumed runs).
struct RecordedSeries {
  std::string name;
  bool integer = false;  // int64 values (else float64)
  size_t width = 0;
  std::vector<int64_t> steps;
  std::vector<int64_t> integers;
  std::vector<double> reals;
};

}  // namespace evomarket
