// Agents driven by profiles (kernels/profile.h): the per-agent profile, scale and shift draws,
// where a shifted slot lies in a batch, and the one rounding of scaled energy.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/profile.h"

namespace evomarket {
namespace {

TEST(AgentProfileRule, DrawsStayInRangeAndCoverThem) {
  const AgentProfileRule rule{9, 300, 1u << 15, 2u << 16, 4};
  std::vector<int> profiles(300, 0), shifts(9, 0);
  for (uint64_t agent = 0; agent < 30000; ++agent) {
    const AgentProfile a = agent_profile(rule, agent);
    ASSERT_LT(a.profile, 300u);
    ASSERT_GE(a.scale_q16, 1u << 15);
    ASSERT_LE(a.scale_q16, 2u << 16);
    ASSERT_GE(a.shift_slots, -4);
    ASSERT_LE(a.shift_slots, 4);
    ++profiles[a.profile];
    ++shifts[a.shift_slots + 4];
  }
  for (int n : profiles) EXPECT_GT(n, 40);
  for (int n : shifts) EXPECT_NEAR(n, 30000 / 9, 300);
}

TEST(AgentProfileRule, FixedRulesGiveEveryAgentTheSameProfile) {
  const AgentProfileRule rule{3, 1, 40000, 40000, 0};
  for (uint64_t agent = 0; agent < 100; ++agent) {
    const AgentProfile a = agent_profile(rule, agent);
    EXPECT_EQ(a.profile, 0u);
    EXPECT_EQ(a.scale_q16, 40000u);
    EXPECT_EQ(a.shift_slots, 0);
  }
}

TEST(AgentProfileRule, DrawsAreKeyedBySeedAndAgent) {
  const AgentProfileRule a{1, 1000, 0, 1u << 20, 100}, b{2, 1000, 0, 1u << 20, 100};
  int same_profile = 0, same_scale = 0, same_shift = 0;
  for (uint64_t agent = 0; agent < 200; ++agent) {
    const AgentProfile x = agent_profile(a, agent), y = agent_profile(b, agent);
    const AgentProfile again = agent_profile(a, agent);
    ASSERT_EQ(x.profile, again.profile);
    ASSERT_EQ(x.scale_q16, again.scale_q16);
    ASSERT_EQ(x.shift_slots, again.shift_slots);
    same_profile += x.profile == y.profile;
    same_scale += x.scale_q16 == y.scale_q16;
    same_shift += x.shift_slots == y.shift_slots;
  }
  EXPECT_LT(same_profile, 5);
  EXPECT_LT(same_scale, 5);
  EXPECT_LT(same_shift, 10);  // 201 shifts: one agreement in 201 by chance
}

TEST(ScaledEnergy, OneIsTheIdentityAndZeroIsNothing) {
  const AgentProfile one{0, 1u << 16, 0}, zero{0, 0, 0};
  for (int64_t e : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{123456789}, int64_t{-987654}}) {
    EXPECT_EQ(scaled_energy(e, one), e);
    EXPECT_EQ(scaled_energy(e, zero), 0);
  }
}

// The one documented rounding: toward negative infinity, so -1.5 mWh is -2, not -1.
TEST(ScaledEnergy, RoundsTowardNegativeInfinity) {
  const AgentProfile half{0, 1u << 15, 0}, one_and_half{0, 3u << 15, 0};
  EXPECT_EQ(scaled_energy(3, half), 1);
  EXPECT_EQ(scaled_energy(-3, half), -2);
  EXPECT_EQ(scaled_energy(-1, half), -1);
  EXPECT_EQ(scaled_energy(1000001, one_and_half), 1500001);
  EXPECT_EQ(scaled_energy(-1000001, one_and_half), -1500002);
  // The largest scale on 1 MWh stays inside int64.
  const AgentProfile largest{0, 0xFFFFFFFFu, 0};
  EXPECT_EQ(scaled_energy(1000000000, largest), 65535999984741);
  EXPECT_EQ(scaled_energy(-1000000000, largest), -65535999984742);
}

// The bound on stored values and the largest scale keep scaled energy inside int64
// (kernels/profile.h): the extreme products are exact.
TEST(ScaledEnergy, LargestValueTimesLargestScaleFits) {
  const AgentProfile largest{0, kMaxScaleQ16, 0};
  EXPECT_EQ(scaled_energy(kMaxSlotMwh, largest), kMaxSlotMwh * 1000);
  EXPECT_EQ(scaled_energy(-kMaxSlotMwh, largest), -kMaxSlotMwh * 1000);
  EXPECT_EQ(kMaxScaleQ16, 1000u << 16);
}

TEST(ProfileEnergy, OneKilowattHourIsAMillionMilliwattHours) {
  EXPECT_EQ(kMilliwattHoursPerKilowattHour, 1000000);
}

// A batch of 2 profiles holding store slots 10..14 of 20: shifted reads clamp to the store,
// then to the batch's stored range.
TEST(ProfileCell, ShiftedSlotsClampToTheStoreAndTheBatch) {
  const EnergyBatchView b{nullptr, nullptr, 2, 10, 5, 20};
  EXPECT_EQ(profile_cell(b, AgentProfile{1, 1u << 16, 0}, 12), 7u);    // slot 12: local 2
  EXPECT_EQ(profile_cell(b, AgentProfile{0, 1u << 16, 0}, 14), 4u);    // last stored slot
  EXPECT_EQ(profile_cell(b, AgentProfile{1, 1u << 16, 3}, 12), 5u);    // slot 9: before the batch
  EXPECT_EQ(profile_cell(b, AgentProfile{1, 1u << 16, -30}, 12), 9u);  // slot 42: past the store
  EXPECT_EQ(profile_cell(b, AgentProfile{1, 1u << 16, 2}, 0), 5u);     // slot -2: before the store
  EXPECT_EQ(profile_cell(b, AgentProfile{0, 1u << 16, -1}, 12), 3u);   // slot 13
}

constexpr int64_t kKwh = kMilliwattHoursPerKilowattHour;

// Net position = scale (pv - load), scaled once after netting: 2 - 1 mWh at scale 1/2 is 0
// (scaling each side first would give 1).
TEST(AgentNetEnergy, NetsBeforeScaling) {
  const std::vector<int64_t> load{kKwh, 2 * kKwh, 1}, pv{3 * kKwh, 0, 2};
  const EnergyBatchView b{load.data(), pv.data(), 1, 0, 3, 3};
  const AgentProfile half{0, 1u << 15, 0};
  EXPECT_EQ(agent_net_energy(b, half, 0), kKwh);
  EXPECT_EQ(agent_net_energy(b, half, 1), -kKwh);
  EXPECT_EQ(agent_net_energy(b, half, 2), 0);
}

TEST(AccumulateAgent, AddsSurplusAsSupplyAndDeficitAsDemand) {
  const std::vector<int64_t> load{kKwh, 2 * kKwh, 5}, pv{3 * kKwh, 0, 5};
  const EnergyBatchView b{load.data(), pv.data(), 1, 0, 3, 3};
  const AgentProfileRule rule{7, 1, 1u << 16, 1u << 16, 0};  // scale 1, no shift
  std::vector<int64_t> supply(3, -1), demand(3, -1);
  accumulate_agent(b, rule, 42, 0, 3, [&](uint64_t s, int64_t sup, int64_t dem) {
    supply[s] = sup;
    demand[s] = dem;
  });
  EXPECT_EQ(supply, (std::vector<int64_t>{2 * kKwh, 0, 0}));
  EXPECT_EQ(demand, (std::vector<int64_t>{0, 2 * kKwh, 0}));
}

}  // namespace
}  // namespace evomarket
