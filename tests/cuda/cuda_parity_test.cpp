// The CUDA backend against its CPU twin: bit-identical match outcomes, strategy totals and agent
// snapshots. Every parity test skips when no CUDA device is present (the reason says why).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/backend.h"
#include "host/errors.h"
#include "host/game_setup.h"
#include "host/probability.h"
#include "host/strategy_catalog.h"
#include "kernels/match.h"
#include "kernels/population.h"

namespace evomarket {
namespace {

#define SKIP_WITHOUT_CUDA_DEVICE()                                \
  do {                                                            \
    std::string why_no_device;                                    \
    if (cuda_device_count(&why_no_device) == 0) {                 \
      GTEST_SKIP() << "no usable CUDA device: " << why_no_device; \
    }                                                             \
  } while (0)

// A field of strategies of every kind: deterministic machines, majority rules (whole history
// and windowed), and stochastic memory-one strategies.
const std::vector<std::string> kZoo = {"Cooperator",
                                       "Defector",
                                       "TitForTat",
                                       "SuspiciousTitForTat",
                                       "TitFor2Tats",
                                       "TwoTitsForTat",
                                       "Grudger",
                                       "WinStayLoseShift",
                                       "Alternator",
                                       "Cycler(CCD)",
                                       "GoByMajority",
                                       "HardGoByMajority(5)",
                                       "GoByMajority(64)",
                                       "Random(0.3)",
                                       "GTFT",
                                       "Joss(0.9)",
                                       "MemoryOne(0.9, 0.1, 0.8, 0.2, D)"};

constexpr uint64_t kSeed = 0x9E3779B97F4A7C15ull;  // high bits set: both key words matter

MatchRules make_rules(uint32_t turns, double noise, double prob_end, uint32_t max_turns) {
  return MatchRules{kAxelrodPayoffs, turns, probability_threshold(noise, "noise"),
                    probability_threshold(prob_end, "prob_end"), max_turns};
}

GameSetup make_game(const std::vector<std::string>& specs, const MatchRules& rules,
                    bool shortcuts) {
  GameSetup game;
  game.strategies = compile_strategies(specs, {}, rules.payoffs);
  game.rules = rules;
  game.seed = kSeed;
  if (shortcuts) game.shortcuts = build_match_table(game.strategies, rules);
  return game;
}

// Every ordered pair (self-play included), `repetitions` times, each match with its own id and
// the repetition as its generation. Ids start above 2^32 so the counter's high word is used.
std::vector<MatchJob> tournament_jobs(uint32_t strategies, uint32_t repetitions) {
  std::vector<MatchJob> jobs;
  uint64_t id = (uint64_t{1} << 33) + 17;
  for (uint32_t r = 0; r < repetitions; ++r) {
    for (uint32_t a = 0; a < strategies; ++a) {
      for (uint32_t b = 0; b < strategies; ++b) jobs.push_back(MatchJob{a, b, id++, r});
    }
  }
  return jobs;
}

void expect_same_outcomes(const std::vector<MatchOutcome>& cpu,
                          const std::vector<MatchOutcome>& gpu, const std::vector<MatchJob>& jobs) {
  ASSERT_EQ(cpu.size(), jobs.size());
  ASSERT_EQ(gpu.size(), jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) {
    const MatchOutcome& c = cpu[i];
    const MatchOutcome& g = gpu[i];
    const bool same = c.score[0] == g.score[0] && c.score[1] == g.score[1] &&
                      c.cooperations[0] == g.cooperations[0] &&
                      c.cooperations[1] == g.cooperations[1] && c.turns == g.turns;
    ASSERT_TRUE(same) << "job " << i << " (" << jobs[i].first << " vs " << jobs[i].second << ", id "
                      << jobs[i].match_id << "): cpu " << c.score[0] << "/" << c.score[1]
                      << " coop " << c.cooperations[0] << "/" << c.cooperations[1] << " turns "
                      << c.turns << "; cuda " << g.score[0] << "/" << g.score[1] << " coop "
                      << g.cooperations[0] << "/" << g.cooperations[1] << " turns " << g.turns;
  }
}

void expect_same_matches(const GameSetup& game, uint32_t repetitions) {
  const std::vector<MatchJob> jobs = tournament_jobs(game.strategies.size(), repetitions);
  const std::vector<MatchOutcome> cpu = make_cpu_backend(2)->play_matches(game, jobs);
  const std::vector<MatchOutcome> gpu = make_cuda_backend()->play_matches(game, jobs);
  expect_same_outcomes(cpu, gpu, jobs);
}

template <typename T>
void expect_same_vector(const std::vector<T>& cpu, const std::vector<T>& gpu, const char* what) {
  ASSERT_EQ(cpu.size(), gpu.size()) << what;
  for (size_t i = 0; i < cpu.size(); ++i) {
    ASSERT_EQ(cpu[i], gpu[i]) << what << "[" << i << "]";
  }
}

void expect_same_totals(const StrategyTotals& cpu, const StrategyTotals& gpu) {
  expect_same_vector(cpu.agents, gpu.agents, "agents");
  expect_same_vector(cpu.payoff, gpu.payoff, "payoff");
  expect_same_vector(cpu.turns, gpu.turns, "turns");
  expect_same_vector(cpu.cooperations, gpu.cooperations, "cooperations");
  EXPECT_EQ(cpu.matches, gpu.matches);
}

void expect_same_snapshot(const AgentSnapshot& cpu, const AgentSnapshot& gpu) {
  expect_same_vector(cpu.strategy, gpu.strategy, "strategy");
  expect_same_vector(cpu.payoff, gpu.payoff, "agent payoff");
  expect_same_vector(cpu.turns, gpu.turns, "agent turns");
}

// Places `counts`, plays the listed generations on both backends and compares everything.
void expect_same_population(const GameSetup& game, const PopulationLayout& layout,
                            const std::vector<uint64_t>& counts,
                            const std::vector<uint32_t>& generations) {
  std::unique_ptr<PopulationEngine> cpu = make_cpu_backend(0)->make_population(game, layout);
  std::unique_ptr<PopulationEngine> gpu = make_cuda_backend()->make_population(game, layout);
  cpu->place_strategies(counts);
  gpu->place_strategies(counts);
  {
    SCOPED_TRACE("after placement");
    expect_same_snapshot(cpu->snapshot(), gpu->snapshot());
  }
  for (uint32_t g : generations) {
    SCOPED_TRACE("generation " + std::to_string(g));
    const StrategyTotals c = cpu->play_generation(g);
    const StrategyTotals d = gpu->play_generation(g);
    expect_same_totals(c, d);
    expect_same_snapshot(cpu->snapshot(), gpu->snapshot());
  }
}

// Counts for `agents` agents spread unevenly over `strategies` strategies (all present).
std::vector<uint64_t> uneven_counts(uint64_t agents, size_t strategies) {
  std::vector<uint64_t> counts(strategies);
  uint64_t weight_sum = 0;
  for (size_t s = 0; s < strategies; ++s) weight_sum += s % 5 + 1;
  uint64_t placed = 0;
  for (size_t s = 0; s < strategies; ++s) {
    counts[s] = agents * (s % 5 + 1) / weight_sum;
    placed += counts[s];
  }
  counts[0] += agents - placed;
  return counts;
}

// ---------------------------------------------------------------------------------------------

TEST(CudaBackend, DeviceCountNeverThrowsAndAutoFallsBackToCpu) {
#ifdef EVOMARKET_HAVE_CUDA
  EXPECT_TRUE(cuda_backend_built());
#else
  EXPECT_FALSE(cuda_backend_built());
#endif
  int devices = -1;
  EXPECT_NO_THROW(devices = cuda_device_count(nullptr));
  std::string why;
  EXPECT_NO_THROW(EXPECT_EQ(cuda_device_count(&why), devices));  // a second query agrees
  EXPECT_GE(devices, 0);
  const std::unique_ptr<Backend> automatic = make_backend(BackendChoice::kAuto, 1);
  if (devices == 0) {
    EXPECT_FALSE(why.empty());
    EXPECT_EQ(automatic->name(), "cpu");
    EXPECT_THROW(make_backend(BackendChoice::kCuda, 1), ConfigError);
    EXPECT_THROW(make_cuda_backend(), ConfigError);
  } else {
    EXPECT_EQ(automatic->name(), "cuda");
    EXPECT_NE(automatic->device().find("(sm_"), std::string::npos) << automatic->device();
    EXPECT_NE(automatic->device().find(" SMs)"), std::string::npos) << automatic->device();
  }
  // The failed (or successful) device query left nothing behind: the CPU still works.
  EXPECT_EQ(make_backend(BackendChoice::kCpu, 1)->name(), "cpu");
}

TEST(CudaParity, TournamentFixedTurnsWithShortcuts) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(200, 0.0, 0.0, 1000), true);
  ASSERT_FALSE(game.shortcuts.outcomes.empty());
  expect_same_matches(game, 5);
}

TEST(CudaParity, TournamentFixedTurnsWithoutShortcuts) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(200, 0.0, 0.0, 1000), false);
  expect_same_matches(game, 5);
}

TEST(CudaParity, TournamentWithNoise) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(200, 0.05, 0.0, 1000), true);
  expect_same_matches(game, 5);
}

TEST(CudaParity, TournamentWithProbEndAndNoise) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(0, 0.02, 0.01, 500), true);
  expect_same_matches(game, 5);
}

TEST(CudaParity, TournamentWithProbEndWithoutNoise) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(0, 0.0, 0.005, 2000), false);
  expect_same_matches(game, 3);
}

TEST(CudaParity, EmptyJobListGivesNoOutcomes) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(10, 0.0, 0.0, 10), true);
  EXPECT_TRUE(make_cuda_backend()->play_matches(game, {}).empty());
}

TEST(CudaParity, RandomPartnersWithNoise) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(40, 0.05, 0.0, 1000), true);
  const PopulationLayout layout{200003, PartnerMode::kRandom, 5, 0};
  expect_same_population(game, layout, uneven_counts(layout.agents, kZoo.size()), {0, 1, 1000});
}

TEST(CudaParity, RandomPartnersWithProbEnd) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(0, 0.01, 0.05, 100), false);
  const PopulationLayout layout{50000, PartnerMode::kRandom, 3, 0};
  expect_same_population(game, layout, uneven_counts(layout.agents, kZoo.size()), {0, 3});
}

TEST(CudaParity, CommunitiesWithShortcuts) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // Deterministic pairs come from the table; pairs with a stochastic strategy are played. 30007
  // agents in communities of 50: the last community has 7 (odd) agents.
  const GameSetup game = make_game(kZoo, make_rules(30, 0.0, 0.0, 1000), true);
  const PopulationLayout layout{30007, PartnerMode::kCommunity, 0, 50};
  expect_same_population(game, layout, uneven_counts(layout.agents, kZoo.size()), {0, 2});
}

TEST(CudaParity, CommunitiesWithNoiseAndUnplacedStrategies) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // Counts cover fewer strategies than the game has (the rest hold no agents).
  const GameSetup game = make_game(kZoo, make_rules(20, 0.1, 0.0, 1000), false);
  const PopulationLayout layout{10001, PartnerMode::kCommunity, 0, 33};
  expect_same_population(game, layout, {3000, 0, 2500, 4501}, {5});
}

TEST(CudaParity, ManyStrategiesUseTheGlobalCounters) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // More strategies than the per-block shared-memory counters hold.
  std::vector<std::string> specs;
  for (uint32_t i = 0; i < 4700; ++i) {
    std::string cycle;
    for (int bit = 12; bit >= 0; --bit) cycle += ((i >> bit) & 1u) ? 'D' : 'C';
    specs.push_back("Cycler(" + cycle + ")");
  }
  for (uint32_t i = 1; i <= 400; ++i) specs.push_back("Random(" + std::to_string(i) + "e-3)");
  const GameSetup game = make_game(specs, make_rules(16, 0.02, 0.0, 1000), false);
  const PopulationLayout layout{40000, PartnerMode::kRandom, 3, 0};
  expect_same_population(game, layout, uneven_counts(layout.agents, specs.size()), {0});
}

TEST(CudaParity, TinyPopulations) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(12, 0.05, 0.0, 1000), true);
  const std::vector<PopulationLayout> layouts = {
      {0, PartnerMode::kRandom, 4, 0},     {2, PartnerMode::kRandom, 3, 0},
      {3, PartnerMode::kRandom, 0, 0},     {5, PartnerMode::kCommunity, 0, 1},
      {7, PartnerMode::kCommunity, 0, 2},  {7, PartnerMode::kCommunity, 0, 7},
      {9, PartnerMode::kCommunity, 0, 100}};
  for (const PopulationLayout& layout : layouts) {
    SCOPED_TRACE("agents " + std::to_string(layout.agents));
    expect_same_population(game, layout, uneven_counts(layout.agents, 4), {0, 1});
  }
}

}  // namespace
}  // namespace evomarket
