// The market chunk layout (kernels/market_chunk.h): per-order arrays as [slot][agent], so each
// (slot, community) is one contiguous segment and the segments tile the chunk in that order.
// The end-to-end check against the CPU engine is tests/host/backend/market_chunk_layout_test.cpp.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/market_chunk.h"

namespace evomarket {
namespace {

MarketView layout(uint64_t agents, uint32_t community_size) {
  MarketView m{};
  m.agents = agents;
  m.community_size = community_size;
  return m;
}

TEST(ChunkCommunities, RoundsTheLastCommunityUp) {
  EXPECT_EQ(chunk_communities(layout(10, 4)), 3u);
  EXPECT_EQ(chunk_communities(layout(12, 4)), 3u);
  EXPECT_EQ(chunk_communities(layout(1, 4)), 1u);
  EXPECT_EQ(chunk_communities(layout(7, 1)), 7u);
}

// 10 agents in communities of 4, 4 and 2, two slots: segments begin at 0, 4, 8 | 10, 14, 18
// and the end of the chunk is 20.
TEST(ChunkSegmentBegin, HandOffsetsForARaggedLastCommunity) {
  const MarketView m = layout(10, 4);
  const uint64_t expected[] = {0, 4, 8, 10, 14, 18, 20};
  for (uint64_t k = 0; k < 7; ++k) EXPECT_EQ(chunk_segment_begin(m, k), expected[k]) << k;
}

// Segment k holds exactly the members of its community in its slot, back to back.
TEST(ChunkSegmentBegin, SegmentsTileTheChunkWithEachCommunitysMembers) {
  for (uint64_t agents : {1ull, 5ull, 16ull, 17ull, 100ull}) {
    for (uint32_t size : {1u, 3u, 16u}) {
      const MarketView m = layout(agents, size);
      const uint64_t communities = chunk_communities(m);
      const uint32_t slots = 3;
      for (uint64_t k = 0; k < slots * communities; ++k) {
        const uint64_t begin = chunk_segment_begin(m, k), end = chunk_segment_begin(m, k + 1);
        ASSERT_EQ(end - begin, community_members(m, k % communities))
            << "agents " << agents << " size " << size << " k " << k;
        // The segment's first item is the community's first member in slot k / communities.
        ASSERT_EQ(begin, (k / communities) * agents + (k % communities) * size);
      }
      ASSERT_EQ(chunk_segment_begin(m, slots * communities), slots * agents);
    }
  }
}

// The chunk's slots are added to what each agent's account already had: its savings, what it
// traded inside the community and with the grid, at each slot's prices.
TEST(ChunkSumAccounts, AddsEveryAgentsSlotsToItsAccount) {
  const std::vector<int64_t> retail{300, 310}, fit{80, 70};
  MarketView m = layout(3, 2);
  m.tariff = TariffView{retail.data(), fit.data(), 2};
  std::vector<int64_t> savings{1, 10, 100, 2, 20, 200};  // [slot][agent], two slots
  std::vector<int64_t> net{5, -4, 0, 2, -3, 1};
  std::vector<int64_t> traded{3, -3, 0, 0, -1, 1};
  MarketChunk c{};
  c.slots = 2;
  c.net = net.data();
  c.savings = savings.data();
  c.traded = traded.data();
  std::vector<int64_t> accounts(3 * kAccountFields, 0);
  accounts[kAccountSavings] = 1000;
  for (uint64_t agent = 0; agent < 3; ++agent) {
    chunk_sum_accounts(m, c, agent, &accounts[agent * kAccountFields]);
  }
  const int64_t* seller = &accounts[0];
  EXPECT_EQ(seller[kAccountSavings], 1003);
  EXPECT_EQ(seller[kAccountSold], 3);
  EXPECT_EQ(seller[kAccountReceived], 1 + 80 * 3);
  EXPECT_EQ(seller[kAccountGridExport], 2 + 2);
  EXPECT_EQ(seller[kAccountGridMoney], 80 * 2 + 70 * 2);
  const int64_t* buyer = &accounts[kAccountFields];
  EXPECT_EQ(buyer[kAccountSavings], 30);
  EXPECT_EQ(buyer[kAccountBought], 3 + 1);
  EXPECT_EQ(buyer[kAccountPaid], (300 * 3 - 10) + (310 * 1 - 20));
  EXPECT_EQ(buyer[kAccountGridImport], 1 + 2);
  EXPECT_EQ(buyer[kAccountGridMoney], -300 * 1 - 310 * 2);
  EXPECT_EQ(accounts[2 * kAccountFields + kAccountSold], 1);  // only in the second slot
}

// An item's key is order_key() of its agent, local index and slot of day, on the residual
// positions when contracts left some, else on the net positions.
TEST(ChunkKey, KeysEveryItemOnItsOwnPositionAndSlot) {
  const std::vector<int64_t> retail{300000, 310000, 320000, 330000};
  const std::vector<int64_t> fit{80000, 70000, 60000, 50000};
  const std::vector<PricingStrategy> pricing{{PricingKind::kMarkup, 0, 0},
                                             {PricingKind::kZeroIntelligence, 0, 0}};
  MarketView m = layout(3, 2);
  m.tariff = TariffView{retail.data(), fit.data(), 4};
  m.strategies = pricing.data();
  m.pricing_count = 2;
  m.seed = 5;
  std::vector<int64_t> net{1000, -2000, 0, -500, 700, 300};  // [slot][agent]
  std::vector<int64_t> residual{0, -1000, 400, -500, 0, 300};
  std::vector<uint64_t> keys(6, 0);
  const std::vector<uint16_t> strategy{0, 1, 1};
  MarketChunk c{};
  c.first_of_day = 2;
  c.slots = 2;
  c.net = net.data();
  c.keys = keys.data();
  for (uint64_t item = 0; item < 6; ++item) chunk_key(m, c, strategy.data(), 9, item);
  for (uint64_t item = 0; item < 6; ++item) {
    const uint64_t agent = item % 3;
    const uint32_t slot = 2 + static_cast<uint32_t>(item / 3);
    EXPECT_EQ(keys[item], order_key(m, agent, agent % 2, net[item], strategy[agent], 9, slot))
        << item;
  }
  // Agent 0 is truthful and sells in slot 2: it asks that slot's feed-in tariff.
  EXPECT_EQ(key_class(keys[0]), 0u);
  EXPECT_EQ(key_price(keys[0]), 60000);
  EXPECT_EQ(key_local(keys[0]), 0u);
  c.residual = residual.data();
  for (uint64_t item = 0; item < 6; ++item) chunk_key(m, c, strategy.data(), 9, item);
  for (uint64_t item = 0; item < 6; ++item) {
    const uint64_t agent = item % 3;
    const uint32_t slot = 2 + static_cast<uint32_t>(item / 3);
    EXPECT_EQ(keys[item], order_key(m, agent, agent % 2, residual[item], strategy[agent], 9, slot))
        << item;
  }
  EXPECT_EQ(key_class(keys[4]), 2u);  // agent 1 in slot 3: its contract covered everything
}

}  // namespace
}  // namespace evomarket
