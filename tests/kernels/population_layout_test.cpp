// Partner choice, community round robins and the keyed placement permutation.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "kernels/population.h"

namespace evomarket {
namespace {

TEST(PermuteIndex, IsABijectionForAwkwardSizes) {
  for (uint64_t n : {1ull, 2ull, 3ull, 5ull, 16ull, 17ull, 1000ull, 4097ull}) {
    std::vector<uint8_t> hit(n, 0);
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t p = permute_index(i, n, 99);
      ASSERT_LT(p, n);
      ASSERT_EQ(hit[p], 0) << "n=" << n << " i=" << i;
      hit[p] = 1;
    }
  }
}

TEST(PermuteIndex, DependsOnTheSeed) {
  int same = 0;
  for (uint64_t i = 0; i < 1000; ++i)
    same += permute_index(i, 1000, 1) == permute_index(i, 1000, 2);
  EXPECT_LT(same, 20);
}

TEST(StrategyAt, FindsTheBlockOfAPosition) {
  const uint64_t cumulative[] = {3, 3, 10};  // 3 of s0, none of s1, 7 of s2
  EXPECT_EQ(strategy_at(cumulative, 3, 0), 0u);
  EXPECT_EQ(strategy_at(cumulative, 3, 2), 0u);
  EXPECT_EQ(strategy_at(cumulative, 3, 3), 2u);
  EXPECT_EQ(strategy_at(cumulative, 3, 9), 2u);
}

TEST(RandomPartners, NeverSelfAndRoughlyUniform) {
  PopulationLayout layout{10, PartnerMode::kRandom, 1000, 0};
  std::vector<int> count(10, 0);
  for (uint64_t a = 0; a < 10; ++a) {
    for (uint32_t j = 0; j < 1000; ++j) {
      const uint64_t p = partner_of(layout, 5, a, j, 0);
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
    PopulationLayout layout{17, PartnerMode::kCommunity, 0, size};
    std::map<std::pair<uint64_t, uint64_t>, int> pairs;
    std::set<uint64_t> ids;
    for (uint64_t a = 0; a < layout.agents; ++a) {
      for (uint32_t j = 0; j < matches_started(layout, a); ++j) {
        const uint64_t b = partner_of(layout, 0, a, j, 0);
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

}  // namespace
}  // namespace evomarket
