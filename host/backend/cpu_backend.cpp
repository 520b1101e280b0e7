// The CPU backend: OpenMP loops over the kernels/ functions.
#include <omp.h>

#include <atomic>
#include <deque>
#include <stdexcept>

#include <fmt/format.h>

#include "host/backend/backend.h"
#include "host/backend/complete_mixing.h"
#include "host/backend/cpu_steps.h"
#include "host/backend/population_checks.h"
#include "host/errors.h"
#include "host/setup/follower_setup.h"
#include "kernels/group_population.h"
#include "kernels/profile.h"
#include "kernels/update.h"

namespace evomarket {
namespace {

// Adds one thread's per-strategy counts into the shared totals (integer: order-independent).
void merge_into(std::vector<uint64_t>& total, const std::vector<uint64_t>& part) {
  for (size_t s = 0; s < total.size(); ++s) total[s] += part[s];
}

class CpuPopulation final : public PopulationEngine {
 public:
  CpuPopulation(const GameSetup& game, const PopulationSpec& spec, const EvolutionSetup& evolution,
                int threads)
      : game_(game),
        evolution_(evolution),
        layout_(spec.host_layout()),
        threads_(threads),
        strategy_(layout_.agents, 0),
        next_(layout_.agents, 0),
        packed_(layout_.agents, 0),
        payoff_(layout_.agents, 0),
        turns_(layout_.agents, 0) {
    check_population(spec, game);
  }

  void place_strategies(const std::vector<uint64_t>& counts) override {
    check_strategy_counts(counts, game_.strategy_count(), layout_.agents);
    place_by_counts(counts, game_.seed, threads_, strategy_);
  }

  void set_strategies(const std::vector<uint16_t>& strategies) override {
    check_agent_strategies(strategies, game_.strategy_count(), layout_.agents);
    strategy_ = strategies;
  }

  StrategyTotals play_generation(uint32_t generation) override {
    std::fill(payoff_.begin(), payoff_.end(), 0);
    std::fill(turns_.begin(), turns_.end(), 0);
    StrategyTotals totals(game_.strategy_count());
    if (layout_.mode == PartnerMode::kComplete) {
      give_complete_mixing_payoffs();
    } else if (game_.kind == GameKind::kGroup) {
      play_groups_of(generation, totals);
    } else {
      play_matches_of(generation, totals);
    }
    sum_per_strategy(totals);
    return totals;
  }

  void evolve(uint32_t generation) override {
    check_evolution_setup(evolution_, game_.strategy_count());
    const UpdateParams params = evolution_.params();
    const auto n = static_cast<int64_t>(layout_.agents);
    const bool payoff_q16 = game_.kind == GameKind::kGroup;
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      packed_[i] = pack_agent(strategy_[i], payoff_[i], turns_[i], payoff_q16);
    }
    const AgentsView agents{packed_.data()};
    update_strategies(layout_, agents, params, game_.seed, generation, threads_, next_);
    if (params.migration.threshold == 0) {
      strategy_.swap(next_);
      return;
    }
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      strategy_[i] = next_[migration_source(layout_, params, game_.seed, static_cast<uint64_t>(i),
                                            generation)];
    }
  }

  AgentSnapshot snapshot() const override {
    return AgentSnapshot{strategy_, payoff_, turns_};
  }

  void set_play_progress(PlayProgress progress) override {
    progress_ = std::move(progress);
  }

 private:
  void play_matches_of(uint32_t generation, StrategyTotals& totals) {
    const GameView game = game_.view();
    const auto n = static_cast<int64_t>(layout_.agents);
    const uint32_t strategies = game_.strategy_count();
    uint64_t matches = 0;
    std::atomic<uint64_t> agents_done{0};  // for progress only: results never read it
#pragma omp parallel num_threads(threads_) reduction(+ : matches)
    {
      std::vector<uint64_t> cooperations(strategies, 0);
      uint64_t unreported = 0;
      const bool reporter = progress_ && omp_get_thread_num() == 0;
#pragma omp for schedule(dynamic, 256)
      for (int64_t i = 0; i < n; ++i) {
        const auto agent = static_cast<uint64_t>(i);
        if (progress_ && ++unreported == kAgentsPerProgress) {
          const uint64_t done = agents_done.fetch_add(unreported, std::memory_order_relaxed);
          unreported = 0;
          if (reporter) progress_(done + kAgentsPerProgress, layout_.agents);
        }
        if (layout_.self_interaction) {  // counts for the agent's own seat only
          const uint32_t a = strategy_[agent];
          const MatchOutcome o = play_pair(game, a, a, self_match_id(agent), generation);
#pragma omp atomic
          payoff_[agent] += o.score[0];
#pragma omp atomic
          turns_[agent] += o.turns;
          cooperations[a] += o.cooperations[0];
        }
        const uint64_t slots = match_slots(layout_, agent);
        for (uint64_t j = 0; j < slots; ++j) {
          const uint64_t other = match_partner(layout_, game_.seed, agent, j, generation);
          if (other == agent) continue;
          const uint32_t a = strategy_[agent];
          const uint32_t b = strategy_[other];
          const MatchOutcome o = play_pair(game, a, b, match_id_of(layout_, agent, j), generation);
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
          ++matches;
        }
      }
#pragma omp critical
      merge_into(totals.cooperations, cooperations);
    }
    totals.matches = matches;
  }

  // Every group of the generation (kernels/group_population.h): each agent plays the groups it
  // starts and adds every member's payoff, rounds and moves C atomically (integer sums).
  void play_groups_of(uint32_t generation, StrategyTotals& totals) {
    const GroupView group = game_.view().group;
    const auto n = static_cast<int64_t>(layout_.agents);
    const auto rounds = static_cast<uint32_t>(group.rounds);
    uint64_t groups = 0;
#pragma omp parallel num_threads(threads_) reduction(+ : groups)
    {
      std::vector<uint64_t> cooperations(game_.strategy_count(), 0);
      GroupOutcome o;
#pragma omp for schedule(dynamic, 256)
      for (int64_t i = 0; i < n; ++i) {
        const auto agent = static_cast<uint64_t>(i);
        const uint64_t slots = group_slots(layout_, agent);
        for (uint64_t j = 0; j < slots; ++j) {
          play_focal_group(layout_, group, game_.seed, strategy_.data(), agent, j, generation, o);
          for (int m = 0; m < o.size; ++m) {
            const uint64_t member = o.members[m];
#pragma omp atomic
            payoff_[member] += o.payoff[m];
#pragma omp atomic
            turns_[member] += rounds;
            cooperations[strategy_[member]] += static_cast<uint64_t>(o.cooperations[m]);
          }
          if (o.size > 0) ++groups;
        }
      }
#pragma omp critical
      merge_into(totals.cooperations, cooperations);
    }
    totals.matches = groups;
  }

  void give_complete_mixing_payoffs() {
    const std::vector<int64_t> per_strategy =
        complete_mixing_payoffs(game_.matrix, count_strategies());
    const auto rounds = static_cast<uint32_t>(layout_.agents - 1);
    const auto n = static_cast<int64_t>(layout_.agents);
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      payoff_[i] = per_strategy[strategy_[i]];
      turns_[i] = rounds;
    }
  }

  std::vector<uint64_t> count_strategies() const {
    std::vector<uint64_t> counts(game_.strategy_count(), 0);
    for (uint16_t s : strategy_) ++counts[s];
    return counts;
  }

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

  // Each thread adds to the shared count of agents done after this many of its own; thread 0
  // then reports it.
  static constexpr uint64_t kAgentsPerProgress = 1 << 14;

  const GameSetup& game_;
  const EvolutionSetup& evolution_;
  PopulationLayout layout_;
  int threads_;
  std::vector<uint16_t> strategy_;
  std::vector<uint16_t> next_;
  std::vector<uint64_t> packed_;  // strategy and fitness for the update step (kernels/update.h)
  std::vector<int64_t> payoff_;
  std::vector<uint32_t> turns_;
  PlayProgress progress_;
};

class CpuEnergyAggregator final : public EnergyAggregator {
 public:
  CpuEnergyAggregator(const ProfileAgents& agents, int threads)
      : agents_(agents), threads_(threads) {}

  void submit(const EnergyBatch& batch) override { queue_.push_back(batch); }

  CommunityEnergy collect() override {
    if (queue_.empty()) throw std::logic_error("EnergyAggregator::collect: nothing submitted");
    const EnergyBatch batch = std::move(queue_.front());
    queue_.pop_front();
    const EnergyBatchView view = batch.view();
    const uint64_t size = agents_.community_size;
    CommunityEnergy e;
    e.first_slot = batch.first_slot;
    e.slots = batch.slots;
    e.communities = (agents_.agents + size - 1) / size;
    e.supply.assign(e.communities * e.slots, 0);
    e.demand.assign(e.communities * e.slots, 0);
    const auto communities = static_cast<int64_t>(e.communities);
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 16)
    for (int64_t c = 0; c < communities; ++c) {
      int64_t* supply = &e.supply[c * e.slots];
      int64_t* demand = &e.demand[c * e.slots];
      const uint64_t end = std::min<uint64_t>(agents_.agents, (c + 1) * size);
      for (uint64_t agent = c * size; agent < end; ++agent) {
        accumulate_agent(view, agents_.rule, agent, e.first_slot, e.slots,
                         [&](uint64_t s, int64_t up, int64_t down) {
                           supply[s] += up;
                           demand[s] += down;
                         });
      }
    }
    return e;
  }

 private:
  ProfileAgents agents_;
  int threads_;
  std::deque<EnergyBatch> queue_;
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
    const GameView view = game.view();
    const auto n = static_cast<int64_t>(jobs.size());
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 64)
    for (int64_t i = 0; i < n; ++i) {
      const MatchJob& j = jobs[i];
      out[i] = play_pair(view, j.first, j.second, j.match_id, j.generation);
    }
    return out;
  }

  std::vector<MatchOutcome> play_matches_recorded(const GameSetup& game,
                                                  const std::vector<MatchJob>& jobs,
                                                  uint32_t capacity,
                                                  std::vector<int8_t>& moves) override {
    const GameView view = game.view();
    check_move_capacity(view, capacity);
    std::vector<MatchOutcome> out(jobs.size());
    moves.assign(jobs.size() * 2 * size_t{capacity}, kNoMove);
    const auto n = static_cast<int64_t>(jobs.size());
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 16)
    for (int64_t i = 0; i < n; ++i) {
      const MatchJob& j = jobs[i];
      int8_t* first = moves.data() + size_t(2 * i) * capacity;
      out[i] = play_pair_recorded(view, j.first, j.second, j.match_id, j.generation, first,
                                  first + capacity, capacity);
    }
    return out;
  }

  std::unique_ptr<PopulationEngine> make_population(const GameSetup& game,
                                                    const PopulationSpec& population,
                                                    const EvolutionSetup& evolution) override {
    return std::make_unique<CpuPopulation>(game, population, evolution, threads_);
  }

  std::unique_ptr<EnergyAggregator> make_energy_aggregator(const ProfileAgents& agents) override {
    check_profile_agents(agents);
    return std::make_unique<CpuEnergyAggregator>(agents, threads_);
  }

  std::unique_ptr<MarketEngine> make_market(const MarketSetup& setup,
                                            const EvolutionSetup& evolution) override {
    return make_cpu_market(setup, evolution, threads_);
  }

  std::unique_ptr<FollowerEvaluator> make_follower_evaluator(const FollowerSetup& setup) override {
    return make_cpu_follower_evaluator(setup, threads_);
  }

 private:
  int threads_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(int threads) {
  if (threads > kMaxThreads) {
    throw ConfigError(
        fmt::format("--threads {}: at most {} CPU threads (0: all cores)", threads, kMaxThreads));
  }
  return std::make_unique<CpuBackend>(threads);
}

}  // namespace evomarket
