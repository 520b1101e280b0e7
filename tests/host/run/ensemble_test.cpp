// Ensembles (host/run/ensemble.h): replicates equal the single runs of their derived seeds,
// results do not depend on threads or on being resumed, fixation frequencies agree with the
// closed form, and the Wilson interval has its known values.
#include "host/run/ensemble.h"

#include <gtest/gtest.h>

#include <cmath>
#include <csignal>

#include "host/errors.h"
#include "host/profiles/synth.h"
#include "host/run/ensemble_checkpoint.h"
#include "host/run/interrupt.h"
#include "host/run/market_run.h"
#include "host/run/population_run.h"
#include "host/run/stop_rules.h"
#include "host/theory/finite_population.h"
#include "kernels/rng.h"
#include "tests/support/same_replicates.h"
#include "tests/support/temp_dir.h"

namespace evomarket {
namespace {

// One D among 19 C in a prisoner's dilemma, Fermi at a weak intensity: D takes over with a
// probability near 0.2, so a few thousand replicates measure it closely.
const char* kFixation = R"(
[experiment]
seed = 11
replicates = 4000
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 20
partners = "all"
counts = [19, 1]
generations = 1000000
[dynamics]
rule = "fermi"
schedule = "asynchronous"
beta = 0.1
)";

// A synchronous population: replicates run on the CPU backend's engines.
const char* kSynchronous = R"(
[experiment]
seed = 5
replicates = 12
[game]
kind = "matrix"
matrix.strategies = ["Hawk", "Dove"]
matrix.payoffs = [[-1, 4], [0, 2]]
[population]
agents = 300
partners = "random"
matches_per_agent = 3
shares = [0.5, 0.5]
generations = 15
[dynamics]
rule = "fermi"
beta = 0.5
mutation = 0.01
)";

TEST(Ensemble, ReplicateRIsTheSingleRunOfItsDerivedSeed) {
  for (const char* text : {kFixation, kSynchronous}) {
    ExperimentConfig config = parse_config(text, "ensemble.toml");
    config.replicates = 6;
    auto backend = make_cpu_backend(2);
    const EnsembleRun run = run_ensemble(config, *backend, 2);
    ASSERT_EQ(run.replicates.size(), 6u);
    for (uint32_t r = 0; r < 6; ++r) {
      const ExperimentConfig one = replicate_config(config, r);
      EXPECT_EQ(one.seed, derived_seed(config.seed, r, Purpose::kReplicate));
      EXPECT_EQ(one.replicates, 1u);
      const PopulationRun alone = run_population(one, *backend);
      ReplicateOutcome expected;
      expected.seed = one.seed;
      expected.generations = alone.generations;
      expected.stop_reason = alone.stop_reason;
      testing::expect_same_replicate(run.replicates[r], expected, r);
    }
  }
}

TEST(Ensemble, ReplicatesDifferFromEachOther) {
  const ExperimentConfig config = parse_config(kSynchronous, "ensemble.toml");
  auto backend = make_cpu_backend(1);
  const EnsembleRun run = run_ensemble(config, *backend, 2);
  EXPECT_NE(run.replicates[0].generations.back().agents,
            run.replicates[1].generations.back().agents);
}

TEST(Ensemble, ResultsDoNotDependOnThreads) {
  const ExperimentConfig config = parse_config(kSynchronous, "ensemble.toml");
  auto backend = make_cpu_backend(1);
  const EnsembleRun one = run_ensemble(config, *backend, 1);
  const EnsembleRun three = run_ensemble(config, *backend, 3);
  for (size_t r = 0; r < one.replicates.size(); ++r) {
    testing::expect_same_replicate(one.replicates[r], three.replicates[r], r);
  }
  EXPECT_EQ(one.agent_turns, three.agent_turns);
}

TEST(Ensemble, FixationFrequencyAgreesWithTheClosedForm) {
  const ExperimentConfig config = parse_config(kFixation, "fixation.toml");
  auto backend = make_cpu_backend(2);
  const EnsembleRun run = run_ensemble(config, *backend, 2);
  uint64_t defect = 0;
  for (const ReplicateOutcome& outcome : run.replicates) {
    ASSERT_EQ(outcome.stop_reason, kStopFixation);
    defect += outcome.fixed_strategy(20) == 1 ? 1 : 0;
  }
  const double rho = theory::fixation_probability(theory::Process::kFermi, {{3, 0}, {5, 1}}, 20,
                                                  0.1, /*resident=*/0, /*mutant=*/1);
  // Binomial bound: 4.5 standard deviations of 4000 draws (fails by chance with p < 1e-5).
  const double n = 4000;
  const double sd = std::sqrt(rho * (1 - rho) / n);
  EXPECT_NEAR(defect / n, rho, 4.5 * sd) << "rho = " << rho;
  const Interval ci = wilson_interval(defect, 4000);
  EXPECT_LT(ci.low, defect / n);
  EXPECT_GT(ci.high, defect / n);
}

TEST(Ensemble, WilsonIntervalKnownValues) {
  // 0 of 10: [0, z^2 / (n + z^2)]; 5 of 10: 0.5 -+ 0.2634 (Wilson 1927; Newcombe 1998 table).
  const Interval none = wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.2775, 1e-4);
  const Interval half = wilson_interval(5, 10);
  EXPECT_NEAR(half.low, 0.2366, 1e-4);
  EXPECT_NEAR(half.high, 0.7634, 1e-4);
  const Interval all = wilson_interval(10, 10);
  EXPECT_NEAR(all.low, 0.7225, 1e-4);
  EXPECT_DOUBLE_EQ(all.high, 1.0);
}

class InterruptedEnsemble : public testing::TempDirTest {
 protected:
  void TearDown() override {
    set_interrupt_signal(0);
    TempDirTest::TearDown();
  }
};

TEST_F(InterruptedEnsemble, ResumesFromItsCheckpointToTheSameReplicates) {
  const ExperimentConfig config = parse_config(kSynchronous, "ensemble.toml");
  auto backend = make_cpu_backend(1);
  const EnsembleRun whole = run_ensemble(config, *backend, 2);

  const std::string path = file("ensemble.checkpoint");
  const std::string identity = simulation_identity(config);
  EnsembleHooks hooks;
  uint32_t finished = 0;
  hooks.on_replicate = [&](uint32_t, const EnsembleRun&) {
    if (++finished == 5) set_interrupt_signal(SIGTERM);
  };
  const EnsembleRun stopped = run_ensemble(config, *backend, 1, hooks);
  EXPECT_TRUE(stopped.interrupted);
  write_ensemble_checkpoint(path, "test", identity, stopped);
  set_interrupt_signal(0);

  std::vector<ReplicateOutcome> earlier =
      read_ensemble_checkpoint(path, "test", identity, config.replicates, 2, 300);
  uint32_t saved = 0;
  for (const ReplicateOutcome& outcome : earlier) saved += outcome.finished() ? 1 : 0;
  EXPECT_EQ(saved, 5u);
  const EnsembleRun resumed = run_ensemble(config, *backend, 2, {}, std::move(earlier));
  EXPECT_FALSE(resumed.interrupted);
  for (size_t r = 0; r < whole.replicates.size(); ++r) {
    testing::expect_same_replicate(whole.replicates[r], resumed.replicates[r], r);
  }
}

using EnsembleCheckpoint = testing::TempDirTest;

TEST_F(EnsembleCheckpoint, RefusesAnotherConfigAndDamagedFiles) {
  const ExperimentConfig config = parse_config(kSynchronous, "ensemble.toml");
  auto backend = make_cpu_backend(1);
  ExperimentConfig small = config;
  small.replicates = 3;
  const EnsembleRun run = run_ensemble(small, *backend, 1);
  const std::string path = file("c.checkpoint");
  write_ensemble_checkpoint(path, "v", simulation_identity(small), run);
  EXPECT_NO_THROW(read_ensemble_checkpoint(path, "v", simulation_identity(small), 3, 2, 300));
  EXPECT_THROW(read_ensemble_checkpoint(path, "v", simulation_identity(config), 12, 2, 300),
               ConfigError);  // another config (12 replicates)
  EXPECT_THROW(read_ensemble_checkpoint(path, "w", simulation_identity(small), 3, 2, 300),
               ConfigError);  // another version
  EXPECT_THROW(read_ensemble_checkpoint(path, "v", simulation_identity(small), 3, 2, 301),
               ConfigError);  // rows that do not add up to the agents
  EXPECT_THROW(read_ensemble_checkpoint(file("missing"), "v", "", 3, 2, 300), ConfigError);
}

using MarketEnsemble = testing::TempDirTest;

// Market replicates share the profiles read once; each equals the single run of its seed with
// the profiles read for it alone.
TEST_F(MarketEnsemble, ReplicateRIsTheSingleMarketRunOfItsDerivedSeed) {
  SynthOptions o = default_community();
  o.meters = 30;
  o.days = 2;
  o.out = file("profiles.h5");
  synthesize_profiles(o);
  const ExperimentConfig config = parse_config(
      "[experiment]\nmode = \"market\"\nseed = 4\nreplicates = 3\n[market]\nprofiles = \"" + o.out +
          "\"\nagents = 600\ncommunity_size = 50\ndays = 2\ngenerations = 3\n"
          "strategies = [\"Truthful\", \"ZIC\", \"Markup(0.5)\"]\n"
          "[dynamics]\nrule = \"fermi\"\nbeta = 0.05\nmutation = 0.02\n",
      "market.toml");
  auto backend = make_cpu_backend(2);
  const MarketInputs shared = load_market_inputs(config, config.market.profiles);
  const EnsembleRun run = run_market_ensemble(config, shared, *backend);
  ASSERT_EQ(run.replicates.size(), 3u);
  for (uint32_t r = 0; r < 3; ++r) {
    const ExperimentConfig one = replicate_config(config, r);
    const MarketInputs own = load_market_inputs(one, one.market.profiles);
    const MarketRunResult alone = run_market(one, own, *backend);
    ASSERT_EQ(run.replicates[r].generations.size(), alone.generations.size()) << r;
    EXPECT_EQ(run.replicates[r].stop_reason, alone.stop_reason);
    for (size_t g = 0; g < alone.generations.size(); ++g) {
      EXPECT_EQ(run.replicates[r].generations[g].agents, alone.generations[g].agents) << r << g;
      EXPECT_EQ(run.replicates[r].generations[g].payoff, alone.generations[g].payoff) << r << g;
    }
  }
  EXPECT_NE(run.replicates[0].generations.back().payoff,
            run.replicates[1].generations.back().payoff);
}

TEST(EnsembleConfig, RefusesPerAgentOutputsAndOtherModes) {
  const std::string base = kSynchronous;
  EXPECT_THROW(parse_config(base + "[output]\nsnapshot_every = 2\n", "e.toml"), ConfigError);
  EXPECT_THROW(parse_config(base, "e.toml", {"population.record_agents=true"}), ConfigError);
  EXPECT_THROW(parse_config(base, "e.toml", {"experiment.replicates=0"}), ConfigError);
  EXPECT_THROW(parse_config(base, "e.toml", {"experiment.mode=\"tournament\""}), ConfigError);
  const std::string market = "[experiment]\nmode = \"market\"\nreplicates = 2\n";
  EXPECT_NO_THROW(parse_config(market, "m.toml"));
  try {
    parse_config(market + "[market]\nper_community = true\n", "m.toml");
    ADD_FAILURE() << "market.per_community accepted in an ensemble";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("per_community"), std::string::npos) << e.what();
  }
  EXPECT_THROW(replicate_config(parse_config(base, "e.toml"), 12), ConfigError);
  EXPECT_NO_THROW(replicate_config(parse_config(base, "e.toml"), 11));
}

}  // namespace
}  // namespace evomarket
