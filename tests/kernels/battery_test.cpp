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

TEST(Battery, ChargingStopsAtTheFreeCapacity) {
  const BatteryParams b{kCertain, 5 * kKwh, 10 * kKwh, kEfficiencyOne};
  int64_t charge = 9 * kKwh / 2;
  EXPECT_EQ(battery_step(b, 2 * kKwh, &charge), 3 * kKwh / 2);  // only 0.5 kWh of room
  EXPECT_EQ(charge, 5 * kKwh);
  EXPECT_EQ(battery_step(b, kKwh, &charge), kKwh);  // full: the surplus passes through
  EXPECT_EQ(charge, 5 * kKwh);
}

TEST(Battery, EmptyBatteryAndZeroPositionsPassThrough) {
  const BatteryParams b{kCertain, 5 * kKwh, 2 * kKwh, 900000};
  int64_t charge = 0;
  EXPECT_EQ(battery_step(b, -kKwh, &charge), -kKwh);
  EXPECT_EQ(charge, 0);
  charge = 3 * kKwh;
  EXPECT_EQ(battery_step(b, 0, &charge), 0);
  EXPECT_EQ(charge, 3 * kKwh);
}

TEST(Battery, DischargeStopsAtThePowerLimit) {
  const BatteryParams b{kCertain, 10 * kKwh, 2 * kKwh, kEfficiencyOne};
  int64_t charge = 5 * kKwh;
  EXPECT_EQ(battery_step(b, -3 * kKwh, &charge), -kKwh);
  EXPECT_EQ(charge, 3 * kKwh);
}

// Efficiency 0.9 on single milliwatt-hours: deficit 1 draws ceil(1.11) = 2 and delivers
// floor(1.8) = 1; deficit 9 draws exactly 10; deficit 10 draws ceil(11.1) = 12, delivers 10.
TEST(Battery, DischargeRoundsTheDrawUpAndTheDeliveryDown) {
  const BatteryParams b{kCertain, 100, 100, 900000};
  int64_t charge = 100;
  EXPECT_EQ(battery_step(b, -1, &charge), 0);
  EXPECT_EQ(charge, 98);
  EXPECT_EQ(battery_step(b, -9, &charge), 0);
  EXPECT_EQ(charge, 88);
  EXPECT_EQ(battery_step(b, -10, &charge), 0);
  EXPECT_EQ(charge, 76);
  // The last 7 mWh deliver floor(6.3) = 6 of a 100 mWh deficit.
  charge = 7;
  EXPECT_EQ(battery_step(b, -100, &charge), -94);
  EXPECT_EQ(charge, 0);
}

TEST(Battery, LosslessRoundTripReturnsWhatWasStored) {
  const BatteryParams b{kCertain, 5 * kKwh, 5 * kKwh, kEfficiencyOne};
  int64_t charge = 0;
  EXPECT_EQ(battery_step(b, 1234567, &charge), 0);
  EXPECT_EQ(battery_step(b, -1234567, &charge), 0);
  EXPECT_EQ(charge, 0);
}

// Every step moves energy exactly: a surplus step stores net - out; a deficit step draws d
// (at most the power limit) and delivers min(deficit, floor(d eta)).
TEST(Battery, EveryStepConservesEnergyUpToTheLosses) {
  const BatteryParams b{kCertain, 4 * kKwh, 3 * kKwh / 2, 870000};
  std::mt19937_64 rng(11);
  int64_t charge = 0;
  for (int i = 0; i < 10000; ++i) {
    const int64_t net = int64_t(rng() % (6 * kKwh)) - 3 * kKwh;
    const int64_t before = charge;
    const int64_t out = battery_step(b, net, &charge);
    if (net > 0) {
      ASSERT_EQ(charge - before, net - out);
      ASSERT_LE(charge - before, b.max_slot_mwh);
    } else if (net < 0) {
      const int64_t drawn = before - charge;
      const int64_t delivered = out - net;
      ASSERT_GE(drawn, 0);
      ASSERT_LE(drawn, b.max_slot_mwh);
      ASSERT_EQ(delivered, std::min(-net, drawn * b.efficiency_ppm / kEfficiencyOne)) << i;
    }
  }
}

TEST(OwnsBattery, NobodyWithoutSharesOrCapacityEveryoneWithCertainty) {
  const BatteryParams none{0, 5 * kKwh, kKwh, kEfficiencyOne};
  const BatteryParams empty{kCertain, 0, kKwh, kEfficiencyOne};
  const BatteryParams all{kCertain, 5 * kKwh, kKwh, kEfficiencyOne};
  for (uint64_t agent = 0; agent < 1000; ++agent) {
    EXPECT_FALSE(owns_battery(none, 1, agent));
    EXPECT_FALSE(owns_battery(empty, 1, agent));
    EXPECT_TRUE(owns_battery(all, 1, agent));
  }
}

TEST(OwnsBattery, AShareOfAgentsKeyedBySeedAndAgent) {
  const BatteryParams quarter{kCertain / 4, 5 * kKwh, kKwh, kEfficiencyOne};
  int owners = 0, same = 0;
  const int n = 20000;
  for (uint64_t agent = 0; agent < n; ++agent) {
    const bool own = owns_battery(quarter, 3, agent);
    owners += own;
    same += own == owns_battery(quarter, 4, agent);
    ASSERT_EQ(own, owns_battery(quarter, 3, agent));
  }
  EXPECT_NEAR(owners, n / 4, 300);      // sd ~ 61
  EXPECT_NEAR(same, n * 10 / 16, 400);  // independent seeds agree with 1/16 + 9/16
}

}  // namespace
}  // namespace evomarket
