#include "host/bench.h"

#include <chrono>
#include <functional>

#include <fmt/format.h>

#include "host/backend.h"
#include "host/config.h"
#include "host/errors.h"
#include "host/game_builder.h"
#include "host/population_run.h"
#include "host/tournament.h"

namespace evomarket {
namespace {

// The 20 strategies of the tournament benchmark: the classic zoo, deterministic and stochastic.
const std::vector<std::string> kTournamentStrategies = {
    "Cooperator",  "Defector",         "TitForTat",        "SuspiciousTitForTat",
    "TitFor2Tats", "TwoTitsForTat",    "Grudger",          "WinStayLoseShift",
    "Alternator",  "Cycler(CCD)",      "Cycler(CDD)",      "Cycler(CCCCD)",
    "GoByMajority", "HardGoByMajority", "GoByMajority(10)", "GTFT",
    "Joss",        "Random(0.5)",      "Random(0.2)",      "MemoryOne(0.9, 0.1, 0.8, 0.2, C)"};

struct Case {
  std::string name;
  ExperimentConfig config;
};

std::vector<Case> bench_cases(bool quick) {
  std::vector<Case> cases;
  for (double noise : {0.0, 0.01}) {
    for (bool shortcuts : {true, false}) {
      if (noise > 0 && !shortcuts) continue;  // with noise every turn is played anyway
      const std::string variant =
          fmt::format("noise {}{}", noise, shortcuts ? "" : ", every turn played");
      Case t{"tournament 20 strategies x 200 turns x " + std::string(quick ? "5" : "100") +
                 " reps, " + variant,
             {}};
      t.config.mode = ExperimentMode::kTournament;
      t.config.tournament.strategies = kTournamentStrategies;
      t.config.tournament.repetitions = quick ? 5 : 100;
      t.config.game.noise = noise;
      t.config.game.shortcuts = shortcuts;
      cases.push_back(t);

      const std::string_view defaults = default_config_text();
      Case p{std::string(quick ? "population 1e4" : "population 1e6") +
                 " agents x 10 matches x 200 turns, " + variant,
             parse_config(defaults, "built-in default",
                          {fmt::format("population.agents={}", quick ? 10000 : 1000000),
                           fmt::format("game.noise={}", noise),
                           fmt::format("game.shortcuts={}", shortcuts ? "true" : "false")})};
      cases.push_back(p);
    }
  }
  return cases;
}

// Runs a case once and returns (agent-turns, seconds) of the match play itself.
std::pair<uint64_t, double> time_case(const Case& c, Backend& backend) {
  const GameSetup game = make_game_setup(c.config);
  if (c.config.mode == ExperimentMode::kTournament) {
    const auto start = std::chrono::steady_clock::now();
    const TournamentResult r = run_tournament(c.config, game, backend);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {2 * r.turns, s};
  }
  const PopulationRun run = run_population(c.config, game, backend);
  return {run.agent_turns, run.seconds};
}

}  // namespace

int run_bench(const BenchOptions& options, std::FILE* out) {
  if (options.backend != "all" && options.backend != "cpu" && options.backend != "cuda") {
    throw ConfigError("bench --backend: expected cpu, cuda or all, got \"" + options.backend + "\"");
  }
  std::vector<std::pair<std::string, std::function<std::unique_ptr<Backend>()>>> backends;
  if (options.backend != "cuda") {
    for (int t : options.threads) {
      if (t <= 0) throw ConfigError("bench --threads: expected positive thread counts");
      backends.emplace_back(fmt::format("cpu, {} thread{}", t, t == 1 ? "" : "s"),
                            [t] { return make_cpu_backend(t); });
    }
  }
  std::string why;
  if (options.backend != "cpu") {
    if (cuda_device_count(&why) > 0) {
      backends.emplace_back("cuda", [] { return make_cuda_backend(); });
    } else if (options.backend == "cuda") {
      throw ConfigError("bench --backend cuda: no usable CUDA device: " + why);
    } else {
      fmt::print(out, "(no CUDA device: {})\n", why);
    }
  }
  fmt::print(out, "{:<78}  {:<16}  {:>12}  {:>9}  {:>14}\n", "case", "backend", "agent-turns",
             "seconds", "agent-turns/s");
  for (const Case& c : bench_cases(options.quick)) {
    for (const auto& [label, make] : backends) {
      std::unique_ptr<Backend> backend = make();
      uint64_t turns = 0;
      double best = 0;
      for (int r = 0; r < std::max(1, options.repeat); ++r) {
        const auto [t, s] = time_case(c, *backend);
        turns = t;
        if (r == 0 || s < best) best = s;
      }
      fmt::print(out, "{:<78}  {:<16}  {:>12.4g}  {:>9.3f}  {:>14.3g}\n", c.name, label,
                 double(turns), best, best > 0 ? turns / best : 0.0);
      std::fflush(out);
    }
  }
  return 0;
}

}  // namespace evomarket
