// The generation loops stop at a generation boundary once a signal asked them to
// (host/run/interrupt.h), and hand the state there to on_interrupt for the final checkpoint.
#include "host/run/interrupt.h"

#include <gtest/gtest.h>

#include <csignal>

#include "host/run/population_run.h"
#include "host/run/stop_rules.h"

namespace evomarket {
namespace {

const char* kPopulation = R"(
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 200
shares = [0.5, 0.5]
generations = 10
[stop]
at_fixation = false
)";

class InterruptedLoop : public ::testing::Test {
 protected:
  void TearDown() override { set_interrupt_signal(0); }
};

TEST_F(InterruptedLoop, PopulationStopsBetweenGenerationsAndReportsTheBoundary) {
  const ExperimentConfig config = parse_config(kPopulation, "interrupt.toml");
  auto backend = make_cpu_backend(1);
  uint32_t stopped_before = 0;
  size_t history = 0;
  PopulationHooks hooks;
  hooks.after_update = [](uint32_t next, const Simulation&, const std::vector<StrategyTotals>&) {
    if (next == 3) set_interrupt_signal(SIGINT);  // arrives during generation 2's update
  };
  hooks.on_interrupt = [&](uint32_t next, const Simulation&, const std::vector<StrategyTotals>& h) {
    stopped_before = next;
    history = h.size();
  };
  const PopulationRun run = run_population(config, *backend, hooks);
  EXPECT_EQ(run.stop_reason, kStopInterrupted);
  EXPECT_EQ(run.generations.size(), 3u);
  EXPECT_EQ(stopped_before, 3u);
  EXPECT_EQ(history, 3u);
}

TEST_F(InterruptedLoop, SignalNames) {
  EXPECT_STREQ(signal_name(SIGINT), "SIGINT");
  EXPECT_STREQ(signal_name(SIGTERM), "SIGTERM");
}

}  // namespace
}  // namespace evomarket
