// The CUDA backend against its CPU twin: bit-identical match outcomes, strategy totals and agent
// snapshots, generation after generation of evolutionary dynamics. Every parity test skips when
// no CUDA device is present (the reason says why).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/config/game_builder.h"
#include "host/errors.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/game_setup.h"
#include "host/setup/probability.h"
#include "host/setup/strategy_catalog.h"
#include "kernels/game.h"
#include "kernels/match.h"
#include "kernels/population.h"
#include "kernels/update.h"
#include "support/cuda_device.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

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

// The zoo and strategies told the match length (they defect on the last turns of fixed-length
// matches only).
std::vector<std::string> zoo_with_length_users() {
  std::vector<std::string> zoo = kZoo;
  zoo.insert(zoo.end(), {"Alexei", "BackStabber", "DoubleCrosser"});
  return zoo;
}

constexpr uint64_t kSeed = 0x9E3779B97F4A7C15ull;  // high bits set: both key words matter

MatchRules make_rules(uint32_t turns, double noise, double prob_end, uint32_t max_turns) {
  return MatchRules{kAxelrodPayoffs, turns, probability_threshold(noise, "noise"),
                    probability_threshold(prob_end, "prob_end"), max_turns};
}

GameSetup make_game(const std::vector<std::string>& specs, const MatchRules& rules,
                    bool shortcuts) {
  GameSetup game;
  game.kind = GameKind::kIterated;
  game.strategies = compile_strategies(specs, {}, rules.payoffs);
  game.rules = rules;
  game.seed = kSeed;
  if (shortcuts) game.shortcuts = build_match_table(game.strategies, rules);
  return game;
}

// A matrix game of `strategies` pure strategies with payoffs `payoff(row, column)`.
template <typename Payoff>
GameSetup make_matrix_game(uint32_t strategies, Payoff payoff) {
  GameSetup game;
  game.kind = GameKind::kMatrix;
  game.seed = kSeed;
  for (uint32_t s = 0; s < strategies; ++s) {
    game.strategies.names.push_back("s" + std::to_string(s));
  }
  game.matrix.resize(static_cast<size_t>(strategies) * strategies);
  for (uint32_t r = 0; r < strategies; ++r) {
    for (uint32_t c = 0; c < strategies; ++c) {
      game.matrix[static_cast<size_t>(r) * strategies + c] = payoff(r, c);
    }
  }
  return game;
}

PopulationLayout make_layout(uint64_t agents, PartnerMode mode, uint32_t matches_per_agent,
                             uint32_t community_size, uint32_t lattice_width = 0,
                             uint32_t neighbourhood = 4, bool self_interaction = false) {
  return PopulationLayout{agents,
                          mode,
                          matches_per_agent,
                          community_size,
                          lattice_width,
                          neighbourhood,
                          nullptr,
                          nullptr,
                          self_interaction ? 1u : 0u,
                          nullptr,
                          0};
}

PopulationSpec make_spec(const PopulationLayout& layout) {
  PopulationSpec spec;
  spec.layout = layout;
  return spec;
}

// Strategies never change (update rule none, no mutation).
EvolutionSetup no_evolution(const GameSetup& game) {
  EvolutionSetup e;
  e.strategies = game.strategy_count();
  return e;
}

// Fermi imitation with mutation (and migration), built as make_evolution_setup does.
EvolutionSetup fermi_evolution(const GameSetup& game, double beta, double mutation,
                               double migration = 0.0) {
  EvolutionSetup e;
  e.rule = UpdateRule::kFermi;
  e.mutation = probability_threshold(mutation, "mutation");
  e.migration = probability_threshold(migration, "migration");
  build_fermi_table(beta, e);
  e.strategies = game.strategy_count();
  return e;
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
                      c.cooperations[1] == g.cooperations[1] && c.turns == g.turns &&
                      c.mutual_cooperations == g.mutual_cooperations;
    ASSERT_TRUE(same) << "job " << i << " (" << jobs[i].first << " vs " << jobs[i].second << ", id "
                      << jobs[i].match_id << "): cpu " << c.score[0] << "/" << c.score[1]
                      << " coop " << c.cooperations[0] << "/" << c.cooperations[1] << " turns "
                      << c.turns << "; cuda " << g.score[0] << "/" << g.score[1] << " coop "
                      << g.cooperations[0] << "/" << g.cooperations[1] << " turns " << g.turns
                      << " (mutual C " << c.mutual_cooperations << " vs " << g.mutual_cooperations
                      << ")";
  }
}

void expect_same_matches(const GameSetup& game, uint32_t repetitions) {
  const std::vector<MatchJob> jobs = tournament_jobs(game.strategy_count(), repetitions);
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

struct Engines {
  std::unique_ptr<PopulationEngine> cpu;
  std::unique_ptr<PopulationEngine> gpu;
};

Engines make_engines(const GameSetup& game, const PopulationSpec& spec,
                     const EvolutionSetup& evolution) {
  return Engines{make_cpu_backend(2)->make_population(game, spec, evolution),
                 make_cuda_backend()->make_population(game, spec, evolution)};
}

// Plays and evolves the listed generations on both engines, comparing the totals of every
// generation and the snapshots after every play and every evolve. Returns how many agents
// changed strategy over the run (so tests can check that the dynamics did something).
uint64_t expect_same_generations(Engines& e, const std::vector<uint32_t>& generations) {
  const std::vector<uint16_t> before = e.cpu->snapshot().strategy;
  for (uint32_t g : generations) {
    SCOPED_TRACE("generation " + std::to_string(g));
    {
      SCOPED_TRACE("play");
      const StrategyTotals c = e.cpu->play_generation(g);
      const StrategyTotals d = e.gpu->play_generation(g);
      expect_same_totals(c, d);
      expect_same_snapshot(e.cpu->snapshot(), e.gpu->snapshot());
    }
    {
      SCOPED_TRACE("evolve");
      e.cpu->evolve(g);
      e.gpu->evolve(g);
      expect_same_snapshot(e.cpu->snapshot(), e.gpu->snapshot());
    }
    if (::testing::Test::HasFatalFailure()) break;
  }
  const std::vector<uint16_t> after = e.cpu->snapshot().strategy;
  uint64_t changed = 0;
  for (size_t i = 0; i < before.size(); ++i) changed += before[i] != after[i] ? 1 : 0;
  return changed;
}

// Places `counts` on both backends, then plays and evolves the listed generations.
uint64_t expect_same_population(const GameSetup& game, const PopulationSpec& spec,
                                const EvolutionSetup& evolution,
                                const std::vector<uint64_t>& counts,
                                const std::vector<uint32_t>& generations) {
  Engines e = make_engines(game, spec, evolution);
  e.cpu->place_strategies(counts);
  e.gpu->place_strategies(counts);
  {
    SCOPED_TRACE("after placement");
    expect_same_snapshot(e.cpu->snapshot(), e.gpu->snapshot());
  }
  return expect_same_generations(e, generations);
}

std::vector<uint32_t> first_generations(uint32_t count) {
  std::vector<uint32_t> g(count);
  for (uint32_t i = 0; i < count; ++i) g[i] = i;
  return g;
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

// A run as the simulation builds it from a config: game, update rule and population structure.
struct ConfiguredRun {
  ExperimentConfig config;
  GameSetup game;
  EvolutionSetup evolution;
  PopulationSpec spec;

  ConfiguredRun(const std::string& toml, const std::vector<std::string>& overrides)
      : config(parse_config(toml, "parity.toml", overrides)),
        game(make_game_setup(config)),
        evolution(make_evolution_setup(config, game)),
        spec(make_population_spec(config)) {}
  ConfiguredRun(const ConfiguredRun&) = delete;
  ConfiguredRun& operator=(const ConfiguredRun&) = delete;
};

// Runs population.generations generations of the config on both backends.
uint64_t expect_same_run(const std::string& toml, const std::vector<std::string>& overrides) {
  const ConfiguredRun run(toml, overrides);
  return expect_same_population(run.game, run.spec, run.evolution, run.config.population.counts,
                                first_generations(run.config.population.generations));
}

std::string describe(const std::vector<std::string>& overrides) {
  std::string text;
  for (const std::string& o : overrides) text += (text.empty() ? "" : " ") + o;
  return text;
}

const char* kIteratedWithNoise = R"toml(
[experiment]
seed = 11
[game]
turns = 20
noise = 0.05
[population]
agents = 20011
strategies = ["TitForTat", "Defector", "WSLS", "GTFT", "Random(0.3)", "Grudger"]
shares = [0.2, 0.2, 0.2, 0.2, 0.1, 0.1]
matches_per_agent = 3
generations = 8
[dynamics]
rule = "fermi"
beta = 2.0
mutation = 0.01
)toml";

const char* kHawkDove = R"toml(
[experiment]
seed = 5
[game]
kind = "matrix"
matrix.strategies = ["Hawk", "Dove"]
matrix.payoffs = [[-1, 2], [0, 1]]
[population]
agents = 10000
partners = "lattice"
shares = [0.3, 0.7]
generations = 8
[dynamics]
rule = "fermi"
beta = 1.0
)toml";

const char* kPrisonersDilemma = R"toml(
[experiment]
seed = 9
[game]
kind = "matrix"
matrix.strategies = ["C", "D"]
matrix.payoffs = [[100, 0], [190, 0]]
[population]
agents = 10007
partners = "community"
community_size = 50
migration = 0.05
shares = [0.6, 0.4]
generations = 10
[dynamics]
rule = "death_birth"
w = 0.5
mutation = 0.002
)toml";

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

// --- tournaments -------------------------------------------------------------------------------

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

TEST(CudaParity, TournamentOfAMatrixGame) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_matrix_game(
      7, [](uint32_t r, uint32_t c) { return static_cast<int64_t>(r * 13 + c * 7) % 9 - 4; });
  expect_same_matches(game, 2);
}

// Recorded moves (tournament.record_moves): the same moves on both backends, and the same
// outcomes as the plain play_matches.
void expect_same_recorded_matches(const GameSetup& game, uint32_t repetitions) {
  const std::vector<MatchJob> jobs = tournament_jobs(game.strategy_count(), repetitions);
  const uint32_t capacity = longest_match(game.view());
  std::vector<int8_t> cpu_moves, gpu_moves;
  const std::vector<MatchOutcome> cpu =
      make_cpu_backend(2)->play_matches_recorded(game, jobs, capacity, cpu_moves);
  const std::vector<MatchOutcome> gpu =
      make_cuda_backend()->play_matches_recorded(game, jobs, capacity, gpu_moves);
  expect_same_outcomes(cpu, gpu, jobs);
  expect_same_outcomes(make_cuda_backend()->play_matches(game, jobs), gpu, jobs);
  ASSERT_EQ(cpu_moves.size(), jobs.size() * 2 * size_t{capacity});
  expect_same_vector(cpu_moves, gpu_moves, "moves");
}

TEST(CudaParity, TournamentMovesRecordedWithNoise) {
  SKIP_WITHOUT_CUDA_DEVICE();
  expect_same_recorded_matches(
      make_game(zoo_with_length_users(), make_rules(200, 0.05, 0.0, 1000), true), 3);
}

TEST(CudaParity, TournamentMovesRecordedWithProbEnd) {
  SKIP_WITHOUT_CUDA_DEVICE();
  expect_same_recorded_matches(
      make_game(zoo_with_length_users(), make_rules(0, 0.02, 0.01, 300), true), 3);
}

TEST(CudaParity, EmptyJobListGivesNoOutcomes) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(10, 0.0, 0.0, 10), true);
  EXPECT_TRUE(make_cuda_backend()->play_matches(game, {}).empty());
}

// --- populations without evolution ----------------------------------------------------------

TEST(CudaParity, RandomPartnersWithNoise) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(40, 0.05, 0.0, 1000), true);
  const PopulationSpec spec = make_spec(make_layout(200003, PartnerMode::kRandom, 5, 0));
  expect_same_population(game, spec, no_evolution(game),
                         uneven_counts(spec.layout.agents, kZoo.size()), {0, 1, 1000});
}

TEST(CudaParity, RandomPartnersWithProbEnd) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(0, 0.01, 0.05, 100), false);
  const PopulationSpec spec = make_spec(make_layout(50000, PartnerMode::kRandom, 3, 0));
  expect_same_population(game, spec, no_evolution(game),
                         uneven_counts(spec.layout.agents, kZoo.size()), {0, 3});
}

// With a progress callback the GPU plays a generation's matches in several launches (here 4 of
// 65536 agents or fewer) and the CPU reports from its thread 0: neither changes a result.
TEST(CudaParity, ProgressInsideAGenerationChangesNothing) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(20, 0.05, 0.0, 1000), true);
  const PopulationSpec spec = make_spec(make_layout(200003, PartnerMode::kRandom, 3, 0));
  const EvolutionSetup evolution = no_evolution(game);  // the engines keep a reference
  Engines e = make_engines(game, spec, evolution);
  std::vector<uint64_t> gpu_reports;
  uint64_t cpu_reports = 0;
  e.gpu->set_play_progress([&](uint64_t done, uint64_t agents) {
    EXPECT_EQ(agents, 200003u);
    gpu_reports.push_back(done);
  });
  e.cpu->set_play_progress([&](uint64_t, uint64_t agents) {
    EXPECT_EQ(agents, 200003u);
    ++cpu_reports;
  });
  const std::vector<uint64_t> counts = uneven_counts(spec.layout.agents, kZoo.size());
  e.cpu->place_strategies(counts);
  e.gpu->place_strategies(counts);
  expect_same_generations(e, {0, 7});
  EXPECT_EQ(gpu_reports,
            (std::vector<uint64_t>{65536, 131072, 196608, 200003, 65536, 131072, 196608, 200003}));
  EXPECT_GT(cpu_reports, 0u);
}

TEST(CudaParity, CommunitiesWithShortcuts) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // Deterministic pairs come from the table; pairs with a stochastic strategy are played. 30007
  // agents in communities of 50: the last community has 7 (odd) agents.
  const GameSetup game = make_game(kZoo, make_rules(30, 0.0, 0.0, 1000), true);
  const PopulationSpec spec = make_spec(make_layout(30007, PartnerMode::kCommunity, 0, 50));
  expect_same_population(game, spec, no_evolution(game),
                         uneven_counts(spec.layout.agents, kZoo.size()), {0, 2});
}

TEST(CudaParity, CommunitiesWithNoiseAndUnplacedStrategies) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // Counts cover fewer strategies than the game has (the rest hold no agents).
  const GameSetup game = make_game(kZoo, make_rules(20, 0.1, 0.0, 1000), false);
  const PopulationSpec spec = make_spec(make_layout(10001, PartnerMode::kCommunity, 0, 33));
  expect_same_population(game, spec, no_evolution(game), {3000, 0, 2500, 4501}, {5});
}

TEST(CudaParity, ManyStrategiesUseTheGlobalCounters) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // More strategies than the per-block shared-memory counters hold; mutation among all of them.
  std::vector<std::string> specs;
  for (uint32_t i = 0; i < 4700; ++i) {
    std::string cycle;
    for (int bit = 12; bit >= 0; --bit) cycle += ((i >> bit) & 1u) ? 'D' : 'C';
    specs.push_back("Cycler(" + cycle + ")");
  }
  for (uint32_t i = 1; i <= 400; ++i) specs.push_back("Random(" + std::to_string(i) + "e-3)");
  const GameSetup game = make_game(specs, make_rules(16, 0.02, 0.0, 1000), false);
  const PopulationSpec spec = make_spec(make_layout(40000, PartnerMode::kRandom, 3, 0));
  expect_same_population(game, spec, fermi_evolution(game, 0.5, 0.05),
                         uneven_counts(spec.layout.agents, specs.size()), {0, 1});
}

// --- evolutionary dynamics -------------------------------------------------------------------

TEST(CudaParity, FermiWithMutationOnRandomPartnersOfAnIteratedGameWithNoise) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const std::vector<std::vector<std::string>> variants = {
      {},
      {"game.shortcuts=false", "dynamics.revise=0.5", "dynamics.beta=0.2"},
      {"game.prob_end=0.05", "game.max_turns=60", "population.self_interaction=true"},
  };
  for (const auto& v : variants) {
    SCOPED_TRACE(describe(v));
    EXPECT_GT(expect_same_run(kIteratedWithNoise, v), 0u);
    if (HasFatalFailure()) return;
  }
}

TEST(CudaParity, HawkDoveOnLattices) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const std::vector<std::vector<std::string>> variants = {
      {"population.neighbourhood=4"},
      {"population.neighbourhood=8"},
      {"population.neighbourhood=4", "dynamics.rule=\"imitate_best\""},
      {"population.neighbourhood=8", "dynamics.rule=\"imitate_best\""},
      // A non-square lattice, self-interaction and mutation.
      {"population.neighbourhood=8", "population.lattice_width=125",
       "population.self_interaction=true", "dynamics.mutation=0.01"},
      {"population.neighbourhood=4", "population.lattice_width=40", "population.agents=1200",
       "dynamics.rule=\"imitate_best\"", "population.self_interaction=true", "dynamics.revise=0.7",
       "dynamics.mutation=0.005"},
  };
  for (const auto& v : variants) {
    SCOPED_TRACE(describe(v));
    EXPECT_GT(expect_same_run(kHawkDove, v), 0u);
    if (HasFatalFailure()) return;
  }
}

TEST(CudaParity, DeathBirthOnCommunitiesWithMigration) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const std::vector<std::vector<std::string>> variants = {
      {},
      {"population.community_size=7", "dynamics.w=0.9", "population.migration=0.3"},
      {"dynamics.rule=\"fermi\"", "dynamics.beta=0.05", "population.community_size=64"},
  };
  for (const auto& v : variants) {
    SCOPED_TRACE(describe(v));
    EXPECT_GT(expect_same_run(kPrisonersDilemma, v), 0u);
    if (HasFatalFailure()) return;
  }
  // An iterated game: fitness is payoff per turn of matches of geometric length.
  SCOPED_TRACE("iterated");
  EXPECT_GT(expect_same_run(
                kIteratedWithNoise,
                {"population.partners=\"community\"", "population.community_size=21",
                 "population.migration=0.1", "dynamics.rule=\"death_birth\"", "dynamics.w=0.3",
                 "game.prob_end=0.1", "game.max_turns=50", "population.agents=5000"}),
            0u);
}

TEST(CudaParity, ProportionalImitationWithCompleteMixing) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const std::vector<std::string> complete = {
      "population.partners=\"all\"", "population.agents=200001", "dynamics.rule=\"proportional\"",
      "dynamics.revise=0.2", "population.generations=12"};
  {
    SCOPED_TRACE("hawk-dove");
    EXPECT_GT(expect_same_run(kHawkDove, complete), 0u);
    if (HasFatalFailure()) return;
  }
  {
    SCOPED_TRACE("hawk-dove with mutation");
    std::vector<std::string> v = complete;
    v.push_back("dynamics.mutation=0.01");
    EXPECT_GT(expect_same_run(kHawkDove, v), 0u);
    if (HasFatalFailure()) return;
  }
  {
    SCOPED_TRACE("three strategies, Fermi");
    std::vector<std::string> v = complete;
    v.insert(v.end(),
             {"game.matrix.strategies=[\"R\", \"P\", \"S\"]",
              "game.matrix.payoffs=[[0, -2, 3], [3, 0, -2], [-2, 3, 0]]",
              "population.shares=[0.5, 0.3, 0.2]", "dynamics.rule=\"fermi\"", "dynamics.beta=3.0"});
    EXPECT_GT(expect_same_run(kHawkDove, v), 0u);
  }
}

TEST(CudaParity, CompleteMixingWithManyStrategiesUsesTheGlobalCounters) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // More strategies than the shared-memory tallies hold (counts and totals in global memory).
  const GameSetup game = make_matrix_game(4100, [](uint32_t r, uint32_t c) {
    return static_cast<int64_t>((r * 31u + c * 17u) % 11u) - 5;
  });
  EvolutionSetup evolution = no_evolution(game);
  evolution.rule = UpdateRule::kProportional;
  evolution.delta_max_q16 = 10 * kFitnessOne;
  evolution.mutation = probability_threshold(0.05, "mutation");
  const PopulationSpec spec = make_spec(make_layout(30000, PartnerMode::kComplete, 0, 0));
  EXPECT_GT(expect_same_population(game, spec, evolution, uneven_counts(30000, 4100), {0, 1, 2}),
            0u);
}

class CudaParityGraph : public evomarket::testing::TempDirTest {
 protected:
  // 600 nodes: a ring over 0..589, chords among 0..598, node 599 isolated.
  std::string write_graph() {
    const std::string path = file("graph.txt");
    std::set<std::pair<uint64_t, uint64_t>> edges;
    const auto add = [&](uint64_t u, uint64_t v) {
      if (u != v) edges.insert({std::min(u, v), std::max(u, v)});
    };
    for (uint64_t i = 0; i < 590; ++i) add(i, (i + 1) % 590);
    for (uint64_t i = 0; i < 599; i += 3) add(i, (i * 7 + 3) % 599);
    std::ofstream out(path);
    out << "# test graph\n";
    for (const auto& [u, v] : edges) out << u << " " << v << "\n";
    return path;
  }
};

TEST_F(CudaParityGraph, SmallGraph) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const std::string graph = write_graph();
  const std::vector<std::string> on_graph = {"population.partners=\"graph\"",
                                             "population.agents=600",
                                             "population.graph_file=\"" + graph + "\"",
                                             "population.migration=0", "population.generations=10"};
  const std::vector<std::vector<std::string>> variants = {
      {"dynamics.rule=\"fermi\"", "dynamics.beta=0.02", "dynamics.mutation=0.01"},
      {"dynamics.rule=\"death_birth\"", "dynamics.w=0.8"},
      {"dynamics.rule=\"imitate_best\"", "population.self_interaction=true",
       "dynamics.mutation=0.02"},
  };
  for (const auto& v : variants) {
    SCOPED_TRACE(describe(v));
    std::vector<std::string> overrides = on_graph;
    overrides.insert(overrides.end(), v.begin(), v.end());
    EXPECT_GT(expect_same_run(kPrisonersDilemma, overrides), 0u);
    if (HasFatalFailure()) return;
  }
  SCOPED_TRACE("iterated");
  std::vector<std::string> overrides = on_graph;
  overrides.insert(overrides.end(), {"population.self_interaction=true", "dynamics.beta=0.5"});
  EXPECT_GT(expect_same_run(kIteratedWithNoise, overrides), 0u);
}

TEST(CudaParity, ResumeFromSetStrategies) {
  SKIP_WITHOUT_CUDA_DEVICE();
  // Strategies taken from the CPU after some generations, set on fresh engines of both
  // backends, continue identically (a resumed checkpoint).
  const ConfiguredRun run(kPrisonersDilemma, {"population.generations=4"});
  Engines first = make_engines(run.game, run.spec, run.evolution);
  first.cpu->place_strategies(run.config.population.counts);
  first.gpu->place_strategies(run.config.population.counts);
  expect_same_generations(first, {0, 1, 2});
  ASSERT_FALSE(HasFatalFailure());
  const std::vector<uint16_t> strategies = first.cpu->snapshot().strategy;
  Engines resumed = make_engines(run.game, run.spec, run.evolution);
  resumed.cpu->set_strategies(strategies);
  resumed.gpu->set_strategies(strategies);
  expect_same_snapshot(resumed.cpu->snapshot(), resumed.gpu->snapshot());
  expect_same_generations(resumed, {3, 4, 5});
  // And the resumed run is the uninterrupted one.
  expect_same_generations(first, {3, 4, 5});
  expect_same_snapshot(first.cpu->snapshot(), resumed.gpu->snapshot());
}

TEST(CudaParity, TinyPopulations) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(12, 0.05, 0.0, 1000), true);
  const std::vector<PopulationLayout> layouts = {
      make_layout(0, PartnerMode::kRandom, 4, 0),
      make_layout(2, PartnerMode::kRandom, 3, 0),
      make_layout(3, PartnerMode::kRandom, 0, 0),
      make_layout(5, PartnerMode::kCommunity, 0, 1),
      make_layout(7, PartnerMode::kCommunity, 0, 2),
      make_layout(7, PartnerMode::kCommunity, 0, 7),
      make_layout(9, PartnerMode::kCommunity, 0, 100),
      make_layout(9, PartnerMode::kLattice, 0, 0, 3, 8, true),
      make_layout(12, PartnerMode::kLattice, 0, 0, 4, 4)};
  for (const PopulationLayout& layout : layouts) {
    SCOPED_TRACE("agents " + std::to_string(layout.agents) + ", mode " +
                 std::to_string(static_cast<uint32_t>(layout.mode)));
    const double migration = layout.mode == PartnerMode::kCommunity ? 0.5 : 0.0;
    expect_same_population(game, make_spec(layout), fermi_evolution(game, 1.0, 0.2, migration),
                           uneven_counts(layout.agents, 4), {0, 1, 2});
    if (HasFatalFailure()) return;
  }
  // Complete mixing of a matrix game in the smallest populations.
  const GameSetup matrix = make_matrix_game(3, [](uint32_t r, uint32_t c) {
    return static_cast<int64_t>(r) * 3 - static_cast<int64_t>(c) * 2;
  });
  for (uint64_t agents : {0u, 1u, 2u, 5u}) {
    SCOPED_TRACE("complete mixing of " + std::to_string(agents) + " agents");
    expect_same_population(matrix, make_spec(make_layout(agents, PartnerMode::kComplete, 0, 0)),
                           fermi_evolution(matrix, 1.0, 0.3), uneven_counts(agents, 2), {0, 1});
    if (HasFatalFailure()) return;
  }
}

TEST(CudaParity, BadInputIsRejectedLikeOnTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const GameSetup game = make_game(kZoo, make_rules(5, 0.0, 0.0, 10), true);
  const EvolutionSetup evolution = no_evolution(game);
  const PopulationSpec spec = make_spec(make_layout(100, PartnerMode::kCommunity, 0, 10));
  Engines e = make_engines(game, spec, evolution);
  const std::vector<uint16_t> short_list(99, 0);
  std::vector<uint16_t> out_of_range(100, 0);
  out_of_range[42] = static_cast<uint16_t>(kZoo.size());
  for (PopulationEngine* engine : {e.cpu.get(), e.gpu.get()}) {
    EXPECT_THROW(engine->set_strategies(short_list), std::invalid_argument);
    EXPECT_THROW(engine->set_strategies(out_of_range), std::invalid_argument);
    EXPECT_THROW(engine->place_strategies({50, 49}), std::invalid_argument);
  }
  // Both backends reject the same populations when the engine is made (population_checks.h).
  const PopulationSpec bad_lattice = make_spec(make_layout(100, PartnerMode::kLattice, 0, 0, 7));
  PopulationSpec graph = make_spec(make_layout(4, PartnerMode::kGraph, 0, 0));  // no CSR arrays
  PopulationSpec bad_graph = graph;
  bad_graph.graph_offsets = {0, 1, 2, 2, 2};
  bad_graph.graph_neighbours = {1, 7};  // node 7 does not exist
  PopulationSpec uneven_graph = bad_graph;
  uneven_graph.graph_offsets = {0, 2, 1, 2, 2};  // offsets decrease
  uneven_graph.graph_neighbours = {1, 0};
  // Complete mixing reads the payoff matrix, and kZoo is an iterated game.
  const PopulationSpec complete = make_spec(make_layout(100, PartnerMode::kComplete, 0, 0));
  const PopulationSpec* const bad_specs[] = {&bad_lattice, &graph, &bad_graph, &uneven_graph,
                                             &complete};
  const std::unique_ptr<Backend> backends[] = {make_cpu_backend(2), make_cuda_backend()};
  for (const std::unique_ptr<Backend>& backend : backends) {
    SCOPED_TRACE(backend->name());
    for (const PopulationSpec* bad : bad_specs) {
      EXPECT_THROW(backend->make_population(game, *bad, evolution), std::invalid_argument);
    }
  }
  // The engine still works after the rejected calls.
  e.cpu->place_strategies({50, 50});
  e.gpu->place_strategies({50, 50});
  expect_same_generations(e, {0});
}

}  // namespace
}  // namespace evomarket
