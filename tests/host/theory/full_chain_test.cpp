// The full chain over n strategies: equal to the two-strategy birth-death chain, to a dense GTH
// solve for three strategies, symmetric where the game is, and tending to the small-mutation
// limit as mu -> 0.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "host/theory/finite_population.h"
#include "host/theory/full_chain.h"

namespace evomarket::theory {
namespace {

const Matrix kRps{{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}};
const Process kAllProcesses[] = {Process::kFermi, Process::kMoranBirthDeath,
                                 Process::kMoranDeathBirth};

TEST(TheoryFullChain, CountsItsStates) {
  EXPECT_EQ(full_chain_state_count(100, 3), 5151u);
  EXPECT_EQ(full_chain_state_count(10, 2), 11u);
  EXPECT_EQ(full_chain_state_count(20, 4), 1771u);
}

TEST(TheoryFullChain, TwoStrategiesGiveTheBirthDeathChain) {
  const Matrix coordination{{2, 0}, {0, 1}};
  for (Process process : kAllProcesses) {
    SCOPED_TRACE(process_name(process));
    const double intensity = process == Process::kFermi ? 1.0 : 0.4;
    const auto full =
        full_chain_stationary(process, MatrixPopulationGame(coordination), 30, intensity, 0.01);
    const std::vector<double> bd =
        birth_death_stationary(process, coordination, 30, intensity, 0.01);
    ASSERT_EQ(full.probability.size(), bd.size());
    // State k of the full chain has 30 - k players of strategy 0; bd is indexed by that count.
    for (std::size_t k = 0; k < bd.size(); ++k) {
      EXPECT_NEAR(full.probability[k], bd[30 - k], 1e-13) << k;
      EXPECT_EQ(full.states[2 * k], 30 - k);
    }
    EXPECT_LT(full.residual, 1e-15);
  }
}

TEST(TheoryFullChain, ThreeStrategiesMatchTheDenseSolve) {
  const Matrix a{{1, 3, 0}, {2, 1, 1}, {0, 4, 2}};
  for (Process process : kAllProcesses) {
    SCOPED_TRACE(process_name(process));
    const double intensity = process == Process::kFermi ? 0.7 : 0.2;
    const MatrixPopulationGame game(a);
    const auto full = full_chain_stationary(process, game, 12, intensity, 0.02);
    const std::vector<double> dense =
        stationary_distribution(full_chain_transition_matrix(process, game, 12, intensity, 0.02));
    ASSERT_EQ(full.probability.size(), 91u);
    for (std::size_t k = 0; k < dense.size(); ++k) {
      EXPECT_NEAR(full.probability[k], dense[k], 1e-13) << k;
    }
    double sum = 0;
    for (double s : full.mean_share) sum += s;
    EXPECT_NEAR(sum, 1, 1e-13);
  }
}

TEST(TheoryFullChain, CyclicSymmetryGivesEqualSharesAtZ100) {
  const auto full =
      full_chain_stationary(Process::kFermi, MatrixPopulationGame(kRps), 100, 1.0, 0.001);
  ASSERT_EQ(full.probability.size(), 5151u);
  for (double s : full.mean_share) EXPECT_NEAR(s, 1.0 / 3, 1e-10);
  EXPECT_LT(full.residual, 1e-14);
}

TEST(TheoryFullChain, RareMutationTendsToTheSmallMutationLimit) {
  // A game without cyclic symmetry, where the monomorphic states differ in weight.
  const Matrix a{{1, 3, 0}, {2, 1, 1}, {0, 4, 2}};
  const std::uint64_t z = 20;
  const auto limit = small_mutation_limit(Process::kFermi, a, z, 1.0);
  const auto full = full_chain_stationary(Process::kFermi, MatrixPopulationGame(a), z, 1.0, 1e-7);
  for (std::size_t s = 0; s < 3; ++s) EXPECT_NEAR(full.mean_share[s], limit.stationary[s], 1e-4);
}

TEST(TheoryFullChain, RefusesWhatItCannotSolve) {
  const MatrixPopulationGame game(kRps);
  EXPECT_THROW(full_chain_stationary(Process::kFermi, game, 20, 1.0, 0.0), std::invalid_argument);
  EXPECT_THROW(full_chain_stationary(Process::kFermi, game, 5000, 1.0, 0.1),
               std::invalid_argument);  // 12.5 million states
  EXPECT_THROW(full_chain_stationary(Process::kMoranBirthDeath, game, 10, 0.9, 0.1),
               std::invalid_argument);  // fitness 1 - w + w*payoff <= 0
}

}  // namespace
}  // namespace evomarket::theory
