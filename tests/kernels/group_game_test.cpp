// N-player group games (kernels/group_game.h): payoffs against hand-computed values, the table
// form reproducing the public goods game, and repeated groups of conditional strategies against
// hand-played round sequences.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/group_game.h"

namespace evomarket {
namespace {

GroupGame make_game(GroupGameKind kind, int n) {
  GroupGame g{};
  g.kind = kind;
  g.group_size = n;
  g.cost = 1.0;
  g.factor = 3.0;
  g.endowment = 1.0;
  g.rounds = 1;
  return g;
}

// N = 5, c = 1, r = 3: P = 3 k / 5 - [C].
TEST(GroupPayoff, PublicGoodsSharesTheMultipliedPotAmongAllN) {
  const GroupGame g = make_game(GroupGameKind::kPublicGoods, 5);
  EXPECT_DOUBLE_EQ(group_payoff(g, true, 2), 0.8);   // k = 3: 1.8 - 1
  EXPECT_DOUBLE_EQ(group_payoff(g, false, 3), 1.8);  // k = 3
  EXPECT_DOUBLE_EQ(group_payoff(g, true, 0), -0.4);  // alone: 0.6 - 1
  EXPECT_DOUBLE_EQ(group_payoff(g, false, 0), 0.0);
  EXPECT_DOUBLE_EQ(group_payoff(g, true, 4), 2.0);  // all cooperate: r c - c
  // r < N: a cooperator always earns c (1 - r / N) = 0.4 less than a defector beside the same
  // others.
  for (int others = 0; others < 5; ++others) {
    EXPECT_NEAR(group_payoff(g, false, others) - group_payoff(g, true, others), 0.4, 1e-15);
  }
}

// N = 6, M = 3, b = 1, c = 0.1, risk = 0.9 (Santos & Pacheco 2011's setting).
TEST(GroupPayoff, CollectiveRiskLosesWhatIsLeftBelowTheThresholdInExpectation) {
  GroupGame g = make_game(GroupGameKind::kCollectiveRisk, 6);
  g.cost = 0.1;
  g.threshold = 3;
  g.risk = 0.9;
  EXPECT_NEAR(group_payoff(g, true, 1), 0.9 * 0.1, 1e-15);  // k = 2 < 3
  EXPECT_NEAR(group_payoff(g, true, 2), 0.9, 1e-15);        // k = 3: keeps 1 - 0.1
  EXPECT_NEAR(group_payoff(g, false, 2), 0.1, 1e-15);       // k = 2 < 3: 1 * (1 - 0.9)
  EXPECT_NEAR(group_payoff(g, false, 3), 1.0, 1e-15);       // k = 3
  g.endowment = 2.0;
  EXPECT_NEAR(group_payoff(g, true, 5), 1.8, 1e-15);
  g.risk = 1.0;
  EXPECT_EQ(group_payoff(g, false, 1), 0.0);
}

// N = 4, M = 2, c = 1, r = 3: P = [k >= 2] 3 k / 4 - [C].
TEST(GroupPayoff, StagHuntPaysOnlyFromTheThresholdOn) {
  GroupGame g = make_game(GroupGameKind::kStagHunt, 4);
  g.threshold = 2;
  EXPECT_DOUBLE_EQ(group_payoff(g, true, 0), -1.0);  // k = 1 < M: pays, gets nothing
  EXPECT_DOUBLE_EQ(group_payoff(g, true, 1), 0.5);   // k = 2: 1.5 - 1
  EXPECT_DOUBLE_EQ(group_payoff(g, false, 1), 0.0);  // k = 1 < M
  EXPECT_DOUBLE_EQ(group_payoff(g, false, 2), 1.5);  // k = 2
  EXPECT_DOUBLE_EQ(group_payoff(g, true, 3), 2.0);   // k = 4
}

TEST(GroupPayoff, TableIsIndexedByOtherCooperators) {
  GroupGame g = make_game(GroupGameKind::kTable, 3);
  const double c[3] = {-1, 2, 5}, d[3] = {0, 3, 7};
  for (int i = 0; i < 3; ++i) {
    g.cooperator[i] = c[i];
    g.defector[i] = d[i];
  }
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(group_payoff(g, true, i), c[i]);
    EXPECT_EQ(group_payoff(g, false, i), d[i]);
  }
}

TEST(GroupPayoff, TableGivenThePublicGoodsPayoffsIsThePublicGoodsGame) {
  const GroupGame pgg = make_game(GroupGameKind::kPublicGoods, 5);
  GroupGame table = make_game(GroupGameKind::kTable, 5);
  for (int i = 0; i < 5; ++i) {
    table.cooperator[i] = group_payoff(pgg, true, i);
    table.defector[i] = group_payoff(pgg, false, i);
  }
  const int codes[5] = {kGroupCooperate, kGroupDefect, group_conditional(2), group_conditional(3),
                        kGroupCooperate};
  GroupGame pgg3 = pgg, table3 = table;
  pgg3.rounds = table3.rounds = 3;
  double a[5], b[5];
  play_group(pgg3, codes, a);
  play_group(table3, codes, b);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a[i], b[i]) << i;
}

// N = 4, rounds = 3, public goods with c = 1, r = 2 (P = k / 2 - [C]) between Cooperate,
// Defect, Conditional(2) and Conditional(3):
//   round 1: C D C C  (k = 3)  payoffs 0.5 1.5 0.5 0.5
//   round 2: C D C D  (Cond(2) saw 2 others, Cond(3) saw 2 < 3; k = 2)  0 1 0 1
//   round 3: C D D D  (Cond(2) saw 1 < 2, Cond(3) saw 2 < 3; k = 1)  -0.5 0.5 0.5 0.5
TEST(PlayGroup, ConditionalStrategiesFollowTheHandPlayedRounds) {
  GroupGame g = make_game(GroupGameKind::kPublicGoods, 4);
  g.factor = 2.0;
  g.rounds = 3;
  const int codes[4] = {kGroupCooperate, kGroupDefect, group_conditional(2), group_conditional(3)};
  double payoff[4];
  int cooperations[4];
  play_group(g, codes, payoff, cooperations);
  EXPECT_NEAR(payoff[0], 0.0, 1e-15);
  EXPECT_NEAR(payoff[1], 1.0, 1e-15);
  EXPECT_NEAR(payoff[2], 1.0 / 3, 1e-15);
  EXPECT_NEAR(payoff[3], 2.0 / 3, 1e-15);
  EXPECT_EQ(cooperations[0], 3);
  EXPECT_EQ(cooperations[1], 0);
  EXPECT_EQ(cooperations[2], 2);
  EXPECT_EQ(cooperations[3], 1);
}

// Conditional(1) keeps cooperating beside one other cooperator, whatever the defector does;
// Conditional(N - 1) stops after the first round a defector is present.
TEST(PlayGroup, ConditionalThresholdsDecideWhoKeepsCooperating) {
  GroupGame g = make_game(GroupGameKind::kPublicGoods, 3);
  g.rounds = 4;
  int cooperations[3];
  double payoff[3];
  const int tolerant[3] = {kGroupDefect, group_conditional(1), group_conditional(1)};
  play_group(g, tolerant, payoff, cooperations);
  EXPECT_EQ(cooperations[1], 4);
  EXPECT_EQ(cooperations[2], 4);
  const int strict[3] = {kGroupDefect, group_conditional(2), group_conditional(2)};
  play_group(g, strict, payoff, cooperations);
  EXPECT_EQ(cooperations[0], 0);
  EXPECT_EQ(cooperations[1], 1);
  EXPECT_EQ(cooperations[2], 1);
  // Rounds 2-4 all defect: the payoffs are the round-1 ones over 4 rounds (r = 3, N = 3: k = 2
  // gives 2 to each, the defector 2 + 0 = 2, the cooperators 2 - 1 = 1).
  EXPECT_NEAR(payoff[0], 2.0 / 4, 1e-15);
  EXPECT_NEAR(payoff[1], 1.0 / 4, 1e-15);
}

TEST(PlayGroup, OneShotConditionalPlaysCooperate) {
  GroupGame g = make_game(GroupGameKind::kPublicGoods, 3);
  const int codes[3] = {group_conditional(2), kGroupDefect, kGroupCooperate};
  double payoff[3];
  play_group(g, codes, payoff);
  EXPECT_DOUBLE_EQ(payoff[0], group_payoff(g, true, 1));
  EXPECT_DOUBLE_EQ(payoff[1], group_payoff(g, false, 2));
  EXPECT_DOUBLE_EQ(payoff[2], group_payoff(g, true, 1));
}

// The simulation's integer face sums the fixed-point table over the rounds.
TEST(PlayGroupQ16, SumsTheFixedPointTableOverTheRounds) {
  GroupGame g = make_game(GroupGameKind::kPublicGoods, 4);
  g.factor = 2.0;
  g.rounds = 3;
  std::vector<int64_t> table(kGroupTableEntries, 0);
  for (int others = 0; others < 4; ++others) {
    for (bool c : {false, true}) {
      table[group_table_index(4, c, others)] =
          std::llround(group_payoff(g, c, others) * kGroupPayoffOne);
    }
  }
  const int codes[4] = {kGroupCooperate, kGroupDefect, group_conditional(2), group_conditional(3)};
  const GroupView view{table.data(), nullptr, 4, 3};
  int64_t payoff[4];
  int cooperations[4];
  play_group_q16(view, 4, codes, payoff, cooperations);
  EXPECT_EQ(payoff[0], 0);
  EXPECT_EQ(payoff[1], 3 * kGroupPayoffOne);
  EXPECT_EQ(payoff[2], kGroupPayoffOne);
  EXPECT_EQ(payoff[3], 2 * kGroupPayoffOne);
  EXPECT_EQ(cooperations[2], 2);
}

}  // namespace
}  // namespace evomarket
