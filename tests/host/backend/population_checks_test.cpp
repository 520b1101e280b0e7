// The checks of host/backend/population_checks.h on the CPU backend: a population whose graph
// addresses agents that do not exist, or complete mixing without a payoff matrix, is rejected
// when the engine is made (the CUDA backend rejects the same; tests/cuda/cuda_parity_test.cpp).
#include <gtest/gtest.h>

#include <stdexcept>

#include "host/backend/backend.h"
#include "host/backend/population_checks.h"

namespace evomarket {
namespace {

GameSetup two_strategy_game(GameKind kind) {
  GameSetup game;
  game.kind = kind;
  game.strategies.names = {"A", "B"};
  if (kind == GameKind::kMatrix) game.matrix = {3, 0, 5, 1};
  return game;
}

PopulationSpec spec_of(uint64_t agents, PartnerMode mode) {
  PopulationSpec spec;
  spec.layout = PopulationLayout{agents, mode, 0, 0, 0, 0, nullptr, nullptr, 0, nullptr, 0};
  return spec;
}

void expect_rejected(const GameSetup& game, const PopulationSpec& spec) {
  const EvolutionSetup evolution;
  EXPECT_THROW(make_cpu_backend(1)->make_population(game, spec, evolution), std::invalid_argument);
  EXPECT_THROW(check_population(spec, game), std::invalid_argument);
}

TEST(PopulationChecks, CpuBackendRejectsGraphsThatAddressMissingAgents) {
  const GameSetup game = two_strategy_game(GameKind::kMatrix);
  PopulationSpec graph = spec_of(4, PartnerMode::kGraph);
  expect_rejected(game, graph);  // no CSR arrays
  graph.graph_offsets = {0, 1, 2, 2, 2};
  graph.graph_neighbours = {1, 7};  // node 7 does not exist
  expect_rejected(game, graph);
  graph.graph_neighbours = {1, 0, 0};  // offsets end at 2, three neighbours
  expect_rejected(game, graph);
  graph.graph_offsets = {0, 2, 1, 2, 2};  // offsets decrease
  graph.graph_neighbours = {1, 0};
  expect_rejected(game, graph);
  graph.graph_offsets = {0, 1, 2, 2};  // three nodes' offsets for four agents
  expect_rejected(game, graph);
  graph.graph_offsets = {0, 1, 2, 2, 2};  // a valid graph: 0 - 1, nodes 2 and 3 alone
  graph.graph_neighbours = {1, 0};
  const EvolutionSetup evolution;
  EXPECT_NO_THROW(make_cpu_backend(1)->make_population(game, graph, evolution));
}

TEST(PopulationChecks, CpuBackendRejectsCompleteMixingWithoutAMatrixGame) {
  const PopulationSpec complete = spec_of(10, PartnerMode::kComplete);
  expect_rejected(two_strategy_game(GameKind::kIterated), complete);
  const EvolutionSetup evolution;
  const GameSetup matrix = two_strategy_game(GameKind::kMatrix);
  auto engine = make_cpu_backend(1)->make_population(matrix, complete, evolution);
  engine->place_strategies({4, 6});
  const StrategyTotals totals = engine->play_generation(0);
  // An A agent meets 3 As (3 each) and 6 Bs (0): 9; a B agent meets 4 As (5) and 5 Bs (1): 25.
  EXPECT_EQ(totals.payoff, (std::vector<int64_t>{4 * 9, 6 * 25}));
}

}  // namespace
}  // namespace evomarket
