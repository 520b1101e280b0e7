// The CPU backend: OpenMP loops over the kernels/ functions.
#include <omp.h>

#include <fmt/format.h>

#include "host/backend.h"
#include "host/population_checks.h"

namespace evomarket {
namespace {

// Adds one thread's per-strategy counts into the shared totals (integer: order-independent).
void merge_into(std::vector<uint64_t>& total, const std::vector<uint64_t>& part) {
  for (size_t s = 0; s < total.size(); ++s) total[s] += part[s];
}

class CpuPopulation final : public PopulationEngine {
 public:
  CpuPopulation(const GameSetup& game, const PopulationLayout& layout, int threads)
      : game_(game),
        layout_((check_population_layout(layout, game.strategies.size()), layout)),
        threads_(threads),
        strategy_(layout.agents, 0),
        payoff_(layout.agents, 0),
        turns_(layout.agents, 0) {}

  void place_strategies(const std::vector<uint64_t>& counts) override {
    check_strategy_counts(counts, game_.strategies.size(), layout_.agents);
    if (layout_.agents == 0) return;
    std::vector<uint64_t> cumulative(counts.size());
    uint64_t sum = 0;
    for (size_t s = 0; s < counts.size(); ++s) cumulative[s] = sum += counts[s];
    const auto n = static_cast<int64_t>(layout_.agents);
    const uint32_t strategies = static_cast<uint32_t>(counts.size());
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      const uint64_t position = permute_index(static_cast<uint64_t>(i), layout_.agents, game_.seed);
      strategy_[i] = static_cast<uint16_t>(strategy_at(cumulative.data(), strategies, position));
    }
  }

  StrategyTotals play_generation(uint32_t generation) override {
    const uint32_t strategies = game_.strategies.size();
    const StrategyTableView table = game_.strategies.view();
    const MatchTableView shortcuts = game_.shortcuts.view();
    const auto n = static_cast<int64_t>(layout_.agents);
    std::fill(payoff_.begin(), payoff_.end(), 0);
    std::fill(turns_.begin(), turns_.end(), 0);
    StrategyTotals totals(strategies);
    uint64_t matches = 0;
#pragma omp parallel num_threads(threads_) reduction(+ : matches)
    {
      std::vector<uint64_t> cooperations(strategies, 0);
#pragma omp for schedule(dynamic, 256)
      for (int64_t i = 0; i < n; ++i) {
        const auto agent = static_cast<uint64_t>(i);
        const uint32_t started = matches_started(layout_, agent);
        for (uint32_t j = 0; j < started; ++j) {
          const uint64_t other = partner_of(layout_, game_.seed, agent, j, generation);
          const uint32_t a = strategy_[agent];
          const uint32_t b = strategy_[other];
          const MatchOutcome o = score_match(table, shortcuts, game_.rules, a, b, game_.seed,
                                             match_id_of(layout_, agent, j), generation);
#pragma omp atomic
          payoff_[agent] += o.score[0];
#pragma omp atomic
          payoff_[other] += o.score[1];
#pragma omp atomic
          turns_[agent] += o.turns;
#pragma omp atomic
          turns_[other] += o.turns;
          cooperations[a] += o.cooperations[0];
          cooperations[b] += o.cooperations[1];
        }
        matches += started;
      }
#pragma omp critical
      merge_into(totals.cooperations, cooperations);
    }
    totals.matches = matches;
    sum_per_strategy(totals);
    return totals;
  }

  AgentSnapshot snapshot() const override {
    return AgentSnapshot{strategy_, payoff_, turns_};
  }

 private:
  void sum_per_strategy(StrategyTotals& totals) const {
    const size_t strategies = totals.agents.size();
    const auto n = static_cast<int64_t>(layout_.agents);
#pragma omp parallel num_threads(threads_)
    {
      StrategyTotals part(strategies);
#pragma omp for schedule(static)
      for (int64_t i = 0; i < n; ++i) {
        const uint16_t s = strategy_[i];
        ++part.agents[s];
        part.payoff[s] += payoff_[i];
        part.turns[s] += turns_[i];
      }
#pragma omp critical
      {
        merge_into(totals.agents, part.agents);
        merge_into(totals.turns, part.turns);
        for (size_t s = 0; s < strategies; ++s) totals.payoff[s] += part.payoff[s];
      }
    }
  }

  const GameSetup& game_;
  PopulationLayout layout_;
  int threads_;
  std::vector<uint16_t> strategy_;
  std::vector<int64_t> payoff_;
  std::vector<uint32_t> turns_;
};

class CpuBackend final : public Backend {
 public:
  explicit CpuBackend(int threads) : threads_(threads > 0 ? threads : omp_get_max_threads()) {}

  std::string name() const override { return "cpu"; }
  std::string device() const override {
    return fmt::format("{} OpenMP thread{}", threads_, threads_ == 1 ? "" : "s");
  }

  std::vector<MatchOutcome> play_matches(const GameSetup& game,
                                         const std::vector<MatchJob>& jobs) override {
    std::vector<MatchOutcome> out(jobs.size());
    const StrategyTableView table = game.strategies.view();
    const MatchTableView shortcuts = game.shortcuts.view();
    const auto n = static_cast<int64_t>(jobs.size());
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 64)
    for (int64_t i = 0; i < n; ++i) {
      const MatchJob& j = jobs[i];
      out[i] = score_match(table, shortcuts, game.rules, j.first, j.second, game.seed, j.match_id,
                           j.generation);
    }
    return out;
  }

  std::unique_ptr<PopulationEngine> make_population(const GameSetup& game,
                                                    const PopulationLayout& layout) override {
    return std::make_unique<CpuPopulation>(game, layout, threads_);
  }

 private:
  int threads_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int threads) {
  return std::make_unique<CpuBackend>(threads);
}

}  // namespace evomarket
