// Partner choice, community round robins, lattices and graphs (kernels/population.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "kernels/population.h"

namespace evomarket {
namespace {

TEST(RandomPartners, NeverSelfAndRoughlyUniform) {
  PopulationLayout layout{10, PartnerMode::kRandom, 1000, 0, 0, 0, nullptr, nullptr, 0};
  std::vector<int> count(10, 0);
  for (uint64_t a = 0; a < 10; ++a) {
    for (uint32_t j = 0; j < 1000; ++j) {
      const uint64_t p = match_partner(layout, 5, a, j, 0);
      ASSERT_NE(p, a);
      ASSERT_LT(p, 10u);
      ++count[p];
    }
  }
  for (int c : count) EXPECT_NEAR(c, 1000, 150);
}

// Every unordered pair inside each community plays exactly once, nobody plays outside.
TEST(CommunityRoundRobin, EveryPairOnceForEvenOddAndRaggedSizes) {
  for (uint32_t size : {1u, 2u, 5u, 6u}) {
    PopulationLayout layout{17, PartnerMode::kCommunity, 0, size, 0, 0, nullptr, nullptr, 0};
    std::map<std::pair<uint64_t, uint64_t>, int> pairs;
    std::set<uint64_t> ids;
    for (uint64_t a = 0; a < layout.agents; ++a) {
      for (uint64_t j = 0; j < match_slots(layout, a); ++j) {
        const uint64_t b = match_partner(layout, 0, a, j, 0);
        ASSERT_NE(a, b);
        ASSERT_EQ(a / size, b / size) << "left its community";
        ++pairs[{std::min(a, b), std::max(a, b)}];
        ASSERT_TRUE(ids.insert(match_id_of(layout, a, j)).second);
      }
    }
    size_t expected = 0;
    for (uint64_t start = 0; start < layout.agents; start += size) {
      const uint64_t s = std::min<uint64_t>(size, layout.agents - start);
      expected += s * (s - 1) / 2;
    }
    EXPECT_EQ(pairs.size(), expected) << "size " << size;
    for (const auto& [pair, n] : pairs) EXPECT_EQ(n, 1);
  }
}

// Every lattice edge (E, S, and for Moore SE, SW) is played exactly once, and the update
// neighbourhood is the 4 or 8 surrounding sites on the torus.
TEST(Lattice, EveryEdgeOnceAndPeriodicNeighbourhoods) {
  for (uint32_t hood : {4u, 8u}) {
    PopulationLayout layout{5 * 4, PartnerMode::kLattice, 0, 0, 5, hood, nullptr, nullptr, 0};
    std::map<std::pair<uint64_t, uint64_t>, int> edges;
    for (uint64_t a = 0; a < layout.agents; ++a) {
      ASSERT_EQ(match_slots(layout, a), hood / 2);
      for (uint64_t j = 0; j < match_slots(layout, a); ++j) {
        const uint64_t b = match_partner(layout, 0, a, j, 0);
        ++edges[{std::min(a, b), std::max(a, b)}];
      }
      std::set<uint64_t> around;
      for (uint64_t i = 0; i < neighbour_count(layout, a); ++i)
        around.insert(neighbour(layout, a, i));
      EXPECT_EQ(around.size(), hood);
      EXPECT_EQ(around.count(a), 0u);
    }
    EXPECT_EQ(edges.size(), layout.agents * hood / 2);
    for (const auto& [edge, n] : edges) EXPECT_EQ(n, 1);
  }
  // Agent 0 on a 5 x 4 torus: E = 1, S = 5, W = 4, N = 15.
  PopulationLayout l{20, PartnerMode::kLattice, 0, 0, 5, 4, nullptr, nullptr, 0};
  EXPECT_EQ(neighbour(l, 0, 0), 1u);
  EXPECT_EQ(neighbour(l, 0, 1), 5u);
  EXPECT_EQ(neighbour(l, 0, 2), 4u);
  EXPECT_EQ(neighbour(l, 0, 3), 15u);
}

TEST(Graph, EdgesPlayOnceFromTheSmallerEnd) {
  // Path 0 - 1 - 2 plus edge 0 - 2 (a triangle), CSR with both directions.
  const uint64_t offsets[] = {0, 2, 4, 6};
  const uint64_t neighbours[] = {1, 2, 0, 2, 0, 1};
  PopulationLayout l{3, PartnerMode::kGraph, 0, 0, 0, 0, offsets, neighbours, 0};
  std::set<std::pair<uint64_t, uint64_t>> played;
  std::set<uint64_t> ids;
  for (uint64_t a = 0; a < 3; ++a) {
    for (uint64_t j = 0; j < match_slots(l, a); ++j) {
      const uint64_t b = match_partner(l, 0, a, j, 0);
      if (b == a) continue;
      EXPECT_LT(a, b);
      played.insert({a, b});
      EXPECT_TRUE(ids.insert(match_id_of(l, a, j)).second);
    }
    EXPECT_EQ(neighbour_count(l, a), 2u);
  }
  EXPECT_EQ(played.size(), 3u);
}

}  // namespace
}  // namespace evomarket
