#include "host/run/async_process.h"

#include <stdexcept>

#include "host/backend/complete_mixing.h"
#include "kernels/rng.h"
#include "kernels/update.h"

namespace evomarket {

AsyncProcess::AsyncProcess(const DynamicsConfig& dynamics, const GameSetup& game,
                           const EvolutionSetup& evolution, uint64_t agents)
    : rule_(dynamics.rule), game_(game), evolution_(evolution), agents_(agents) {
  if (game.kind != GameKind::kMatrix || agents < 2 || agents > (uint64_t{1} << 20)) {
    throw std::invalid_argument("asynchronous processes need a matrix game and 2 .. 2^20 agents");
  }
}

void AsyncProcess::set_counts(const std::vector<uint64_t>& counts) {
  counts_ = counts;
  counts_.resize(game_.strategy_count(), 0);
  refresh_fitness();
}

void AsyncProcess::refresh_fitness() {
  payoff_ = complete_mixing_payoffs(game_.matrix, counts_);
  const size_t n = counts_.size();
  fitness_.resize(n);
  moran_.resize(n);
  const auto rounds = static_cast<uint32_t>(agents_ - 1);
  for (size_t s = 0; s < n; ++s) {
    fitness_[s] = fitness_q16(payoff_[s], rounds);
    moran_[s] = moran_fitness_q32(fitness_[s], evolution_.w_q16) >> 16;
  }
}

StrategyTotals AsyncProcess::totals() const {
  StrategyTotals t(counts_.size());
  for (size_t s = 0; s < counts_.size(); ++s) {
    t.agents[s] = counts_[s];
    t.payoff[s] = static_cast<int64_t>(counts_[s]) * payoff_[s];
    t.turns[s] = counts_[s] * (agents_ - 1);
  }
  return t;
}

uint32_t AsyncProcess::pick(const std::vector<uint64_t>& weight, uint64_t total, uint32_t hi,
                            uint32_t lo) const {
  uint64_t u = uniform_below(hi, lo, total);
  for (uint32_t s = 0; s < weight.size(); ++s) {
    if (u < weight[s]) return s;
    u -= weight[s];
  }
  return static_cast<uint32_t>(weight.size() - 1);  // not reached
}

// A uniformly chosen agent's strategy, leaving out one agent of strategy `exclude` (if >= 0).
uint32_t AsyncProcess::pick_agent(uint32_t hi, uint32_t lo, int64_t exclude) const {
  std::vector<uint64_t> w = counts_;
  if (exclude >= 0) --w[exclude];
  return pick(w, agents_ - (exclude >= 0 ? 1 : 0), hi, lo);
}

void AsyncProcess::run_generation(uint32_t generation) {
  const UpdateParams p = evolution_.params();
  const uint64_t seed = game_.seed;
  const auto strategies = static_cast<uint32_t>(counts_.size());
  for (uint64_t event = 0; event < agents_; ++event) {
    const Draw4 a = draw4(seed, event, Purpose::kAsyncEvent, generation, 0);
    const Draw4 b = draw4(seed, event, Purpose::kAsyncEvent, generation, 1);
    uint32_t from = 0;  // one agent of `from` becomes `to`
    uint32_t to = 0;
    if (strategies > 1 && bernoulli(a.v[0], p.mutation)) {
      from = pick_agent(a.v[1], a.v[2], -1);
      const auto r = static_cast<uint32_t>(uniform_below(a.v[3], b.v[0], strategies - 1));
      to = r >= from ? r + 1 : r;
    } else if (rule_ == DynamicsRule::kFermi || rule_ == DynamicsRule::kProportional) {
      from = pick_agent(a.v[1], a.v[2], -1);                        // the focal individual
      to = pick_agent(a.v[3], b.v[0], static_cast<int64_t>(from));  // its model
      if (to == from) continue;
      const int64_t diff = fitness_[to] - fitness_[from];
      uint64_t threshold = 0;
      if (rule_ == DynamicsRule::kFermi) {
        threshold = fermi_threshold(p.fermi, diff);
      } else if (diff > 0) {
        const double share = static_cast<double>(diff) / static_cast<double>(p.delta_max_q16);
        threshold = share >= 1.0 ? kCertain : static_cast<uint64_t>(share * 4294967296.0);
      }
      if (b.v[1] >= threshold) continue;
    } else if (rule_ == DynamicsRule::kBirthDeath) {
      std::vector<uint64_t> w(strategies);
      uint64_t total = 0;
      for (uint32_t s = 0; s < strategies; ++s) total += w[s] = counts_[s] * moran_[s];
      if (total == 0) continue;
      to = pick(w, total, a.v[1], a.v[2]);                          // the reproducer
      from = pick_agent(a.v[3], b.v[0], static_cast<int64_t>(to));  // the one it replaces
    } else if (rule_ == DynamicsRule::kDeathBirth) {
      from = pick_agent(a.v[1], a.v[2], -1);  // the one that dies
      std::vector<uint64_t> w(strategies);
      uint64_t total = 0;
      for (uint32_t s = 0; s < strategies; ++s) {
        total += w[s] = (counts_[s] - (s == from ? 1 : 0)) * moran_[s];
      }
      if (total == 0) continue;
      to = pick(w, total, a.v[3], b.v[0]);  // the parent of its replacement
    } else {
      continue;
    }
    if (from == to) continue;
    --counts_[from];
    ++counts_[to];
    refresh_fitness();
  }
}

}  // namespace evomarket
