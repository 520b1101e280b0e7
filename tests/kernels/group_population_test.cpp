// Groups in a population (kernels/group_population.h): distinct co-players drawn uniformly from
// the agent's neighbourhood, focal groups on lattices and graphs, and one group's play.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "kernels/group_population.h"

namespace evomarket {
namespace {

TEST(GroupMembers, WellMixedGroupsHoldNDistinctAgentsDrawnUniformly) {
  const PopulationLayout l{50, PartnerMode::kRandom, 40, 0, 0, 0, nullptr, nullptr, 0};
  std::vector<int> seen(50, 0);
  uint64_t members[kMaxGroupSize];
  std::set<uint64_t> ids;
  for (uint64_t a = 0; a < 50; ++a) {
    ASSERT_EQ(group_slots(l, a), 40u);
    for (uint64_t j = 0; j < 40; ++j) {
      ASSERT_TRUE(ids.insert(group_id_of(l, a, j)).second);
      ASSERT_EQ(group_members(l, 6, 3, a, j, 2, members), 6);
      EXPECT_EQ(members[0], a);
      const std::set<uint64_t> group(members, members + 6);
      ASSERT_EQ(group.size(), 6u) << "co-players must be distinct and not the agent";
      for (int i = 1; i < 6; ++i) {
        ASSERT_LT(members[i], 50u);
        ++seen[members[i]];
      }
    }
  }
  // 50 * 40 * 5 = 10000 seats among 50 agents: 200 each, binomial sd about 14.
  for (int c : seen) EXPECT_NEAR(c, 200, 70);
}

TEST(GroupMembers, DrawsDependOnSeedAndGeneration) {
  const PopulationLayout l{1000, PartnerMode::kRandom, 1, 0, 0, 0, nullptr, nullptr, 0};
  uint64_t a[kMaxGroupSize], b[kMaxGroupSize], c[kMaxGroupSize];
  group_members(l, 5, 1, 7, 0, 0, a);
  group_members(l, 5, 1, 7, 0, 1, b);
  group_members(l, 5, 2, 7, 0, 0, c);
  EXPECT_NE(std::vector<uint64_t>(a, a + 5), std::vector<uint64_t>(b, b + 5));
  EXPECT_NE(std::vector<uint64_t>(a, a + 5), std::vector<uint64_t>(c, c + 5));
  group_members(l, 5, 1, 7, 0, 0, b);
  EXPECT_EQ(std::vector<uint64_t>(a, a + 5), std::vector<uint64_t>(b, b + 5));
}

// A community of exactly N: every group is the whole community. The last, smaller community of
// a ragged split draws inside itself too; a pool smaller than N - 1 gives no group.
TEST(GroupMembers, CommunityGroupsStayInTheCommunity) {
  const PopulationLayout l{23, PartnerMode::kCommunity, 3, 5, 0, 0, nullptr, nullptr, 0};
  uint64_t members[kMaxGroupSize];
  for (uint64_t a = 0; a < 20; ++a) {
    for (uint64_t j = 0; j < 3; ++j) {
      ASSERT_EQ(group_members(l, 5, 9, a, j, 0, members), 5);
      const std::set<uint64_t> group(members, members + 5);
      EXPECT_EQ(group.size(), 5u);
      EXPECT_EQ(*group.begin(), a / 5 * 5);
      EXPECT_EQ(*group.rbegin(), a / 5 * 5 + 4);
    }
  }
  EXPECT_EQ(group_members(l, 3, 9, 21, 0, 0, members), 3);  // community 20..22
  EXPECT_GE(members[1], 20u);
  EXPECT_GE(members[2], 20u);
  EXPECT_EQ(group_members(l, 5, 9, 21, 0, 0, members), 0);
}

TEST(GroupMembers, LatticeAndGraphGroupsAreTheAgentAndItsNeighbours) {
  const PopulationLayout lattice{20, PartnerMode::kLattice, 0, 0, 5, 4, nullptr, nullptr, 0};
  uint64_t members[kMaxGroupSize];
  EXPECT_EQ(group_slots(lattice, 0), 1u);
  ASSERT_EQ(group_members(lattice, 5, 0, 0, 0, 0, members), 5);
  EXPECT_EQ(std::set<uint64_t>(members, members + 5), (std::set<uint64_t>{0, 1, 5, 4, 15}));
  // A star 0 - {1, 2, 3} plus an isolated node 4.
  const std::vector<uint64_t> offsets{0, 3, 4, 5, 6, 6};
  const std::vector<uint64_t> neighbours{1, 2, 3, 0, 0, 0};
  const PopulationLayout graph{
      5, PartnerMode::kGraph, 0, 0, 0, 0, offsets.data(), neighbours.data(), 0};
  ASSERT_EQ(group_members(graph, 2, 0, 0, 0, 0, members), 4);
  EXPECT_EQ(std::vector<uint64_t>(members, members + 4), (std::vector<uint64_t>{0, 1, 2, 3}));
  ASSERT_EQ(group_members(graph, 2, 0, 2, 0, 0, members), 2);
  EXPECT_EQ(members[1], 0u);
  EXPECT_EQ(group_members(graph, 2, 0, 4, 0, 0, members), 1);  // alone: no group is played
}

// The star's hub group: one cooperator (the hub) and three defectors, public goods with N = 4
// from the table by size, c = 1, r = 2: the hub gets 0.5 - 1, each leaf 0.5.
TEST(PlayFocalGroup, PaysEveryMemberFromTheTableOfItsGroupSize) {
  const std::vector<uint64_t> offsets{0, 3, 4, 5, 6};
  const std::vector<uint64_t> neighbours{1, 2, 3, 0, 0, 0};
  const PopulationLayout graph{
      4, PartnerMode::kGraph, 0, 0, 0, 0, offsets.data(), neighbours.data(), 0};
  std::vector<int64_t> table(kGroupTableEntries, 0);
  GroupGame g{};
  g.kind = GroupGameKind::kPublicGoods;
  g.cost = 1;
  g.factor = 2;
  for (int n = 2; n <= kMaxGroupSize; ++n) {
    g.group_size = n;
    for (int k = 0; k < n; ++k) {
      for (bool c : {false, true}) {
        table[group_table_index(n, c, k)] = std::llround(group_payoff(g, c, k) * 65536);
      }
    }
  }
  const int32_t codes[2] = {kGroupCooperate, kGroupDefect};
  const uint16_t strategy[4] = {0, 1, 1, 1};
  const GroupView view{table.data(), codes, 2, 1};
  GroupOutcome o;
  play_focal_group(graph, view, 0, strategy, 0, 0, 0, o);
  ASSERT_EQ(o.size, 4);
  EXPECT_EQ(o.payoff[0], -kGroupPayoffOne / 2);
  for (int i = 1; i < 4; ++i) EXPECT_EQ(o.payoff[i], kGroupPayoffOne / 2);
  EXPECT_EQ(o.cooperations[0], 1);
  // A leaf's group has 2 members: the leaf (D) and the hub (C), k = 1: 2 * 1 / 2 = 1 each,
  // less the hub's contribution.
  play_focal_group(graph, view, 0, strategy, 1, 0, 0, o);
  ASSERT_EQ(o.size, 2);
  EXPECT_EQ(o.payoff[0], kGroupPayoffOne);
  EXPECT_EQ(o.payoff[1], 0);
}

}  // namespace
}  // namespace evomarket
