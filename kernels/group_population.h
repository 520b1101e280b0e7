// Groups of a group game in a population (docs/group_games.md): which agents play together in a
// generation, and one group's play. Members are pure functions of (layout, seed, agent, slot,
// generation), so both backends enumerate the same groups in any order; payoffs are integer.
//
//  - random (well-mixed): every agent starts matches_per_agent groups, each with N - 1 distinct
//    co-players drawn uniformly among all other agents;
//  - community: the same, co-players drawn among the other members of its community;
//  - lattice and graph: every agent is the focal member of one group, itself and all its
//    neighbours (Santos, Santos & Pacheco 2008), so it plays in the groups centred on itself
//    and on each neighbour. A lattice group has neighbourhood + 1 members, a graph group
//    degree + 1.
// An agent's payoff is summed over all groups it played; its fitness is that sum per round
// played (kernels/update.h), the mean over its groups and rounds.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/group_game.h"
#include "kernels/population.h"
#include "kernels/rng.h"

namespace evomarket {

// Groups an agent starts in a generation.
EVO_HD uint64_t group_slots(const PopulationLayout& l, uint64_t agent) {
  (void)agent;
  switch (l.mode) {
    case PartnerMode::kRandom:
    case PartnerMode::kCommunity:
      return l.matches_per_agent;
    case PartnerMode::kLattice:
    case PartnerMode::kGraph:
      return 1;
    default:
      return 0;
  }
}

// Unique id of group j started by `agent` (it keys the draws of its co-players).
EVO_HD uint64_t group_id_of(const PopulationLayout& l, uint64_t agent, uint64_t j) {
  return agent * group_slots(l, agent) + j;
}

// Members of group j started by `agent` into members[0 ..), the agent first; returns how many
// (0 when the group cannot be formed: fewer candidates than N - 1, or more than kMaxGroupSize).
// Random and community groups draw N - 1 distinct co-players by Floyd's sampling among the
// agent's neighbourhood (kernels/population.h: all others, or its community's others).
EVO_HD int group_members(const PopulationLayout& l, int group_size, uint64_t seed, uint64_t agent,
                         uint64_t j, uint32_t generation, uint64_t* members) {
  members[0] = agent;
  const uint64_t pool = neighbour_count(l, agent);
  if (l.mode == PartnerMode::kLattice || l.mode == PartnerMode::kGraph) {
    if (pool + 1 > static_cast<uint64_t>(kMaxGroupSize)) return 0;
    for (uint64_t i = 0; i < pool; ++i) members[i + 1] = neighbour(l, agent, i);
    return static_cast<int>(pool + 1);
  }
  const uint64_t m = static_cast<uint64_t>(group_size - 1);
  if (group_size > kMaxGroupSize || pool < m) return 0;
  const uint64_t id = group_id_of(l, agent, j);
  uint64_t chosen[kMaxGroupSize];
  Draw4 d{};
  for (uint64_t s = 0; s < m; ++s) {
    if (s % 2 == 0) d = draw4(seed, id, Purpose::kGroup, generation, static_cast<uint32_t>(s / 2));
    const uint64_t top = pool - m + s;  // draw among 0 .. top
    uint64_t t = s % 2 == 0 ? uniform_below(d.v[0], d.v[1], top + 1)
                            : uniform_below(d.v[2], d.v[3], top + 1);
    for (uint64_t k = 0; k < s; ++k) {
      if (chosen[k] == t) {
        t = top;
        break;
      }
    }
    chosen[s] = t;
    members[s + 1] = neighbour(l, agent, t);
  }
  return group_size;
}

// One group's outcome: who played, and what each member earned and cooperated.
struct GroupOutcome {
  int size;                         // 0: no group
  uint64_t members[kMaxGroupSize];  // members[0] is the focal agent
  int64_t payoff[kMaxGroupSize];    // summed over the rounds, 2^-16 units
  int cooperations[kMaxGroupSize];  // rounds of C
};

// Plays group j started by `agent` in `generation`: strategy[] holds every agent's strategy
// index, g.codes maps it to the group strategy code (kernels/group_game.h).
EVO_HD void play_focal_group(const PopulationLayout& l, const GroupView& g, uint64_t seed,
                             const uint16_t* strategy, uint64_t agent, uint64_t j,
                             uint32_t generation, GroupOutcome& out) {
  out.size = group_members(l, g.group_size, seed, agent, j, generation, out.members);
  if (out.size < 2) {
    out.size = 0;
    return;
  }
  int codes[kMaxGroupSize];
  for (int i = 0; i < out.size; ++i) codes[i] = g.codes[strategy[out.members[i]]];
  play_group_q16(g, out.size, codes, out.payoff, out.cooperations);
}

}  // namespace evomarket
