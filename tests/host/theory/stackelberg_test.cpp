// Stackelberg equilibria (one leader, N Cournot followers): the seed's duopoly, the closed form
// for N followers, and the leader's true optimum when followers drop out as it produces more.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "host/theory/oligopoly.h"
#include "support/oligopoly_inputs.h"

namespace evomarket::theory {
namespace {

using testing::demand;
using testing::numbers;

// The leader's profit at q_L when the followers answer with their Cournot equilibrium.
Rational leader_profit(const LinearDemand& d, const Rational& leader_cost,
                       const std::vector<Rational>& followers, const Rational& q_leader) {
  const Rational residual = d.intercept - d.slope * q_leader;
  Rational followers_total = 0;
  if (residual > 0) {
    for (const Rational& q : cournot_equilibrium({residual, d.slope}, followers).quantities) {
      followers_total += q;
    }
  }
  return (d.intercept - d.slope * (q_leader + followers_total) - leader_cost) * q_leader;
}

// No leader quantity on a fine grid over [0, A/B] earns more than the solver's choice.
void expect_no_better_leader_quantity(const LinearDemand& d, const Rational& leader_cost,
                                      const std::vector<Rational>& followers,
                                      const MarketOutcome& o) {
  const Rational best = o.profits[0];
  EXPECT_EQ(best, leader_profit(d, leader_cost, followers, o.quantities[0]));
  const int steps = 2000;
  for (int k = 0; k <= steps; ++k) {
    const Rational q = d.intercept / d.slope * Rational(k, steps);
    EXPECT_LE(leader_profit(d, leader_cost, followers, q), best) << "q_L = " << q;
  }
}

TEST(TheoryStackelberg, SeedDuopoly) {
  // P = 120 - 0.5 Q, leader cost 10, follower cost 12: leader 112, follower 52, price 38.
  const LinearDemand d = demand("120", "0.5");
  const MarketOutcome o = stackelberg_equilibrium(d, 10, numbers({"12"}));
  EXPECT_EQ(exact_texts(o.quantities), (std::vector<std::string>{"112", "52"}));
  EXPECT_EQ(exact_text(o.price), "38");
  EXPECT_EQ(exact_texts(o.profits), (std::vector<std::string>{"3136", "1352"}));
  expect_no_better_leader_quantity(d, 10, numbers({"12"}), o);
}

TEST(TheoryStackelberg, IdenticalFollowersMatchTheClosedForm) {
  // Leader and N = 3 followers of cost c: q_L = (A - c) / (2B), each follower
  // (A - c) / (2B (N + 1)), P = c + (A - c) / (2 (N + 1)).
  const MarketOutcome o =
      stackelberg_equilibrium(demand("100", "2"), 10, numbers({"10", "10", "10"}));
  EXPECT_EQ(exact_texts(o.quantities), (std::vector<std::string>{"45/2", "45/8", "45/8", "45/8"}));
  EXPECT_EQ(exact_text(o.price), "85/4");
}

TEST(TheoryStackelberg, DifferentFollowersAllActiveMatchTheClosedForm) {
  // q_L = (A + sum c_j - (N + 1) c_L) / (2B) = (120 + 36 - 32) / 1 = 124; the followers then play
  // Cournot on 120 - 62 = 58: price (58 + 36) / 4 = 23.5.
  const LinearDemand d = demand("120", "1/2");
  const std::vector<Rational> followers = numbers({"10", "12", "14"});
  const MarketOutcome o = stackelberg_equilibrium(d, 8, followers);
  EXPECT_EQ(exact_texts(o.quantities), (std::vector<std::string>{"124", "27", "23", "19"}));
  EXPECT_EQ(exact_text(o.price), "47/2");
  expect_no_better_leader_quantity(d, 8, followers, o);
}

TEST(TheoryStackelberg, LeaderPricesOutAFollowerWhenThatPaysBetter) {
  // P = 100 - Q, leader cost 0, followers 10 and 40. The all-active formula says q_L = 75, but
  // there the second follower no longer produces. The leader's profit is 1200 at q_L = 30 (where
  // the second drops out), 1512.5 at q_L = 55 with only the first follower left, the optimum.
  const LinearDemand d = demand("100", "1");
  const std::vector<Rational> followers = numbers({"40", "10"});
  const MarketOutcome o = stackelberg_equilibrium(d, 0, followers);
  EXPECT_EQ(exact_texts(o.quantities), (std::vector<std::string>{"55", "0", "35/2"}));
  EXPECT_EQ(exact_text(o.price), "55/2");
  EXPECT_EQ(exact_text(o.profits[0]), "3025/2");
  expect_no_better_leader_quantity(d, 0, followers, o);
}

TEST(TheoryStackelberg, LeaderOptimumAtTheQuantityWhereAFollowerLeaves) {
  // P = 100 - Q, followers 0 and 30, leader cost 12. The second follower produces while
  // q_L < 40. With both, the leader's best would be (100 + 30 - 3 * 12) / 2 = 47 > 40; with the
  // first alone, 50 - 12 = 38 < 40: the optimum is the kink q_L = 40, profit (30 - 12) * 40.
  const LinearDemand d = demand("100", "1");
  const std::vector<Rational> followers = numbers({"0", "30"});
  const MarketOutcome o = stackelberg_equilibrium(d, 12, followers);
  EXPECT_EQ(exact_texts(o.quantities), (std::vector<std::string>{"40", "30", "0"}));
  EXPECT_EQ(exact_text(o.price), "30");
  EXPECT_EQ(exact_text(o.profits[0]), "720");
  expect_no_better_leader_quantity(d, 12, followers, o);
}

TEST(TheoryStackelberg, ManyFollowersDroppingOutOneByOne) {
  const LinearDemand d = demand("90", "0.75");
  const std::vector<Rational> followers = numbers({"5", "20", "35", "50", "65", "80"});
  for (const char* leader_cost : {"0", "10", "30", "60", "89", "95"}) {
    const Rational c = *parse_rational(leader_cost);
    expect_no_better_leader_quantity(d, c, followers, stackelberg_equilibrium(d, c, followers));
  }
}

TEST(TheoryStackelberg, ALeaderPricedOutProducesNothing) {
  const MarketOutcome o = stackelberg_equilibrium(demand("100", "1"), 100, numbers({"10"}));
  EXPECT_EQ(o.quantities[0], 0);
  EXPECT_EQ(o.quantities[1], 45);
}

TEST(TheoryStackelberg, RejectsInvalidMarkets) {
  EXPECT_THROW(stackelberg_equilibrium(demand("100", "0"), 1, numbers({"1"})),
               std::invalid_argument);
  EXPECT_THROW(stackelberg_equilibrium(demand("100", "1"), -1, numbers({"1"})),
               std::invalid_argument);
  EXPECT_THROW(stackelberg_equilibrium(demand("100", "1"), 1, numbers({"1", "-1"})),
               std::invalid_argument);
  EXPECT_THROW(stackelberg_equilibrium(demand("100", "1"), 1, {}), std::invalid_argument);
}

}  // namespace
}  // namespace evomarket::theory
