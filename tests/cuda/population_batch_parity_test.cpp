// The CUDA batch of populations (cuda/cuda_population_batch.cu) against the CPU: an ensemble run
// as batches on the GPU gives every replicate exactly the generations the CPU gives it run
// alone, for every partner structure, matrix, iterated and group games, mutation and migration,
// whatever the number of slots. Skips without a CUDA device.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/backend/population_batch.h"
#include "host/config/config.h"
#include "host/run/ensemble.h"
#include "host/run/ensemble_batch.h"
#include "host/run/simulation.h"
#include "support/cuda_device.h"
#include "support/same_replicates.h"

namespace evomarket {
namespace {

// Fixation without mutation: replicates end at different generations, so slots change hands.
const char* kRandomFixation = R"toml(
[experiment]
seed = 3
replicates = 40
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 50
partners = "random"
matches_per_agent = 3
counts = [40, 10]
generations = 60
[dynamics]
rule = "fermi"
beta = 1.0
)toml";

const char* kIteratedLattice = R"toml(
[experiment]
seed = 8
replicates = 9
[game]
kind = "iterated"
turns = 30
noise = 0.02
[population]
strategies = ["TitForTat", "Defector", "WinStayLoseShift", "Random(0.3)"]
agents = 100
partners = "lattice"
lattice_width = 10
neighbourhood = 8
self_interaction = true
shares = [0.3, 0.3, 0.2, 0.2]
generations = 8
[dynamics]
rule = "imitate_best"
mutation = 0.02
)toml";

const char* kCommunitiesWithMigration = R"toml(
[experiment]
seed = 12
replicates = 11
[game]
kind = "matrix"
matrix.strategies = ["Hawk", "Dove"]
matrix.payoffs = [[1, 5], [2, 3]]
[population]
agents = 90
partners = "community"
community_size = 20
migration = 0.05
shares = [0.5, 0.5]
generations = 10
[dynamics]
rule = "death_birth"
mutation = 0.01
)toml";

const char* kCompleteMixing = R"toml(
[experiment]
seed = 21
replicates = 30
[game]
kind = "matrix"
matrix.strategies = ["Rock", "Paper", "Scissors"]
matrix.payoffs = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
[population]
agents = 30
partners = "all"
counts = [10, 10, 10]
generations = 40
[dynamics]
rule = "fermi"
beta = 2.0
)toml";

const char* kPublicGoods = R"toml(
[experiment]
seed = 5
replicates = 10
[game]
kind = "group"
group_game = "public_goods"
group_size = 5
cost = 1.0
factor = 3.0
[population]
agents = 60
partners = "random"
matches_per_agent = 2
strategies = ["Cooperate", "Defect"]
shares = [0.5, 0.5]
generations = 12
[dynamics]
rule = "fermi"
beta = 2.0
mutation = 0.01
)toml";

TEST(CudaPopulationBatchParity, EveryReplicateMatchesTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  auto cpu = make_cpu_backend(2);
  auto gpu = make_cuda_backend();
  for (const char* text : {kRandomFixation, kIteratedLattice, kCommunitiesWithMigration,
                           kCompleteMixing, kPublicGoods}) {
    const ExperimentConfig config = parse_config(text, "batch.toml");
    SCOPED_TRACE(config.game.kind == GameKind::kGroup ? "group game" : text);
    const auto setup = make_simulation_setup(config);
    const EnsembleRun expected = run_ensemble(config, *cpu, 2);
    // The backend's own choice of slots (every replicate at once), a few slots taking turns,
    // and the run_ensemble path itself.
    testing::expect_same_ensemble(run_ensemble(config, *gpu, 1, {}, {}, setup), expected);
    for (size_t slots : {size_t{3}, gpu->population_batch_slots(setup->game, setup->population)}) {
      SCOPED_TRACE(::testing::Message() << slots << " slots");
      testing::expect_same_ensemble(run_batched_ensemble(config, *setup, *gpu, slots), expected);
    }
  }
}

TEST(CudaPopulationBatchParity, SlotStrategiesMatchTheCpuEngine) {
  SKIP_WITHOUT_CUDA_DEVICE();
  auto cpu = make_cpu_backend(1);
  auto gpu = make_cuda_backend();
  const ExperimentConfig config = parse_config(kIteratedLattice, "batch.toml");
  const auto setup = make_simulation_setup(config);
  auto on_gpu = gpu->make_population_batch(setup->game, setup->population, setup->evolution, 4);
  auto on_cpu = cpu->make_population_batch(setup->game, setup->population, setup->evolution, 4);
  std::vector<BatchSlot> slots = {{7, 0, true}, {0, 0, false}, {9, 0, true}, {11, 0, true}};
  on_gpu->place_strategies({0, 2, 3}, slots, config.population.counts);
  on_cpu->place_strategies({0, 2, 3}, slots, config.population.counts);
  for (uint32_t g = 0; g < 4; ++g) {
    for (BatchSlot& slot : slots) slot.generation = g;
    slots[3].active = g < 2;  // a slot that goes idle keeps nothing of the others
    const std::vector<StrategyTotals> a = on_gpu->play_generation(slots);
    const std::vector<StrategyTotals> b = on_cpu->play_generation(slots);
    for (size_t k : {0, 2}) {
      EXPECT_EQ(a[k].agents, b[k].agents) << "slot " << k << ", generation " << g;
      EXPECT_EQ(a[k].payoff, b[k].payoff) << "slot " << k << ", generation " << g;
    }
    on_gpu->evolve(slots);
    on_cpu->evolve(slots);
    for (size_t k : {0, 2}) EXPECT_EQ(on_gpu->strategies(k), on_cpu->strategies(k)) << k;
  }
}

}  // namespace
}  // namespace evomarket
