// Group games on the CUDA backend against the CPU twin: bit-identical totals and agents,
// generation after generation, on every structure (well-mixed, communities, lattices, graphs),
// one-shot and repeated. Skips when no CUDA device is present.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/config/game_builder.h"
#include "support/cuda_device.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

const char* kGroupGame = R"toml(
[experiment]
seed = 13
[game]
kind = "group"
group_game = "public_goods"
group_size = 5
cost = 1.0
factor = 4.0
rounds = 3
[population]
agents = 10000
strategies = ["Cooperate", "Defect", "Conditional(1)", "Conditional(3)"]
shares = [0.25, 0.25, 0.25, 0.25]
matches_per_agent = 2
generations = 8
[dynamics]
rule = "fermi"
beta = 2.0
mutation = 0.01
)toml";

template <typename T>
void expect_same_vector(const std::vector<T>& cpu, const std::vector<T>& gpu, const char* what) {
  ASSERT_EQ(cpu.size(), gpu.size()) << what;
  for (size_t i = 0; i < cpu.size(); ++i) ASSERT_EQ(cpu[i], gpu[i]) << what << "[" << i << "]";
}

void expect_same_agents(const AgentSnapshot& cpu, const AgentSnapshot& gpu) {
  expect_same_vector(cpu.strategy, gpu.strategy, "strategy");
  expect_same_vector(cpu.payoff, gpu.payoff, "agent payoff");
  expect_same_vector(cpu.turns, gpu.turns, "agent turns");
}

// Plays and evolves population.generations generations on both backends; returns how many
// agents changed strategy (so the dynamics did something).
uint64_t expect_same_run(const std::vector<std::string>& overrides,
                         const std::string& toml = kGroupGame) {
  const ExperimentConfig config = parse_config(toml, "group.toml", overrides);
  const GameSetup game = make_game_setup(config);
  const EvolutionSetup evolution = make_evolution_setup(config, game);
  const PopulationSpec spec = make_population_spec(config);
  auto cpu = make_cpu_backend(2)->make_population(game, spec, evolution);
  auto gpu = make_cuda_backend()->make_population(game, spec, evolution);
  cpu->place_strategies(config.population.counts);
  gpu->place_strategies(config.population.counts);
  const std::vector<uint16_t> before = cpu->snapshot().strategy;
  for (uint32_t g = 0; g < config.population.generations; ++g) {
    SCOPED_TRACE("generation " + std::to_string(g));
    const StrategyTotals c = cpu->play_generation(g);
    const StrategyTotals d = gpu->play_generation(g);
    expect_same_vector(c.agents, d.agents, "agents");
    expect_same_vector(c.payoff, d.payoff, "payoff");
    expect_same_vector(c.turns, d.turns, "turns");
    expect_same_vector(c.cooperations, d.cooperations, "cooperations");
    EXPECT_EQ(c.matches, d.matches);
    expect_same_agents(cpu->snapshot(), gpu->snapshot());
    cpu->evolve(g);
    gpu->evolve(g);
    expect_same_agents(cpu->snapshot(), gpu->snapshot());
    if (::testing::Test::HasFatalFailure()) break;
  }
  const std::vector<uint16_t> after = cpu->snapshot().strategy;
  uint64_t changed = 0;
  for (size_t i = 0; i < before.size(); ++i) changed += before[i] != after[i] ? 1 : 0;
  return changed;
}

std::string describe(const std::vector<std::string>& overrides) {
  std::string text;
  for (const std::string& o : overrides) text += (text.empty() ? "" : " ") + o;
  return text;
}

TEST(GroupGameParity, WellMixedCommunitiesAndLattices) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const std::vector<std::vector<std::string>> variants = {
      {},
      {"game.rounds=1"},
      {"game.group_game=\"stag_hunt\"", "game.threshold=3"},
      {"population.partners=\"community\"", "population.community_size=37",
       "population.migration=0.05", "dynamics.rule=\"death_birth\"", "dynamics.w=0.3"},
      {"population.partners=\"lattice\"", "dynamics.rule=\"proportional\""},
      {"population.partners=\"lattice\"", "population.neighbourhood=8", "game.group_size=9",
       "dynamics.rule=\"imitate_best\""},
  };
  for (const auto& v : variants) {
    SCOPED_TRACE(describe(v));
    EXPECT_GT(expect_same_run(v), 0u);
    if (HasFatalFailure()) return;
  }
  // The collective-risk dilemma reads no factor.
  std::string crd = kGroupGame;
  crd.erase(crd.find("factor = 4.0\n"), 13);
  crd.replace(crd.find("\"public_goods\""), 14, "\"collective_risk\"\nthreshold = 3\nrisk = 0.8");
  crd.replace(crd.find("cost = 1.0"), 10, "cost = 0.1");
  SCOPED_TRACE("collective risk");
  EXPECT_GT(expect_same_run({"dynamics.beta=10"}, crd), 0u);
}

class GroupGameParityGraph : public evomarket::testing::TempDirTest {};

// Heterogeneous degrees: groups of 2 to several members, each evaluated at its own size.
TEST_F(GroupGameParityGraph, HeterogeneousGraph) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const std::string path = file("graph.txt");
  std::set<std::pair<uint64_t, uint64_t>> edges;
  const auto add = [&](uint64_t u, uint64_t v) {
    if (u != v) edges.insert({std::min(u, v), std::max(u, v)});
  };
  for (uint64_t i = 0; i < 1990; ++i) add(i, (i + 1) % 1990);
  for (uint64_t i = 0; i < 1999; i += 3) add(i, (i * 7 + 3) % 1999);
  for (uint64_t i = 1; i < 40; ++i) add(0, i * 37);  // a hub
  {
    std::ofstream out(path);
    for (const auto& [u, v] : edges) out << u << " " << v << "\n";
  }
  const std::vector<std::string> on_graph = {
      "population.partners=\"graph\"", "population.agents=2000",
      "population.graph_file=\"" + path + "\"", "population.generations=10"};
  EXPECT_GT(expect_same_run(on_graph), 0u);
}

}  // namespace
}  // namespace evomarket
