// Population structures: who plays whom in a generation, and whom an agent looks at when it
// updates its strategy.
//
// Partners, match ids and update neighbourhoods are pure functions of (layout, seed, agent,
// generation), so both backends enumerate exactly the same matches in any order.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/placement.h"
#include "kernels/rng.h"

namespace evomarket {

enum class PartnerMode : uint32_t {
  kRandom = 0,     // well-mixed: each agent starts k matches against uniformly random others
  kCommunity = 1,  // every pair of agents within a community plays once
  kLattice = 2,    // 2-D periodic lattice: every pair of neighbours plays once
  kGraph = 3,      // static undirected graph (CSR): every edge plays once
  kComplete = 4,   // well-mixed, everyone against everyone, payoffs from strategy counts
};

struct PopulationLayout {
  uint64_t agents;
  PartnerMode mode;
  uint32_t matches_per_agent;        // kRandom: matches each agent starts (k)
  uint32_t community_size;           // kCommunity: agents per community (the last may be smaller)
  uint32_t lattice_width;            // kLattice: agents per row (agents = width * height)
  uint32_t neighbourhood;            // kLattice: 4 (von Neumann) or 8 (Moore)
  const uint64_t* graph_offsets;     // kGraph: CSR row offsets [agents + 1]
  const uint64_t* graph_neighbours;  // kGraph: CSR column indices (both directions of each edge)
  uint32_t self_interaction;         // 1: every agent also plays itself once (Nowak & May 1992)
  // kCommunity with communities of any size (market agents on real meters): community c holds
  // [community_offsets[c], community_offsets[c + 1]), `communities` + 1 ascending entries from 0
  // to agents; nullptr: equal blocks of community_size.
  const uint64_t* community_offsets;
  uint64_t communities;
};

// --- neighbourhoods ------------------------------------------------------------------------

// Lattice neighbour `dir` of an agent: 0..3 = E, S, W, N; 4..7 = SE, SW, NW, NE (periodic).
// Offsets come from a switch rather than a table so that GPU code keeps them in registers.
EVO_HD uint64_t lattice_neighbour(const PopulationLayout& l, uint64_t agent, uint32_t dir) {
  const uint64_t w = l.lattice_width;
  const uint64_t h = l.agents / w;
  const uint64_t x = agent % w;
  const uint64_t y = agent / w;
  const uint64_t east = (x + 1) % w, west = (x + w - 1) % w;
  const uint64_t south = (y + 1) % h, north = (y + h - 1) % h;
  switch (dir) {
    case 0:
      return y * w + east;
    case 1:
      return south * w + x;
    case 2:
      return y * w + west;
    case 3:
      return north * w + x;
    case 4:
      return south * w + east;
    case 5:
      return south * w + west;
    case 6:
      return north * w + west;
    default:
      return north * w + east;
  }
}

struct Community {
  uint64_t start;
  uint64_t size;
};

EVO_HD Community community_of(const PopulationLayout& l, uint64_t agent) {
  if (l.community_offsets) {
    uint64_t lo = 0, hi = l.communities - 1;  // the last community whose start <= agent
    while (lo < hi) {
      const uint64_t mid = hi - (hi - lo) / 2;
      if (l.community_offsets[mid] <= agent) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return Community{l.community_offsets[lo],
                     l.community_offsets[lo + 1] - l.community_offsets[lo]};
  }
  const uint64_t start = agent / l.community_size * l.community_size;
  const uint64_t rest = l.agents - start;
  return Community{start, rest < l.community_size ? rest : l.community_size};
}

// Number of agents an agent looks at when it updates (its neighbourhood without itself).
EVO_HD uint64_t neighbour_count(const PopulationLayout& l, uint64_t agent) {
  switch (l.mode) {
    case PartnerMode::kCommunity:
      return community_of(l, agent).size - 1;
    case PartnerMode::kLattice:
      return l.neighbourhood;
    case PartnerMode::kGraph:
      return l.graph_offsets[agent + 1] - l.graph_offsets[agent];
    default:
      return l.agents - 1;
  }
}

// The i-th agent of that neighbourhood (i < neighbour_count).
EVO_HD uint64_t neighbour(const PopulationLayout& l, uint64_t agent, uint64_t i) {
  switch (l.mode) {
    case PartnerMode::kCommunity: {
      const Community c = community_of(l, agent);
      const uint64_t local = agent - c.start;
      return c.start + (local + 1 + i) % c.size;
    }
    case PartnerMode::kLattice:
      return lattice_neighbour(l, agent, static_cast<uint32_t>(i));
    case PartnerMode::kGraph:
      return l.graph_neighbours[l.graph_offsets[agent] + i];
    default:
      return i >= agent ? i + 1 : i;  // everyone else
  }
}

// --- matches of a generation ---------------------------------------------------------------

// Number of match slots of an agent; slot j is a match iff match_partner() says so.
//  - random: k matches against uniformly random others;
//  - community of s agents: local agent u plays u + d (mod s) for d = 1 .. (s - 1) / 2, plus
//    d = s / 2 when s is even and u < s / 2 (every pair once, balanced across agents);
//  - lattice: the E and S neighbours (von Neumann), plus SE and SW (Moore): every edge once;
//  - graph: every neighbour with a larger index: every edge once;
//  - complete: no matches (payoffs come from the strategy counts).
EVO_HD uint64_t match_slots(const PopulationLayout& l, uint64_t agent) {
  switch (l.mode) {
    case PartnerMode::kRandom:
      return l.matches_per_agent;
    case PartnerMode::kCommunity: {
      const Community c = community_of(l, agent);
      const uint64_t local = agent - c.start;
      return (c.size - 1) / 2 + ((c.size % 2 == 0 && local < c.size / 2) ? 1u : 0u);
    }
    case PartnerMode::kLattice:
      return l.neighbourhood / 2;
    case PartnerMode::kGraph:
      return l.graph_offsets[agent + 1] - l.graph_offsets[agent];
    default:
      return 0;
  }
}

// Unique id of slot j of `agent` (it keys the match's random draws).
EVO_HD uint64_t match_id_of(const PopulationLayout& l, uint64_t agent, uint64_t j) {
  switch (l.mode) {
    case PartnerMode::kRandom:
      return agent * l.matches_per_agent + j;
    case PartnerMode::kCommunity:
      return agent * l.community_size + j;
    case PartnerMode::kLattice:
      return agent * 4 + j;
    default:
      return l.graph_offsets[agent] + j;  // kGraph: the CSR entry
  }
}

// Id of an agent's match against itself (self_interaction), apart from every other match id.
EVO_HD uint64_t self_match_id(uint64_t agent) {
  return (uint64_t{1} << 55) + agent;  // the ids of other matches stay below 2^55
}

// Partner of slot j of `agent`, or `agent` itself when the slot holds no match (a graph edge
// started by the other end).
EVO_HD uint64_t match_partner(const PopulationLayout& l, uint64_t seed, uint64_t agent, uint64_t j,
                              uint32_t generation) {
  switch (l.mode) {
    case PartnerMode::kRandom: {
      const Draw4 d = draw4(seed, match_id_of(l, agent, j), Purpose::kPartner, generation, 0);
      const uint64_t other = uniform_below(d.v[0], d.v[1], l.agents - 1);
      return other >= agent ? other + 1 : other;  // uniform among the agents other than itself
    }
    case PartnerMode::kCommunity: {
      const Community c = community_of(l, agent);
      return c.start + (agent - c.start + j + 1) % c.size;
    }
    case PartnerMode::kLattice:  // slots 0..3: E, S, SE, SW
      return lattice_neighbour(l, agent,
                               j < 2 ? static_cast<uint32_t>(j) : static_cast<uint32_t>(j) + 2);
    case PartnerMode::kGraph: {
      const uint64_t other = l.graph_neighbours[l.graph_offsets[agent] + j];
      return other > agent ? other : agent;
    }
    default:
      return agent;
  }
}

}  // namespace evomarket
