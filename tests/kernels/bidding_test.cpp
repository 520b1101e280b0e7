// Bid formation (kernels/bidding.h): markups between the feed-in tariff and retail, rounded
// toward the agent's own reservation price, and ZI-C prices uniform in the spread.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "kernels/bidding.h"

namespace evomarket {
namespace {

constexpr int64_t kRetail = 300000;  // 0.30 per kWh in micro-currency
constexpr int64_t kFit = 80000;      // 0.08 per kWh

const PricingStrategy kTruthful{PricingKind::kMarkup, 0, 0};
const PricingStrategy kHalf{PricingKind::kMarkup, kMarkupOne / 2, kMarkupOne / 2};
const PricingStrategy kZic{PricingKind::kZeroIntelligence, 0, 0};

TEST(Bidding, MarkupsPriceBetweenTheGridPrices) {
  EXPECT_EQ(order_price(kTruthful, true, kRetail, kFit, 1, 0, 0, 0), kFit);
  EXPECT_EQ(order_price(kTruthful, false, kRetail, kFit, 1, 0, 0, 0), kRetail);
  EXPECT_EQ(order_price(kHalf, true, kRetail, kFit, 1, 0, 0, 0), 190000);
  EXPECT_EQ(order_price(kHalf, false, kRetail, kFit, 1, 0, 0, 0), 190000);
  const PricingStrategy odd{PricingKind::kMarkup, 1, 999999};          // 1e-6 and 0.999999
  EXPECT_EQ(order_price(odd, true, kRetail, kFit, 1, 0, 0, 0), kFit);  // floor(0.22) = 0
  EXPECT_EQ(order_price(odd, false, kRetail, kFit, 1, 0, 0, 0), kRetail - 219999);
}

TEST(Bidding, ZeroIntelligenceIsUniformInTheSpreadAndKeyedBySlot) {
  int64_t lo = kRetail, hi = kFit;
  double mean = 0;
  const int draws = 20000;
  for (int i = 0; i < draws; ++i) {
    const int64_t p = order_price(kZic, i % 2 == 0, kRetail, kFit, 3, uint64_t(i), 5, 9);
    lo = std::min(lo, p);
    hi = std::max(hi, p);
    mean += double(p) / draws;
  }
  EXPECT_GE(lo, kFit);
  EXPECT_LE(hi, kRetail);
  EXPECT_NEAR(mean, (kRetail + kFit) / 2.0, 0.02 * (kRetail - kFit));
  EXPECT_EQ(order_price(kZic, true, kRetail, kFit, 3, 11, 5, 9),
            order_price(kZic, true, kRetail, kFit, 3, 11, 5, 9));
  EXPECT_NE(order_price(kZic, true, kRetail, kFit, 3, 11, 5, 9),
            order_price(kZic, true, kRetail, kFit, 3, 11, 6, 9));
}

// The whole markup gives up the spread: the seller asks retail, the buyer bids the tariff.
TEST(Bidding, FullMarkupsReachTheOtherGridPrice) {
  const PricingStrategy greedy{PricingKind::kMarkup, kMarkupOne, kMarkupOne};
  EXPECT_EQ(order_price(greedy, true, kRetail, kFit, 1, 0, 0, 0), kRetail);
  EXPECT_EQ(order_price(greedy, false, kRetail, kFit, 1, 0, 0, 0), kFit);
}

// A third of the spread, 220000 x 333333 / 10^6 = 73333.26: the term floors to 73333 on both
// sides, so the seller asks a little less and the buyer bids a little more than exact.
TEST(Bidding, MarkupTermsFloorTowardTheReservationPrice) {
  const PricingStrategy third{PricingKind::kMarkup, 333333, 333333};
  EXPECT_EQ(order_price(third, true, kRetail, kFit, 1, 0, 0, 0), kFit + 73333);
  EXPECT_EQ(order_price(third, false, kRetail, kFit, 1, 0, 0, 0), kRetail - 73333);
  // Ask and bid markups are independent: a seller ignores its bid markup and vice versa.
  const PricingStrategy split{PricingKind::kMarkup, 250000, 750000};
  EXPECT_EQ(order_price(split, true, kRetail, kFit, 1, 0, 0, 0), kFit + 55000);
  EXPECT_EQ(order_price(split, false, kRetail, kFit, 1, 0, 0, 0), kRetail - 165000);
}

TEST(Bidding, ZeroSpreadPricesEveryStrategyAtTheGridPrice) {
  for (const PricingStrategy& s : {kTruthful, kHalf, kZic}) {
    for (uint64_t agent = 0; agent < 20; ++agent) {
      EXPECT_EQ(order_price(s, true, kFit, kFit, 4, agent, 0, 0), kFit);
      EXPECT_EQ(order_price(s, false, kFit, kFit, 4, agent, 0, 0), kFit);
    }
  }
}

// With a spread of 3 every price fit, fit + 1, fit + 2, fit + 3 occurs, both ends included.
TEST(Bidding, ZeroIntelligenceCoversBothEndsOfTheSpread) {
  std::set<int64_t> seen;
  for (uint64_t agent = 0; agent < 400; ++agent) {
    const int64_t p = order_price(kZic, true, kFit + 3, kFit, 8, agent, 2, 1);
    ASSERT_GE(p, kFit);
    ASSERT_LE(p, kFit + 3);
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 4u);
}

// The draw is keyed by (seed, agent, day, slot of day): each of them changes the price.
TEST(Bidding, ZeroIntelligenceIsKeyedBySeedAgentDayAndSlot) {
  int differs_seed = 0, differs_agent = 0, differs_slot = 0;
  for (uint32_t day = 0; day < 100; ++day) {
    const int64_t base = order_price(kZic, true, kRetail, kFit, 3, 11, day, 9);
    differs_seed += base != order_price(kZic, true, kRetail, kFit, 4, 11, day, 9);
    differs_agent += base != order_price(kZic, true, kRetail, kFit, 3, 12, day, 9);
    differs_slot += base != order_price(kZic, true, kRetail, kFit, 3, 11, day, 10);
  }
  EXPECT_GT(differs_seed, 95);
  EXPECT_GT(differs_agent, 95);
  EXPECT_GT(differs_slot, 95);
}

// Time-of-use tariffs: one retail and one feed-in price per slot of the day.
TEST(Tariff, LooksUpThePricesOfTheSlotOfTheDay) {
  const std::vector<int64_t> retail{250000, 300000, 400000}, fit{50000, 80000, 60000};
  const TariffView t{retail.data(), fit.data(), 3};
  for (uint32_t s = 0; s < 3; ++s) {
    EXPECT_EQ(retail_price(t, s), retail[s]);
    EXPECT_EQ(feed_in_price(t, s), fit[s]);
  }
  EXPECT_EQ(order_price(kHalf, true, retail_price(t, 2), feed_in_price(t, 2), 1, 0, 0, 2), 230000);
}

}  // namespace
}  // namespace evomarket
