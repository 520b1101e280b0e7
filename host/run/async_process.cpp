#include "host/run/async_process.h"

#include <stdexcept>

#include "host/backend/complete_mixing.h"
#include "kernels/rng.h"
#include "kernels/update.h"

namespace evomarket {

AsyncProcess::AsyncProcess(const GameSetup& game, const EvolutionSetup& evolution, uint64_t agents)
    : game_(game), evolution_(evolution), agents_(agents) {
  if (game.kind != GameKind::kMatrix || agents < 2 || agents > kMaxAsyncAgents) {
    throw std::invalid_argument("asynchronous processes need a matrix game and 2 .. 2^20 agents");
  }
}

void AsyncProcess::set_counts(const std::vector<uint64_t>& counts) {
  counts_ = counts;
  const size_t n = game_.strategy_count();
  counts_.resize(n, 0);
  payoff_.resize(n);
  fitness_.resize(n);
  moran_.resize(n);
  weight_.resize(n);
  refresh_fitness();
}

void AsyncProcess::refresh_fitness() {
  complete_mixing_payoffs(game_.matrix, counts_, payoff_.data());
  const auto rounds = static_cast<uint32_t>(agents_ - 1);
  for (size_t s = 0; s < counts_.size(); ++s) {
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

uint32_t AsyncProcess::pick_weighted(uint64_t total, uint32_t hi, uint32_t lo) const {
  uint64_t u = uniform_below(hi, lo, total);
  for (uint32_t s = 0; s < weight_.size(); ++s) {
    if (u < weight_[s]) return s;
    u -= weight_[s];
  }
  return static_cast<uint32_t>(weight_.size() - 1);  // not reached
}

uint32_t AsyncProcess::pick_agent(uint32_t hi, uint32_t lo, int64_t exclude) const {
  uint64_t u = uniform_below(hi, lo, agents_ - (exclude >= 0 ? 1 : 0));
  for (uint32_t s = 0; s < counts_.size(); ++s) {
    const uint64_t w = counts_[s] - (s == exclude ? 1 : 0);
    if (u < w) return s;
    u -= w;
  }
  return static_cast<uint32_t>(counts_.size() - 1);  // not reached
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
    } else if (p.rule == UpdateRule::kFermi || p.rule == UpdateRule::kProportional) {
      from = pick_agent(a.v[1], a.v[2], -1);                        // the focal individual
      to = pick_agent(a.v[3], b.v[0], static_cast<int64_t>(from));  // its model
      if (to == from) continue;
      if (b.v[1] >= imitation_threshold(p, fitness_[to] - fitness_[from])) continue;
    } else if (p.rule == UpdateRule::kBirthDeath) {
      uint64_t total = 0;
      for (uint32_t s = 0; s < strategies; ++s) total += weight_[s] = counts_[s] * moran_[s];
      if (total == 0) continue;
      to = pick_weighted(total, a.v[1], a.v[2]);                    // the reproducer
      from = pick_agent(a.v[3], b.v[0], static_cast<int64_t>(to));  // the one it replaces
    } else if (p.rule == UpdateRule::kDeathBirth) {
      from = pick_agent(a.v[1], a.v[2], -1);  // the one that dies
      uint64_t total = 0;
      for (uint32_t s = 0; s < strategies; ++s) {
        total += weight_[s] = (counts_[s] - (s == from ? 1 : 0)) * moran_[s];
      }
      if (total == 0) continue;
      to = pick_weighted(total, a.v[3], b.v[0]);  // the parent of its replacement
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
