// The energy coalition game (host/theory/energy_coalition.h): a hand-computed pair of homes; the
// table of every coalition against settling each coalition on its own; marginals along orders
// against the table, with pooled batteries; sampled against exact Shapley values; the checks.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "host/theory/core.h"
#include "host/theory/energy_coalition.h"
#include "host/theory/shapley.h"

namespace evomarket::theory {
namespace {

constexpr int64_t kKwh = 1000000;       // mWh
constexpr int64_t kCurrency = 1000000;  // micro-currency per kWh

// `members` homes over `days` days of 4 slots, random positions within +-3 kWh (seeded),
// time-of-use prices, optionally a 2 kWh battery each (1 kWh per slot, 90% round trip).
EnergyCoalition random_coalition(uint32_t members, uint32_t days, bool battery, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int64_t> position(-3 * kKwh, 3 * kKwh);
  EnergyCoalition g;
  for (uint32_t i = 0; i < members; ++i) g.members.push_back("m" + std::to_string(i));
  g.slots = uint64_t{days} * 4;
  for (uint64_t k = 0; k < members * g.slots; ++k) g.net.push_back(position(rng));
  g.retail = {25 * kCurrency / 100, 30 * kCurrency / 100, 40 * kCurrency / 100,
              30 * kCurrency / 100};
  g.feed_in = {8 * kCurrency / 100, 5 * kCurrency / 100, 8 * kCurrency / 100, 10 * kCurrency / 100};
  if (battery) g.battery = BatteryParams{0, 2 * kKwh, kKwh, 900000};
  check_energy_coalition(g);
  return g;
}

// v(S) by settling coalition S on its own, from the definition.
CoalitionMoney worth_by_definition(const EnergyCoalition& g, uint64_t s) {
  std::vector<int64_t> pooled(g.slots, 0);
  CoalitionMoney alone = 0;
  uint32_t count = 0;
  for (uint32_t i = 0; i < g.size(); ++i) {
    if (((s >> i) & 1) == 0) continue;
    ++count;
    for (uint64_t t = 0; t < g.slots; ++t) pooled[t] += g.net[i * g.slots + t];
    const BatteryParams one = g.battery ? *g.battery : BatteryParams{};
    alone += coalition_money(g.net.data() + i * g.slots, g.slots, g.tariff(),
                             g.battery ? &one : nullptr);
  }
  const BatteryParams b = g.battery ? pooled_battery(*g.battery, count) : BatteryParams{};
  return coalition_money(pooled.data(), g.slots, g.tariff(), g.battery ? &b : nullptr) - alone;
}

Rational pico(CoalitionMoney m) {
  Rational q(mpz_class(std::to_string(static_cast<long long>(m))), kPicoPerCurrency);
  q.canonicalize();
  return q;
}

TEST(EnergyCoalition, TwoHomesShareTheSpreadOnWhatTheyTradeInside) {
  // One slot: A exports 2 kWh, B imports 3. Alone A earns 0.16 and B pays 0.90; together they
  // import 1 kWh for 0.30. Saving 0.44 = (0.30 - 0.08) x 2 kWh, split equally by Shapley.
  EnergyCoalition g;
  g.members = {"A", "B"};
  g.slots = 1;
  g.net = {2 * kKwh, -3 * kKwh};
  g.retail = {30 * kCurrency / 100};
  g.feed_in = {8 * kCurrency / 100};
  check_energy_coalition(g);
  const CoalitionTable t = energy_coalition_table(g);
  EXPECT_EQ(t.value(1), 0);
  EXPECT_EQ(t.value(2), 0);
  EXPECT_EQ(t.value(3), Rational(11, 25));
  EXPECT_EQ(shapley_exact(t), (std::vector<Rational>{Rational(11, 50), Rational(11, 50)}));
  EXPECT_TRUE(check_core(t, shapley_exact(t), 10).in_core);
}

TEST(EnergyCoalition, TableMatchesEveryCoalitionSettledOnItsOwn) {
  for (bool battery : {false, true}) {
    const EnergyCoalition g = random_coalition(6, 3, battery, battery ? 2 : 1);
    const CoalitionTable t = energy_coalition_table(g);
    ASSERT_EQ(t.worth.size(), 64u);
    for (uint64_t s = 1; s < 64; ++s) {
      EXPECT_EQ(t.value(s), pico(worth_by_definition(g, s))) << s << " battery " << battery;
      if (__builtin_popcountll(s) == 1) EXPECT_EQ(t.value(s), 0);
    }
  }
}

TEST(EnergyCoalition, FourteenMembersSplitAcrossThreadsMatchTheDefinition) {
  // More than 12 members: coalitions are split by their high members among the threads.
  const EnergyCoalition g = random_coalition(14, 1, true, 3);
  const CoalitionTable t = energy_coalition_table(g);
  std::mt19937_64 rng(1);
  for (int k = 0; k < 200; ++k) {
    const uint64_t s = 1 + rng() % t.grand();
    EXPECT_EQ(t.value(s), pico(worth_by_definition(g, s))) << s;
  }
  EXPECT_EQ(t.value(t.grand()), pico(worth_by_definition(g, t.grand())));
}

TEST(EnergyCoalition, MarginalsAlongAnOrderAreTheTablesDifferences) {
  const EnergyCoalition g = random_coalition(7, 2, true, 5);
  const CoalitionTable t = energy_coalition_table(g);
  const EnergyPermutationGame game(g);
  const std::vector<uint32_t> order{3, 0, 6, 1, 5, 2, 4};
  std::vector<double> marginal(7);
  std::vector<int64_t> scratch;
  game.marginals(order.data(), marginal.data(), scratch);
  uint64_t s = 0;
  for (uint32_t i : order) {
    const uint64_t with = s | (uint64_t{1} << i);
    EXPECT_NEAR(marginal[i], to_double(t.value(with) - t.value(s)), 1e-12) << i;
    s = with;
  }
}

TEST(EnergyCoalition, SampledShapleyAgreesWithExact) {
  const EnergyCoalition g = random_coalition(8, 2, true, 8);
  const std::vector<Rational> exact = shapley_exact(energy_coalition_table(g));
  const SampledShapley s = shapley_sampled(EnergyPermutationGame(g), 20000, 4);
  for (uint32_t i = 0; i < 8; ++i) {
    EXPECT_NEAR(s.estimate[i], to_double(exact[i]), 4.5 * s.half_width[i] / kZ95) << i;
  }
}

TEST(EnergyCoalition, ChecksTariffsSizesAndThePooledBatteryBound) {
  EnergyCoalition g = random_coalition(3, 1, true, 1);
  EnergyCoalition bad = g;
  bad.feed_in[2] = bad.retail[2] + 1;
  EXPECT_THROW(check_energy_coalition(bad), std::invalid_argument);
  bad = g;
  bad.net.pop_back();
  EXPECT_THROW(check_energy_coalition(bad), std::invalid_argument);
  bad = g;
  bad.net[0] = kMaxPooledSlotMwh;  // with the others' positions, past the bound
  EXPECT_THROW(check_energy_coalition(bad), std::invalid_argument);
  bad.battery.reset();  // no battery: 128-bit money has no such bound
  EXPECT_NO_THROW(check_energy_coalition(bad));
}

}  // namespace
}  // namespace evomarket::theory
