// Shapley values (host/theory/shapley.h): exact ones against known games and the permutation
// definition; sampled ones deterministic, independent of the thread count, efficient, and with
// 95% intervals that hold the exact value about 95% of the time.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "host/theory/shapley.h"
#include "support/coalition_games.h"

namespace evomarket::theory {
namespace {

using evomarket::testing::glove_game;
using evomarket::testing::members;
using evomarket::testing::table_of;

using evomarket::testing::player_names;

// A game with random integer worths (seeded), for checks against the definition.
CoalitionTable random_game(uint32_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> worth(-50, 100);
  return table_of(player_names(n), [&](uint64_t) { return Rational(worth(rng), 1 + (rng() % 3)); });
}

// The Shapley value as the mean marginal contribution over all n! orders.
std::vector<Rational> by_every_order(const CoalitionTable& g) {
  std::vector<uint32_t> order(g.size());
  std::iota(order.begin(), order.end(), 0u);
  std::vector<Rational> sum(g.size());
  uint64_t orders = 0;
  do {
    uint64_t s = 0;
    for (uint32_t i : order) {
      sum[i] += g.value(s | (uint64_t{1} << i)) - g.value(s);
      s |= uint64_t{1} << i;
    }
    ++orders;
  } while (std::next_permutation(order.begin(), order.end()));
  for (Rational& v : sum) v /= orders;
  return sum;
}

TEST(ShapleyExact, AdditiveGamesPayEachPlayerItsOwnWorth) {
  const std::vector<Rational> own{Rational(3), Rational(-1, 2), Rational(7, 3), Rational(0),
                                  Rational(5, 4)};
  const CoalitionTable g = table_of(player_names(5), [&](uint64_t s) {
    Rational v = 0;
    for (uint32_t i = 0; i < 5; ++i) {
      if ((s >> i) & 1) v += own[i];
    }
    return v;
  });
  EXPECT_EQ(shapley_exact(g), own);
}

TEST(ShapleyExact, GloveGame) {
  EXPECT_EQ(shapley_exact(glove_game()),
            (std::vector<Rational>{Rational(2, 3), Rational(1, 6), Rational(1, 6)}));
}

TEST(ShapleyExact, ThreePlayerTextbookGame) {
  // v(12) = 90, v(13) = 80, v(23) = 70, v(123) = 120, singletons 0: Shapley (45, 40, 35).
  const CoalitionTable g = table_of({"1", "2", "3"}, [](uint64_t s) {
    switch (s) {
      case 3:
        return Rational(90);
      case 5:
        return Rational(80);
      case 6:
        return Rational(70);
      case 7:
        return Rational(120);
      default:
        return Rational(0);
    }
  });
  EXPECT_EQ(shapley_exact(g), (std::vector<Rational>{Rational(45), Rational(40), Rational(35)}));
}

TEST(ShapleyExact, MatchesTheMeanOverEveryOrder) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    const CoalitionTable g = random_game(6, seed);
    const std::vector<Rational> phi = shapley_exact(g);
    EXPECT_EQ(phi, by_every_order(g)) << "seed " << seed;
    EXPECT_EQ(std::accumulate(phi.begin(), phi.end(), Rational(0)), g.value(g.grand()));
  }
}

TEST(ShapleyExact, OnePlayerGetsTheGrandCoalition) {
  const CoalitionTable g = table_of({"solo"}, [](uint64_t) { return Rational(7, 2); });
  EXPECT_EQ(shapley_exact(g), std::vector<Rational>{Rational(7, 2)});
}

TEST(ShapleyExact, SymmetricPlayersOfTwentyShareEqually) {
  // v(S) = |S|^2 over 20 players: 2^20 coalitions, each player gets v(N) / 20 = 20.
  const CoalitionTable g =
      table_of(player_names(20), [](uint64_t s) { return Rational(members(s) * members(s)); });
  for (const Rational& v : shapley_exact(g)) EXPECT_EQ(v, 20);
}

TEST(ShapleySampled, GloveGameIsInsideItsIntervals) {
  const CoalitionTable g = glove_game();
  const TablePermutationGame game(g);
  const SampledShapley s = shapley_sampled(game, 4000, 11);
  const std::vector<double> exact{2.0 / 3, 1.0 / 6, 1.0 / 6};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(std::abs(s.estimate[i] - exact[i]), s.half_width[i]) << i;
    EXPECT_GT(s.half_width[i], 0.0);
    EXPECT_LT(s.half_width[i], 0.03);
  }
  EXPECT_NEAR(s.estimate[0] + s.estimate[1] + s.estimate[2], 1.0, 1e-12);
}

TEST(ShapleySampled, IntervalsHoldTheExactValueAboutNinetyFivePercentOfTheTime) {
  const CoalitionTable g = random_game(6, 9);
  const std::vector<Rational> exact = shapley_exact(g);
  const TablePermutationGame game(g);
  int inside = 0, total = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const SampledShapley s = shapley_sampled(game, 400, seed);
    for (uint32_t i = 0; i < g.size(); ++i) {
      inside += std::abs(s.estimate[i] - to_double(exact[i])) <= s.half_width[i];
      ++total;
    }
  }
  const double coverage = double(inside) / total;  // 1200 intervals: sd of the share ~0.6%
  EXPECT_GT(coverage, 0.92);
  EXPECT_LT(coverage, 0.98);
}

TEST(ShapleySampled, EstimatesSumToTheGrandCoalitionAndConverge) {
  const CoalitionTable g = random_game(10, 4);
  const std::vector<Rational> exact = shapley_exact(g);
  const TablePermutationGame game(g);
  const SampledShapley s = shapley_sampled(game, 20000, 3);
  EXPECT_NEAR(std::accumulate(s.estimate.begin(), s.estimate.end(), 0.0), g.approx[g.grand()],
              1e-9);
  for (uint32_t i = 0; i < g.size(); ++i) {
    EXPECT_NEAR(s.estimate[i], to_double(exact[i]), 4.5 * s.half_width[i] / kZ95) << i;
  }
}

TEST(ShapleySampled, SameBitsWhateverTheThreadCountAndFromTheSeed) {
  const CoalitionTable g = random_game(8, 5);
  const TablePermutationGame game(g);
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const SampledShapley one = shapley_sampled(game, 5003, 21);
  omp_set_num_threads(3);
  const SampledShapley three = shapley_sampled(game, 5003, 21);
  omp_set_num_threads(threads);
  EXPECT_EQ(one.estimate, three.estimate);
  EXPECT_EQ(one.half_width, three.half_width);
  EXPECT_NE(shapley_sampled(game, 5003, 22).estimate, one.estimate);
}

TEST(ShapleySampled, NeedsTwoSamples) {
  const CoalitionTable g = glove_game();
  EXPECT_THROW(shapley_sampled(TablePermutationGame(g), 1, 1), std::invalid_argument);
}

}  // namespace
}  // namespace evomarket::theory
