// Strategy updates (kernels/update.h): fixed-point fitness and its packing, the Fermi table's
// integer interpolation, and each rule (Fermi, proportional, imitate-best, death-birth),
// mutation and migration against hand-computed thresholds and edge cases.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/update.h"

namespace evomarket {
namespace {

constexpr uint64_t k2to30 = uint64_t{1} << 30;
constexpr uint64_t k2to31 = uint64_t{1} << 31;

TEST(Fitness, IsPayoffPerRoundInSixteenBitFixedPoint) {
  EXPECT_EQ(fitness_q16(3, 1), 3 * kFitnessOne);
  EXPECT_EQ(fitness_q16(1, 3), 21845);  // 65536 / 3, integer division
  EXPECT_EQ(fitness_q16(600, 200), 3 * kFitnessOne);
  EXPECT_EQ(fitness_q16(-1, 2), -32768);
  EXPECT_EQ(fitness_q16(5, 0), 0);  // an agent that played no round
}

TEST(PackAgent, StrategyAndSignedFitnessRoundTrip) {
  struct Case {
    uint32_t strategy;
    int64_t payoff;
    uint32_t rounds;
  };
  const Case cases[] = {{0, 0, 1},
                        {5, -7, 1},
                        {0xFFFF, 3, 2},
                        {12, (int64_t{1} << 30), 1},
                        {1, -(int64_t{1} << 30), 1}};
  std::vector<uint64_t> packed;
  for (const Case& c : cases) packed.push_back(pack_agent(c.strategy, c.payoff, c.rounds));
  const AgentsView view{packed.data()};
  for (size_t i = 0; i < packed.size(); ++i) {
    EXPECT_EQ(packed_strategy(view, i), cases[i].strategy) << i;
    EXPECT_EQ(agent_fitness(view, i), fitness_q16(cases[i].payoff, cases[i].rounds)) << i;
  }
  EXPECT_EQ(agent_fitness(view, 1), -7 * kFitnessOne);
}

// 1 - w + w f in units of 2^-32: w = 0 is neutral, w = 1 is f itself, never negative.
TEST(MoranFitness, HandValues) {
  EXPECT_EQ(moran_fitness_q32(5 * kFitnessOne, 0), uint64_t{1} << 32);
  EXPECT_EQ(moran_fitness_q32(kFitnessOne, kFitnessOne), uint64_t{1} << 32);
  EXPECT_EQ(moran_fitness_q32(3 * kFitnessOne, kFitnessOne / 2), uint64_t{1} << 33);  // 2
  EXPECT_EQ(moran_fitness_q32(0, kFitnessOne), 0u);
  EXPECT_EQ(moran_fitness_q32(-kFitnessOne, kFitnessOne), 0u);  // clamped at zero
}

// A 5-entry table at d = -2, -1, 0, 1, 2 (fitness units): 0, 1/4, 1/2, 3/4, 1.
const std::vector<uint64_t> kQuarters{0, k2to30, k2to31, 3 * k2to30, kCertain};
const FermiTableView kQuarterTable{kQuarters.data(), 2, kFitnessOne};

TEST(FermiThreshold, TableEntriesInterpolationAndClamping) {
  EXPECT_EQ(fermi_threshold(kQuarterTable, -2 * kFitnessOne), 0u);
  EXPECT_EQ(fermi_threshold(kQuarterTable, 0), k2to31);
  EXPECT_EQ(fermi_threshold(kQuarterTable, kFitnessOne), 3 * k2to30);
  EXPECT_EQ(fermi_threshold(kQuarterTable, 2 * kFitnessOne), kCertain);
  EXPECT_EQ(fermi_threshold(kQuarterTable, kFitnessOne / 2), k2to31 + k2to30 / 2);
  // Negative differences interpolate from below (floor division): -1/2 lies between 1/4 and 1/2.
  EXPECT_EQ(fermi_threshold(kQuarterTable, -kFitnessOne / 2), k2to30 + k2to30 / 2);
  EXPECT_EQ(fermi_threshold(kQuarterTable, -1), k2to30 + (k2to30 >> 16) * 65535);
  EXPECT_EQ(fermi_threshold(kQuarterTable, 2 * kFitnessOne - 1),
            3 * k2to30 + (k2to30 >> 16) * 65535);
  EXPECT_EQ(fermi_threshold(kQuarterTable, int64_t{1} << 40), kCertain);
  EXPECT_EQ(fermi_threshold(kQuarterTable, -(int64_t{1} << 40)), 0u);
}

TEST(FermiThreshold, NeverDecreasesWithTheFitnessDifference) {
  uint64_t previous = 0;
  for (int64_t d = -3 * kFitnessOne; d <= 3 * kFitnessOne; d += 997) {
    const uint64_t t = fermi_threshold(kQuarterTable, d);
    ASSERT_GE(t, previous) << "d=" << d;
    previous = t;
  }
}

// Agents with (strategy, payoff) and `rounds` rounds each.
struct Population {
  std::vector<uint64_t> packed;
  PopulationLayout layout{};

  Population(std::vector<std::pair<uint32_t, int64_t>> agents, uint32_t community_size,
             uint32_t rounds = 1) {
    for (const auto& [s, payoff] : agents) packed.push_back(pack_agent(s, payoff, rounds));
    layout = PopulationLayout{packed.size(),
                              PartnerMode::kCommunity,
                              0,
                              community_size,
                              0,
                              0,
                              nullptr,
                              nullptr,
                              0,
                              nullptr,
                              0};
  }
  AgentsView view() const { return AgentsView{packed.data()}; }
};

UpdateParams rule_params(UpdateRule rule, const FermiTableView& fermi = kQuarterTable) {
  UpdateParams p{};
  p.rule = rule;
  p.revise = Probability{kCertain};
  p.fermi = fermi;
  p.delta_max_q16 = 4 * kFitnessOne;
  p.w_q16 = kFitnessOne;
  p.strategies = 4;
  return p;
}

uint32_t update_draw(uint64_t seed, uint64_t agent, uint32_t generation) {
  return draw4(seed, agent, Purpose::kUpdate, generation, 0).v[3];
}

// Two agents, fitness 0 and 1/2: agent 0 imitates with probability 5/8 (threshold
// 2^31 + 2^29), agent 1 with 3/8, each exactly when its draw is below the threshold.
TEST(UpdatedStrategy, FermiAdoptsWhenTheDrawIsBelowTheInterpolatedThreshold) {
  const Population pop({{0, 0}, {1, 1}}, 2, 2);
  const UpdateParams p = rule_params(UpdateRule::kFermi);
  int adopted = 0;
  for (uint32_t g = 0; g < 2000; ++g) {
    const uint32_t s0 = updated_strategy(pop.layout, pop.view(), p, 9, 0, g);
    const uint32_t s1 = updated_strategy(pop.layout, pop.view(), p, 9, 1, g);
    ASSERT_EQ(s0, update_draw(9, 0, g) < k2to31 + k2to30 / 2 ? 1u : 0u) << g;
    ASSERT_EQ(s1, update_draw(9, 1, g) < k2to30 + k2to30 / 2 ? 0u : 1u) << g;
    adopted += s0 == 1;
  }
  EXPECT_NEAR(adopted, 1250, 70);  // sd ~ 22
}

// The comparison is strict and in integers: threshold t adopts for draws 0 .. t - 1 only.
TEST(UpdatedStrategy, FermiComparesTheDrawStrictlyBelowTheThreshold) {
  const Population pop({{0, 0}, {1, 0}}, 2);
  const uint32_t u = update_draw(4, 0, 0);
  const std::vector<uint64_t> at(5, u), above(5, uint64_t{u} + 1);
  const UpdateParams p_at = rule_params(UpdateRule::kFermi, FermiTableView{at.data(), 2, 1});
  const UpdateParams p_above = rule_params(UpdateRule::kFermi, FermiTableView{above.data(), 2, 1});
  EXPECT_EQ(updated_strategy(pop.layout, pop.view(), p_at, 4, 0, 0), 0u);
  EXPECT_EQ(updated_strategy(pop.layout, pop.view(), p_above, 4, 0, 0), 1u);
}

// beta = 0 (the host's table is a constant 1/2): imitation is a coin flip whatever the payoffs.
TEST(UpdatedStrategy, FermiWithBetaZeroImitatesHalfTheTime) {
  const std::vector<uint64_t> flat(5, k2to31);
  const UpdateParams p = rule_params(UpdateRule::kFermi, FermiTableView{flat.data(), 2, 1});
  const Population pop({{0, 0}, {1, 1000}}, 2);
  int better = 0, worse = 0;
  for (uint32_t g = 0; g < 4000; ++g) {
    better += updated_strategy(pop.layout, pop.view(), p, 2, 0, g) == 1;
    worse += updated_strategy(pop.layout, pop.view(), p, 2, 1, g) == 0;
  }
  EXPECT_NEAR(better, 2000, 130);  // sd ~ 32
  EXPECT_NEAR(worse, 2000, 130);
}

// Equal payoffs sit at the table's middle entry: probability 1/2 for any beta.
TEST(UpdatedStrategy, FermiWithEqualPayoffsImitatesHalfTheTime) {
  const Population pop({{0, 3}, {1, 3}}, 2);
  const UpdateParams p = rule_params(UpdateRule::kFermi);
  int adopted = 0;
  for (uint32_t g = 0; g < 4000; ++g) {
    const uint32_t s = updated_strategy(pop.layout, pop.view(), p, 5, 0, g);
    ASSERT_EQ(s, update_draw(5, 0, g) < k2to31 ? 1u : 0u);
    adopted += s == 1;
  }
  EXPECT_NEAR(adopted, 2000, 130);
}

TEST(UpdatedStrategy, NoRuleNoRevisionNoNeighboursOrTheSameStrategyKeepTheStrategy) {
  const std::vector<uint64_t> certain(5, kCertain);
  const FermiTableView always{certain.data(), 2, 1};
  const Population pair({{0, 0}, {1, 5}}, 2);
  const Population alone({{0, 0}}, 1);
  const Population same({{2, 0}, {2, 5}}, 2);
  UpdateParams p = rule_params(UpdateRule::kFermi, always);
  UpdateParams none = p;
  none.rule = UpdateRule::kNone;
  UpdateParams never = p;
  never.revise = Probability{0};
  for (uint32_t g = 0; g < 50; ++g) {
    EXPECT_EQ(updated_strategy(pair.layout, pair.view(), p, 1, 0, g), 1u);  // the control
    EXPECT_EQ(updated_strategy(pair.layout, pair.view(), none, 1, 0, g), 0u);
    EXPECT_EQ(updated_strategy(pair.layout, pair.view(), never, 1, 0, g), 0u);
    EXPECT_EQ(updated_strategy(alone.layout, alone.view(), p, 1, 0, g), 0u);
    EXPECT_EQ(updated_strategy(same.layout, same.view(), p, 1, 0, g), 2u);
  }
}

// Revising with probability 1/2 halves a certain imitation.
TEST(UpdatedStrategy, RevisionProbabilityGatesTheRule) {
  const std::vector<uint64_t> certain(5, kCertain);
  UpdateParams p = rule_params(UpdateRule::kFermi, FermiTableView{certain.data(), 2, 1});
  p.revise = Probability{k2to31};
  const Population pop({{0, 0}, {1, 0}}, 2);
  int adopted = 0;
  for (uint32_t g = 0; g < 4000; ++g) {
    const uint32_t s = updated_strategy(pop.layout, pop.view(), p, 8, 0, g);
    ASSERT_EQ(s, draw4(8, 0, Purpose::kUpdate, g, 0).v[0] < k2to31 ? 1u : 0u);
    adopted += s;
  }
  EXPECT_NEAR(adopted, 2000, 130);
}

// Delta = 4: a model better by 1 is imitated with threshold exactly 2^30; one better by Delta
// or more always; a worse or equal one never.
TEST(UpdatedStrategy, ProportionalImitationHandThresholds) {
  const UpdateParams p = rule_params(UpdateRule::kProportional);
  const Population quarter({{0, 0}, {1, 1}}, 2);
  const Population whole({{0, 0}, {1, 4}}, 2);
  const Population beyond({{0, 0}, {1, 9}}, 2);
  const Population equal({{0, 2}, {1, 2}}, 2);
  int adopted = 0;
  for (uint32_t g = 0; g < 2000; ++g) {
    const uint32_t s = updated_strategy(quarter.layout, quarter.view(), p, 3, 0, g);
    ASSERT_EQ(s, update_draw(3, 0, g) < k2to30 ? 1u : 0u) << g;
    adopted += s;
    ASSERT_EQ(updated_strategy(quarter.layout, quarter.view(), p, 3, 1, g), 1u);  // worse model
    ASSERT_EQ(updated_strategy(whole.layout, whole.view(), p, 3, 0, g), 1u);
    ASSERT_EQ(updated_strategy(beyond.layout, beyond.view(), p, 3, 0, g), 1u);
    ASSERT_EQ(updated_strategy(equal.layout, equal.view(), p, 3, 0, g), 0u);
  }
  EXPECT_NEAR(adopted, 500, 60);  // sd ~ 19
}

// Community of 4 with fitness 1, 3, 3, 2: everyone takes agent 1's strategy (the first of the
// two best in neighbour order) except agent 2, which is already among the best.
TEST(UpdatedStrategy, ImitateBestTakesTheFittestAndTiesKeepTheEarlier) {
  const Population pop({{0, 1}, {1, 3}, {2, 3}, {3, 2}}, 4);
  const UpdateParams p = rule_params(UpdateRule::kImitateBest);
  EXPECT_EQ(updated_strategy(pop.layout, pop.view(), p, 1, 0, 0), 1u);
  EXPECT_EQ(updated_strategy(pop.layout, pop.view(), p, 1, 1, 0), 1u);
  EXPECT_EQ(updated_strategy(pop.layout, pop.view(), p, 1, 2, 0), 2u);
  EXPECT_EQ(updated_strategy(pop.layout, pop.view(), p, 1, 3, 0), 1u);
}

// Community of 3 with payoffs 5, 0, 1 and w = 1: a neighbour of fitness 0 never reproduces,
// so agent 0 always becomes strategy 2; agent 1 becomes 2 with probability 1 / (1 + 5).
TEST(UpdatedStrategy, DeathBirthChoosesNeighboursProportionalToFitness) {
  const Population pop({{0, 5}, {1, 0}, {2, 1}}, 3);
  const UpdateParams p = rule_params(UpdateRule::kDeathBirth);
  int to_two = 0;
  for (uint32_t g = 0; g < 3000; ++g) {
    ASSERT_EQ(updated_strategy(pop.layout, pop.view(), p, 6, 0, g), 2u);
    const uint32_t s = updated_strategy(pop.layout, pop.view(), p, 6, 1, g);
    ASSERT_TRUE(s == 0 || s == 2);
    to_two += s == 2;
  }
  EXPECT_NEAR(to_two, 500, 80);  // sd ~ 20
}

TEST(UpdatedStrategy, DeathBirthWithoutSelectionIsUniformAndWithoutFitnessKeepsTheStrategy) {
  const Population pop({{0, 5}, {1, 0}, {2, 1}}, 3);
  UpdateParams neutral = rule_params(UpdateRule::kDeathBirth);
  neutral.w_q16 = 0;
  int to_one = 0;
  for (uint32_t g = 0; g < 4000; ++g) {
    to_one += updated_strategy(pop.layout, pop.view(), neutral, 6, 0, g) == 1;
  }
  EXPECT_NEAR(to_one, 2000, 130);
  // w = 1 and every neighbour at fitness 0 or below: nobody can reproduce.
  const Population barren({{0, 5}, {1, 0}, {2, -1}}, 3);
  const UpdateParams p = rule_params(UpdateRule::kDeathBirth);
  for (uint32_t g = 0; g < 50; ++g) {
    EXPECT_EQ(updated_strategy(barren.layout, barren.view(), p, 6, 0, g), 0u);
  }
}

TEST(MutatedStrategy, OffOrASingleStrategyNeverMutates) {
  UpdateParams p = rule_params(UpdateRule::kFermi);
  p.mutation = Probability{0};
  for (uint64_t agent = 0; agent < 100; ++agent) EXPECT_EQ(mutated_strategy(2, p, 1, agent, 0), 2u);
  p.mutation = Probability{kCertain};
  p.strategies = 1;
  for (uint64_t agent = 0; agent < 100; ++agent) EXPECT_EQ(mutated_strategy(0, p, 1, agent, 0), 0u);
}

// A certain mutation always leaves the strategy, uniformly among the other ones.
TEST(MutatedStrategy, ChoosesUniformlyAmongTheOtherStrategies) {
  UpdateParams p = rule_params(UpdateRule::kFermi);
  p.mutation = Probability{kCertain};
  p.strategies = 3;
  for (uint32_t from = 0; from < 3; ++from) {
    int count[3] = {0, 0, 0};
    for (uint64_t agent = 0; agent < 6000; ++agent) ++count[mutated_strategy(from, p, 4, agent, 1)];
    EXPECT_EQ(count[from], 0);
    for (uint32_t to = 0; to < 3; ++to) {
      if (to != from) EXPECT_NEAR(count[to], 3000, 150) << from << " -> " << to;  // sd ~ 39
    }
  }
}

// Migration pairs agents and swaps each pair: the source map is an involution whose only
// fixed point is the agent left over in an odd population.
TEST(MigrationSource, CertainMigrationSwapsEveryPair) {
  UpdateParams p = rule_params(UpdateRule::kFermi);
  p.migration = Probability{kCertain};
  for (uint64_t n : {2ull, 7ull, 8ull, 101ull}) {
    const PopulationLayout l{n, PartnerMode::kCommunity, 0, 10, 0, 0, nullptr, nullptr, 0};
    uint64_t fixed = 0;
    for (uint64_t a = 0; a < n; ++a) {
      const uint64_t s = migration_source(l, p, 3, a, 2);
      ASSERT_LT(s, n);
      ASSERT_EQ(migration_source(l, p, 3, s, 2), a) << "n=" << n << " agent " << a;
      fixed += s == a;
    }
    EXPECT_EQ(fixed, n % 2) << "n=" << n;
  }
}

TEST(MigrationSource, NoMigrationOrAHalfChancePerPair) {
  UpdateParams p = rule_params(UpdateRule::kFermi);
  const PopulationLayout l{1000, PartnerMode::kCommunity, 0, 10, 0, 0, nullptr, nullptr, 0};
  p.migration = Probability{0};
  for (uint64_t a = 0; a < 1000; ++a) ASSERT_EQ(migration_source(l, p, 3, a, 2), a);
  p.migration = Probability{k2to31};
  uint64_t moved = 0;
  for (uint64_t a = 0; a < 1000; ++a) {
    const uint64_t s = migration_source(l, p, 3, a, 2);
    ASSERT_EQ(migration_source(l, p, 3, s, 2), a);
    moved += s != a;
  }
  EXPECT_NEAR(double(moved), 500, 100);  // 500 pairs, each swaps with probability 1/2
}

}  // namespace
}  // namespace evomarket

namespace evomarket {
namespace {

// Communities of sizes 1, 3 and 2 (community_offsets): an agent imitates only inside its own
// community, and the lone agent has no neighbour, so it keeps its strategy.
TEST(UpdatedStrategy, CommunitiesOfAnySizeImitateOnlyInside) {
  Population pop({{0, 9}, {1, 1}, {2, 3}, {3, 2}, {4, 0}, {5, 5}}, 3);
  const std::vector<uint64_t> offsets{0, 1, 4, 6};
  pop.layout.community_offsets = offsets.data();
  pop.layout.communities = 3;
  const UpdateParams p = rule_params(UpdateRule::kImitateBest);
  EXPECT_EQ(neighbour_count(pop.layout, 0), 0u);
  EXPECT_EQ(neighbour_count(pop.layout, 2), 2u);
  EXPECT_EQ(neighbour_count(pop.layout, 5), 1u);
  const std::vector<uint32_t> expected{0, 2, 2, 2, 5, 5};  // the fittest of each community
  for (uint64_t a = 0; a < 6; ++a) {
    EXPECT_EQ(updated_strategy(pop.layout, pop.view(), p, 1, a, 0), expected[a]) << a;
  }
  const UpdateParams fermi = rule_params(UpdateRule::kFermi);
  for (uint32_t g = 0; g < 200; ++g) {
    EXPECT_EQ(updated_strategy(pop.layout, pop.view(), fermi, 1, 0, g), 0u) << g;
    const uint32_t s = updated_strategy(pop.layout, pop.view(), fermi, 1, 4, g);
    EXPECT_TRUE(s == 4 || s == 5) << g;
  }
}

}  // namespace
}  // namespace evomarket
