// Keyed permutations (kernels/placement.h): the Feistel network on its power-of-4 domain, the
// cycle-walked bijection of [0, n) and its inverse, and exact placement of strategy counts.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/placement.h"

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

TEST(UnpermuteIndex, InvertsPermuteIndex) {
  for (uint64_t n : {2ull, 7ull, 1000ull, 4097ull}) {
    for (uint64_t i = 0; i < n; i += 1 + n / 50) {
      const uint64_t p = permute_index(i, n, 5, Purpose::kMigrationPairing, 3);
      EXPECT_EQ(unpermute_index(p, n, 5, Purpose::kMigrationPairing, 3), i);
    }
  }
}

}  // namespace
}  // namespace evomarket
