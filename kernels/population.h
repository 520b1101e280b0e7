// Who plays whom in a population generation, and which agent holds which strategy.
//
// Partners, placements and match ids are pure functions of (seed, agent, generation), so both
// backends enumerate exactly the same matches in any order.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/rng.h"

namespace evomarket {

enum class PartnerMode : uint32_t {
  kRandom = 0,     // each agent starts k matches against uniformly random other agents
  kCommunity = 1,  // every pair of agents within a community plays once
};

struct PopulationLayout {
  uint64_t agents;
  PartnerMode mode;
  uint32_t matches_per_agent;  // kRandom: matches each agent starts (k)
  uint32_t community_size;     // kCommunity: agents per community (the last may be smaller)
};

// Number of matches agent `agent` starts in a generation. In a community of s agents, local
// agent u starts the matches against u + d (mod s) for d = 1 .. (s - 1) / 2, plus d = s / 2 when
// s is even and u < s / 2: every pair exactly once, and the work is balanced across agents.
EVO_HD uint32_t matches_started(const PopulationLayout& layout, uint64_t agent) {
  if (layout.mode == PartnerMode::kRandom) return layout.matches_per_agent;
  const uint64_t start = agent / layout.community_size * layout.community_size;
  const uint64_t rest = layout.agents - start;
  const uint32_t size =
      static_cast<uint32_t>(rest < layout.community_size ? rest : layout.community_size);
  const uint32_t local = static_cast<uint32_t>(agent - start);
  const uint32_t half = (size - 1) / 2;
  return half + ((size % 2 == 0 && local < size / 2) ? 1u : 0u);
}

// Unique id of the j-th match that `agent` starts (it keys the match's random draws).
EVO_HD uint64_t match_id_of(const PopulationLayout& layout, uint64_t agent, uint32_t j) {
  const uint64_t per_agent =
      layout.mode == PartnerMode::kRandom ? layout.matches_per_agent : layout.community_size;
  return agent * per_agent + j;
}

// Opponent of the j-th match that `agent` starts.
EVO_HD uint64_t partner_of(const PopulationLayout& layout, uint64_t seed, uint64_t agent,
                           uint32_t j, uint32_t generation) {
  if (layout.mode == PartnerMode::kRandom) {
    const Draw4 d = draw4(seed, match_id_of(layout, agent, j), Purpose::kPartner, generation, 0);
    const uint64_t other = uniform_below(d.v[0], d.v[1], layout.agents - 1);
    return other >= agent ? other + 1 : other;  // uniform among the agents other than itself
  }
  const uint64_t start = agent / layout.community_size * layout.community_size;
  const uint64_t rest = layout.agents - start;
  const uint64_t size = rest < layout.community_size ? rest : layout.community_size;
  return start + (agent - start + j + 1) % size;
}

// A keyed bijection of [0, n): a 4-round Feistel network on the smallest power-of-4 domain
// that holds n, with cycle walking back into [0, n). Used to place exact strategy counts onto
// agents at random, statelessly and in parallel.
EVO_HD uint64_t permute_index(uint64_t index, uint64_t n, uint64_t seed) {
  uint32_t half_bits = 1;
  while (half_bits < 32 && (uint64_t{1} << (2 * half_bits)) < n) ++half_bits;
  const uint64_t mask = (uint64_t{1} << half_bits) - 1;
  uint64_t x = index;
  do {
    uint64_t left = x >> half_bits;
    uint64_t right = x & mask;
    for (uint32_t round = 0; round < 4; ++round) {
      const uint64_t f = draw4(seed, right, Purpose::kPlacement, round, half_bits).v[0] & mask;
      const uint64_t next_right = left ^ f;
      left = right;
      right = next_right;
    }
    x = (left << half_bits) | right;
  } while (x >= n);
  return x;
}

// Strategy of an agent whose permuted position falls into the blocks given by cumulative
// counts (cumulative[s] = agents of strategies 0..s).
EVO_HD uint32_t strategy_at(const uint64_t* cumulative, uint32_t strategy_count,
                            uint64_t position) {
  uint32_t lo = 0;
  uint32_t hi = strategy_count - 1;
  while (lo < hi) {
    const uint32_t mid = (lo + hi) / 2;
    if (position < cumulative[mid]) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

}  // namespace evomarket
