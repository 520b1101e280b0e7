// Payoffs of finite populations: the matrix game under both self-interaction conventions and the
// hypergeometric group game against closed forms (docs/theory.md).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "host/theory/finite_population.h"
#include "host/theory/population_game.h"

namespace evomarket::theory {
namespace {

const Matrix kRps{{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}};

// The public goods game with contribution c and factor r in groups of n: a cooperator's payoff
// with j cooperating co-players is r c (j + 1) / n - c, a defector's r c j / n.
GroupPayoff public_goods(double c, double r, unsigned n) {
  return [=](std::size_t focal, const std::vector<std::uint32_t>& others) {
    const double k = others[0] + (focal == 0 ? 1.0 : 0.0);
    return r * c * k / n - (focal == 0 ? c : 0.0);
  };
}

TEST(TheoryPopulationGame, SelfInteractionIncludedCountsTheFocalPlayer) {
  const MatrixPopulationGame included(kRps, SelfInteraction::kIncluded);
  const MatrixPopulationGame excluded(kRps);
  EXPECT_DOUBLE_EQ(included.payoff({2, 3, 1}, 0), (0 * 2 - 1 * 3 + 1 * 1) / 6.0);
  EXPECT_DOUBLE_EQ(excluded.payoff({2, 3, 1}, 0), (0 * 1 - 1 * 3 + 1 * 1) / 5.0);
  EXPECT_EQ(parse_self_interaction("included"), SelfInteraction::kIncluded);
  EXPECT_THROW(parse_self_interaction("both"), std::invalid_argument);
}

TEST(TheoryPopulationGame, IncludedConventionChangesFixationOnlyThroughTheSelfTerm) {
  // Prisoner's dilemma: with self-interaction a lone cooperator earns R = 3 against itself, so a
  // cooperator mutant does better than under the excluded convention.
  const Matrix pd{{3, 0}, {5, 1}};
  const double excluded =
      fixation_probability(Process::kFermi, MatrixPopulationGame(pd), 20, 1.0, 1, 0);
  const double included = fixation_probability(
      Process::kFermi, MatrixPopulationGame(pd, SelfInteraction::kIncluded), 20, 1.0, 1, 0);
  EXPECT_GT(included, excluded);
  EXPECT_DOUBLE_EQ(excluded, fixation_probability(Process::kFermi, pd, 20, 1.0, 1, 0));
}

TEST(TheoryPopulationGame, CompositionsCountAndOrder) {
  const auto c = compositions(2, 3);
  ASSERT_EQ(c.size(), 6u);  // C(4, 2)
  EXPECT_EQ(c.front(), (std::vector<std::uint32_t>{2, 0, 0}));
  EXPECT_EQ(c[1], (std::vector<std::uint32_t>{1, 1, 0}));
  EXPECT_EQ(c.back(), (std::vector<std::uint32_t>{0, 0, 2}));
  EXPECT_EQ(compositions(5, 4).size(), 56u);  // C(8, 3)
}

TEST(TheoryPopulationGame, GroupsOfTwoAreTheMatrixGameWithoutSelfInteraction) {
  const GroupPopulationGame pairs(3, 2, [](std::size_t focal, const std::vector<std::uint32_t>& o) {
    std::size_t other = 0;
    while (o[other] == 0) ++other;
    return kRps[focal][other];
  });
  const MatrixPopulationGame matrix(kRps);
  for (const std::vector<std::uint64_t>& counts :
       {std::vector<std::uint64_t>{2, 3, 1}, {1, 0, 9}, {5, 5, 5}, {1, 1, 1}}) {
    for (std::size_t s = 0; s < 3; ++s) {
      if (counts[s] == 0) continue;
      EXPECT_NEAR(pairs.payoff(counts, s), matrix.payoff(counts, s), 1e-15);
    }
  }
}

TEST(TheoryPopulationGame, HypergeometricGroupsMatchThePublicGoodsClosedForm) {
  // E[j] = (N - 1)(k - 1)/(Z - 1) cooperating co-players for a cooperator, (N - 1) k/(Z - 1) for
  // a defector, so pi_C - pi_D = r c/N (Z - N)/(Z - 1) - c for every k (Hauert et al. 2002).
  const double c = 1, r = 3;
  const unsigned n = 5;
  const GroupPopulationGame game(2, n, public_goods(c, r, n));
  const std::uint64_t z = 40;
  for (std::uint64_t k = 1; k < z; ++k) {
    const double pi_c = game.payoff({k, z - k}, 0);
    const double pi_d = game.payoff({k, z - k}, 1);
    EXPECT_NEAR(pi_c, r * c * (1 + (n - 1) * double(k - 1) / double(z - 1)) / n - c, 1e-13);
    EXPECT_NEAR(pi_d, r * c * (n - 1) * double(k) / double(z - 1) / n, 1e-13);
    EXPECT_NEAR(pi_c - pi_d, r * c / n * double(z - n) / double(z - 1) - c, 1e-13);
  }
  EXPECT_THROW(game.payoff({2, 2}, 0), std::invalid_argument);  // Z = 4 < N
}

TEST(TheoryPopulationGame, GroupFixationWithAConstantPayoffGapHasTheClosedForm) {
  // Under Fermi, T-(i)/T+(i) = e^(-beta d) for a constant gap d = pi_C - pi_D, so
  // rho_C = (1 - e^(-beta d)) / (1 - e^(-beta d Z)).
  const unsigned n = 5;
  const std::uint64_t z = 50;
  for (double r : {3.0, 7.0}) {  // r < N: cooperation disfavoured; r > N: favoured
    const GroupPopulationGame game(2, n, public_goods(1, r, n));
    const double d = r / n * double(z - n) / double(z - 1) - 1;
    const double beta = 0.5;
    const double expected = -std::expm1(-beta * d) / -std::expm1(-beta * d * double(z));
    const double rho = fixation_probability(Process::kFermi, game, z, beta, 1, 0);
    EXPECT_NEAR(rho / expected, 1, 1e-12) << "r = " << r;
    EXPECT_EQ(rho > 1.0 / z, r * (z - n) > double(n) * (z - 1)) << "r = " << r;
  }
}

TEST(TheoryPopulationGame, GradientOfTheGroupGameIsTheChainsDrift) {
  const unsigned n = 4;
  const GroupPopulationGame game(2, n, public_goods(1, 2, n));
  const std::vector<double> g = gradient_of_selection(Process::kFermi, game, 30, 1.0, 0.0, 0, 1);
  ASSERT_EQ(g.size(), 31u);
  EXPECT_EQ(g.front(), 0.0);
  EXPECT_EQ(g.back(), 0.0);
  for (std::size_t i = 1; i < 30; ++i) EXPECT_LT(g[i], 0) << i;  // r < N: defection wins
  EXPECT_THROW(fixation_probability(Process::kFermi, game, 3, 1.0, 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace evomarket::theory
