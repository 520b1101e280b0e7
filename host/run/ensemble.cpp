#include "host/run/ensemble.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "host/errors.h"
#include "host/run/ensemble_batch.h"
#include "host/run/interrupt.h"
#include "host/run/market_run.h"
#include "host/run/population_run.h"
#include "host/run/simulation.h"
#include "host/run/stop_rules.h"
#include "kernels/rng.h"

namespace evomarket {

bool ReplicateOutcome::finished() const {
  return !stop_reason.empty() && stop_reason != kStopInterrupted;
}

int64_t ReplicateOutcome::fixed_strategy(uint64_t agents) const {
  if (generations.empty()) return -1;
  const std::vector<uint64_t>& last = generations.back().agents;
  for (size_t s = 0; s < last.size(); ++s) {
    if (last[s] == agents) return static_cast<int64_t>(s);
  }
  return -1;
}

ExperimentConfig replicate_config(const ExperimentConfig& ensemble, uint64_t r) {
  if (r >= ensemble.replicates) {
    throw ConfigError(fmt::format(
        "--replicate {}: the config has experiment.replicates = {} (replicates 0 .. {})", r,
        ensemble.replicates, ensemble.replicates - 1));
  }
  ExperimentConfig one = ensemble;
  one.seed = derived_seed(ensemble.seed, r, Purpose::kReplicate);
  one.replicates = 1;
  return one;
}

namespace {

// One replicate played: its generations, stop reason and rounds.
struct Played {
  std::vector<StrategyTotals> generations;
  std::string stop_reason;
  uint64_t agent_turns = 0;
};
using PlayReplicate = std::function<Played(const ExperimentConfig& one, Backend& backend)>;

// Hands out the replicates still to run and collects what they did, one replicate at a time
// per worker; a failure or a signal stops the handing out.
class ReplicateQueue {
 public:
  ReplicateQueue(const ExperimentConfig& config, PlayReplicate play, const EnsembleHooks& hooks,
                 EnsembleRun& run)
      : config_(config), play_(std::move(play)), hooks_(hooks), run_(run) {
    for (uint32_t r = 0; r < config.replicates; ++r) {
      if (!run.replicates[r].finished()) pending_.push_back(r);
    }
  }

  size_t pending() const { return pending_.size(); }

  // Runs replicates on `backend` until none is left, one failed or a signal came.
  void work(Backend& backend) {
    try {
      for (;;) {
        if (failed_.load() || interrupt_signal() != 0) return;
        const size_t next = next_.fetch_add(1);
        if (next >= pending_.size()) return;
        run_one(pending_[next], backend);
      }
    } catch (...) {
      const std::lock_guard<std::mutex> hold(lock_);
      if (!error_) error_ = std::current_exception();
      failed_.store(true);
    }
  }

  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void run_one(uint32_t r, Backend& backend) {
    const ExperimentConfig one = replicate_config(config_, r);
    Played played = play_(one, backend);
    const std::lock_guard<std::mutex> hold(lock_);
    run_.agent_turns += played.agent_turns;
    if (played.stop_reason == kStopInterrupted) return;  // rerun from its start when resumed
    ReplicateOutcome& outcome = run_.replicates[r];
    outcome.seed = one.seed;
    outcome.generations = std::move(played.generations);
    outcome.stop_reason = played.stop_reason;
    if (hooks_.on_replicate) hooks_.on_replicate(r, run_);
  }

  const ExperimentConfig& config_;
  const PlayReplicate play_;
  const EnsembleHooks& hooks_;
  EnsembleRun& run_;
  std::vector<uint32_t> pending_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::mutex lock_;
  std::exception_ptr error_;
};

// Runs the replicates `earlier` has not finished on `workers` host threads (each with a
// one-thread CPU backend), or on `backend` alone when `workers` is 0.
EnsembleRun run_replicates(const ExperimentConfig& config, const PlayReplicate& play,
                           Backend& backend, size_t workers, const EnsembleHooks& hooks,
                           std::vector<ReplicateOutcome> earlier) {
  EnsembleRun run = ensemble_from(config, std::move(earlier));
  const Stopwatch clock;
  ReplicateQueue queue(config, play, hooks, run);
  workers = std::min(workers, queue.pending());
  if (workers <= 1) {
    const std::unique_ptr<Backend> single = workers == 1 ? make_cpu_backend(1) : nullptr;
    queue.work(single ? *single : backend);
  } else {
    std::vector<std::thread> pool;
    for (size_t w = 0; w < workers; ++w) {
      pool.emplace_back([&queue] {
        const std::unique_ptr<Backend> own = make_cpu_backend(1);
        queue.work(*own);
      });
    }
    for (std::thread& t : pool) t.join();
  }
  queue.rethrow();
  finish_ensemble(run, clock);
  return run;
}

}  // namespace

EnsembleRun ensemble_from(const ExperimentConfig& config, std::vector<ReplicateOutcome> earlier) {
  EnsembleRun run;
  run.replicates = std::move(earlier);
  run.replicates.resize(config.replicates);
  for (uint32_t r = 0; r < config.replicates; ++r) {
    run.replicates[r].seed = derived_seed(config.seed, r, Purpose::kReplicate);
  }
  return run;
}

void finish_ensemble(EnsembleRun& run, const Stopwatch& clock) {
  // A signal stops the handing out of replicates: the ensemble is interrupted when one is left
  // (a signal after the last one finished changes nothing).
  run.interrupted = std::any_of(run.replicates.begin(), run.replicates.end(),
                                [](const ReplicateOutcome& o) { return !o.finished(); });
  run.seconds = clock.seconds();
}

EnsembleRun run_ensemble(const ExperimentConfig& config, Backend& backend, int threads,
                         const EnsembleHooks& hooks, std::vector<ReplicateOutcome> earlier,
                         std::shared_ptr<const SimulationSetup> shared) {
  if (!shared) shared = make_simulation_setup(config);
  const PlayReplicate play = [shared](const ExperimentConfig& one, Backend& on) {
    Simulation sim(one, on, shared);
    PopulationRun population = run_population(one, sim);
    return Played{std::move(population.generations), population.stop_reason,
                  population.agent_turns};
  };
  // Asynchronous processes run on the host whatever the backend; synchronous populations on
  // the GPU run as batches that fill the device.
  const bool on_host =
      backend.name() == "cpu" || config.dynamics.schedule == Schedule::kAsynchronous;
  if (!on_host) {
    const size_t slots = backend.population_batch_slots(shared->game, shared->population);
    return run_batched_ensemble(config, *shared, backend, slots, hooks, std::move(earlier));
  }
  const size_t cores = threads > 0 ? static_cast<size_t>(threads)
                                   : std::max(1u, std::thread::hardware_concurrency());
  return run_replicates(config, play, backend, cores, hooks, std::move(earlier));
}

EnsembleRun run_market_ensemble(const ExperimentConfig& config, const MarketInputs& inputs,
                                Backend& backend, const EnsembleHooks& hooks,
                                std::vector<ReplicateOutcome> earlier) {
  const PlayReplicate play = [&inputs](const ExperimentConfig& one, Backend& on) {
    MarketRunResult market = run_market(one, inputs, on);
    Played played{{}, market.stop_reason, market.agent_slots};
    for (const MarketTotals& t : market.generations) {
      StrategyTotals totals(t.agents.size());
      totals.agents = t.agents;
      totals.payoff = t.payoff;
      totals.turns = t.agents;
      played.generations.push_back(std::move(totals));
    }
    return played;
  };
  // A market generation is parallel inside (every thread, or the GPU): replicates take turns.
  return run_replicates(config, play, backend, 0, hooks, std::move(earlier));
}

Interval wilson_interval(uint64_t successes, uint64_t trials) {
  constexpr double z = 1.959963984540054;  // the 97.5% normal quantile
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double denominator = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::string format_ensemble(const std::vector<std::string>& names, const EnsembleRun& run,
                            uint64_t agents) {
  const size_t n = names.size();
  std::vector<uint64_t> fixed(n, 0);
  std::vector<double> share(n, 0.0);
  uint64_t finished = 0;
  uint64_t mixed = 0;  // finished with more than one strategy left
  for (const ReplicateOutcome& outcome : run.replicates) {
    if (!outcome.finished() || outcome.generations.empty()) continue;
    ++finished;
    const int64_t winner = outcome.fixed_strategy(agents);
    if (winner >= 0) {
      ++fixed[static_cast<size_t>(winner)];
    } else {
      ++mixed;
    }
    const std::vector<uint64_t>& last = outcome.generations.back().agents;
    for (size_t s = 0; s < n; ++s) share[s] += static_cast<double>(last[s]) / agents;
  }
  std::string out =
      fmt::format("{} of {} replicates finished; {} ended with more than one strategy\n", finished,
                  run.replicates.size(), mixed);
  if (finished == 0) return out;
  size_t width = 8;
  for (const auto& name : names) width = std::max(width, name.size());
  out += fmt::format("{:<{}}  {:>10}  {:>21}  {:>16}\n", "strategy", width, "fixation",
                     "95% Wilson interval", "mean final share");
  for (size_t s = 0; s < n; ++s) {
    const Interval ci = wilson_interval(fixed[s], finished);
    out +=
        fmt::format("{:<{}}  {:>10.4f}  [{:>8.4f}, {:>8.4f}]  {:>16.4f}\n", names[s], width,
                    static_cast<double>(fixed[s]) / finished, ci.low, ci.high, share[s] / finished);
  }
  return out;
}

}  // namespace evomarket
