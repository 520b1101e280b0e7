// Finite-population theory: closed forms (neutral drift, constant-fitness Moran), limits (weak
// selection, small mutation), symmetry, and a Monte Carlo run of the birth–death chain.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include "host/theory/finite_population.h"

namespace evomarket::theory {
namespace {

const Matrix kRps{{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}};
const Matrix kPrisonersDilemma{{3, 0}, {5, 1}};
const Matrix kCoordination{{1, 0}, {0, 2}};
const Process kAllProcesses[] = {Process::kFermi, Process::kMoranBirthDeath,
                                 Process::kMoranDeathBirth};

// rho from a chain's own T+/T- (the textbook sum, no closed-form ratios), for cross-checks.
double fixation_from_chain(const BirthDeathChain& c) {
  const std::size_t z = c.plus.size() - 1;
  double sum = 1, product = 1;
  for (std::size_t k = 1; k < z; ++k) {
    product *= c.minus[k] / c.plus[k];
    sum += product;
  }
  return 1 / sum;
}

TEST(TheoryFinitePopulation, ExpectedPayoffExcludesSelfInteraction) {
  // Counts (2, 3, 1), Z = 6: an RPS rock meets 1 other rock, 3 papers, 1 scissors among 5.
  EXPECT_DOUBLE_EQ(expected_payoff(kRps, {2, 3, 1}, 0), (0 * 1 - 1 * 3 + 1 * 1) / 5.0);
  EXPECT_DOUBLE_EQ(expected_payoff(kRps, {2, 3, 1}, 2), (-1 * 2 + 1 * 3 + 0 * 0) / 5.0);
  EXPECT_THROW(expected_payoff(kRps, {0, 3, 1}, 0), std::invalid_argument);
  const Matrix g = subgame(kRps, 2, 0);
  EXPECT_EQ(g, (Matrix{{0, -1}, {1, 0}}));
}

TEST(TheoryFinitePopulation, NeutralDriftFixesWithOneOverZ) {
  const Matrix neutral{{2, 2}, {2, 2}};
  for (Process p : kAllProcesses) {
    for (std::uint64_t z : {2u, 7u, 100u}) {
      const double intensity = p == Process::kFermi ? 3.0 : 0.5;
      EXPECT_NEAR(fixation_probability(p, neutral, z, intensity, 0, 1), 1.0 / z, 1e-14 / z)
          << process_name(p) << " Z=" << z;
    }
  }
}

TEST(TheoryFinitePopulation, MoranBirthDeathWithConstantFitnessMatchesTheClosedForm) {
  for (double r : {1.1, 0.8, 2.0}) {
    const Matrix a{{r, r}, {1, 1}};  // w = 1: fitness r for A, 1 for B, whatever the state
    for (std::uint64_t z : {10u, 50u}) {
      const double expected = (1 - 1 / r) / (1 - std::pow(1 / r, static_cast<double>(z)));
      EXPECT_NEAR(fixation_probability(Process::kMoranBirthDeath, a, z, 1.0, 1, 0), expected,
                  1e-13 * expected)
          << "r " << r << " Z " << z;
    }
  }
}

TEST(TheoryFinitePopulation, FermiUnderVanishingSelectionIsNeutral) {
  const std::uint64_t z = 40;
  for (std::size_t r = 0; r < 2; ++r) {
    // The deviation from 1/Z is linear in beta.
    const auto deviation = [&](double beta) {
      return std::abs(
          fixation_probability(Process::kFermi, kPrisonersDilemma, z, beta, r, 1 - r) * z - 1);
    };
    EXPECT_LT(deviation(1e-9), 1e-6);
    EXPECT_NEAR(deviation(1e-6) / deviation(1e-8), 100, 0.01);
  }
  EXPECT_DOUBLE_EQ(fixation_probability(Process::kFermi, kPrisonersDilemma, z, 0.0, 0, 1), 1.0 / z);
}

TEST(TheoryFinitePopulation, ClosedFormRatiosAgreeWithTheChainsTransitions) {
  const Matrix hawk_dove{{-1, 2}, {0, 1}};
  for (Process p : kAllProcesses) {
    const double intensity = p == Process::kFermi ? 0.7 : 0.4;
    for (const Matrix& a : {kPrisonersDilemma, hawk_dove, kCoordination}) {
      const std::uint64_t z = 25;
      // Mutant strategy 0 in resident 1: strategy 0 is already "A" of the chain.
      const double direct = fixation_from_chain(birth_death_chain(p, a, z, intensity));
      EXPECT_NEAR(fixation_probability(p, a, z, intensity, 1, 0), direct, 1e-12 * direct)
          << process_name(p);
    }
  }
}

TEST(TheoryFinitePopulation, TransitionsFollowTheDocumentedFormulas) {
  const std::uint64_t z = 10;
  const double beta = 0.5, w = 0.2, mu = 0.01;
  const std::uint64_t i = 4;
  const double pi_a = (3.0 * 3 + 0.0 * 6) / 9, pi_b = (5.0 * 4 + 1.0 * 5) / 9;
  const auto fermi = [](double x) { return 1 / (1 + std::exp(-x)); };
  const BirthDeathChain f = birth_death_chain(Process::kFermi, kPrisonersDilemma, z, beta, mu);
  EXPECT_NEAR(f.plus[i], (1 - mu) * 6.0 / 10 * 4.0 / 9 * fermi(beta * (pi_a - pi_b)) + mu * 0.6,
              1e-15);
  EXPECT_NEAR(f.minus[i], (1 - mu) * 4.0 / 10 * 6.0 / 9 * fermi(beta * (pi_b - pi_a)) + mu * 0.4,
              1e-15);
  const double pa = 1 - w + w * pi_a, pb = 1 - w + w * pi_b;
  const BirthDeathChain bd = birth_death_chain(Process::kMoranBirthDeath, kPrisonersDilemma, z, w);
  EXPECT_NEAR(bd.plus[i], 4 * pa / (4 * pa + 6 * pb) * 6.0 / 9, 1e-15);
  EXPECT_NEAR(bd.minus[i], 6 * pb / (4 * pa + 6 * pb) * 4.0 / 9, 1e-15);
  const BirthDeathChain db = birth_death_chain(Process::kMoranDeathBirth, kPrisonersDilemma, z, w);
  EXPECT_NEAR(db.plus[i], 6.0 / 10 * 4 * pa / (4 * pa + 5 * pb), 1e-15);
  EXPECT_NEAR(db.minus[i], 4.0 / 10 * 6 * pb / (3 * pa + 6 * pb), 1e-15);
  // The boundaries are absorbing without mutation; mutation leaves them at rate mu.
  EXPECT_EQ(bd.plus[0], 0.0);
  EXPECT_EQ(bd.minus[z], 0.0);
  const std::vector<double> g =
      gradient_of_selection(Process::kFermi, kPrisonersDilemma, z, beta, mu);
  ASSERT_EQ(g.size(), z + 1);
  EXPECT_NEAR(g[0], mu, 1e-15);
  EXPECT_NEAR(g[z], -mu, 1e-15);
  EXPECT_NEAR(g[i], f.plus[i] - f.minus[i], 1e-15);
}

TEST(TheoryFinitePopulation, GradientOfSelectionChangesSignAtTheHawkDoveBalance) {
  const Matrix hawk_dove{{-1, 2}, {0, 1}};
  const std::uint64_t z = 101;
  const std::vector<double> g = gradient_of_selection(Process::kFermi, hawk_dove, z, 1.0);
  // pi_H - pi_D = (-(i-1) + 2 (Z-i) - (Z-i-1)) / (Z-1) = (Z + 2 - 2i) / (Z-1): zero at
  // i = 51.5, the mean-field V/C = 1/2 shifted by O(1/Z) because self-interaction is excluded.
  for (std::uint64_t i = 1; i <= 51; ++i) EXPECT_GT(g[i], 0) << i;
  for (std::uint64_t i = 52; i < z; ++i) EXPECT_LT(g[i], 0) << i;
}

TEST(TheoryFinitePopulation, PrisonersDilemmaUnderFermiFavoursDefection) {
  const std::uint64_t z = 100;
  const double to_defect = fixation_probability(Process::kFermi, kPrisonersDilemma, z, 1.0, 0, 1);
  const double to_coop = fixation_probability(Process::kFermi, kPrisonersDilemma, z, 1.0, 1, 0);
  EXPECT_GT(to_defect, 1.0 / z);
  EXPECT_LT(to_coop, 1.0 / z);
  EXPECT_GT(to_coop, 0.0);  // ~e^-100: log space keeps it
  const SmallMutationLimit sml = small_mutation_limit(Process::kFermi, kPrisonersDilemma, z, 1.0);
  EXPECT_GT(sml.stationary[1], 0.999);
  EXPECT_NEAR(sml.stationary[0] + sml.stationary[1], 1.0, 1e-15);
  EXPECT_DOUBLE_EQ(sml.fixation[0][1], to_defect);
  EXPECT_DOUBLE_EQ(sml.fixation[0][0], 1.0 / z);
  EXPECT_DOUBLE_EQ(sml.transition[0][1], to_defect);  // n - 1 = 1
  EXPECT_NEAR(sml.transition[0][0], 1 - to_defect, 1e-15);
}

TEST(TheoryFinitePopulation, RockPaperScissorsSmallMutationLimitIsUniform) {
  for (Process p : kAllProcesses) {
    const double intensity = p == Process::kFermi ? 1.0 : 0.3;  // w < 1/2 keeps 1 - w + w pi > 0
    const SmallMutationLimit sml = small_mutation_limit(p, kRps, 30, intensity);
    double sum = 0;
    for (double s : sml.stationary) {
      EXPECT_NEAR(s, 1.0 / 3, 1e-12) << process_name(p);
      sum += s;
    }
    EXPECT_NEAR(sum, 1.0, 1e-14);
    for (const auto& row : sml.transition) {
      EXPECT_NEAR(std::accumulate(row.begin(), row.end(), 0.0), 1.0, 1e-15);
    }
  }
}

TEST(TheoryFinitePopulation, FullChainAtTinyMutationMatchesTheSmallMutationLimit) {
  const std::uint64_t z = 20;
  for (Process p : kAllProcesses) {
    const double intensity = p == Process::kFermi ? 0.3 : 0.2;
    const SmallMutationLimit sml = small_mutation_limit(p, kCoordination, z, intensity);
    const std::vector<double> full = birth_death_stationary(p, kCoordination, z, intensity, 1e-7);
    ASSERT_EQ(full.size(), z + 1);
    EXPECT_NEAR(std::accumulate(full.begin(), full.end(), 0.0), 1.0, 1e-13);
    const double monomorphic = full[0] + full[z];
    EXPECT_GT(monomorphic, 0.9999) << process_name(p);
    // i = Z is "all strategy 0".
    EXPECT_NEAR(full[z] / monomorphic, sml.stationary[0], 1e-5) << process_name(p);
    EXPECT_GT(sml.stationary[0], 0.05);  // not a trivial corner
    EXPECT_LT(sml.stationary[0], 0.95);
  }
}

TEST(TheoryFinitePopulation, FullChainAtLargeMutationSpreadsOverMixedStates) {
  const std::vector<double> full =
      birth_death_stationary(Process::kFermi, {{1, 1}, {1, 1}}, 10, 1.0, 1.0);
  // Pure mutation with neutral payoffs: i is Binomial(Z, 1/2) in stationarity.
  for (std::size_t i = 0; i <= 10; ++i) {
    double binom = 1;
    for (std::size_t k = 0; k < i; ++k) binom = binom * static_cast<double>(10 - k) / (k + 1);
    EXPECT_NEAR(full[i], binom / 1024, 1e-14) << i;
  }
}

TEST(TheoryFinitePopulation, FermiFixationAgreesWithAMonteCarloOfTheChain) {
  const std::uint64_t z = 12;
  const double beta = 0.3;
  // Mutant defector (strategy 1) among cooperators: it is "A" of the chain of the swapped game.
  const double rho = fixation_probability(Process::kFermi, kPrisonersDilemma, z, beta, 0, 1);
  const BirthDeathChain swapped =
      birth_death_chain(Process::kFermi, subgame(kPrisonersDilemma, 1, 0), z, beta);
  std::mt19937_64 rng(20240611);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int runs = 4000;
  int fixed = 0;
  for (int run = 0; run < runs; ++run) {
    std::uint64_t i = 1;
    // Only moves matter for absorption: step up with probability T+ / (T+ + T-).
    while (i > 0 && i < z) {
      const double up = swapped.plus[i] / (swapped.plus[i] + swapped.minus[i]);
      i = u(rng) < up ? i + 1 : i - 1;
    }
    fixed += i == z;
  }
  const double estimate = static_cast<double>(fixed) / runs;
  const double sigma = std::sqrt(rho * (1 - rho) / runs);
  EXPECT_NEAR(estimate, rho, 4 * sigma) << "rho " << rho;
  EXPECT_GT(rho, 2.0 / z);  // selection clearly visible at this sample size
}

TEST(TheoryFinitePopulation, StationaryDistributionHandlesTinyAndAbsorbingTransitions) {
  const double a = 1e-200, b = 1e-100;
  const std::vector<double> pi = stationary_distribution({{1 - a, a}, {b, 1 - b}});
  EXPECT_NEAR(pi[1] / 1e-100, 1.0, 1e-12);  // a / (a + b), exact to relative rounding
  // State 2 is absorbing and reachable: everything ends there.
  const std::vector<double> absorbed =
      stationary_distribution({{0.5, 0.5, 0}, {0.25, 0.5, 0.25}, {0, 0, 1}});
  EXPECT_EQ(absorbed, (std::vector<double>{0, 0, 1}));
  EXPECT_THROW(stationary_distribution({{1, 0}, {0, 1}}), std::domain_error);
  EXPECT_THROW(stationary_distribution({{0.5, 0.4}, {0, 1}}), std::invalid_argument);
}

TEST(TheoryFinitePopulation, BadInputIsRejected) {
  EXPECT_THROW(fixation_probability(Process::kFermi, kPrisonersDilemma, 1, 1.0, 0, 1),
               std::invalid_argument);
  EXPECT_THROW(fixation_probability(Process::kFermi, kPrisonersDilemma, 10, -1.0, 0, 1),
               std::invalid_argument);
  EXPECT_THROW(fixation_probability(Process::kMoranBirthDeath, kPrisonersDilemma, 10, 1.5, 0, 1),
               std::invalid_argument);
  EXPECT_THROW(fixation_probability(Process::kFermi, kPrisonersDilemma, 10, 1.0, 0, 2),
               std::invalid_argument);
  // w = 1 with negative RPS payoffs makes some Moran fitness <= 0.
  EXPECT_THROW(small_mutation_limit(Process::kMoranDeathBirth, kRps, 10, 1.0),
               std::invalid_argument);
  EXPECT_THROW(birth_death_chain(Process::kFermi, kRps, 10, 1.0), std::invalid_argument);
  EXPECT_THROW(birth_death_stationary(Process::kFermi, kPrisonersDilemma, 10, 1.0, 0.0),
               std::invalid_argument);
  EXPECT_EQ(parse_process("moran-db"), Process::kMoranDeathBirth);
  EXPECT_THROW(parse_process("moran"), std::invalid_argument);
}

TEST(TheoryFinitePopulation, AbsorptionFromOneIsTheFixationProbability) {
  for (Process process : kAllProcesses) {
    const double w = process == Process::kFermi ? 1.0 : 0.2;
    const BirthDeathChain chain = birth_death_chain(process, kCoordination, 30, w);
    EXPECT_NEAR(absorption_probability(chain, 1) /
                    fixation_probability(process, kCoordination, 30, w, 1, 0),
                1, 1e-12);
    EXPECT_EQ(absorption_probability(chain, 0), 0.0);
    EXPECT_EQ(absorption_probability(chain, 30), 1.0);
    // From the middle: rising with the start, and the complement of the B chain from the other
    // side.
    const BirthDeathChain reversed =
        birth_death_chain(process, subgame(kCoordination, 1, 0), 30, w);
    EXPECT_NEAR(absorption_probability(chain, 12) + absorption_probability(reversed, 18), 1, 1e-12);
    EXPECT_LT(absorption_probability(chain, 12), absorption_probability(chain, 13));
  }
}

}  // namespace
}  // namespace evomarket::theory
