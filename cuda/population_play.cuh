// The interactions of one agent in one generation, shared by the CUDA population engine
// (cuda_population.cu) and its batch of populations (cuda_population_batch.cu): which matches
// an agent starts and who its partners are come from kernels/population.h, the matches from
// kernels/game.h. Sums are integer atomics, so any order gives the CPU backend's totals.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "cuda/grid_stride.cuh"
#include "host/backend/backend.h"
#include "kernels/game.h"
#include "kernels/group_population.h"
#include "kernels/population.h"

namespace evomarket::gpu {

// Global counters of one generation of one population, in one zeroed array of
// counter_words(S): [cooperations S | agents S | payoff S | turns S | matches 1].
struct GenerationCounters {
  uint64_t* cooperations;
  uint64_t* agents;
  uint64_t* payoff;  // int64 sums as two's-complement bits
  uint64_t* turns;
  uint64_t* matches;
};

__host__ __device__ inline size_t counter_words(uint32_t strategies) {
  return 4 * static_cast<size_t>(strategies) + 1;
}

__host__ __device__ inline GenerationCounters counters_at(uint64_t* base, uint32_t strategies) {
  const size_t s = strategies;
  return GenerationCounters{base, base + s, base + 2 * s, base + 3 * s, base + 4 * s};
}

// The totals of one population from its counter words (downloaded; the layout of
// GenerationCounters).
inline StrategyTotals totals_from_counters(const uint64_t* words, uint32_t strategies) {
  const size_t n = strategies;
  StrategyTotals totals(strategies);
  for (size_t s = 0; s < n; ++s) {
    totals.cooperations[s] = words[s];
    totals.agents[s] = words[n + s];
    totals.payoff[s] = static_cast<int64_t>(words[2 * n + s]);
    totals.turns[s] = words[3 * n + s];
  }
  totals.matches = words[4 * n];
  return totals;
}

// What an agent's own seats of its matches added up to.
struct AgentPlay {
  uint64_t payoff = 0;
  uint32_t turns = 0;  // wraps like the CPU's uint32 +=
  uint64_t cooperations = 0;
  uint64_t matches = 0;  // matches it started against another agent
  bool played = false;
};

// Plays `agent`'s match against itself (self-interaction) and the match slots it starts,
// skipping slots that hold no match. The partners' seats go straight to their payoff and turns
// and to cooperations[their strategy]; the agent's own seats come back to be added once.
// `strategy`, `payoff` and `turns` are the population's arrays, indexed by agent.
static __device__ AgentPlay play_agent_matches(const PopulationLayout& layout, const GameView& game,
                                               uint32_t generation,
                                               const uint16_t* __restrict__ strategy,
                                               int64_t* payoff, uint32_t* turns,
                                               uint64_t* cooperations, uint64_t agent) {
  AgentPlay own;
  const uint32_t a = strategy[agent];
  if (layout.self_interaction) {
    const MatchOutcome o = play_pair(game, a, a, self_match_id(agent), generation);
    own.payoff += static_cast<uint64_t>(o.score[0]);
    own.turns += o.turns;
    own.cooperations += o.cooperations[0];
    own.played = true;
  }
  const uint64_t slots = match_slots(layout, agent);
  for (uint64_t j = 0; j < slots; ++j) {
    const uint64_t other = match_partner(layout, game.seed, agent, j, generation);
    if (other == agent) continue;
    const uint32_t b = strategy[other];
    const MatchOutcome o = play_pair(game, a, b, match_id_of(layout, agent, j), generation);
    own.payoff += static_cast<uint64_t>(o.score[0]);
    own.turns += o.turns;
    own.cooperations += o.cooperations[0];
    atomic_add(&payoff[other], static_cast<uint64_t>(o.score[1]));
    atomic_add(&turns[other], o.turns);
    if (o.cooperations[1] != 0) {
      atomic_add(&cooperations[b], static_cast<uint64_t>(o.cooperations[1]));
    }
    ++own.matches;
    own.played = true;
  }
  return own;
}

// Plays the groups `agent` starts (kernels/group_population.h) and adds every member's payoff,
// rounds and moves C; returns the number of groups played. The group's arrays live in the
// thread's local memory (`scratch`).
static __device__ uint64_t play_agent_groups(const PopulationLayout& layout, const GroupView& group,
                                             uint64_t seed, uint32_t generation,
                                             const uint16_t* __restrict__ strategy, int64_t* payoff,
                                             uint32_t* turns, uint64_t* cooperations,
                                             uint64_t agent, GroupOutcome& scratch) {
  const auto rounds = static_cast<uint32_t>(group.rounds);
  uint64_t groups = 0;
  const uint64_t slots = group_slots(layout, agent);
  for (uint64_t j = 0; j < slots; ++j) {
    play_focal_group(layout, group, seed, strategy, agent, j, generation, scratch);
    for (int m = 0; m < scratch.size; ++m) {
      const uint64_t member = scratch.members[m];
      atomic_add(&payoff[member], static_cast<uint64_t>(scratch.payoff[m]));
      atomic_add(&turns[member], rounds);
      if (scratch.cooperations[m] != 0) {
        atomic_add(&cooperations[strategy[member]], static_cast<uint64_t>(scratch.cooperations[m]));
      }
    }
    if (scratch.size > 0) ++groups;
  }
  return groups;
}

}  // namespace evomarket::gpu
