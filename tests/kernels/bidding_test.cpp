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

}  // namespace
}  // namespace evomarket
