// add_slot_account (kernels/market_accounts.h): a seller's and a buyer's slot split into the
// community part and the grid part, with the money of each, by hand.
#include "kernels/market_accounts.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace evomarket {
namespace {

constexpr int64_t kRetail = 300000, kFit = 80000;  // micro-currency per kWh

TEST(SlotAccount, ASellerSoldPartInsideAndExportedTheRest) {
  std::vector<int64_t> a(kAccountFields, 0);
  // 5 units of surplus, 3 sold inside at 0.2 (saving 0.12 a unit over feed-in).
  add_slot_account(a.data(), 5, 3, 3 * (200000 - kFit), kRetail, kFit);
  EXPECT_EQ(a[kAccountSold], 3);
  EXPECT_EQ(a[kAccountReceived], 3 * 200000);
  EXPECT_EQ(a[kAccountGridExport], 2);
  EXPECT_EQ(a[kAccountGridMoney], 2 * kFit);
  EXPECT_EQ(a[kAccountBought] + a[kAccountPaid] + a[kAccountGridImport], 0);
}

TEST(SlotAccount, ABuyerBoughtPartInsideAndImportedTheRest) {
  std::vector<int64_t> a(kAccountFields, 0);
  // 4 units of deficit, 1 bought inside at 0.2 (saving 0.1 over retail).
  add_slot_account(a.data(), -4, -1, kRetail - 200000, kRetail, kFit);
  EXPECT_EQ(a[kAccountBought], 1);
  EXPECT_EQ(a[kAccountPaid], 200000);
  EXPECT_EQ(a[kAccountGridImport], 3);
  EXPECT_EQ(a[kAccountGridMoney], -3 * kRetail);
  EXPECT_EQ(a[kAccountSold] + a[kAccountReceived] + a[kAccountGridExport], 0);
}

TEST(SlotAccount, NothingTradedSettlesEverythingWithTheGrid) {
  std::vector<int64_t> a(kAccountFields, 0);
  add_slot_account(a.data(), -2, 0, 0, kRetail, kFit);
  add_slot_account(a.data(), 0, 0, 0, kRetail, kFit);
  EXPECT_EQ(a[kAccountGridImport], 2);
  EXPECT_EQ(a[kAccountGridMoney], -2 * kRetail);
  EXPECT_EQ(a[kAccountBought] + a[kAccountPaid], 0);
}

}  // namespace
}  // namespace evomarket
