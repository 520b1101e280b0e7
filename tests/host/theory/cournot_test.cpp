// Cournot equilibria under linear demand: the seed's duopoly, firms priced out (in a cascade),
// and the defining property that every quantity is a best reply to the others'.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/theory/oligopoly.h"
#include "support/oligopoly_inputs.h"

namespace evomarket::theory {
namespace {

using testing::demand;
using testing::numbers;

// Firm i's best reply to the others' total Q: max(0, (A - c_i - B Q) / (2 B)).
void expect_best_replies(const LinearDemand& d, const std::vector<Rational>& costs,
                         const MarketOutcome& o) {
  Rational total = 0;
  for (const Rational& q : o.quantities) total += q;
  for (std::size_t i = 0; i < costs.size(); ++i) {
    const Rational others = total - o.quantities[i];
    const Rational reply =
        std::max<Rational>(0, (d.intercept - costs[i] - d.slope * others) / (2 * d.slope));
    EXPECT_EQ(o.quantities[i], reply) << "firm " << i;
  }
  EXPECT_EQ(o.price, d.intercept - d.slope * total);
}

TEST(TheoryCournot, SeedDuopoly) {
  // P = 120 - 0.5 Q, costs 10 and 12: q = 74.67 and 70.67, price 47.33.
  const MarketOutcome o = cournot_equilibrium(demand("120", "0.5"), numbers({"10", "12"}));
  EXPECT_EQ(exact_texts(o.quantities), (std::vector<std::string>{"224/3", "212/3"}));
  EXPECT_EQ(exact_text(o.price), "142/3");
  EXPECT_EQ(exact_texts(o.profits), (std::vector<std::string>{"25088/9", "22472/9"}));
  EXPECT_NEAR(to_double(o.quantities[0]), 74.67, 0.005);
  EXPECT_NEAR(to_double(o.quantities[1]), 70.67, 0.005);
  EXPECT_NEAR(to_double(o.price), 47.33, 0.005);
}

TEST(TheoryCournot, SymmetricFirmsMatchTheClosedForm) {
  // N firms of cost c: q = (A - c) / ((N + 1) B), P = (A + N c) / (N + 1).
  const MarketOutcome o =
      cournot_equilibrium(demand("100", "2"), numbers({"10", "10", "10", "10"}));
  for (const Rational& q : o.quantities) EXPECT_EQ(q, Rational(9));
  EXPECT_EQ(o.price, Rational(28));
}

TEST(TheoryCournot, AFirmWhoseCostIsAboveThePriceIsPricedOut) {
  const LinearDemand d = demand("100", "1");
  const std::vector<Rational> costs = numbers({"10", "20", "90"});
  const MarketOutcome o = cournot_equilibrium(d, costs);
  // With all three the formula would give firm 3 a negative quantity (price 55 < 90).
  EXPECT_EQ(exact_texts(o.quantities), (std::vector<std::string>{"100/3", "70/3", "0"}));
  EXPECT_EQ(exact_text(o.price), "130/3");
  EXPECT_EQ(o.profits[2], 0);
  expect_best_replies(d, costs, o);
}

TEST(TheoryCournot, DroppingFirmsCanPriceOutMoreInTheNextRound) {
  // All five: price 365/6 ~ 60.8 drops 90 and 95; then price 45 drops 50; then 130/3 stays.
  const LinearDemand d = demand("100", "1");
  const std::vector<Rational> costs = numbers({"50", "0", "95", "30", "90"});
  const MarketOutcome o = cournot_equilibrium(d, costs);
  EXPECT_EQ(exact_texts(o.quantities), (std::vector<std::string>{"0", "130/3", "0", "40/3", "0"}));
  EXPECT_EQ(exact_text(o.price), "130/3");
  expect_best_replies(d, costs, o);
}

TEST(TheoryCournot, EveryQuantityIsABestReply) {
  const LinearDemand d = demand("37/2", "0.3");
  for (const auto& costs :
       {numbers({"1", "2", "3", "4", "5", "6", "7", "8"}), numbers({"0", "18", "0.5", "12.25"}),
        numbers({"20", "30"}), numbers({"3"})}) {
    expect_best_replies(d, costs, cournot_equilibrium(d, costs));
  }
}

TEST(TheoryCournot, NoFirmProducesWhenEveryCostReachesTheDemandIntercept) {
  const MarketOutcome o = cournot_equilibrium(demand("10", "1"), numbers({"10", "12"}));
  EXPECT_EQ(o.quantities, (std::vector<Rational>{0, 0}));
  EXPECT_EQ(o.price, 10);
}

TEST(TheoryCournot, RejectsInvalidMarkets) {
  EXPECT_THROW(cournot_equilibrium(demand("100", "0"), numbers({"1"})), std::invalid_argument);
  EXPECT_THROW(cournot_equilibrium(demand("100", "-1"), numbers({"1"})), std::invalid_argument);
  EXPECT_THROW(cournot_equilibrium(demand("0", "1"), numbers({"1"})), std::invalid_argument);
  EXPECT_THROW(cournot_equilibrium(demand("100", "1"), numbers({"1", "-2"})),
               std::invalid_argument);
  EXPECT_THROW(cournot_equilibrium(demand("100", "1"), {}), std::invalid_argument);
}

}  // namespace
}  // namespace evomarket::theory
