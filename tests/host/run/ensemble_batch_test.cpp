// Batched ensembles (host/run/ensemble_batch.h) on the CPU backend's engine batch: whatever the
// number of slots, every replicate equals the one run_ensemble gives it, also when replicates
// end at different generations and slots take new replicates, when resumed, and when a signal
// stops the batch.
#include "host/run/ensemble_batch.h"

#include <gtest/gtest.h>

#include <csignal>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "host/backend/population_batch.h"
#include "host/run/interrupt.h"
#include "host/run/stop_rules.h"
#include "tests/support/same_replicates.h"

namespace evomarket {
namespace {

// A prisoner's dilemma without mutation on a small well-mixed population: replicates fixate
// after different numbers of generations, some hit the generation limit first.
const char* kFixating = R"(
[experiment]
seed = 3
replicates = 24
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 20
partners = "random"
matches_per_agent = 2
counts = [15, 5]
generations = 10
[dynamics]
rule = "fermi"
beta = 1.0
)";

// An iterated game with noise and mutation on a lattice: every replicate runs to the limit.
const char* kLattice = R"(
[experiment]
seed = 8
replicates = 7
[game]
kind = "iterated"
turns = 20
noise = 0.02
[population]
strategies = ["TitForTat", "Defector", "WinStayLoseShift"]
agents = 64
partners = "lattice"
lattice_width = 8
shares = [0.4, 0.3, 0.3]
generations = 6
[dynamics]
rule = "imitate_best"
mutation = 0.02
)";

TEST(EnsembleBatch, EveryReplicateEqualsItsRunAloneWhateverTheSlots) {
  for (const char* text : {kFixating, kLattice}) {
    const ExperimentConfig config = parse_config(text, "batch.toml");
    const auto setup = make_simulation_setup(config);
    auto backend = make_cpu_backend(1);
    const EnsembleRun threaded = run_ensemble(config, *backend, 2);
    for (size_t slots : {1, 5, 7, 100}) {
      SCOPED_TRACE(::testing::Message() << "slots " << slots);
      testing::expect_same_ensemble(run_batched_ensemble(config, *setup, *backend, slots),
                                    threaded);
    }
  }
}

// A time budget spent before the first generation: each replicate stops at its start with
// nothing played, as run alone, and the slots still take every replicate.
TEST(EnsembleBatch, EveryReplicateSpendsItsOwnTimeBudget) {
  ExperimentConfig config = parse_config(kFixating, "batch.toml");
  config.stop.max_seconds = 1e-12;
  const auto setup = make_simulation_setup(config);
  auto backend = make_cpu_backend(1);
  const EnsembleRun threaded = run_ensemble(config, *backend, 2);
  for (const ReplicateOutcome& outcome : threaded.replicates) {
    ASSERT_EQ(outcome.stop_reason, kStopTimeBudget);
  }
  testing::expect_same_ensemble(run_batched_ensemble(config, *setup, *backend, 5), threaded);
}

TEST(EnsembleBatch, SlotsTakeNewReplicatesAsOthersEnd) {
  const ExperimentConfig config = parse_config(kFixating, "batch.toml");
  const auto setup = make_simulation_setup(config);
  auto backend = make_cpu_backend(1);
  std::vector<uint32_t> order;
  EnsembleHooks hooks;
  hooks.on_replicate = [&](uint32_t r, const EnsembleRun& run) {
    EXPECT_TRUE(run.replicates[r].finished());
    order.push_back(r);
  };
  const EnsembleRun run = run_batched_ensemble(config, *setup, *backend, 4, hooks);
  // The test is only worth its name when replicates end at different generations, some by
  // fixation and some at the limit.
  std::set<size_t> lengths;
  std::set<std::string> reasons;
  for (const ReplicateOutcome& outcome : run.replicates) {
    lengths.insert(outcome.generations.size());
    reasons.insert(outcome.stop_reason);
  }
  EXPECT_GE(lengths.size(), 3u);
  EXPECT_EQ(reasons, (std::set<std::string>{kStopFixation, kStopGenerations}));
  ASSERT_EQ(order.size(), config.replicates);
  EXPECT_EQ(std::set<uint32_t>(order.begin(), order.end()).size(), config.replicates);
}

class InterruptedBatch : public ::testing::Test {
 protected:
  void TearDown() override { set_interrupt_signal(0); }
};

TEST_F(InterruptedBatch, LeavesRunningReplicatesUnfinishedAndResumesToTheSameResults) {
  const ExperimentConfig config = parse_config(kFixating, "batch.toml");
  const auto setup = make_simulation_setup(config);
  auto backend = make_cpu_backend(1);
  const EnsembleRun whole = run_batched_ensemble(config, *setup, *backend, 6);

  EnsembleHooks hooks;
  uint32_t finished = 0;
  hooks.on_replicate = [&](uint32_t, const EnsembleRun&) {
    if (++finished == 5) set_interrupt_signal(SIGTERM);
  };
  EnsembleRun stopped = run_batched_ensemble(config, *setup, *backend, 6, hooks);
  EXPECT_TRUE(stopped.interrupted);
  uint32_t done = 0;
  for (size_t r = 0; r < stopped.replicates.size(); ++r) {
    if (!stopped.replicates[r].finished()) continue;
    ++done;
    testing::expect_same_replicate(stopped.replicates[r], whole.replicates[r], r);
  }
  EXPECT_GE(done, 5u);
  EXPECT_LT(done, config.replicates);
  set_interrupt_signal(0);

  uint32_t rerun = 0;
  hooks.on_replicate = [&](uint32_t, const EnsembleRun&) { ++rerun; };
  const EnsembleRun resumed =
      run_batched_ensemble(config, *setup, *backend, 6, hooks, std::move(stopped.replicates));
  EXPECT_EQ(rerun, config.replicates - done);
  EXPECT_FALSE(resumed.interrupted);
  for (size_t r = 0; r < whole.replicates.size(); ++r) {
    testing::expect_same_replicate(resumed.replicates[r], whole.replicates[r], r);
  }
}

TEST(EngineBatch, SlotsEqualEnginesOfTheirSeeds) {
  const ExperimentConfig config = parse_config(kLattice, "batch.toml");
  const auto setup = make_simulation_setup(config);
  auto backend = make_cpu_backend(1);
  auto batch = backend->make_population_batch(setup->game, setup->population, setup->evolution, 3);
  ASSERT_EQ(batch->slots(), 3u);
  std::vector<BatchSlot> slots = {{101, 0, true}, {0, 0, false}, {303, 0, true}};
  batch->place_strategies({0, 2}, slots, config.population.counts);
  std::vector<std::unique_ptr<GameSetup>> games;
  std::vector<std::unique_ptr<PopulationEngine>> alone;
  for (size_t slot : {0, 2}) {
    games.push_back(std::make_unique<GameSetup>(setup->game));
    games.back()->seed = slots[slot].seed;
    alone.push_back(backend->make_population(*games.back(), setup->population, setup->evolution));
    alone.back()->place_strategies(config.population.counts);
  }
  for (uint32_t g = 0; g < 3; ++g) {
    slots[0].generation = slots[2].generation = g;
    const std::vector<StrategyTotals> played = batch->play_generation(slots);
    batch->evolve(slots);
    EXPECT_TRUE(played[1].agents.empty());  // the idle slot
    for (size_t k = 0; k < 2; ++k) {
      const size_t slot = k == 0 ? 0 : 2;
      const StrategyTotals expected = alone[k]->play_generation(g);
      alone[k]->evolve(g);
      EXPECT_EQ(played[slot].agents, expected.agents) << "slot " << slot << ", generation " << g;
      EXPECT_EQ(played[slot].payoff, expected.payoff) << "slot " << slot << ", generation " << g;
      EXPECT_EQ(batch->strategies(slot), alone[k]->snapshot().strategy) << "slot " << slot;
    }
  }
  EXPECT_NE(batch->strategies(0), batch->strategies(2));  // the seeds differ
  EXPECT_THROW(batch->play_generation({slots[0]}), std::invalid_argument);
  EXPECT_THROW(batch->strategies(1), std::logic_error);
}

// A device batch holds 2^22 agents, each population's 4 S + 1 counters counted as agents.
TEST(DeviceBatch, SlotsFillTheBatchAndNeverDropBelowOne) {
  EXPECT_EQ(device_batch_slots(50, 2), kDeviceBatchAgents / 59);
  EXPECT_EQ(device_batch_slots(2, 65), kDeviceBatchAgents / 263);
  EXPECT_EQ(device_batch_slots(kDeviceBatchAgents / 2, 2), 1u);
  EXPECT_EQ(device_batch_slots(kDeviceBatchAgents, 2), 1u);
  EXPECT_EQ(device_batch_slots(uint64_t{1} << 40, 2), 1u);
}

}  // namespace
}  // namespace evomarket
