// Bilateral contracts (kernels/contract.h): the stage game of one slot's trade, partners paired
// within a community, and the days each partner reneges as its strategy machine decides.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/contract.h"

namespace evomarket {
namespace {

constexpr int64_t kRetail = 300000;  // 0.30 per kWh in micro-currency
constexpr int64_t kFit = 80000;      // 0.08 per kWh
constexpr int64_t kKwh = 1000000;    // mWh

// The stage game of a contract (kernels/contract.h): 1 kWh owed at 0.19, retail 0.30, fit 0.08.
TEST(Contracts, TheStageGameIsAPrisonersDilemma) {
  const int64_t p = 190000;
  int64_t rs = 0, rb = 0;
  // both honour
  EXPECT_EQ(contract_trade(kKwh, -kKwh, true, true, p, kRetail, kFit, &rs), (p - kFit) * kKwh);
  EXPECT_EQ(contract_trade(-kKwh, kKwh, true, true, p, kRetail, kFit, &rb), (kRetail - p) * kKwh);
  EXPECT_EQ(rs, 0);
  EXPECT_EQ(rb, 0);
  // the seller reneges: paid, keeps exporting; the buyer paid and still imports
  EXPECT_EQ(contract_trade(kKwh, -kKwh, false, true, p, kRetail, kFit, &rs), p * kKwh);
  EXPECT_EQ(contract_trade(-kKwh, kKwh, true, false, p, kRetail, kFit, &rb), -p * kKwh);
  EXPECT_EQ(rs, kKwh);
  EXPECT_EQ(rb, -kKwh);
  // the buyer reneges: the seller delivered for nothing
  EXPECT_EQ(contract_trade(kKwh, -kKwh, true, false, p, kRetail, kFit, &rs), -kFit * kKwh);
  EXPECT_EQ(contract_trade(-kKwh, kKwh, false, true, p, kRetail, kFit, &rb), kRetail * kKwh);
  EXPECT_EQ(rs, 0);
  EXPECT_EQ(rb, 0);
  // both renege, or no trade between two sellers
  EXPECT_EQ(contract_trade(kKwh, -kKwh, false, false, p, kRetail, kFit, &rs), 0);
  EXPECT_EQ(contract_trade(kKwh, 2 * kKwh, true, true, p, kRetail, kFit, &rs), 0);
  EXPECT_EQ(rs, kKwh);
  // only min(surplus, deficit) is owed
  EXPECT_EQ(contract_trade(3 * kKwh, -kKwh, true, true, p, kRetail, kFit, &rs), (p - kFit) * kKwh);
  EXPECT_EQ(rs, 2 * kKwh);
}

TEST(Contracts, PartnersArePairsWithinTheCommunity) {
  for (uint32_t n : {1u, 2u, 7u, 100u, 101u}) {
    uint32_t alone = 0;
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t j = contract_partner(9, 3, n, i, 4);
      ASSERT_LT(j, n);
      EXPECT_EQ(contract_partner(9, 3, n, j, 4), i);
      alone += j == i;
    }
    EXPECT_EQ(alone, n % 2);
  }
  // Another generation or community pairs differently.
  EXPECT_NE(contract_partner(9, 3, 100, 0, 4), contract_partner(9, 3, 100, 0, 5));
}

TEST(Contracts, StrategiesDecideTheDaysTheyRenege) {
  // Machines: 0 = cooperate always, 1 = defect always, 2..3 = tit for tat (state 2 C, 3 D).
  std::vector<MachineState> states{
      {kCertain, {0, 0, 0, 0}}, {0, {1, 1, 1, 1}}, {kCertain, {2, 3, 2, 3}}, {0, {2, 3, 2, 3}}};
  std::vector<StrategyInfo> infos{{0, StrategyKind::kMachine, 0, 0, 0},
                                  {1, StrategyKind::kMachine, 0, 0, 0},
                                  {2, StrategyKind::kMachine, 0, 0, 0}};
  const StrategyTableView t{infos.data(), states.data(), 3};
  const Probability none{0};
  // Tit for tat against always-renege: honours day 0, then reneges; the defector never honours.
  EXPECT_EQ(contract_reneges(t, none, 1, 5, 0, 2, 1, true, 7), 0b1111110u);
  EXPECT_EQ(contract_reneges(t, none, 1, 5, 0, 1, 2, false, 7), 0b1111111u);
  EXPECT_EQ(contract_reneges(t, none, 1, 5, 0, 2, 0, true, 7), 0u);
  // Noise flips some intended moves; both partners compute the same pair history.
  const Probability half{kCertain / 2};
  const uint64_t a = contract_reneges(t, half, 1, 5, 0, 2, 2, true, 30);
  const uint64_t b = contract_reneges(t, half, 1, 5, 0, 2, 2, false, 30);
  EXPECT_NE(a, 0u);  // two tit-for-tat partners renege only through noise (and its echoes)
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace evomarket
