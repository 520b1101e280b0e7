// The home battery (kernels/battery.h): greedy charging from surplus within the power limit and
// the free capacity, discharging with losses (draw ceil(deficit / eta), deliver floor(draw eta)),
// and the per-agent ownership draw.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "kernels/battery.h"

namespace evomarket {
namespace {

constexpr int64_t kKwh = 1000000;  // mWh

TEST(Battery, ChargesFromSurplusAndCoversDeficitsWithLosses) {
  const BatteryParams b{kCertain, 5 * kKwh, 2 * kKwh, 900000};
  int64_t charge = 0;
  EXPECT_EQ(battery_step(b, 3 * kKwh, &charge), kKwh);  // power limit: 2 kWh stored
  EXPECT_EQ(charge, 2 * kKwh);
  EXPECT_EQ(battery_step(b, 9 * kKwh / 10, &charge), 0);
  EXPECT_EQ(charge, 29 * kKwh / 10);
  // Deficit 0.9 kWh: draw ceil(0.9 / 0.9) = 1 kWh from storage, deliver 0.9.
  EXPECT_EQ(battery_step(b, -9 * kKwh / 10, &charge), 0);
  EXPECT_EQ(charge, 19 * kKwh / 10);
  // Deficit 3 kWh: it would need 3.33 kWh of storage; the 1.9 kWh left deliver 1.71 kWh.
  EXPECT_EQ(battery_step(b, -3 * kKwh, &charge), -1290000);
  EXPECT_EQ(charge, 0);
}

TEST(Battery, NeverExceedsCapacityOrGoesNegative) {
  const BatteryParams b{kCertain, 4 * kKwh, 3 * kKwh, 850000};
  std::mt19937_64 rng(5);
  int64_t charge = 0;
  for (int i = 0; i < 10000; ++i) {
    const int64_t net = int64_t(rng() % (8 * kKwh)) - 4 * kKwh;
    const int64_t out = battery_step(b, net, &charge);
    ASSERT_GE(charge, 0);
    ASSERT_LE(charge, b.capacity_mwh);
    if (net >= 0) ASSERT_TRUE(out >= 0 && out <= net);
    if (net < 0) ASSERT_TRUE(out <= 0 && out >= net);
  }
}

}  // namespace
}  // namespace evomarket
