// Strategy updates between generations, per agent, as pure functions of the previous
// generation's strategies and payoffs (synchronous updating; docs/dynamics.md has the formulas).
//
// Fitness is payoff per round in fixed point: f = payoff * 2^16 / rounds (integer division),
// where a round is one turn of an iterated match or one play of a matrix game. All comparisons
// are integer; the Fermi function is a table built on the host (FermiTableView).
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/population.h"
#include "kernels/rng.h"

namespace evomarket {

enum class UpdateRule : uint32_t {
  kNone = 0,          // strategies never change
  kFermi = 1,         // imitate a random neighbour with probability 1 / (1 + e^(-beta (f_m - f)))
  kProportional = 2,  // imitate a random better neighbour with probability (f_m - f) / delta_max
  kImitateBest = 3,   // adopt the strategy of the fittest of self and neighbours
  kDeathBirth = 4,    // replaced by a neighbour's offspring, chosen proportional to 1 - w + w f
  kBirthDeath = 5,    // well-mixed asynchronous Moran process only (host/run/async_process.h);
                      // updated_strategy() keeps the strategy
};

constexpr int64_t kFitnessOne = int64_t{1} << 16;  // fixed-point unit of fitness

EVO_HD int64_t fitness_q16(int64_t payoff, uint32_t rounds) {
  return rounds ? payoff * kFitnessOne / static_cast<int64_t>(rounds) : 0;
}

// Fermi probabilities as thresholds at fitness differences d = (i - half) * step (i = 0 ..
// 2 half), linearly interpolated in integers in between and clamped beyond the ends.
struct FermiTableView {
  const uint64_t* thresholds;
  uint32_t half;
  int64_t step;
};

EVO_HD uint64_t fermi_threshold(const FermiTableView& t, int64_t d) {
  int64_t q = d / t.step;
  int64_t r = d % t.step;
  if (r < 0) {  // floor division
    r += t.step;
    --q;
  }
  const int64_t i = q + t.half;
  if (i < 0) return t.thresholds[0];
  if (i >= 2 * static_cast<int64_t>(t.half)) return t.thresholds[2 * t.half];
  const uint64_t lo = t.thresholds[i];
  const uint64_t hi = t.thresholds[i + 1];  // the table increases with d
  return lo + (hi - lo) * static_cast<uint64_t>(r) / static_cast<uint64_t>(t.step);
}

struct UpdateParams {
  UpdateRule rule;
  Probability revise;     // probability that an agent revises its strategy in a generation
  Probability mutation;   // probability that an agent then mutates to another strategy
  Probability migration;  // community mode: probability that a random pair swaps places
  FermiTableView fermi;
  int64_t delta_max_q16;  // kProportional: largest possible fitness difference (> 0)
  int64_t w_q16;          // kDeathBirth: selection strength w in [0, 2^16]
  uint32_t strategies;
};

// An agent's strategy and fitness of the previous generation in one word, so that looking at
// a neighbour costs one memory access: fitness (|f| < 2^47) in the high 48 bits, strategy in the
// low 16. Both backends pack all agents first, then update from the packed array.
EVO_HD uint64_t pack_fitness(uint32_t strategy, int64_t fitness_q16) {
  return (static_cast<uint64_t>(fitness_q16) << 16) | (strategy & 0xFFFFu);
}

EVO_HD uint64_t pack_agent(uint32_t strategy, int64_t payoff, uint32_t rounds) {
  return pack_fitness(strategy, fitness_q16(payoff, rounds));
}

// Group games keep payoffs in fixed point already (2^-16 units, kernels/group_game.h): their
// fitness is the payoff per round itself.
EVO_HD uint64_t pack_agent(uint32_t strategy, int64_t payoff, uint32_t rounds, bool payoff_q16) {
  if (!payoff_q16) return pack_agent(strategy, payoff, rounds);
  return pack_fitness(strategy, rounds ? payoff / static_cast<int64_t>(rounds) : 0);
}

struct AgentsView {
  const uint64_t* packed;  // pack_agent() of every agent
  // Per agent its class, when agents imitate only neighbours of their own class (market
  // agents by PV and battery, kernels/market_fitness.h); nullptr: everyone is a peer.
  const uint8_t* peer_class = nullptr;
};

EVO_HD bool is_peer(const AgentsView& a, uint64_t agent, uint64_t other) {
  return a.peer_class == nullptr || a.peer_class[agent] == a.peer_class[other];
}

// The number of `agent`'s neighbours it may imitate (all of them without classes).
EVO_HD uint64_t peer_count(const PopulationLayout& l, const AgentsView& a, uint64_t agent) {
  const uint64_t n = neighbour_count(l, agent);
  if (a.peer_class == nullptr) return n;
  uint64_t peers = 0;
  for (uint64_t i = 0; i < n; ++i) peers += is_peer(a, agent, neighbour(l, agent, i)) ? 1 : 0;
  return peers;
}

// The k-th peer among `agent`'s neighbours (k < peer_count), in neighbour order.
EVO_HD uint64_t peer(const PopulationLayout& l, const AgentsView& a, uint64_t agent, uint64_t k) {
  if (a.peer_class == nullptr) return neighbour(l, agent, k);
  const uint64_t n = neighbour_count(l, agent);
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t m = neighbour(l, agent, i);
    if (!is_peer(a, agent, m)) continue;
    if (k == 0) return m;
    --k;
  }
  return agent;  // not reached for k < peer_count
}

EVO_HD uint32_t packed_strategy(const AgentsView& a, uint64_t agent) {
  return static_cast<uint32_t>(a.packed[agent] & 0xFFFFu);
}

EVO_HD int64_t agent_fitness(const AgentsView& a, uint64_t agent) {
  return static_cast<int64_t>(a.packed[agent]) >> 16;  // arithmetic shift keeps the sign
}

// Moran fitness 1 - w + w f in units of 2^-32 (never negative).
EVO_HD uint64_t moran_fitness_q32(int64_t f_q16, int64_t w_q16) {
  const int64_t phi = (kFitnessOne - w_q16) * kFitnessOne + w_q16 * f_q16;
  return phi > 0 ? static_cast<uint64_t>(phi) : 0;
}

// Pairwise comparison (kFermi, kProportional): the threshold of the probability that an agent
// imitates a model whose fitness exceeds its own by `diff` (2^-16 units; may be negative).
EVO_HD uint64_t imitation_threshold(const UpdateParams& p, int64_t diff) {
  if (p.rule == UpdateRule::kFermi) return fermi_threshold(p.fermi, diff);
  if (diff <= 0) return 0;
  // One correctly rounded division (IEEE on both backends), then an exact scaling.
  const double share = static_cast<double>(diff) / static_cast<double>(p.delta_max_q16);
  return share >= 1.0 ? kCertain : static_cast<uint64_t>(share * static_cast<double>(kCertain));
}

// The agent whose strategy `agent` holds after the update step of `generation` (before
// mutation): `agent` itself when it keeps its own, else the model it imitates or whose offspring
// replaces it. Continuous genomes (kernels/pricing_genome.h) copy the source's genome.
EVO_HD uint64_t updated_source(const PopulationLayout& l, const AgentsView& a,
                               const UpdateParams& p, uint64_t seed, uint64_t agent,
                               uint32_t generation) {
  if (p.rule == UpdateRule::kNone) return agent;
  const Draw4 d = draw4(seed, agent, Purpose::kUpdate, generation, 0);
  if (!bernoulli(d.v[0], p.revise)) return agent;
  const uint64_t n = neighbour_count(l, agent);
  if (n == 0) return agent;
  const int64_t f = agent_fitness(a, agent);
  switch (p.rule) {
    case UpdateRule::kFermi:
    case UpdateRule::kProportional: {
      const uint64_t peers = peer_count(l, a, agent);
      if (peers == 0) return agent;
      const uint64_t model = peer(l, a, agent, uniform_below(d.v[1], d.v[2], peers));
      return d.v[3] < imitation_threshold(p, agent_fitness(a, model) - f) ? model : agent;
    }
    case UpdateRule::kImitateBest: {
      uint64_t best = agent;
      int64_t best_fitness = f;
      for (uint64_t i = 0; i < n; ++i) {
        const uint64_t m = neighbour(l, agent, i);
        const int64_t fm = agent_fitness(a, m);
        if (is_peer(a, agent, m) && fm > best_fitness) {  // ties keep the earlier (own first)
          best_fitness = fm;
          best = m;
        }
      }
      return best;
    }
    case UpdateRule::kDeathBirth: {
      uint64_t total = 0;
      for (uint64_t i = 0; i < n; ++i) {
        const uint64_t m = neighbour(l, agent, i);
        if (is_peer(a, agent, m)) total += moran_fitness_q32(agent_fitness(a, m), p.w_q16);
      }
      if (total == 0) return agent;
      uint64_t u = uniform_below(d.v[1], d.v[2], total);
      for (uint64_t i = 0; i < n; ++i) {
        const uint64_t m = neighbour(l, agent, i);
        if (!is_peer(a, agent, m)) continue;
        const uint64_t phi = moran_fitness_q32(agent_fitness(a, m), p.w_q16);
        if (u < phi) return m;
        u -= phi;
      }
      return agent;  // not reached
    }
    default:
      return agent;
  }
}

// The strategy `agent` holds after the update step of `generation` (before mutation).
EVO_HD uint32_t updated_strategy(const PopulationLayout& l, const AgentsView& a,
                                 const UpdateParams& p, uint64_t seed, uint64_t agent,
                                 uint32_t generation) {
  return packed_strategy(a, updated_source(l, a, p, seed, agent, generation));
}

// Mutation to a strategy chosen uniformly among the other strategies.
EVO_HD uint32_t mutated_strategy(uint32_t strategy, const UpdateParams& p, uint64_t seed,
                                 uint64_t agent, uint32_t generation) {
  if (p.mutation.threshold == 0 || p.strategies < 2) return strategy;
  const Draw4 d = draw4(seed, agent, Purpose::kMutation, generation, 0);
  if (!bernoulli(d.v[0], p.mutation)) return strategy;
  const uint64_t r = uniform_below(d.v[1], d.v[2], p.strategies - 1);
  return static_cast<uint32_t>(r >= strategy ? r + 1 : r);
}

// Migration: agents are paired at random (a keyed permutation, positions 2i and 2i + 1) and
// each pair swaps places with probability `migration`. Returns the agent whose strategy moves
// into `agent`'s place (itself when it stays).
EVO_HD uint64_t migration_source(const PopulationLayout& l, const UpdateParams& p, uint64_t seed,
                                 uint64_t agent, uint32_t generation) {
  if (p.migration.threshold == 0) return agent;
  const uint64_t n = l.agents;
  const uint64_t position = permute_index(agent, n, seed, Purpose::kMigrationPairing, generation);
  const uint64_t other = position ^ 1u;
  if (other >= n) return agent;
  const Draw4 d = draw4(seed, position >> 1, Purpose::kMigration, generation, 0);
  if (!bernoulli(d.v[0], p.migration)) return agent;
  return unpermute_index(other, n, seed, Purpose::kMigrationPairing, generation);
}

}  // namespace evomarket
