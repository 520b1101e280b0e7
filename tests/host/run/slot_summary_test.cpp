// A market slot's summary travels as kSlotSummaryFields int64 per community and slot: the
// layout is fixed by name, decoded in one place, and summed exactly.
#include <gtest/gtest.h>

#include "host/run/market_records.h"

namespace evomarket {
namespace {

SlotSummary numbered(int64_t base) {
  return SlotSummary{base + 1, base + 2, base + 3,  base + 4,  base + 5,  base + 6, base + 7,
                     base + 8, base + 9, base + 10, base + 11, base + 12, base + 13};
}

void expect_equal(const SlotSummary& a, const SlotSummary& b) {
  EXPECT_EQ(a.supply, b.supply);
  EXPECT_EQ(a.demand, b.demand);
  EXPECT_EQ(a.traded, b.traded);
  EXPECT_EQ(a.grid_import, b.grid_import);
  EXPECT_EQ(a.grid_export, b.grid_export);
  EXPECT_EQ(a.price, b.price);
  EXPECT_EQ(a.traded_value, b.traded_value);
  EXPECT_EQ(a.operator_surplus, b.operator_surplus);
  EXPECT_EQ(a.savings, b.savings);
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.contract_traded, b.contract_traded);
  EXPECT_EQ(a.contract_savings, b.contract_savings);
  EXPECT_EQ(a.network_fees, b.network_fees);
}

TEST(SlotSummary, StoredInTheDocumentedFieldOrder) {
  int64_t out[kSlotSummaryFields] = {};
  store_summary(numbered(0), out);
  for (uint32_t f = 0; f < kSlotSummaryFields; ++f) EXPECT_EQ(out[f], f + 1) << f;
  EXPECT_EQ(out[kSummarySavings], numbered(0).savings);
  EXPECT_EQ(out[kSummaryContractSavings], numbered(0).contract_savings);
  EXPECT_EQ(out[kSummaryNetworkFees], numbered(0).network_fees);
  EXPECT_EQ(kSlotSummaryFields, 13u);
}

TEST(SlotSummary, LoadIsTheInverseOfStore) {
  int64_t out[kSlotSummaryFields] = {};
  store_summary(numbered(100), out);
  expect_equal(load_summary(out), numbered(100));
}

TEST(SlotSummary, DecodesEachCommunityAndSlotOfADay) {
  MarketDay day;
  day.communities = 3;
  day.slots = 4;
  day.summaries.assign(day.communities * day.slots * kSlotSummaryFields, 0);
  for (uint64_t c = 0; c < day.communities; ++c) {
    for (uint32_t s = 0; s < day.slots; ++s) {
      store_summary(numbered(1000 * int64_t(c) + 100 * s),
                    &day.summaries[(c * day.slots + s) * kSlotSummaryFields]);
    }
  }
  for (uint64_t c = 0; c < day.communities; ++c) {
    for (uint32_t s = 0; s < day.slots; ++s) {
      expect_equal(slot_summary(day, c, s), numbered(1000 * int64_t(c) + 100 * s));
    }
  }
}

TEST(SlotSummary, SumsAreExactBeyondInt64) {
  SlotSums sums;
  SlotSummary big = numbered(0);
  big.savings = INT64_MAX;
  big.traded = 7;
  sums.add(big);
  sums.add(big);
  EXPECT_TRUE(sums.savings == Int128{INT64_MAX} * 2);
  EXPECT_TRUE(sums.traded == 14);
  EXPECT_TRUE(sums.contract_savings == 24);
}

}  // namespace
}  // namespace evomarket
