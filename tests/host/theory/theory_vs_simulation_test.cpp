// Simulations against the theory they should reproduce: the replicator ODE for a large
// population under proportional imitation, fixation probabilities and stationary distributions
// of the finite-population processes (host/theory_finite_population.h, docs/theory.md).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <tuple>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/config/game_builder.h"
#include "host/run/async_process.h"
#include "host/run/population_run.h"
#include "host/theory/finite_population.h"
#include "host/theory/full_chain.h"
#include "host/theory/population_game.h"
#include "host/theory/replicator.h"
#include "kernels/group_game.h"

namespace evomarket {
namespace {

// A 2-strategy matrix game config with complete mixing and an asynchronous process.
ExperimentConfig async_config(const std::string& rule, const std::string& matrix, uint64_t z,
                              const std::vector<std::string>& extra = {}) {
  std::vector<std::string> set = {"game.matrix.payoffs=" + matrix,
                                  "population.agents=" + std::to_string(z),
                                  "dynamics.rule=\"" + rule + "\""};
  set.insert(set.end(), extra.begin(), extra.end());
  return parse_config(R"(
[game]
kind = "matrix"
matrix.strategies = ["A", "B"]
matrix.payoffs = [[1, 0], [0, 1]]
[population]
partners = "all"
counts = [1, 19]
[dynamics]
schedule = "asynchronous"
)",
                      "theory.toml", set);
}

struct Fixations {
  int runs = 0;
  int fixed = 0;
};

// Runs the process from a single A mutant until A fixes or goes extinct, `runs` times.
Fixations simulate_fixation(ExperimentConfig config, int runs) {
  const uint64_t z = config.population.agents;
  config.population.counts = {1, z - 1};
  Fixations f;
  for (int r = 0; r < runs; ++r) {
    config.seed = 1000 + r;
    const GameSetup game = make_game_setup(config);
    const EvolutionSetup evolution = make_evolution_setup(config, game);
    AsyncProcess process(game, evolution, z);
    process.set_counts(config.population.counts);
    for (uint32_t g = 0; process.counts()[0] != 0 && process.counts()[0] != z; ++g) {
      process.run_generation(g);
    }
    ++f.runs;
    f.fixed += process.counts()[0] == z ? 1 : 0;
  }
  return f;
}

theory::Matrix as_theory_matrix(const ExperimentConfig& c) {
  const size_t n = c.game.matrix_strategies.size();
  theory::Matrix a(n, std::vector<double>(n));
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) a[i][j] = double(c.game.matrix[i * n + j]);
  }
  return a;
}

void expect_within_binomial_interval(const Fixations& f, double rho) {
  const double p = double(f.fixed) / f.runs;
  const double sigma = std::sqrt(rho * (1 - rho) / f.runs);
  EXPECT_NEAR(p, rho, 4 * sigma + 1e-3) << f.fixed << " of " << f.runs << " runs fixed";
}

TEST(TheoryVsSimulation, FixationUnderTheFermiProcess) {
  // A has the higher payoff against everyone: rho well above neutral 1/Z.
  const ExperimentConfig c = async_config("fermi", "[[3, 2], [2, 1]]", 20, {"dynamics.beta=0.4"});
  const double rho =
      theory::fixation_probability(theory::Process::kFermi, as_theory_matrix(c), 20, 0.4, 1, 0);
  ASSERT_GT(rho, 0.2);
  expect_within_binomial_interval(simulate_fixation(c, 3000), rho);
}

TEST(TheoryVsSimulation, FixationUnderTheMoranProcesses) {
  for (const auto& [rule, process] :
       {std::pair{"birth_death", theory::Process::kMoranBirthDeath},
        std::pair{"death_birth", theory::Process::kMoranDeathBirth}}) {
    SCOPED_TRACE(rule);
    const ExperimentConfig c = async_config(rule, "[[3, 2], [2, 1]]", 20, {"dynamics.w=0.3"});
    const double rho = theory::fixation_probability(process, as_theory_matrix(c), 20, 0.3, 1, 0);
    ASSERT_GT(rho, 1.0 / 20);
    expect_within_binomial_interval(simulate_fixation(c, 3000), rho);
  }
}

TEST(TheoryVsSimulation, TwoStrategyChainWithMutationMatchesTheStationaryDistribution) {
  // Coordination game, Fermi, mutation 0.05 per event: the time average of the share of A
  // against the exact stationary distribution of the birth-death chain.
  ExperimentConfig c =
      async_config("fermi", "[[2, 0], [0, 1]]", 20,
                   {"dynamics.beta=1.0", "dynamics.mutation=0.05", "population.generations=40000"});
  c.population.counts = {10, 10};
  auto backend = make_cpu_backend(1);
  const PopulationRun run = run_population(c, *backend);
  double mean = 0;
  for (const auto& t : run.generations) mean += double(t.agents[0]) / 20.0;
  mean /= run.generations.size();
  const std::vector<double> p =
      theory::birth_death_stationary(theory::Process::kFermi, as_theory_matrix(c), 20, 1.0, 0.05);
  double expected = 0;
  for (size_t i = 0; i < p.size(); ++i) expected += p[i] * double(i) / 20.0;
  EXPECT_NEAR(mean, expected, 0.02);
}

TEST(TheoryVsSimulation, SmallMutationLimitOverThreeStrategies) {
  // A cyclic 3-strategy game, Z = 10, rare mutation: the share of generations spent in each
  // monomorphic state, among the monomorphic generations, against the small-mutation limit.
  ExperimentConfig c = parse_config(R"(
[game]
kind = "matrix"
matrix.strategies = ["R", "P", "S"]
matrix.payoffs = [[0, -1, 2], [2, 0, -1], [-1, 2, 0]]
[population]
agents = 10
partners = "all"
counts = [10, 0, 0]
generations = 150000
[dynamics]
schedule = "asynchronous"
rule = "fermi"
beta = 1.0
mutation = 0.001
[stop]
at_fixation = false
)",
                                    "rps.toml");
  auto backend = make_cpu_backend(1);
  const PopulationRun run = run_population(c, *backend);
  std::vector<double> time_in(3, 0);
  for (const auto& t : run.generations) {
    for (int s = 0; s < 3; ++s) time_in[s] += t.agents[s] == 10 ? 1 : 0;
  }
  const double monomorphic = std::accumulate(time_in.begin(), time_in.end(), 0.0);
  ASSERT_GT(monomorphic, 0.8 * run.generations.size());
  const auto limit =
      theory::small_mutation_limit(theory::Process::kFermi, as_theory_matrix(c), 10, 1.0);
  for (int s = 0; s < 3; ++s) EXPECT_NEAR(time_in[s] / monomorphic, limit.stationary[s], 0.05);
}

TEST(TheoryVsSimulation, FullChainOverThreeStrategiesMatchesTheTimeAverage) {
  // Three strategies without symmetry, Z = 12, Fermi with mutation 0.05 per event: the time
  // average of each strategy's share against the exact stationary distribution of the full
  // chain (5151 states would be Z = 100; 91 here keeps the run short).
  ExperimentConfig c = parse_config(R"(
[game]
kind = "matrix"
matrix.strategies = ["X", "Y", "W"]
matrix.payoffs = [[1, 3, 0], [2, 1, 1], [0, 4, 2]]
[population]
agents = 12
partners = "all"
counts = [4, 4, 4]
generations = 60000
[dynamics]
schedule = "asynchronous"
rule = "fermi"
beta = 1.0
mutation = 0.05
[stop]
at_fixation = false
)",
                                    "three.toml");
  auto backend = make_cpu_backend(1);
  const PopulationRun run = run_population(c, *backend);
  std::vector<double> mean(3, 0);
  for (const auto& t : run.generations) {
    for (int s = 0; s < 3; ++s) mean[s] += double(t.agents[s]) / 12.0 / run.generations.size();
  }
  const auto full = theory::full_chain_stationary(
      theory::Process::kFermi, theory::MatrixPopulationGame(as_theory_matrix(c)), 12, 1.0, 0.05);
  for (int s = 0; s < 3; ++s) {
    EXPECT_NEAR(mean[s], full.mean_share[s], 0.01) << "strategy " << s;
  }
}

TEST(TheoryVsSimulation, GroupGameFixationMatchesTheHypergeometricTheory) {
  // The N-player stag hunt (N = 5, M = 3, r = 4, c = 1) with complete mixing: each agent's
  // payoff is its expectation over hypergeometric groups. From 11 cooperators among 20, the
  // fixation of cooperation against the chain of host/theory/population_game.h.
  const uint64_t z = 20, start = 11;
  const std::string base = R"(
[game]
kind = "group"
group_game = "stag_hunt"
group_size = 5
cost = 1.0
factor = 4.0
threshold = 3
[population]
agents = 20
partners = "all"
counts = [11, 9]
[dynamics]
schedule = "asynchronous"
)";
  for (const auto& [rule, process, intensity] :
       {std::tuple{"fermi", theory::Process::kFermi, 1.0},
        std::tuple{"birth_death", theory::Process::kMoranBirthDeath, 0.3}}) {
    SCOPED_TRACE(rule);
    const ExperimentConfig c =
        parse_config(base, "stag_hunt.toml",
                     {std::string("dynamics.rule=\"") + rule + "\"",
                      process == theory::Process::kFermi ? "dynamics.beta=1.0" : "dynamics.w=0.3"});
    const GameSetup setup = make_game_setup(c);
    const GroupGame game = setup.group;
    const std::vector<int32_t> codes = setup.group_codes;
    const theory::GroupPopulationGame theory_game(
        2, 5, [&](std::size_t focal, const std::vector<uint32_t>& others) {
          int members[5] = {codes[focal], 0, 0, 0, 0};
          int n = 1;
          for (std::size_t t = 0; t < 2; ++t) {
            for (uint32_t k = 0; k < others[t]; ++k) members[n++] = codes[t];
          }
          double payoffs[5];
          play_group(game, members, payoffs);
          return payoffs[0];
        });
    const double expected = theory::absorption_probability(
        theory::birth_death_chain(process, theory_game, z, intensity, 0.0, 0, 1), start);
    ASSERT_GT(expected, 0.1);
    ASSERT_LT(expected, 0.9);
    const int runs = 2000;
    int fixed = 0;
    for (int r = 0; r < runs; ++r) {
      ExperimentConfig run = c;
      run.seed = 5000 + r;
      const GameSetup g = make_game_setup(run);
      const EvolutionSetup evolution = make_evolution_setup(run, g);
      AsyncProcess process_sim(g, evolution, z);
      process_sim.set_counts({start, z - start});
      for (uint32_t gen = 0; process_sim.counts()[0] != 0 && process_sim.counts()[0] != z; ++gen) {
        process_sim.run_generation(gen);
      }
      fixed += process_sim.counts()[0] == z ? 1 : 0;
    }
    const double p = double(fixed) / runs;
    EXPECT_NEAR(p, expected, 4 * std::sqrt(expected * (1 - expected) / runs));
  }
}

TEST(TheoryVsSimulation, ProportionalImitationTracksTheReplicatorEquation) {
  // Hawk-dove (V = 2, C = 4) from 10% hawks; every agent revises with probability r = 0.2 and
  // imitates a better model with probability (payoff gap) / 3, so a generation is dt = r / 3 of
  // replicator time.
  const ExperimentConfig c = parse_config(R"(
[game]
kind = "matrix"
matrix.strategies = ["Hawk", "Dove"]
matrix.payoffs = [[-1, 2], [0, 1]]
[population]
agents = 400000
partners = "all"
shares = [0.1, 0.9]
generations = 200
[dynamics]
rule = "proportional"
revise = 0.2
)",
                                          "hd.toml");
  auto backend = make_cpu_backend(2);
  const PopulationRun run = run_population(c, *backend);
  const double dt = 0.2 / 3.0;
  std::vector<double> times;
  for (size_t g = 0; g < run.generations.size(); g += 20) times.push_back(g * dt);
  const theory::Trajectory ode =
      theory::integrate_replicator(as_theory_matrix(c), {0.1, 0.9}, times);
  for (size_t k = 0; k < times.size(); ++k) {
    const StrategyTotals& t = run.generations[k * 20];
    const double hawks = double(t.agents[0]) / double(c.population.agents);
    // Tolerance: the map is an Euler scheme with step dt (first order) plus sampling noise.
    EXPECT_NEAR(hawks, ode.states[k][0], 0.02) << "generation " << k * 20;
  }
  EXPECT_NEAR(ode.states.back()[0], 0.5, 0.01);
}

}  // namespace
}  // namespace evomarket
