// What the market loop and its recorder derive from a generation's sums and totals, computed
// once for both.
#include <gtest/gtest.h>

#include <cmath>

#include "host/run/market_records.h"

namespace evomarket {
namespace {

TEST(MarketRecords, SharesOfAGeneration) {
  MarketGenerationSums g;
  g.load = 1000;
  g.pv = 400;
  g.demand = 800;  // what the homes lacked before trading
  g.grid_import = 600;
  g.supply = 200;
  g.grid_export = 100;
  EXPECT_DOUBLE_EQ(self_sufficiency(g), 0.4);
  EXPECT_DOUBLE_EQ(self_sufficiency_without_market(g), 0.2);
  EXPECT_DOUBLE_EQ(self_consumption(g), 0.75);
  EXPECT_DOUBLE_EQ(self_consumption_without_market(g), 0.5);
}

TEST(MarketRecords, SharesWithoutLoadOrPvAreNaN) {
  const MarketGenerationSums g;
  EXPECT_TRUE(std::isnan(self_sufficiency(g)));
  EXPECT_TRUE(std::isnan(self_consumption_without_market(g)));
}

TEST(MarketRecords, CommunityTotalsAddUp) {
  MarketTotals t;
  t.community = {1, 2, 3, 4, 10, 20, 30, 40};  // two communities, kCommunityFields each
  MarketGenerationSums g;
  g.add_communities(t, 2);
  EXPECT_TRUE(g.load == 11 && g.pv == 22 && g.grid_only == 33 && g.net_metering == 44);
}

TEST(MarketRecords, MeanSavingsPerAgentAndDay) {
  MarketTotals t;
  t.agents = {4, 0};
  t.payoff = {12000, 0};  // milli-currency over the generation
  EXPECT_DOUBLE_EQ(mean_savings_per_day(t, 0, 2), 1.5);
  EXPECT_TRUE(std::isnan(mean_savings_per_day(t, 1, 2)));
}

}  // namespace
}  // namespace evomarket
