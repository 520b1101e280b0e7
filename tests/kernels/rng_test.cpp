// Philox4x32-10 against the published Random123 known-answer vectors, and the draw helpers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>

#include "kernels/rng.h"

namespace evomarket {
namespace {

struct Kat {
  uint32_t ctr[4];
  uint32_t key[2];
  uint32_t expected[4];
};

// From Random123's kat_vectors (philox4x32, 10 rounds).
const Kat kPhiloxKats[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

TEST(Philox, KnownAnswerVectors) {
  for (const Kat& k : kPhiloxKats) {
    const Draw4 d = philox4x32_10(k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3], k.key[0], k.key[1]);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(d.v[i], k.expected[i]) << "word " << i;
  }
}

TEST(Philox, Draw4PacksSeedEntityAndPurposeIntoKeyAndCounter) {
  const uint64_t seed = 0x299f31d0a4093822ull;
  const uint64_t entity = 0x00ABCDEF12345678ull;
  const Draw4 d = draw4(seed, entity, Purpose::kPartner, 7, 9);
  const Draw4 raw =
      philox4x32_10(0x12345678u, 0x00ABCDEFu | (3u << 24), 7, 9, 0xa4093822u, 0x299f31d0u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(d.v[i], raw.v[i]);
}

TEST(Philox, PurposesAndEntitiesGiveDistinctStreams) {
  std::set<uint32_t> first_words;
  for (uint32_t p = 1; p <= 6; ++p) {
    for (uint64_t e = 0; e < 50; ++e) {
      first_words.insert(draw4(1, e, static_cast<Purpose>(p), 0, 0).v[0]);
    }
  }
  EXPECT_EQ(first_words.size(), 300u);
}

TEST(Bernoulli, ThresholdsAtTheEndsAreExact) {
  EXPECT_FALSE(bernoulli(0u, Probability{0}));
  EXPECT_FALSE(bernoulli(0xffffffffu, Probability{0}));
  EXPECT_TRUE(bernoulli(0u, Probability{kCertain}));
  EXPECT_TRUE(bernoulli(0xffffffffu, Probability{kCertain}));
  EXPECT_TRUE(bernoulli(99u, Probability{100}));
  EXPECT_FALSE(bernoulli(100u, Probability{100}));
}

TEST(Bernoulli, FrequencyMatchesThresholdWithinBinomialBounds) {
  const Probability p{kCertain / 4};  // 0.25
  const int n = 200000;
  int hits = 0;
  for (int i = 0; i < n; ++i) hits += bernoulli(draw4(42, i, Purpose::kTurn, 0, 0).v[2], p);
  const double sd = std::sqrt(n * 0.25 * 0.75);
  EXPECT_NEAR(hits, n * 0.25, 5 * sd);
}

TEST(UniformBelow, StaysInRangeAndCoversIt) {
  std::vector<int> seen(7, 0);
  for (uint32_t i = 0; i < 7000; ++i) {
    const Draw4 d = draw4(3, i, Purpose::kPartner, 0, 0);
    const uint64_t r = uniform_below(d.v[0], d.v[1], 7);
    ASSERT_LT(r, 7u);
    ++seen[r];
  }
  for (int c : seen) EXPECT_NEAR(c, 1000, 200);
  EXPECT_EQ(uniform_below(0xffffffffu, 0xffffffffu, 5'000'000'000ull), 4'999'999'999ull);
  EXPECT_EQ(uniform_below(0, 0, 5'000'000'000ull), 0u);
}

TEST(DerivedSeed, IsTheFirstTwoWordsOfTheFamilyDrawCutTo63Bits) {
  const uint64_t seed = 0x0123456789ABCDEFull;
  const Draw4 d = draw4(seed, 42, Purpose::kReplicate, 0, 0);
  const uint64_t expected = ((uint64_t{d.v[0]} << 32) | d.v[1]) & 0x7FFFFFFFFFFFFFFFull;
  EXPECT_EQ(derived_seed(seed, 42, Purpose::kReplicate), expected);
}

TEST(DerivedSeed, MembersAndFamiliesGetDistinctValidSeeds) {
  std::set<uint64_t> seen;
  for (uint64_t r = 0; r < 10000; ++r) {
    for (Purpose p : {Purpose::kReplicate, Purpose::kSweepPoint}) {
      const uint64_t s = derived_seed(1, r, p);
      EXPECT_LE(s, uint64_t{INT64_MAX});
      EXPECT_TRUE(seen.insert(s).second) << "member " << r;
    }
  }
  EXPECT_NE(derived_seed(1, 0, Purpose::kReplicate), derived_seed(2, 0, Purpose::kReplicate));
}

}  // namespace
}  // namespace evomarket
