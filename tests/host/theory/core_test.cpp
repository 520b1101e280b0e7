// The core (host/theory/core.h): exact membership of an allocation with its violated coalitions,
// and the least-core epsilon by GLPK, for games with an empty core (epsilon > 0) and with a
// non-empty one (epsilon <= 0), up to twelve players (constraint generation).
#include <gtest/gtest.h>

#include <stdexcept>

#include "host/theory/core.h"
#include "host/theory/shapley.h"
#include "support/coalition_games.h"

namespace evomarket::theory {
namespace {

using evomarket::testing::glove_game;
using evomarket::testing::majority_game;
using evomarket::testing::members;
using evomarket::testing::table_of;

using evomarket::testing::player_names;

TEST(Core, MajorityGameHasAnEmptyCore) {
  const CoalitionTable g = majority_game();
  const CoreCheck c = check_core(g, shapley_exact(g), 10);
  EXPECT_FALSE(c.in_core);
  EXPECT_EQ(c.max_excess, Rational(1, 3));
  EXPECT_EQ(c.max_excess_coalition, 3u);  // A+B: the smallest bitmask among the pairs
  ASSERT_EQ(c.violation_count, 3u);
  ASSERT_EQ(c.violations.size(), 3u);
  EXPECT_EQ(coalition_name(g.players, c.violations[0].first), "A+B");
  EXPECT_EQ(coalition_name(g.players, c.violations[2].first), "B+C");
  for (const auto& v : c.violations) EXPECT_EQ(v.second, Rational(1, 3));
  const LeastCore lc = least_core(g);
  EXPECT_NEAR(lc.epsilon, 1.0 / 3, 1e-9);
  for (double x : lc.allocation) EXPECT_NEAR(x, 1.0 / 3, 1e-9);
}

TEST(Core, PairsWorthAHalfLeaveANonEmptyCore) {
  // v(pair) = 1/2, v(N) = 1: x = 1/3 each gives every pair 2/3, 1/6 more than its worth.
  const CoalitionTable g = table_of({"A", "B", "C"}, [](uint64_t s) {
    return members(s) == 3 ? Rational(1) : members(s) == 2 ? Rational(1, 2) : Rational(0);
  });
  const CoreCheck c = check_core(g, shapley_exact(g), 10);
  EXPECT_TRUE(c.in_core);
  EXPECT_EQ(c.max_excess, Rational(-1, 6));
  EXPECT_EQ(c.violation_count, 0u);
  EXPECT_NEAR(least_core(g).epsilon, -1.0 / 6, 1e-9);
}

TEST(Core, GloveGameCoreIsOnePointTheShapleyValueMisses) {
  const CoalitionTable g = glove_game();
  const CoreCheck shapley = check_core(g, shapley_exact(g), 10);
  EXPECT_FALSE(shapley.in_core);
  EXPECT_EQ(shapley.max_excess, Rational(1, 6));  // L+R1 gets 5/6 of its 1
  EXPECT_EQ(shapley.violation_count, 2u);
  const CoreCheck corner = check_core(g, {Rational(1), Rational(0), Rational(0)}, 10);
  EXPECT_TRUE(corner.in_core);
  EXPECT_EQ(corner.max_excess, 0);
  const LeastCore lc = least_core(g);
  EXPECT_NEAR(lc.epsilon, 0.0, 1e-9);
  EXPECT_NEAR(lc.allocation[0], 1.0, 1e-9);
}

TEST(Core, AdditiveGamesHaveTheirOwnWorthsInTheCore) {
  const CoalitionTable g = table_of(player_names(4), [](uint64_t s) {
    Rational v = 0;
    for (uint32_t i = 0; i < 4; ++i) {
      if ((s >> i) & 1) v += Rational(i + 1);
    }
    return v;
  });
  EXPECT_TRUE(check_core(g, shapley_exact(g), 10).in_core);
  EXPECT_NEAR(least_core(g).epsilon, 0.0, 1e-9);
}

TEST(Core, ConstraintGenerationFindsTheLeastCoreOfTwelvePlayers) {
  // Symmetric games: the equal split is in the least core, so epsilon is the largest
  // v(S) - |S| v(N) / 12 over proper S. Majority of 7 of 12: 1 - 7/12. |S|^2: 1 - 12 = -11.
  const CoalitionTable majority =
      table_of(player_names(12), [](uint64_t s) { return Rational(members(s) >= 7 ? 1 : 0); });
  const LeastCore lc = least_core(majority);
  EXPECT_NEAR(lc.epsilon, 5.0 / 12, 1e-9);
  EXPECT_LT(lc.constraints, 4095u);
  const CoalitionTable square =
      table_of(player_names(12), [](uint64_t s) { return Rational(members(s) * members(s)); });
  EXPECT_NEAR(least_core(square).epsilon, -11.0, 1e-7);
  EXPECT_TRUE(check_core(square, shapley_exact(square), 5).in_core);  // convex game
}

TEST(Core, TheLeastCoreAllocationMeetsEveryCoalitionWithinEpsilon) {
  const CoalitionTable g = table_of(player_names(8), [](uint64_t s) {
    return Rational(static_cast<int>((s * 2654435761u) % 97) - 20 + 10 * members(s));
  });
  const LeastCore lc = least_core(g);
  double total = 0;
  for (double x : lc.allocation) total += x;
  EXPECT_NEAR(total, g.approx[g.grand()], 1e-7);
  double worst = -1e300;
  for (uint64_t s = 1; s < g.grand(); ++s) {
    double x = 0;
    for (uint32_t i = 0; i < 8; ++i) {
      if ((s >> i) & 1) x += lc.allocation[i];
    }
    worst = std::max(worst, g.approx[s] - x);
  }
  EXPECT_NEAR(worst, lc.epsilon, 1e-6);  // tight: some coalition has excess epsilon
}

TEST(Core, RefusesAnAllocationThatDoesNotDivideTheGrandCoalition) {
  const CoalitionTable g = glove_game();
  EXPECT_THROW(check_core(g, {Rational(1), Rational(1, 10), Rational(0)}, 10),
               std::invalid_argument);
  EXPECT_THROW(check_core(g, {Rational(1), Rational(0)}, 10), std::invalid_argument);
  const CoalitionTable solo = table_of({"solo"}, [](uint64_t) { return Rational(1); });
  EXPECT_THROW(least_core(solo), std::invalid_argument);
}

TEST(Core, ListsTheLargestViolationsFirstUpToTheLimit) {
  const CoalitionTable g =
      table_of(player_names(6), [](uint64_t s) { return Rational(members(s) >= 4 ? 1 : 0); });
  const CoreCheck c = check_core(g, shapley_exact(g), 4);
  EXPECT_EQ(c.violation_count, 15u + 6u);  // every 4- and 5-player coalition
  ASSERT_EQ(c.violations.size(), 4u);
  EXPECT_EQ(c.violations[0].second, Rational(1, 3));  // 4 players get 4/6 of 1
  EXPECT_EQ(c.max_excess, Rational(1, 3));
}

}  // namespace
}  // namespace evomarket::theory
