// The memory estimate runs are checked against before they allocate (host/run/memory_estimate.h).
#include "host/run/memory_estimate.h"

#include <gtest/gtest.h>

#include <string>

#include "host/backend/backend.h"
#include "host/backend/population_batch.h"
#include "host/errors.h"

namespace evomarket {
namespace {

const char* kPopulation = R"(
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 1000
shares = [0.5, 0.5]
)";

ExperimentConfig population(uint64_t agents) {
  return parse_config(kPopulation, "memory.toml", {"population.agents=" + std::to_string(agents)});
}

TEST(MemoryEstimate, PopulationGrowsWithTheAgentsAtTheEnginesBytesPerAgent) {
  const MemoryEstimate cpu = estimate_population_memory(population(10'000'000'000), false, 0);
  EXPECT_EQ(cpu.host_bytes, 10'000'000'000 * kCpuPopulationBytesPerAgent);
  EXPECT_EQ(cpu.device_bytes, 0u);
  EXPECT_NE(cpu.what.find("population.agents = 10000000000"), std::string::npos) << cpu.what;
  const MemoryEstimate gpu = estimate_population_memory(population(1000), true, 0);
  EXPECT_EQ(gpu.device_bytes, 1000 * kCudaPopulationDeviceBytesPerAgent);
  EXPECT_EQ(gpu.host_bytes, 1000 * kCudaPopulationHostBytesPerAgent);
}

TEST(MemoryEstimate, GraphFileAddsItsEdges) {
  const MemoryEstimate none = estimate_population_memory(population(1000), false, 0);
  const MemoryEstimate graph = estimate_population_memory(population(1000), false, 4000);
  EXPECT_EQ(graph.host_bytes - none.host_bytes, 4000 * kGraphBytesPerFileByte + 1001 * 8);
}

TEST(MemoryEstimate, AsynchronousPopulationsHoldCountsOnly) {
  ExperimentConfig c = population(1'000'000'000'000);
  c.dynamics.schedule = Schedule::kAsynchronous;
  EXPECT_EQ(estimate_population_memory(c, false, 0).host_bytes, 0u);
}

// Host threads hold one population each; the GPU holds one device batch of them, as many as
// device_batch_slots gives (never more than the replicates).
TEST(MemoryEstimate, EnsemblesHoldThePopulationsThatRunAtOnce) {
  ExperimentConfig c = population(50);
  c.replicates = 100'000;
  const MemoryEstimate one_cpu = estimate_population_memory(c, false, 0);
  const MemoryEstimate one_gpu = estimate_population_memory(c, true, 0);
  const uint64_t outcomes = 100'000 * 2 * 4 * 8;
  const MemoryEstimate threads = estimate_ensemble_memory(c, false, 0, 4);
  EXPECT_EQ(threads.host_bytes, 4 * one_cpu.host_bytes + outcomes);
  EXPECT_EQ(threads.device_bytes, 0u);
  const MemoryEstimate batch = estimate_ensemble_memory(c, true, 0, 4);
  const uint64_t slots = device_batch_slots(50, 2);
  ASSERT_LT(slots, 100'000u);
  EXPECT_EQ(batch.device_bytes, slots * one_gpu.device_bytes);
  EXPECT_EQ(batch.host_bytes, one_gpu.host_bytes + outcomes);
  c.replicates = 3;
  EXPECT_EQ(estimate_ensemble_memory(c, true, 0, 4).device_bytes, 3 * one_gpu.device_bytes);
}

TEST(MemoryEstimate, TournamentCountsPairsTimesRepetitions) {
  ExperimentConfig c = population(1000);
  c.tournament.repetitions = 4294967295u;
  c.tournament.self_play = true;
  const MemoryEstimate e = estimate_tournament_memory(c, 2, false);
  // 3 pairs (self-play) x (2^32 - 1) matches x (job + outcome) bytes, and the scores.
  const uint64_t matches = 3 * uint64_t{4294967295u};
  EXPECT_GE(e.host_bytes, matches * (sizeof(MatchJob) + sizeof(MatchOutcome)));
  EXPECT_NE(e.what.find("4294967295"), std::string::npos) << e.what;
  const MemoryEstimate huge = estimate_tournament_memory(c, 60000, true);  // saturates
  EXPECT_EQ(huge.host_bytes, UINT64_MAX);
  EXPECT_EQ(format_bytes(huge.host_bytes), "more than 16 EiB");
}

TEST(MemoryEstimate, CheckNamesTheEstimateTheLimitAndItsSource) {
  const MemoryEstimate e = estimate_population_memory(population(10'000'000'000), false, 0);
  MemoryLimit limit;
  limit.host_bytes = uint64_t{64} << 30;
  limit.host_source = "physical memory (sysconf)";
  try {
    check_memory(e, limit);
    FAIL() << "not refused";
  } catch (const ConfigError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("372.5 GiB"), std::string::npos) << what;
    EXPECT_NE(what.find("64.0 GiB"), std::string::npos) << what;
    EXPECT_NE(what.find("physical memory (sysconf)"), std::string::npos) << what;
    EXPECT_NE(what.find("--memory-limit"), std::string::npos) << what;
  }
  limit.host_bytes = uint64_t{1} << 40;
  EXPECT_NO_THROW(check_memory(e, limit));
  limit.device_bytes = 1000;
  limit.device_source = "free memory of the GPU";
  MemoryEstimate device = e;
  device.device_bytes = 1001;
  EXPECT_THROW(check_memory(device, limit), ConfigError);
}

TEST(MemoryEstimate, SizesParseWithBinaryUnits) {
  EXPECT_EQ(parse_memory_size("1000", "--memory-limit"), 1000u);
  EXPECT_EQ(parse_memory_size("4K", "--memory-limit"), 4096u);
  EXPECT_EQ(parse_memory_size("64G", "--memory-limit"), uint64_t{64} << 30);
  EXPECT_EQ(parse_memory_size("1.5T", "--memory-limit"), uint64_t{3} << 39);
  for (const char* bad : {"", "0", "-1G", "lots", "12Q", "1e30"}) {
    EXPECT_THROW(parse_memory_size(bad, "--memory-limit"), ConfigError) << bad;
  }
}

TEST(MemoryEstimate, PhysicalMemoryIsKnownHere) {
  EXPECT_GT(physical_memory_bytes(), 0u);
}

}  // namespace
}  // namespace evomarket
