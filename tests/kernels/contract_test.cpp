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

// For every contract price strictly inside (fit, retail) both roles face a prisoner's dilemma,
// T > R > P > S, and mutual honour splits the whole gain (retail - fit) q between them.
TEST(Contracts, EveryPriceInsideTheSpreadGivesAPrisonersDilemmaForBothRoles) {
  const int64_t q = 3 * kKwh / 2;
  for (int64_t p = kFit + 1; p < kRetail; p += 7919) {
    int64_t r = 0;
    // One role's payoff when it honours (own) and its partner honours (partner).
    const auto payoff = [&](bool seller, bool own, bool partner) {
      return contract_trade(seller ? q : -q, seller ? -q : q, own, partner, p, kRetail, kFit, &r);
    };
    for (bool seller : {true, false}) {
      const int64_t R = payoff(seller, true, true), S = payoff(seller, true, false);
      const int64_t T = payoff(seller, false, true), P = payoff(seller, false, false);
      ASSERT_GT(T, R) << "price " << p;
      ASSERT_GT(R, P) << "price " << p;
      ASSERT_GT(P, S) << "price " << p;
    }
    ASSERT_EQ(payoff(true, true, true) + payoff(false, true, true), (kRetail - kFit) * q);
  }
}

// A buyer owed only part of its deficit keeps the rest of it for the market or the grid.
TEST(Contracts, ABuyerKeepsTheUncoveredPartOfItsDeficit) {
  const int64_t p = 190000;
  int64_t residual = 0;
  EXPECT_EQ(contract_trade(-kKwh, 2 * kKwh / 5, true, true, p, kRetail, kFit, &residual),
            (kRetail - p) * 2 * kKwh / 5);
  EXPECT_EQ(residual, -3 * kKwh / 5);
  // Two buyers, or a member without a position, trade nothing and keep their positions.
  EXPECT_EQ(contract_trade(-kKwh, -kKwh, true, true, p, kRetail, kFit, &residual), 0);
  EXPECT_EQ(residual, -kKwh);
  EXPECT_EQ(contract_trade(0, kKwh, true, true, p, kRetail, kFit, &residual), 0);
  EXPECT_EQ(residual, 0);
}

TEST(Contracts, TwoMembersAreEachOthersPartnersAndOneIsAlone) {
  for (uint32_t g = 0; g < 10; ++g) {
    EXPECT_EQ(contract_partner(1, 0, 2, 0, g), 1u);
    EXPECT_EQ(contract_partner(1, 0, 2, 1, g), 0u);
    EXPECT_EQ(contract_partner(1, 0, 1, 0, g), 0u);
  }
}

TEST(Contracts, CommunitiesArePairedIndependently) {
  int same = 0;
  for (uint64_t community = 0; community < 50; ++community) {
    same +=
        contract_partner(9, community, 100, 0, 4) == contract_partner(9, community + 1, 100, 0, 4);
  }
  EXPECT_LT(same, 5);
}

// Machines: 0 = cooperate always, 1 = defect always, 2..3 = tit for tat, 4 = C with p = 1/2.
struct ContractMachines {
  std::vector<MachineState> states{{kCertain, {0, 0, 0, 0}},
                                   {0, {1, 1, 1, 1}},
                                   {kCertain, {2, 3, 2, 3}},
                                   {0, {2, 3, 2, 3}},
                                   {kCertain / 2, {4, 4, 4, 4}}};
  std::vector<StrategyInfo> infos{{0, StrategyKind::kMachine, 0, 0, 0},
                                  {1, StrategyKind::kMachine, 0, 0, 0},
                                  {2, StrategyKind::kMachine, 0, 0, 0},
                                  {4, StrategyKind::kMachine, 0, 0, 1}};
  StrategyTableView view() const { return {infos.data(), states.data(), 4}; }
};

// Day 63 is the last bit of the word; no days means no reneging.
TEST(Contracts, SixtyFourDaysFillTheWholeWord) {
  const ContractMachines m;
  const Probability none{0};
  EXPECT_EQ(contract_reneges(m.view(), none, 1, 5, 0, 2, 1, true, 64), ~uint64_t{1});
  EXPECT_EQ(contract_reneges(m.view(), none, 1, 5, 0, 1, 2, false, 64), ~uint64_t{0});
  EXPECT_EQ(contract_reneges(m.view(), none, 1, 5, 0, 1, 2, false, 0), 0u);
}

// Both partners compute the same pair history: tit for tat reneges the day after its random
// partner did, seen from either seat.
TEST(Contracts, BothSeatsSeeTheSamePairHistory) {
  const ContractMachines m;
  const Probability none{0};
  const uint32_t days = 40;
  const uint64_t mask = (uint64_t{1} << days) - 1;
  for (uint64_t pair = 0; pair < 20; ++pair) {
    const uint64_t tft = contract_reneges(m.view(), none, 3, pair, 1, 2, 3, true, days);
    const uint64_t random = contract_reneges(m.view(), none, 3, pair, 1, 3, 2, false, days);
    EXPECT_EQ(tft, (random << 1) & mask) << "pair " << pair;
    // Seats swapped: the random partner now sits first and draws the first player's word.
    const uint64_t tft2 = contract_reneges(m.view(), none, 3, pair, 1, 2, 3, false, days);
    const uint64_t random2 = contract_reneges(m.view(), none, 3, pair, 1, 3, 2, true, days);
    EXPECT_EQ(tft2, (random2 << 1) & mask) << "pair " << pair;
  }
}

// Noise that always fires flips every intended move: two cooperators always renege.
TEST(Contracts, CertainNoiseFlipsEveryDay) {
  const ContractMachines m;
  const Probability always{kCertain};
  EXPECT_EQ(contract_reneges(m.view(), always, 1, 0, 0, 0, 0, true, 10), 0x3FFu);
  EXPECT_EQ(contract_reneges(m.view(), always, 1, 0, 0, 1, 0, true, 10), 0u);
}

}  // namespace
}  // namespace evomarket
