// add_slot_account (kernels/market_accounts.h): a seller's and a buyer's slot split into the
// community part and the grid part, with the money of each, by hand.
#include "kernels/market_accounts.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace evomarket {
namespace {

constexpr int64_t kRetail = 300000, kFit = 80000;  // micro-currency per kWh
const int64_t kRetailTable[1] = {kRetail}, kFitTable[1] = {kFit};
const TariffView kNoFees{kRetailTable, kFitTable, 1};

TEST(SlotAccount, ASellerSoldPartInsideAndExportedTheRest) {
  std::vector<int64_t> a(kAccountFields, 0);
  // 5 units of surplus, 3 sold inside at 0.2 (saving 0.12 a unit over feed-in).
  add_slot_account(a.data(), 5, 3, 3 * (200000 - kFit), 0, kNoFees, 0);
  EXPECT_EQ(a[kAccountSold], 3);
  EXPECT_EQ(a[kAccountReceived], 3 * 200000);
  EXPECT_EQ(a[kAccountGridExport], 2);
  EXPECT_EQ(a[kAccountGridMoney], 2 * kFit);
  EXPECT_EQ(a[kAccountBought] + a[kAccountPaid] + a[kAccountGridImport], 0);
}

TEST(SlotAccount, ABuyerBoughtPartInsideAndImportedTheRest) {
  std::vector<int64_t> a(kAccountFields, 0);
  // 4 units of deficit, 1 bought inside at 0.2 (saving 0.1 over retail).
  add_slot_account(a.data(), -4, -1, kRetail - 200000, 0, kNoFees, 0);
  EXPECT_EQ(a[kAccountBought], 1);
  EXPECT_EQ(a[kAccountPaid], 200000);
  EXPECT_EQ(a[kAccountGridImport], 3);
  EXPECT_EQ(a[kAccountGridMoney], -3 * kRetail);
  EXPECT_EQ(a[kAccountSold] + a[kAccountReceived] + a[kAccountGridExport], 0);
}

TEST(SlotAccount, NothingTradedSettlesEverythingWithTheGrid) {
  std::vector<int64_t> a(kAccountFields, 0);
  add_slot_account(a.data(), -2, 0, 0, 0, kNoFees, 0);
  add_slot_account(a.data(), 0, 0, 0, 0, kNoFees, 0);
  EXPECT_EQ(a[kAccountGridImport], 2);
  EXPECT_EQ(a[kAccountGridMoney], -2 * kRetail);
  EXPECT_EQ(a[kAccountBought] + a[kAccountPaid], 0);
}

// With network fees (import fee 0.05, community fee 0.02) the local value is 0.33: a buyer of 1
// unit at 0.2 inside saves 0.13 against importing at 0.35 and paying 0.02 on the trade; its
// contract's 2 units pay the community fee too, and its 3 imports the import fee.
TEST(SlotAccount, NetworkFeesAreChargedOnWhatABuyerBoughtAndImported) {
  const int64_t import_fee[1] = {50000}, community_fee[1] = {20000};
  const TariffView fees{kRetailTable, kFitTable, 1, import_fee, community_fee};
  EXPECT_EQ(local_value(fees, 0), 330000);
  EXPECT_EQ(import_price(fees, 0), 350000);
  std::vector<int64_t> a(kAccountFields, 0);
  add_slot_account(a.data(), -4, -1, 330000 - 200000, 2, fees, 0);
  EXPECT_EQ(a[kAccountPaid], 200000);
  EXPECT_EQ(a[kAccountGridImport], 3);
  EXPECT_EQ(a[kAccountGridMoney], -3 * kRetail);
  EXPECT_EQ(a[kAccountNetworkFees], 3 * 20000 + 3 * 50000);
  // A seller pays nothing on what it sells or exports.
  std::vector<int64_t> b(kAccountFields, 0);
  add_slot_account(b.data(), 5, 3, 3 * (200000 - kFit), 0, fees, 0);
  EXPECT_EQ(b[kAccountNetworkFees], 0);
  EXPECT_EQ(b[kAccountReceived], 3 * 200000);
}

}  // namespace
}  // namespace evomarket
