#include "host/run/ensemble_batch.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "host/backend/population_batch.h"
#include "host/run/interrupt.h"
#include "host/run/stop_rules.h"

namespace evomarket {
namespace {

// The replicate a slot runs and what it has played so far.
struct Running {
  uint32_t replicate = 0;
  std::vector<StrategyTotals> generations;
  Stopwatch clock;  // the replicate's own time budget
};

class BatchedReplicates {
 public:
  BatchedReplicates(const ExperimentConfig& config, const SimulationSetup& setup, Backend& backend,
                    size_t slots, const EnsembleHooks& hooks, EnsembleRun& run)
      : config_(config), stop_(config), hooks_(hooks), run_(run) {
    for (uint32_t r = 0; r < config.replicates; ++r) {
      if (!run.replicates[r].finished()) pending_.push_back(r);
    }
    slots = std::max<size_t>(1, std::min(slots, pending_.size()));
    state_.resize(slots);
    running_.resize(slots);
    if (!pending_.empty()) {
      batch_ = backend.make_population_batch(setup.game, setup.population, setup.evolution, slots);
    }
  }

  void run() {
    start_pending();
    while (any_active()) {
      if (interrupt_signal() != 0) return;  // the running replicates stay unfinished
      stop_spent_budgets();
      if (!any_active()) {  // every running replicate spent its budget: the next ones start
        start_pending();
        continue;
      }
      std::vector<StrategyTotals> totals = batch_->play_generation(state_);
      for (size_t s = 0; s < state_.size(); ++s) {
        if (state_[s].active) record(s, std::move(totals[s]));
      }
      batch_->evolve(state_);
      for (size_t s = 0; s < state_.size(); ++s) {
        if (!state_[s].active) continue;
        if (++state_[s].generation >= config_.population.generations) {
          finish(s, kStopGenerations);
        }
      }
      start_pending();
    }
  }

 private:
  bool any_active() const {
    return std::any_of(state_.begin(), state_.end(), [](const BatchSlot& s) { return s.active; });
  }

  // Idle slots take the next replicates, placed in one call (population.generations >= 1:
  // every replicate plays).
  void start_pending() {
    if (interrupt_signal() != 0) return;
    std::vector<size_t> starting;
    for (size_t s = 0; s < state_.size() && !pending_.empty(); ++s) {
      if (state_[s].active) continue;
      const uint32_t r = pending_.front();
      pending_.pop_front();
      state_[s] = BatchSlot{run_.replicates[r].seed, 0, true};
      running_[s].emplace();
      running_[s]->replicate = r;
      starting.push_back(s);
    }
    if (!starting.empty()) batch_->place_strategies(starting, state_, config_.population.counts);
  }

  void stop_spent_budgets() {
    for (size_t s = 0; s < state_.size(); ++s) {
      if (state_[s].active && stop_.time_spent(running_[s]->clock.seconds())) {
        finish(s, kStopTimeBudget);
      }
    }
  }

  // A generation played in slot s: a fixated replicate ends before its update, as in
  // run_population.
  void record(size_t s, StrategyTotals totals) {
    for (uint64_t t : totals.turns) run_.agent_turns += t;
    const bool fixated = stop_.fixated(totals.agents, config_.population.agents);
    running_[s]->generations.push_back(std::move(totals));
    if (fixated) finish(s, kStopFixation);
  }

  void finish(size_t s, const char* reason) {
    state_[s].active = false;
    ReplicateOutcome& outcome = run_.replicates[running_[s]->replicate];
    outcome.generations = std::move(running_[s]->generations);
    outcome.stop_reason = reason;
    const uint32_t r = running_[s]->replicate;
    running_[s].reset();
    if (hooks_.on_replicate) hooks_.on_replicate(r, run_);
  }

  const ExperimentConfig& config_;
  const StopRules stop_;
  const EnsembleHooks& hooks_;
  EnsembleRun& run_;
  std::deque<uint32_t> pending_;
  std::vector<BatchSlot> state_;
  std::vector<std::optional<Running>> running_;
  std::unique_ptr<PopulationBatch> batch_;
};

}  // namespace

EnsembleRun run_batched_ensemble(const ExperimentConfig& config, const SimulationSetup& setup,
                                 Backend& backend, size_t slots, const EnsembleHooks& hooks,
                                 std::vector<ReplicateOutcome> earlier) {
  EnsembleRun run = ensemble_from(config, std::move(earlier));
  const Stopwatch clock;
  BatchedReplicates(config, setup, backend, slots, hooks, run).run();
  finish_ensemble(run, clock);
  return run;
}

}  // namespace evomarket
