// Group games in evolving populations (CPU backend): the public goods game's two regimes, the
// collective-risk dilemma's cooperation rising with risk, the table form reproducing the public
// goods game, and bit-identical results across thread counts on every structure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/run/population_run.h"
#include "kernels/group_game.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

PopulationRun run(const std::string& toml, const std::vector<std::string>& overrides = {},
                  int threads = 2) {
  const ExperimentConfig c = parse_config(toml, "group.toml", overrides);
  auto backend = make_cpu_backend(threads);
  return run_population(c, *backend);
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
    EXPECT_EQ(a.generations[g].cooperations, b.generations[g].cooperations) << "generation " << g;
    EXPECT_EQ(a.generations[g].matches, b.generations[g].matches) << "generation " << g;
  }
  EXPECT_EQ(a.final_agents.strategy, b.final_agents.strategy);
  EXPECT_EQ(a.final_agents.payoff, b.final_agents.payoff);
}

// Well-mixed public goods in groups of N = 5 (c = 1), half cooperators, Fermi imitation.
const char* kPublicGoods = R"toml(
[experiment]
seed = 7
[game]
kind = "group"
group_game = "public_goods"
group_size = 5
cost = 1.0
factor = 3.0
[population]
agents = 2000
strategies = ["Cooperate", "Defect"]
shares = [0.5, 0.5]
matches_per_agent = 2
generations = 300
record_agents = true
[dynamics]
rule = "fermi"
beta = 2.0
)toml";

// r < N: a cooperator always earns c (1 - r / N) less than a defector beside the same others,
// so defection takes over; r > N: cooperation does. Both fixate within 300 generations (seed 7).
TEST(GroupDynamics, PublicGoodsDefectionBelowNCooperationAboveN) {
  const PopulationRun low = run(kPublicGoods, {"game.factor=3.0"}, 1);
  EXPECT_EQ(low.stop_reason, "fixation");
  EXPECT_EQ(share(low.generations.back(), 1), 1.0) << "Defect after r = 3 < N = 5";
  const PopulationRun high = run(kPublicGoods, {"game.factor=8.0"}, 1);
  EXPECT_EQ(high.stop_reason, "fixation");
  EXPECT_EQ(share(high.generations.back(), 0), 1.0) << "Cooperate after r = 8 > N = 5";
}

// Every agent starts matches_per_agent groups and joins others' groups: N groups each on
// average, one round each; payoffs per round are the stage game's (generation 0, half
// cooperators: the mean payoff over all agents is (r - 1) c times the share of cooperators).
TEST(GroupDynamics, GenerationTotalsCountGroupsRoundsAndMovesC) {
  const PopulationRun r = run(kPublicGoods, {"population.generations=1"});
  const StrategyTotals& t = r.generations[0];
  EXPECT_EQ(t.matches, 2000u * 2);
  EXPECT_EQ(t.turns[0] + t.turns[1], 2000u * 2 * 5);
  EXPECT_EQ(t.cooperations[0], t.turns[0]);  // Cooperate always plays C
  EXPECT_EQ(t.cooperations[1], 0u);
  const double total = double(t.payoff[0] + t.payoff[1]) / double(kGroupPayoffOne);
  // Each group pays out r c k - c k = 2 k: summed over groups, 2 * (moves C).
  EXPECT_NEAR(total, 2.0 * double(t.cooperations[0]), 1e-3 * double(t.turns[0]));
}

// Collective risk (Santos & Pacheco 2011): N = 6, M = 3, c = 0.1, Fermi beta = 10, mutation
// 0.01. The share of cooperators, averaged over the last 200 of 400 generations, rises with the
// risk of collective loss (measured with seed 21: 0.024, 0.494, 0.634, 0.714 at risk 0.1, 0.3,
// 0.5, 0.9; the per-generation spread is about 0.015).
TEST(GroupDynamics, CollectiveRiskCooperationRisesWithRisk) {
  const char* crd = R"toml(
[experiment]
seed = 21
[game]
kind = "group"
group_game = "collective_risk"
group_size = 6
cost = 0.1
threshold = 3
risk = 0.5
[population]
agents = 1000
strategies = ["Cooperate", "Defect"]
shares = [0.5, 0.5]
matches_per_agent = 2
generations = 400
[dynamics]
rule = "fermi"
beta = 10.0
mutation = 0.01
[stop]
at_fixation = false
)toml";
  std::vector<double> level;
  for (const char* risk : {"0.1", "0.3", "0.5", "0.9"}) {
    const PopulationRun r = run(crd, {std::string("game.risk=") + risk}, 1);
    double sum = 0;
    for (size_t g = 200; g < 400; ++g) sum += share(r.generations[g], 0);
    level.push_back(sum / 200);
    std::printf("risk %s: mean share of cooperators %.3f\n", risk, level.back());
  }
  EXPECT_LT(level[0], 0.1);  // defection dominates at low risk
  for (size_t i = 1; i < level.size(); ++i) EXPECT_GT(level[i], level[i - 1] + 0.03) << i;
  EXPECT_GT(level.back(), 0.6);
}

// The gradient of selection of a group game in an infinite well-mixed population with a share x
// of cooperators: f_C - f_D averaged over the binomial number of other cooperators.
double gradient(const GroupGame& g, double x) {
  const int m = g.group_size - 1;
  double sum = 0, choose = 1;
  for (int j = 0; j <= m; ++j) {
    sum += choose * std::pow(x, j) * std::pow(1 - x, m - j) *
           (group_payoff(g, true, j) - group_payoff(g, false, j));
    choose = choose * (m - j) / (j + 1);
  }
  return sum;
}

// The N-player stag hunt (Pacheco et al. 2009; N = 5, M = 3, r = 4, c = 1) is bistable with
// coexistence: from few cooperators defection takes over; from many, the population settles at
// the stable interior root x_R of the gradient of selection (0.82 here), not at full
// cooperation. Measured (seed 7): 0.819 after 500 generations from 90%.
TEST(GroupDynamics, StagHuntSettlesAtTheStableInteriorPointOrDefects) {
  GroupGame g{};
  g.kind = GroupGameKind::kStagHunt;
  g.group_size = 5;
  g.cost = 1;
  g.factor = 4;
  g.threshold = 3;
  double lo = 0.6, hi = 0.99;  // the gradient is positive at 0.6, negative at 0.99
  ASSERT_GT(gradient(g, lo), 0);
  ASSERT_LT(gradient(g, hi), 0);
  for (int i = 0; i < 60; ++i) (gradient(g, (lo + hi) / 2) > 0 ? lo : hi) = (lo + hi) / 2;
  const double x_r = lo;
  EXPECT_NEAR(x_r, 0.82, 0.01);
  const std::vector<std::string> stag = {"game.group_game=\"stag_hunt\"", "game.threshold=3",
                                         "game.factor=4", "population.generations=500"};
  std::vector<std::string> many = stag, few = stag;
  many.push_back("population.shares=[0.9, 0.1]");
  few.push_back("population.shares=[0.2, 0.8]");
  const PopulationRun from_many = run(kPublicGoods, many, 1);
  ASSERT_EQ(from_many.generations.size(), 500u);
  double mean = 0;
  for (size_t t = 400; t < 500; ++t) mean += share(from_many.generations[t], 0) / 100;
  EXPECT_NEAR(mean, x_r, 0.03);
  const PopulationRun from_few = run(kPublicGoods, few, 1);
  EXPECT_EQ(from_few.stop_reason, "fixation");
  EXPECT_EQ(share(from_few.generations.back(), 1), 1.0);
}

// The table game given the public goods payoffs plays the public goods game bit for bit.
TEST(GroupDynamics, TableWithThePublicGoodsPayoffsIsThePublicGoodsGame) {
  GroupGame pgg{};
  pgg.kind = GroupGameKind::kPublicGoods;
  pgg.group_size = 5;
  pgg.cost = 1.0;
  pgg.factor = 3.0;
  std::vector<std::string> coop, defect;
  for (int i = 0; i < 5; ++i) {
    coop.push_back(fmt::format("{:.17g}", group_payoff(pgg, true, i)));
    defect.push_back(fmt::format("{:.17g}", group_payoff(pgg, false, i)));
  }
  std::string table = kPublicGoods;
  table.replace(table.find("group_game = \"public_goods\""), 27, "group_game = \"table\"");
  table.erase(table.find("cost = 1.0\n"), 11);
  table.erase(table.find("factor = 3.0\n"), 13);
  table += fmt::format("[game.table]\ncooperator = [{}]\ndefector = [{}]\n", fmt::join(coop, ", "),
                       fmt::join(defect, ", "));
  // [game.table] after [dynamics] is fine in TOML: a table header names its own place.
  const std::vector<std::string> shorter = {"population.generations=40",
                                            "population.strategies=[\"Cooperate\", \"Defect\", "
                                            "\"Conditional(3)\"]",
                                            "population.shares=[0.4, 0.3, 0.3]",
                                            "dynamics.mutation=0.01"};
  std::vector<std::string> repeated = shorter;
  repeated.push_back("game.rounds=4");
  for (const auto& overrides : {shorter, repeated}) {
    const PopulationRun a = run(kPublicGoods, overrides);
    const PopulationRun b = run(table, overrides);
    expect_same(a, b);
    EXPECT_EQ(a.generations.size(), 40u);
  }
}

class GroupStructures : public evomarket::testing::TempDirTest {
 protected:
  // 400 nodes: a ring with chords, degrees 2 to 4.
  std::string write_graph() {
    const std::string path = file("graph.txt");
    std::set<std::pair<int, int>> edges;
    const auto add = [&](int u, int v) {
      if (u != v) edges.insert({std::min(u, v), std::max(u, v)});
    };
    for (int i = 0; i < 400; ++i) add(i, (i + 1) % 400);
    for (int i = 0; i < 400; i += 3) add(i, (i * 7 + 11) % 400);
    std::ofstream out(path);
    for (const auto& [u, v] : edges) out << u << " " << v << "\n";
    return path;
  }
};

// Same seed, one thread or two: bit-identical totals and agents, on every structure, one-shot
// and repeated, with conditional strategies and mutation.
TEST_F(GroupStructures, SameResultsForOneAndTwoThreads) {
  const std::string graph = write_graph();
  const std::vector<std::string> common = {
      "population.generations=30",
      "population.strategies=[\"Cooperate\", \"Defect\", \"Conditional(1)\", \"Conditional(4)\"]",
      "population.shares=[0.25, 0.25, 0.25, 0.25]", "dynamics.mutation=0.01", "game.rounds=3"};
  const std::vector<std::vector<std::string>> structures = {
      {},
      {"game.rounds=1"},
      {"game.group_game=\"stag_hunt\"", "game.threshold=3"},
      {"population.partners=\"community\"", "population.community_size=50"},
      {"population.partners=\"lattice\"", "population.agents=1600"},
      {"population.partners=\"lattice\"", "population.agents=1600", "game.group_size=9",
       "population.neighbourhood=8", "dynamics.rule=\"imitate_best\""},
      {"population.partners=\"graph\"", "population.agents=400",
       "population.graph_file=\"" + graph + "\"", "dynamics.rule=\"death_birth\"",
       "dynamics.w=0.5"},
  };
  for (const auto& s : structures) {
    std::vector<std::string> overrides = common;
    overrides.insert(overrides.end(), s.begin(), s.end());
    SCOPED_TRACE(fmt::format("{}", fmt::join(s, " ")));
    const PopulationRun one = run(kPublicGoods, overrides, 1);
    const PopulationRun two = run(kPublicGoods, overrides, 2);
    expect_same(one, two);
    uint64_t turns = 0;
    for (uint64_t t : one.generations[0].turns) turns += t;
    EXPECT_GT(turns, 0u);
  }
}

// On a lattice every agent plays the group centred on itself and on each of its 4 neighbours:
// 5 groups of 5, rounds each.
TEST(GroupDynamics, LatticeAgentsPlayInTheirOwnAndTheirNeighboursGroups) {
  const PopulationRun r =
      run(kPublicGoods, {"population.partners=\"lattice\"", "population.agents=400",
                         "population.generations=1", "game.rounds=2"});
  const StrategyTotals& t = r.generations[0];
  EXPECT_EQ(t.matches, 400u);
  for (uint32_t rounds : r.final_agents.turns) EXPECT_EQ(rounds, 5u * 2);
}

}  // namespace
}  // namespace evomarket
