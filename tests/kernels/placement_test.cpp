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

TEST(FeistelDomain, IsTheSmallestPowerOfFourThatHoldsN) {
  struct Case {
    uint64_t n;
    uint32_t half_bits;
  };
  const Case cases[] = {{0, 1},
                        {1, 1},
                        {4, 1},
                        {5, 2},
                        {16, 2},
                        {17, 3},
                        {1000, 5},
                        {1024, 5},
                        {4097, 7},
                        {uint64_t{1} << 40, 20},
                        {(uint64_t{1} << 40) + 1, 21}};
  for (const Case& c : cases) {
    const FeistelDomain d = feistel_domain(c.n);
    EXPECT_EQ(d.half_bits, c.half_bits) << "n=" << c.n;
    EXPECT_EQ(d.mask, (uint64_t{1} << c.half_bits) - 1) << "n=" << c.n;
  }
}

// On its whole domain the 4-round network is a bijection and feistel_backward undoes it.
TEST(FeistelNetwork, ForwardIsABijectionOfTheDomainAndBackwardInvertsIt) {
  for (uint64_t n : {4ull, 64ull, 4096ull}) {
    const FeistelDomain d = feistel_domain(n);
    ASSERT_EQ(uint64_t{1} << (2 * d.half_bits), n);
    std::vector<uint8_t> hit(n, 0);
    uint64_t moved = 0;
    for (uint64_t x = 0; x < n; ++x) {
      const uint64_t y = feistel_forward(x, d, 42, Purpose::kPlacement, 0);
      ASSERT_LT(y, n);
      ASSERT_EQ(hit[y], 0) << "n=" << n << " x=" << x;
      hit[y] = 1;
      moved += y != x;
      EXPECT_EQ(feistel_backward(y, d, 42, Purpose::kPlacement, 0), x);
    }
    // A keyed shuffle, not the identity (4 elements have only 24 orders: no claim there).
    if (n >= 64) EXPECT_GT(moved, n / 2) << "n=" << n;
  }
}

TEST(PermuteIndex, SaltAndPurposeSelectIndependentPermutations) {
  const uint64_t n = 1000;
  int same_salt = 0, same_purpose = 0;
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t base = permute_index(i, n, 7, Purpose::kMigrationPairing, 1);
    same_salt += base == permute_index(i, n, 7, Purpose::kMigrationPairing, 2);
    same_purpose += base == permute_index(i, n, 7, Purpose::kContractPairing, 1);
  }
  EXPECT_LT(same_salt, 20);  // about one fixed agreement in n by chance
  EXPECT_LT(same_purpose, 20);
}

TEST(PermuteIndex, OneElementAndTheDefaultArgumentsArePlacement) {
  EXPECT_EQ(permute_index(0, 1, 123), 0u);
  EXPECT_EQ(unpermute_index(0, 1, 123), 0u);
  // Salt 0 of kPlacement is the placement permutation the defaults give.
  for (uint64_t i = 0; i < 50; ++i) {
    EXPECT_EQ(permute_index(i, 50, 9), permute_index(i, 50, 9, Purpose::kPlacement, 0));
  }
}

TEST(StrategyAt, EmptyLeadingBlocksSingleStrategyAndTheLastPosition) {
  const uint64_t leading_empty[] = {0, 0, 5};
  EXPECT_EQ(strategy_at(leading_empty, 3, 0), 2u);
  EXPECT_EQ(strategy_at(leading_empty, 3, 4), 2u);
  const uint64_t single[] = {8};
  EXPECT_EQ(strategy_at(single, 1, 0), 0u);
  EXPECT_EQ(strategy_at(single, 1, 7), 0u);
  const uint64_t four[] = {1, 2, 3, 4};  // one agent each
  for (uint32_t p = 0; p < 4; ++p) EXPECT_EQ(strategy_at(four, 4, p), p);
}

// Placing agents at their permuted positions gives each strategy exactly its count.
TEST(StrategyAt, PermutedPositionsPlaceExactCounts) {
  const uint64_t cumulative[] = {3, 3, 10, 17};  // counts 3, 0, 7, 7
  const uint64_t counts[] = {3, 0, 7, 7};
  for (uint64_t seed : {1ull, 2ull, 3ull}) {
    uint64_t placed[4] = {0, 0, 0, 0};
    for (uint64_t agent = 0; agent < 17; ++agent) {
      ++placed[strategy_at(cumulative, 4, permute_index(agent, 17, seed))];
    }
    for (int s = 0; s < 4; ++s) EXPECT_EQ(placed[s], counts[s]) << "seed " << seed;
  }
}

}  // namespace
}  // namespace evomarket
