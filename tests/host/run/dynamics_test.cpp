// Evolutionary dynamics on the CPU backend: known outcomes, thread-count independence, and the
// invariants of each update rule and population structure.
#include <gtest/gtest.h>

#include <fstream>
#include <numeric>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/errors.h"
#include "host/run/population_run.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

PopulationRun run(const std::string& toml, const std::vector<std::string>& overrides = {},
                  int threads = 2) {
  const ExperimentConfig c = parse_config(toml, "dyn.toml", overrides);
  auto backend = make_cpu_backend(threads);
  return run_population(c, *backend);
}

std::string config_error(const std::string& text, const std::vector<std::string>& overrides) {
  try {
    parse_config(text, "dyn.toml", overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

double share(const StrategyTotals& t, size_t s) {
  const uint64_t n = std::accumulate(t.agents.begin(), t.agents.end(), uint64_t{0});
  return double(t.agents[s]) / double(n);
}

void expect_same(const PopulationRun& a, const PopulationRun& b) {
  ASSERT_EQ(a.generations.size(), b.generations.size());
  for (size_t g = 0; g < a.generations.size(); ++g) {
    EXPECT_EQ(a.generations[g].agents, b.generations[g].agents) << "generation " << g;
    EXPECT_EQ(a.generations[g].payoff, b.generations[g].payoff) << "generation " << g;
    EXPECT_EQ(a.generations[g].turns, b.generations[g].turns) << "generation " << g;
  }
  EXPECT_EQ(a.final_agents.strategy, b.final_agents.strategy);
}

const char* kPrisonersDilemma = R"(
[experiment]
seed = 3
[game]
kind = "matrix"
matrix.strategies = ["C", "D"]
matrix.payoffs = [[100, 0], [190, 0]]
[population]
agents = 10000
shares = [0.9, 0.1]
generations = 400
record_agents = true
[dynamics]
rule = "fermi"
beta = 0.1
)";

TEST(Dynamics, DefectionTakesOverAWellMixedPopulation) {
  const PopulationRun r = run(kPrisonersDilemma);
  EXPECT_EQ(r.stop_reason, "fixation");
  EXPECT_EQ(r.generations.back().agents[1], 10000u);
  EXPECT_LT(r.generations.size(), 400u);
}

TEST(Dynamics, NowakMaySpatialDilemmaKeepsCooperatorClusters) {
  // 1.8 < b = 1.9 < 2, Moore neighbourhood with self-interaction, imitate the best.
  const PopulationRun r =
      run(kPrisonersDilemma, {"population.partners=\"lattice\"", "population.agents=6400",
                              "population.neighbourhood=8", "population.self_interaction=true",
                              "dynamics.rule=\"imitate_best\"", "population.generations=120"});
  EXPECT_EQ(r.stop_reason, "generations");
  double lo = 1, hi = 0;
  for (size_t g = 60; g < r.generations.size(); ++g) {
    lo = std::min(lo, share(r.generations[g], 0));
    hi = std::max(hi, share(r.generations[g], 0));
  }
  EXPECT_GT(lo, 0.2);  // Nowak & May: fluctuates around 0.318
  EXPECT_LT(hi, 0.45);
}

TEST(Dynamics, HawkDoveSettlesAtTheMixedEquilibrium) {
  // V = 2, C = 4: hawks at V / C = 1/2 under proportional imitation with complete mixing.
  const PopulationRun r = run(R"(
[game]
kind = "matrix"
matrix.strategies = ["Hawk", "Dove"]
matrix.payoffs = [[-1, 2], [0, 1]]
[population]
agents = 200000
partners = "all"
shares = [0.1, 0.9]
generations = 300
[dynamics]
rule = "proportional"
revise = 0.2
)");
  EXPECT_NEAR(share(r.generations.back(), 0), 0.5, 0.01);
}

TEST(Dynamics, SameResultsForOneAndTwoThreadsInEveryStructure) {
  const std::string base = kPrisonersDilemma;
  const std::vector<std::vector<std::string>> variants = {
      {"dynamics.mutation=0.01", "population.generations=15"},
      {"population.partners=\"lattice\"", "population.neighbourhood=4", "population.generations=15",
       "dynamics.mutation=0.001"},
      {"population.partners=\"community\"", "population.community_size=50",
       "population.migration=0.05", "dynamics.rule=\"death_birth\"", "dynamics.w=0.5",
       "population.generations=15"},
      {"population.partners=\"all\"", "dynamics.rule=\"proportional\"", "population.generations=15",
       "dynamics.revise=0.3"},
  };
  for (const auto& v : variants) {
    SCOPED_TRACE(v.front());
    expect_same(run(base, v, 1), run(base, v, 2));
  }
  // An iterated game with noise, too.
  const char* iterated = R"(
[game]
turns = 20
noise = 0.05
[population]
agents = 3000
strategies = ["TitForTat", "Defector", "WSLS", "GTFT"]
shares = [0.25, 0.25, 0.25, 0.25]
matches_per_agent = 2
generations = 6
record_agents = true
[dynamics]
rule = "fermi"
beta = 2.0
mutation = 0.01
)";
  expect_same(run(iterated, {}, 1), run(iterated, {}, 2));
}

TEST(Dynamics, WithoutAnUpdateRuleStrategiesNeverChange) {
  const PopulationRun r =
      run(kPrisonersDilemma, {"dynamics.rule=\"none\"", "population.generations=5"});
  for (const auto& t : r.generations) EXPECT_EQ(t.agents, r.generations[0].agents);
}

TEST(Dynamics, MutationKeepsBothStrategiesAndNeverFixates) {
  const PopulationRun r =
      run(kPrisonersDilemma, {"dynamics.mutation=0.05", "population.generations=200"});
  EXPECT_EQ(r.stop_reason, "generations");
  EXPECT_GT(r.generations.back().agents[0], 0u);
}

TEST(Dynamics, CommunityCountsAddUpToTheStrategyCounts) {
  const ExperimentConfig c =
      parse_config(kPrisonersDilemma, "dyn.toml",
                   {"population.partners=\"community\"", "population.community_size=300",
                    "population.generations=3", "output.community_counts=true"});
  auto backend = make_cpu_backend(2);
  const PopulationRun r = run_population(c, *backend);
  for (const StrategyTotals& t : r.generations) {
    ASSERT_EQ(t.community_agents.size(), 34u * 2);  // 33 full communities and one of 100
    std::vector<uint64_t> sum(2, 0);
    for (size_t community = 0; community < 34; ++community) {
      const uint64_t size =
          t.community_agents[community * 2] + t.community_agents[community * 2 + 1];
      EXPECT_EQ(size, community < 33 ? 300u : 100u);
      for (size_t s = 0; s < 2; ++s) sum[s] += t.community_agents[community * 2 + s];
    }
    EXPECT_EQ(sum, t.agents);
  }
  EXPECT_NE(config_error(kPrisonersDilemma, {"output.community_counts=true"}).find("community"),
            std::string::npos);
}

TEST(Dynamics, MigrationOnlyMovesAgents) {
  // No update rule: migration permutes agents between communities, counts stay.
  const PopulationRun r =
      run(kPrisonersDilemma,
          {"population.partners=\"community\"", "population.community_size=10",
           "population.migration=0.5", "dynamics.rule=\"none\"", "population.generations=3"});
  EXPECT_EQ(r.generations[2].agents, r.generations[0].agents);
}

class DynamicsGraph : public evomarket::testing::TempDirTest {};

TEST_F(DynamicsGraph, StarGraphCentreMeetsEveryone) {
  // A star: agent 0 linked to 1..9. One-shot games along every edge once per generation.
  std::ofstream edges(file("star.txt"));
  edges << "# star\n";
  for (int i = 1; i < 10; ++i) edges << "0 " << i << "\n";
  edges.close();
  const PopulationRun r =
      run(kPrisonersDilemma, {"population.partners=\"graph\"", "population.agents=10",
                              "population.graph_file=\"" + file("star.txt") + "\"",
                              "population.generations=1", "dynamics.rule=\"none\""});
  EXPECT_EQ(r.generations[0].matches, 9u);
  EXPECT_EQ(r.final_agents.turns[0], 9u);
  for (int i = 1; i < 10; ++i) EXPECT_EQ(r.final_agents.turns[i], 1u);
}

TEST_F(DynamicsGraph, BadGraphFilesNameTheLine) {
  std::ofstream(file("bad.txt")) << "0 1\n1 2\n2 99\n";
  std::ofstream(file("loop.txt")) << "0 1\n1 1\n";
  std::ofstream(file("twice.txt")) << "0 1\n1 0\n";
  std::ofstream(file("junk.txt")) << "0 1 2\n";
  const auto error = [&](const std::string& name) {
    try {
      run(kPrisonersDilemma, {"population.partners=\"graph\"", "population.agents=10",
                              "population.graph_file=\"" + file(name) + "\""});
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("bad.txt").find("bad.txt:3: node ids must lie in [0, 10)"), std::string::npos);
  EXPECT_NE(error("loop.txt").find("loop.txt:2: self loop"), std::string::npos);
  EXPECT_NE(error("twice.txt").find("appears twice"), std::string::npos);
  EXPECT_NE(error("junk.txt").find("junk.txt:1: expected an edge"), std::string::npos);
  EXPECT_NE(error("missing.txt").find("cannot open"), std::string::npos);
}

TEST(DynamicsConfig, BadInputIsRejectedWithTheKey) {
  const std::string t = kPrisonersDilemma;
  EXPECT_NE(config_error(t, {"dynamics.beta=-1"}).find("dynamics.beta"), std::string::npos);
  EXPECT_NE(config_error(t, {"dynamics.mutation=1.5"}).find("dynamics.mutation"),
            std::string::npos);
  EXPECT_NE(config_error(t, {"population.partners=\"lattice\"", "population.agents=10001"})
                .find("square number of agents"),
            std::string::npos);
  EXPECT_NE(config_error(t, {"population.partners=\"lattice\"", "population.lattice_width=7"})
                .find("population.lattice_width"),
            std::string::npos);
  EXPECT_NE(config_error(t, {"game.matrix.payoffs=[[1, 2, 3], [4, 5, 6]]"}).find("2 x 2"),
            std::string::npos);
  EXPECT_NE(config_error(t, {"game.matrix.payoffs=[[1.5, 2], [4, 5]]"}).find("integer payoffs"),
            std::string::npos);
  EXPECT_NE(config_error(t, {"population.shares=[0.5, 0.4]"}).find("summing to 1"),
            std::string::npos);
  EXPECT_NE(config_error(t, {"dynamics.rule=\"imitate_best\""}).find("imitate_best"),
            std::string::npos);
  EXPECT_NE(
      config_error(t, {"dynamics.schedule=\"asynchronous\""}).find("population.partners = \"all\""),
      std::string::npos);
  EXPECT_NE(config_error(t, {"dynamics.rule=\"birth_death\""}).find("asynchronous"),
            std::string::npos);
  EXPECT_NE(config_error(t, {"dynamics.rule=\"telepathy\""}).find("one of \"none\""),
            std::string::npos);
  // Fitness 1 - w + w * payoff must stay positive: the smallest payoff here is -5.
  EXPECT_NE(config_error(t, {"game.matrix.payoffs=[[1, -5], [2, 0]]", "population.partners=\"all\"",
                             "dynamics.schedule=\"asynchronous\"", "dynamics.rule=\"birth_death\"",
                             "dynamics.w=0.5"})
                .find("dynamics.w"),
            std::string::npos);
  EXPECT_NE(config_error(t, {"population.migration=0.1"}).find("community"), std::string::npos);
  EXPECT_NE(config_error(t, {"population.strategies=[\"C\", \"D\"]"}).find("matrix game"),
            std::string::npos);
}

}  // namespace
}  // namespace evomarket
