#include "host/run/market_records.h"

#include <limits>

namespace evomarket {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMilliPerCurrency = 1e3;  // MarketTotals::payoff is in milli-currency

// 1 - part / whole, NaN when whole is not positive.
double one_minus_share(Int128 part, Int128 whole) {
  return 1.0 - (whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : kNaN);
}

}  // namespace

SlotSummary slot_summary(const MarketDay& day, uint64_t community, uint32_t slot) {
  return load_summary(&day.summaries[(community * day.slots + slot) * kSlotSummaryFields]);
}

void SlotSums::add(const SlotSummary& r) {
  supply += r.supply;
  demand += r.demand;
  traded += r.traded;
  grid_import += r.grid_import;
  grid_export += r.grid_export;
  traded_value += r.traded_value;
  operator_surplus += r.operator_surplus;
  savings += r.savings;
  orders += r.orders;
  contract_traded += r.contract_traded;
  contract_savings += r.contract_savings;
  network_fees += r.network_fees;
}

void MarketGenerationSums::add_communities(const MarketTotals& totals, uint64_t communities) {
  for (uint64_t c = 0; c < communities; ++c) {
    const int64_t* r = &totals.community[c * kCommunityFields];
    load += r[kCommunityLoad];
    pv += r[kCommunityPv];
    grid_only += r[kCommunityGridOnly];
    net_metering += r[kCommunityNetMetering];
  }
}

double self_sufficiency(const MarketGenerationSums& g) {
  return one_minus_share(g.grid_import, g.load);
}
double self_sufficiency_without_market(const MarketGenerationSums& g) {
  return one_minus_share(g.demand, g.load);
}
double self_consumption(const MarketGenerationSums& g) {
  return one_minus_share(g.grid_export, g.pv);
}
double self_consumption_without_market(const MarketGenerationSums& g) {
  return one_minus_share(g.supply, g.pv);
}

double mean_savings_per_day(const MarketTotals& t, size_t s, uint32_t days_per_generation) {
  return mean_savings_per_day(t.payoff[s], t.agents[s], days_per_generation);
}

double mean_savings_per_day(int64_t savings_milli, uint64_t agents, uint32_t days_per_generation) {
  return agents ? double(savings_milli) / kMilliPerCurrency / double(agents) /
                      double(days_per_generation)
                : kNaN;
}

}  // namespace evomarket
