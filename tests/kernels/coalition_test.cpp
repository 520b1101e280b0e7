// The coalition kernels (kernels/coalition.h): sampled player orders are permutations, a pure
// function of (seed, sample), uniform over the n! orders; a coalition's grid money pools its
// members' positions and batteries and settles with the grid slot by slot.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <vector>

#include "kernels/coalition.h"

namespace evomarket {
namespace {

constexpr int64_t kKwh = 1000000;            // mWh
constexpr int64_t kCurrency = 1000000;       // micro-currency per kWh
constexpr int64_t kPico = kKwh * kCurrency;  // pico-currency per currency

TEST(ShapleyPermutation, IsAPermutationAndAPureFunctionOfSeedAndSample) {
  for (uint32_t n : {1u, 2u, 7u, 1000u}) {
    std::vector<uint32_t> a(n), b(n), c(n);
    shapley_permutation(42, 5, n, a.data());
    shapley_permutation(42, 5, n, b.data());
    shapley_permutation(42, 6, n, c.data());
    EXPECT_EQ(a, b);
    if (n > 2) EXPECT_NE(a, c);
    std::sort(a.begin(), a.end());
    std::vector<uint32_t> identity(n);
    std::iota(identity.begin(), identity.end(), 0u);
    EXPECT_EQ(a, identity);
  }
}

TEST(ShapleyPermutation, EveryOrderOfThreeIsEquallyLikely) {
  std::map<std::vector<uint32_t>, int> seen;
  constexpr int kSamples = 60000;
  for (int k = 0; k < kSamples; ++k) {
    std::vector<uint32_t> order(3);
    shapley_permutation(7, static_cast<uint64_t>(k), 3, order.data());
    ++seen[order];
  }
  ASSERT_EQ(seen.size(), 6u);
  for (const auto& [order, count] : seen) {
    EXPECT_NEAR(count, kSamples / 6, 400) << order[0] << order[1] << order[2];  // ~4.4 sd
  }
}

TEST(CoalitionMoney, ExportsEarnFeedInAndImportsPayRetail) {
  EXPECT_TRUE(grid_money(2 * kKwh, 300000, 80000) == CoalitionMoney{80000} * 2 * kKwh);
  EXPECT_TRUE(grid_money(-3 * kKwh, 300000, 80000) == -CoalitionMoney{300000} * 3 * kKwh);
  EXPECT_TRUE(grid_money(0, 300000, 80000) == 0);
}

TEST(CoalitionMoney, PoolsBatteriesByAddingCapacityAndPower) {
  const BatteryParams one{0, 10 * kKwh, 2 * kKwh, 900000};
  const BatteryParams three = pooled_battery(one, 3);
  EXPECT_EQ(three.capacity_mwh, 30 * kKwh);
  EXPECT_EQ(three.max_slot_mwh, 6 * kKwh);
  EXPECT_EQ(three.efficiency_ppm, 900000u);
  EXPECT_EQ(pooled_battery(one, 0).capacity_mwh, 0);
}

TEST(CoalitionMoney, SettlesEachSlotAfterTheBatteryWithTimeOfUsePrices) {
  const int64_t retail[2] = {30 * kCurrency / 100, 40 * kCurrency / 100};
  const int64_t feed_in[2] = {8 * kCurrency / 100, 5 * kCurrency / 100};
  const TariffView tariff{retail, feed_in, 2};
  // Two days of two slots: surplus 4 kWh, deficit 3 kWh, surplus 1 kWh, deficit 2 kWh.
  const int64_t pooled[4] = {4 * kKwh, -3 * kKwh, kKwh, -2 * kKwh};
  // Without a battery: 4 x 0.08 - 3 x 0.40 + 1 x 0.08 - 2 x 0.40 = -1.60.
  EXPECT_TRUE(coalition_money(pooled, 4, tariff, nullptr) == -CoalitionMoney{16} * kPico / 10);
  // A 2 kWh battery, 2 kWh per slot, lossless: stores 2 kWh of the first surplus, delivers them
  // in slot 2 (1 kWh imported), stores 1 kWh in slot 3 and delivers it in slot 4.
  const BatteryParams b{0, 2 * kKwh, 2 * kKwh, 1000000};
  // 2 x 0.08 - 1 x 0.40 + 0 - 1 x 0.40 = -0.64.
  EXPECT_TRUE(coalition_money(pooled, 4, tariff, &b) == -CoalitionMoney{64} * kPico / 100);
  int64_t charge = 0;
  EXPECT_TRUE(coalition_slot_money(4 * kKwh, &b, &charge, retail[0], feed_in[0]) ==
              CoalitionMoney{2} * 8 * kPico / 100);
  EXPECT_EQ(charge, 2 * kKwh);
}

}  // namespace
}  // namespace evomarket
