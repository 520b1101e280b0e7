#include "host/run/bench.h"

#include <array>
#include <chrono>
#include <functional>

#include <fmt/format.h>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/config/embedded_configs.h"
#include "host/config/game_builder.h"
#include "host/errors.h"
#include "host/profiles/profile_feed.h"
#include "host/profiles/synth.h"
#include "host/progress.h"
#include "host/run/leader_pricing_run.h"
#include "host/run/market_run.h"
#include "host/run/population_run.h"
#include "host/run/simulation.h"
#include "host/run/temporary_store.h"
#include "host/run/tournament.h"

namespace evomarket {
namespace {

// One row of the table: the case, the backend, the work done, the best time and the rate.
void print_row(std::FILE* out, const std::string& name, const std::string& backend, double work,
               double seconds, const char* unit) {
  fmt::print(out, "{:<78}  {:<16}  {:>12.4g}  {:>9.3f}  {:>14.3g}  {}\n", name, backend, work,
             seconds, seconds > 0 ? work / seconds : 0.0, unit);
  std::fflush(out);
}

constexpr uint64_t kBenchHomes = 300;  // homes in the market and profile benchmarks' stores
constexpr std::array<const char*, 4> kMarketMechanisms = {"uniform", "trade_reduction",
                                                          "continuous", "sdr"};

struct Case {
  std::string name;
  ExperimentConfig config;
  bool update_step = false;  // time the update step instead of the interactions
};

// The scenarios of experiments/bench/ (compiled in), each with noise 0 (shortcuts on and off)
// and noise 0.01. --quick shrinks them to a smoke test.
std::vector<Case> bench_cases(bool quick) {
  std::vector<Case> cases;
  for (double noise : {0.0, 0.01}) {
    for (bool shortcuts : {true, false}) {
      if (noise > 0 && !shortcuts) continue;  // with noise every turn is played anyway
      const std::string variant =
          fmt::format("noise {}{}", noise, shortcuts ? "" : ", every turn played");
      const std::vector<std::string> game = {fmt::format("game.noise={}", noise),
                                             fmt::format("game.shortcuts={}", shortcuts)};
      std::vector<std::string> tournament = game, population = game;
      if (quick) {
        tournament.push_back("tournament.repetitions=5");
        population.push_back("population.agents=10000");
      }
      const ExperimentConfig t =
          parse_config(kBenchTournamentToml, "experiments/bench/tournament_20.toml", tournament);
      const ExperimentConfig p =
          parse_config(kBenchPopulationToml, "experiments/bench/population_1e6.toml", population);
      cases.push_back(Case{fmt::format("tournament {} strategies x {} turns x {} reps, {}",
                                       t.tournament.strategies.size(), t.game.turns,
                                       t.tournament.repetitions, variant),
                           t});
      cases.push_back(Case{fmt::format("population {:.0e} agents x {} matches x {} turns, {}",
                                       double(p.population.agents), p.population.matches_per_agent,
                                       p.game.turns, variant),
                           p});
    }
  }
  return cases;
}

// experiments/bench/fermi_update.toml on 1e6 and 1e7 agents, well-mixed and on a lattice.
std::vector<Case> dynamics_cases(bool quick) {
  std::vector<Case> cases;
  for (uint64_t agents :
       quick ? std::vector<uint64_t>{10000} : std::vector<uint64_t>{1000000, 10000000}) {
    for (const char* partners : {"random", "lattice"}) {
      // Square lattices: 1e6 = 1000^2; 1e7 is not square, so 3125 x 3200.
      std::vector<std::string> set = {fmt::format("population.agents={}", agents),
                                      fmt::format("population.partners=\"{}\"", partners)};
      if (std::string(partners) == "lattice" && agents == 10000000) {
        set.push_back("population.lattice_width=3125");
      }
      cases.push_back(Case{
          fmt::format("Fermi update step, {:.0e} agents, {}", double(agents),
                      std::string(partners) == "random" ? "well-mixed" : "lattice (4)"),
          parse_config(kBenchFermiUpdateToml, "experiments/bench/fermi_update.toml", set), true});
    }
  }
  return cases;
}

// Runs generation 0 untimed (first touches of memory), plays generation 1 and times its update
// step, as in the steady state of a long run: (agent-updates, seconds).
std::pair<uint64_t, double> time_update_step(const Case& c, Backend& backend) {
  Simulation sim(c.config, backend);
  sim.play(0);
  sim.evolve(0);
  sim.play(1);
  const auto start = std::chrono::steady_clock::now();
  sim.evolve(1);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {c.config.population.agents, s};
}

// Streams a synthetic week (300 homes, 48 slots per day) through the backend's
// EnergyAggregator for `agents` agents in communities of 100, one day per batch, reading batch
// k + 1 while k is aggregated: (agent-slots, seconds).
std::pair<uint64_t, double> time_profile_stream(uint64_t agents, Backend& backend,
                                                const std::string& store) {
  const ProfileFeed feed(store, 1, 2);
  ProfileAgents pa;
  pa.rule = AgentProfileRule{7, feed.profiles(), 1u << 15, 3u << 15, 2};
  pa.agents = agents;
  pa.community_size = 100;
  const auto start = std::chrono::steady_clock::now();
  auto aggregator = backend.make_energy_aggregator(pa);
  aggregator->submit(feed.read(0));
  for (uint64_t b = 0; b < feed.batches(); ++b) {
    if (b + 1 < feed.batches()) aggregator->submit(feed.read(b + 1));
    aggregator->collect();
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {agents * feed.total_slots(), s};
}

// Leader pricing over one synthetic day (kBenchHomes homes, half with PV): `followers` sampled
// followers, a third with a battery, the default classes and search. (follower responses
// evaluated, seconds), the store's reading included.
std::pair<uint64_t, double> time_leader_pricing(uint64_t followers, Backend& backend,
                                                const std::string& store) {
  const ProfileFeed feed(store, 1, 2);
  LeaderPricingPlan plan;
  plan.followers.rule.followers = followers;
  plan.followers.rule.sampled = 1;
  plan.followers.rule.seed = 7;
  plan.followers.rule.profiles = AgentProfileRule{7, feed.profiles(), 1u << 15, 3u << 15, 2};
  plan.followers.rule.battery_threshold = kCertain / 3;
  plan.followers.classes = {FollowerClass{300000, 500000}, FollowerClass{300000, 500000},
                            FollowerClass{1000000, 1000000}, FollowerClass{1000000, 1000000}};
  plan.days = 1;
  plan.retail.assign(feed.store().slots_per_day(), 300000);
  plan.feed_in.assign(feed.store().slots_per_day(), 80000);
  const LeaderPricingResult r = run_leader_pricing(feed, plan, backend);
  return {r.follower_evaluations, r.seconds};
}

// One trading day of the market game: `communities` communities of 100 agents.
ExperimentConfig market_bench_config(const std::string& store, uint64_t communities,
                                     const std::string& mechanism) {
  return parse_config(fmt::format("[experiment]\nmode = \"market\"\nseed = 1\n[market]\n"
                                  "profiles = \"{}\"\nagents = {}\ncommunity_size = 100\n"
                                  "days = 1\nmechanism = \"{}\"\n",
                                  store, communities * 100, mechanism),
                      "market bench");
}

// Runs a case once and returns (agent-turns, seconds) of the match play itself.
std::pair<uint64_t, double> time_case(const Case& c, Backend& backend) {
  if (c.config.mode == ExperimentMode::kTournament) {
    const GameSetup game = make_game_setup(c.config);
    const auto start = std::chrono::steady_clock::now();
    const TournamentResult r = run_tournament(c.config, game, backend);
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {2 * r.turns, s};
  }
  const PopulationRun run = run_population(c.config, backend);
  return {run.agent_turns, run.seconds};
}

}  // namespace

int run_bench(const BenchOptions& options, std::FILE* out) {
  if (options.backend != "all" && options.backend != "cpu" && options.backend != "cuda") {
    throw ConfigError("bench --backend: expected cpu, cuda or all, got \"" + options.backend +
                      "\"");
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
  if (options.suite != "all" && options.suite != "games" && options.suite != "dynamics" &&
      options.suite != "profiles" && options.suite != "market" && options.suite != "leader") {
    throw ConfigError(
        "bench --suite: expected games, dynamics, profiles, market, leader or all, got \"" +
        options.suite + "\"");
  }
  std::vector<Case> cases;
  if (options.suite == "all" || options.suite == "games") cases = bench_cases(options.quick);
  if (options.suite == "all" || options.suite == "dynamics") {
    for (Case& c : dynamics_cases(options.quick)) cases.push_back(std::move(c));
  }
  const bool market = options.suite == "all" || options.suite == "market";
  const bool profiles = options.suite == "all" || options.suite == "profiles";
  const std::vector<uint64_t> profile_agents =
      options.quick ? std::vector<uint64_t>{10000} : std::vector<uint64_t>{1000000, 10000000};
  const bool leader = options.suite == "all" || options.suite == "leader";
  const std::vector<uint64_t> leader_followers =
      options.quick ? std::vector<uint64_t>{10000}
                    : std::vector<uint64_t>{100000, 1000000, 10000000};
  size_t leader_runs = 0;  // beyond 10^5 followers on CUDA only
  for (uint64_t followers : leader ? leader_followers : std::vector<uint64_t>{}) {
    for (const auto& entry : backends) leader_runs += followers <= 100000 || entry.first == "cuda";
  }
  const size_t measurements = (cases.size() + (market ? kMarketMechanisms.size() : 0) +
                               (profiles ? profile_agents.size() : 0)) *
                                  backends.size() +
                              leader_runs;
  // Which case runs, on stderr (the table on `out` stays as it was).
  Progress progress("bench", measurements, "measurements", options.quiet);
  uint64_t measured = 0;
  const auto starting = [&](const std::string& name, const std::string& backend) {
    progress.update(measured++, fmt::format("now {} on {}", name, backend));
  };
  fmt::print(out, "{:<78}  {:<16}  {:>12}  {:>9}  {:>14}\n", "case", "backend", "work", "seconds",
             "per second");
  for (const Case& c : cases) {
    for (const auto& [label, make] : backends) {
      starting(c.name, label);
      std::unique_ptr<Backend> backend = make();
      uint64_t turns = 0;
      double best = 0;
      // Tournaments take milliseconds: always keep the best of several.
      const int repeat = c.config.mode == ExperimentMode::kTournament ? std::max(5, options.repeat)
                                                                      : std::max(1, options.repeat);
      for (int r = 0; r < repeat; ++r) {
        const auto [t, s] = c.update_step ? time_update_step(c, *backend) : time_case(c, *backend);
        turns = t;
        if (r == 0 || s < best) best = s;
      }
      print_row(out, c.name, label, double(turns), best,
                c.update_step ? "agent-updates" : "agent-turns");
    }
  }
  if (market) {
    SynthOptions synth = default_community();
    synth.meters = kBenchHomes;
    synth.days = 1;
    const TemporarySyntheticStore store(synth, "bench-market");
    const uint64_t communities = options.quick ? 100 : 10000;
    for (const char* mechanism : kMarketMechanisms) {
      const ExperimentConfig config = market_bench_config(store.path(), communities, mechanism);
      const MarketInputs inputs = load_market_inputs(config, store.path());
      const std::string name = fmt::format("market day, {} communities x 100 agents x 48 slots, {}",
                                           communities, mechanism);
      for (const auto& [label, make] : backends) {
        starting(name, label);
        std::unique_ptr<Backend> backend = make();
        double best = 0;
        MarketRunResult run;
        for (int r = 0; r < std::max(1, options.repeat); ++r) {
          run = run_market(config, inputs, *backend);
          if (r == 0 || run.seconds < best) best = run.seconds;
        }
        print_row(out, name, label, double(run.orders), best, "bids cleared");
        print_row(out, name, label, double(run.agent_slots), best, "agent-slots");
      }
    }
  }
  if (profiles) {
    SynthOptions synth = default_community();
    synth.meters = kBenchHomes;
    const TemporarySyntheticStore store(synth, "bench-profiles");
    for (uint64_t agents : profile_agents) {
      const std::string name = fmt::format(
          "profile week streamed by day, {:.0e} agents in communities of 100", double(agents));
      for (const auto& [label, make] : backends) {
        starting(name, label);
        std::unique_ptr<Backend> backend = make();
        const auto [work, seconds] = time_profile_stream(agents, *backend, store.path());
        print_row(out, name, label, double(work), seconds, "agent-slots");
      }
    }
  }
  if (leader) {
    SynthOptions synth = default_community();
    synth.meters = kBenchHomes;
    synth.days = 1;
    const TemporarySyntheticStore store(synth, "bench-leader");
    // The CPU takes about a minute for 10^6 followers on 2 cores: GPU sizes only there.
    for (uint64_t followers : leader_followers) {
      for (const auto& [label, make] : backends) {
        if (followers > 100000 && label != "cuda") continue;
        starting(fmt::format("leader pricing, {:.0e} followers", double(followers)), label);
        std::unique_ptr<Backend> backend = make();
        double best = 0;
        uint64_t work = 0;
        for (int r = 0; r < std::max(1, options.repeat); ++r) {
          const auto [w, s] = time_leader_pricing(followers, *backend, store.path());
          work = w;
          if (r == 0 || s < best) best = s;
        }
        print_row(
            out,
            fmt::format("leader pricing, one day of 48 slots, {:.0e} followers", double(followers)),
            label, double(work), best, "follower responses");
      }
    }
  }
  progress.update(measured);
  progress.finish();
  return 0;
}

}  // namespace evomarket
