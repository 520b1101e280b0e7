// The leader's search (host/theory/leader_pricing.h) on the CPU backend's followers: a known
// optimum, the grid invariant, the retail corner, and determinism across thread counts.
#include "host/theory/leader_pricing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "host/backend/backend.h"

namespace evomarket::theory {
namespace {

constexpr int64_t kRetail = 300000;
constexpr int64_t kFit = 80000;
constexpr int64_t kKwh = 1000000;

// A batch of `slots` slots of profiles given as (load, pv) per profile and slot.
EnergyBatch batch_of(uint64_t profiles, uint64_t slots, std::vector<int64_t> load,
                     std::vector<int64_t> pv) {
  EnergyBatch b;
  b.first_slot = 0;
  b.slots = slots;
  b.stored_first = 0;
  b.stored_slots = slots;
  b.total_slots = slots;
  b.profiles = profiles;
  b.load = std::move(load);
  b.pv = std::move(pv);
  return b;
}

FollowerSetup meters(uint64_t count, FollowerClass all) {
  FollowerSetup s;
  s.rule.followers = count;
  s.classes = {all, all, all, all};
  s.profile_pv.assign(count, 0);
  return s;
}

// 100 identical buyers of 1000 kWh (eps 3, flex 10, unclipped) and one meter selling 10^6 kWh:
// demand is linear, D(p) = 100 L (1 + eps (r - p) / r), always below the supply, so the profit
// (p - f) D(p) peaks at p* = (r (1 + eps) / eps + f) / 2 = 0.24, where it is
// 0.16 x 100 x 1000 x 1.6 = 25600.
TEST(LeaderPricing, MatchesTheClosedFormOptimumOfLinearDemand) {
  const uint64_t n = 101;
  const int64_t load_mwh = 1000 * kKwh, supply = 1000000 * kKwh;
  std::vector<int64_t> load(n, load_mwh), pv(n, 0);
  load[100] = 0;
  pv[100] = supply;
  FollowerSetup setup = meters(n, {3000000, 10000000});
  setup.profile_pv[100] = 1;
  const EnergyBatch b = batch_of(n, 1, load, pv);
  auto followers = make_cpu_follower_evaluator(setup, 2);
  followers->load(b);
  const std::vector<LeaderSlot> out =
      search_leader_prices(*followers, setup.classes, {kRetail}, {kFit}, LeaderSearch{});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NEAR(double(out[0].price), 240000.0, 10.0);
  EXPECT_NEAR(double(out[0].profit()) / 1e12, 25600.0, 1e-3);
  EXPECT_EQ(out[0].sold, supply);
  EXPECT_NEAR(double(out[0].bought), 160000.0 * kKwh, 20000.0 * 100);
  EXPECT_EQ(out[0].matched(), out[0].bought);
  EXPECT_EQ(out[0].grid_import(), 0);
  EXPECT_EQ(out[0].base_bought, 100 * load_mwh);  // at retail they consume their load
  EXPECT_GT(out[0].follower_gain(), 0);
  // Against every integer price, with the kernel's own integer demand: each follower's floor
  // can move the profit by (p - f) x 1 mWh, so the search is within that noise of the best.
  LeaderWide best = 0;
  for (int64_t p = kFit; p <= kRetail; ++p) {
    const int64_t f = demand_factor(3000000, kRetail, p);
    const int64_t d = 100 * follower_consumption(load_mwh, f, 10000000);
    const LeaderWide v = leader_profit(p, kRetail, kFit, d, supply);
    if (v > best) best = v;
  }
  EXPECT_LE(out[0].profit(), best);
  EXPECT_GE(out[0].profit(), best - LeaderWide{100} * (kRetail - kFit));
}

// Without PV nothing is sold, so the leader buys everything at retail: any price below retail
// loses money and the answer is retail itself, with profit 0 and the followers as without it.
TEST(LeaderPricing, ChargesRetailWhenTheCommunityOnlyImports) {
  FollowerSetup setup = meters(3, {500000, 500000});
  const EnergyBatch b = batch_of(3, 2, {kKwh, 2 * kKwh, 0, 3 * kKwh, 5, 7}, {0, 0, 0, 0, 0, 0});
  auto followers = make_cpu_follower_evaluator(setup, 1);
  followers->load(b);
  const auto out = search_leader_prices(*followers, setup.classes, {kRetail, 250000},
                                        {kFit, 250000}, LeaderSearch{});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].price, kRetail);
  EXPECT_EQ(out[0].profit(), 0);
  EXPECT_EQ(out[0].follower_gain(), 0);
  EXPECT_EQ(out[0].bought, kKwh + 5);
  EXPECT_EQ(out[1].price, 250000);  // retail = feed-in: one price to choose
  EXPECT_EQ(out[1].bought, 5 * kKwh + 7);
}

// A mixed community over 48 slots: the answer beats every grid price, the followers never lose
// against the grid-only baseline, and demand falls as the price rises.
class LeaderPricingMixed : public ::testing::Test {
 protected:
  void SetUp() override {
    const uint64_t profiles = 40, slots = 48;
    std::vector<int64_t> load(profiles * slots), pv(profiles * slots);
    for (uint64_t m = 0; m < profiles; ++m) {
      for (uint64_t s = 0; s < slots; ++s) {
        load[m * slots + s] = 200000 + int64_t((m * 37 + s * 11) % 23) * 40000;
        const bool sun = s > 14 && s < 36 && m % 3 != 0;
        pv[m * slots + s] = sun ? int64_t((m * 13 + s * 7) % 31) * 90000 : 0;
      }
    }
    batch = batch_of(profiles, slots, load, pv);
    setup.rule.followers = 5000;
    setup.rule.sampled = 1;
    setup.rule.seed = 7;
    setup.rule.profiles = AgentProfileRule{7, profiles, 1u << 15, 3u << 15, 0};
    setup.rule.battery_threshold = uint64_t{1} << 30;  // a quarter own a battery
    // Elastic enough that the leader prices the sunny slots below retail.
    setup.classes = {FollowerClass{1000000, 500000}, FollowerClass{2000000, 1000000},
                     FollowerClass{3000000, 2000000}, FollowerClass{5000000, 3000000}};
    setup.profile_pv.assign(profiles, 0);
    for (uint64_t m = 0; m < profiles; ++m) setup.profile_pv[m] = m % 3 != 0;
    retail.assign(slots, kRetail);
    feed_in.assign(slots, kFit);
    for (uint64_t s = 30; s < 40; ++s) retail[s] = 400000;  // an evening peak tariff
  }

  std::vector<LeaderSlot> solve(int threads, LeaderSearch search = {}) {
    auto followers = make_cpu_follower_evaluator(setup, threads);
    followers->load(batch);
    return search_leader_prices(*followers, setup.classes, retail, feed_in, search);
  }

  EnergyBatch batch;
  FollowerSetup setup;
  std::vector<int64_t> retail, feed_in;
};

TEST_F(LeaderPricingMixed, BeatsEveryGridPriceAndNeverHurtsTheFollowers) {
  const LeaderSearch search;
  const auto out = solve(2, search);
  auto followers = make_cpu_follower_evaluator(setup, 2);
  followers->load(batch);
  const uint32_t k = search.grid_points;
  std::vector<int64_t> prices(retail.size() * k);
  for (size_t s = 0; s < retail.size(); ++s) {
    for (uint32_t j = 0; j < k; ++j) {
      prices[s * k + j] = feed_in[s] + (retail[s] - feed_in[s]) * j / (k - 1);
    }
  }
  const auto sums =
      followers->evaluate(follower_query(setup.classes, retail, feed_in, prices, k, false));
  uint32_t below = 0;
  for (size_t s = 0; s < retail.size(); ++s) {
    EXPECT_GE(out[s].price, feed_in[s]);
    EXPECT_LE(out[s].price, retail[s]);
    below += out[s].price < retail[s];
    const int64_t sold = sums[s * (k + 1) + k];
    EXPECT_EQ(sold, out[s].sold);
    for (uint32_t j = 0; j < k; ++j) {
      const int64_t bought = sums[s * (k + 1) + j];
      EXPECT_GE(out[s].profit(),
                leader_profit(prices[s * k + j], retail[s], feed_in[s], bought, sold))
          << "slot " << s << " grid price " << prices[s * k + j];
      if (j > 0) EXPECT_LE(bought, sums[s * (k + 1) + j - 1]) << "slot " << s;
    }
    EXPECT_GE(out[s].profit(),
              (retail[s] - feed_in[s]) *
                  LeaderWide{out[s].base_bought < sold ? out[s].base_bought : sold});
    // Floors in each follower's response can cost it a rounding, never more.
    EXPECT_GE(out[s].follower_gain(), -LeaderWide{retail[s]} * 2 * 5000) << "slot " << s;
    EXPECT_GT(out[s].evaluations, k);
  }
  EXPECT_GT(below, 0u);  // the sunny slots are priced below retail
}

TEST_F(LeaderPricingMixed, IsTheSameOnAnyNumberOfThreads) {
  const auto one = solve(1);
  for (int threads : {2, 3, 7}) {
    const auto many = solve(threads);
    ASSERT_EQ(many.size(), one.size());
    for (size_t s = 0; s < one.size(); ++s) {
      EXPECT_EQ(many[s].price, one[s].price);
      EXPECT_EQ(many[s].bought, one[s].bought);
      EXPECT_EQ(many[s].sold, one[s].sold);
      EXPECT_EQ(many[s].shift, one[s].shift);
      EXPECT_EQ(many[s].loss, one[s].loss);
      EXPECT_EQ(many[s].base_bought, one[s].base_bought);
      EXPECT_EQ(many[s].evaluations, one[s].evaluations);
    }
  }
}

TEST(LeaderPricing, RefusesFollowerCountsWhoseSumsCouldOverflow) {
  FollowerSetup setup = meters(1, {0, 10000000});
  setup.rule.followers = uint64_t{1} << 40;
  const EnergyBatch b = batch_of(1, 1, {100 * kKwh}, {0});
  EXPECT_THROW(check_follower_sums(b, setup), std::invalid_argument);
  setup.rule.followers = 1000000;
  EXPECT_NO_THROW(check_follower_sums(b, setup));
}

}  // namespace
}  // namespace evomarket::theory
