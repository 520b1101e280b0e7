// The stage game (kernels/game.h): one play of a row-major matrix game, or a whole iterated
// match between strategy machines.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/game.h"
#include "support/classic_machines.h"

namespace evomarket {
namespace {

using testing::ClassicMachines;

GameView matrix_game(const std::vector<int64_t>& m, uint32_t strategies) {
  GameView g{};
  g.kind = GameKind::kMatrix;
  g.strategies = strategies;
  g.matrix = m.data();
  return g;
}

// Distinct entries catch a transposed lookup: row 2 against column 0 is 7, column 2 against
// row 0 is 3.
TEST(PlayPair, MatrixGameIsOneRoundOfTheRowMajorTable) {
  const std::vector<int64_t> m{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const GameView g = matrix_game(m, 3);
  for (uint32_t a = 0; a < 3; ++a) {
    for (uint32_t b = 0; b < 3; ++b) {
      const MatchOutcome o = play_pair(g, a, b, 17, 4);
      EXPECT_EQ(o.score[0], m[a * 3 + b]) << a << " vs " << b;
      EXPECT_EQ(o.score[1], m[b * 3 + a]) << a << " vs " << b;
      EXPECT_EQ(o.cooperations[0], 0u);
      EXPECT_EQ(o.cooperations[1], 0u);
      EXPECT_EQ(o.turns, 1u);
    }
  }
  EXPECT_EQ(play_pair(g, 2, 0, 0, 0).score[0], 7);
  EXPECT_EQ(play_pair(g, 2, 0, 0, 0).score[1], 3);
}

// Hawk-dove with V = 2, C = 4 in integers (H vs H loses (V - C) / 2 = -1).
TEST(PlayPair, MatrixGameKeepsNegativePayoffs) {
  const std::vector<int64_t> m{-1, 2, 0, 1};  // H: (H, D); D: (H, D)
  const GameView g = matrix_game(m, 2);
  EXPECT_EQ(play_pair(g, 0, 0, 0, 0).score[0], -1);
  EXPECT_EQ(play_pair(g, 0, 1, 0, 0).score[0], 2);
  EXPECT_EQ(play_pair(g, 0, 1, 0, 0).score[1], 0);
}

GameView iterated_game(const ClassicMachines& machines, uint64_t seed) {
  GameView g{};
  g.kind = GameKind::kIterated;
  g.strategies = testing::kClassicCount;
  g.seed = seed;
  g.machines = machines.view();
  g.shortcuts = MatchTableView{nullptr, nullptr, testing::kClassicCount};
  g.rules = MatchRules{kAxelrodPayoffs, 200, Probability{0}, Probability{0}, 1u << 30};
  return g;
}

TEST(PlayPair, IteratedGameIsAWholeMatch) {
  const ClassicMachines machines;
  const GameView g = iterated_game(machines, 1);
  const MatchOutcome o = play_pair(g, testing::kTitForTat, testing::kAllD, 0, 0);
  EXPECT_EQ(o.score[0], 199);
  EXPECT_EQ(o.score[1], 204);
  EXPECT_EQ(o.cooperations[0], 1u);
  EXPECT_EQ(o.turns, 200u);
}

// The game's seed, the match id and the generation key a stochastic match exactly as
// play_match does.
TEST(PlayPair, IteratedGamePassesSeedMatchAndGenerationThrough) {
  const ClassicMachines machines;
  const GameView g = iterated_game(machines, 5);
  int differ = 0;
  for (uint64_t id = 0; id < 20; ++id) {
    const MatchOutcome o = play_pair(g, testing::kRandomHalf, testing::kTitForTat, id, 3);
    const MatchOutcome direct =
        play_match(machines.view(), g.rules, testing::kRandomHalf, testing::kTitForTat, 5, id, 3);
    EXPECT_EQ(o.score[0], direct.score[0]);
    EXPECT_EQ(o.score[1], direct.score[1]);
    differ += o.score[0] != play_pair(g, testing::kRandomHalf, testing::kTitForTat, id, 4).score[0];
  }
  EXPECT_GT(differ, 15);
}

TEST(PlayPair, IteratedGameUsesTheShortcuts) {
  const ClassicMachines machines;
  GameView g = iterated_game(machines, 1);
  const uint32_t n = testing::kClassicCount;
  std::vector<MatchOutcome> outcomes(n * n, MatchOutcome{{0, 0}, {0, 0}, 0, 0});
  std::vector<uint8_t> known(n * n, 0);
  outcomes[testing::kAllC * n + testing::kAllC] = MatchOutcome{{-5, -6}, {0, 0}, 1, 0};
  known[testing::kAllC * n + testing::kAllC] = 1;
  g.shortcuts = MatchTableView{outcomes.data(), known.data(), n};
  EXPECT_EQ(play_pair(g, testing::kAllC, testing::kAllC, 0, 0).score[1], -6);
  EXPECT_EQ(play_pair(g, testing::kAllC, testing::kAllD, 0, 0).score[1], 1000);
}

}  // namespace
}  // namespace evomarket
