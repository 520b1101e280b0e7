// clear_book: the worked examples of docs/clearing.md ("Clearing a book by hand") for every
// mechanism, computed by hand below, the options each mechanism refuses, and the invariants
// (money balance, fills within quantities, grid flows) on random books.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "host/errors.h"
#include "host/run/book_clearing.h"
#include "kernels/clearing.h"
#include "kernels/clearing_muda.h"

namespace evomarket {
namespace {

constexpr int64_t kMicro = 1000000;       // micro-currency per currency, mWh per kWh
constexpr int64_t kPico = 1000000000000;  // pico-currency per currency

// Money in pico from thousandths of the currency (1.125 -> milli(1125)).
constexpr int64_t milli(int64_t thousandths) {
  return thousandths * (kPico / 1000);
}

BookOrder order(const char* id, bool seller, int64_t price_cents, int64_t kwh, double arrival) {
  BookOrder o;
  o.id = id;
  o.seller = seller;
  o.price = price_cents * (kMicro / 100);
  o.quantity = kwh * kMicro;
  o.arrival = arrival;
  return o;
}

// Asks s1 0.10, s2 0.20, s3 0.30 (5 kWh each); bids b1 0.35, b2 0.25, b3 0.15 (4 kWh each);
// arrival s1, b3, s2, b1, s3, b2 (experiments/books/three_by_three.csv).
OrderBook three_by_three() {
  OrderBook b;
  b.path = "three_by_three.csv";
  b.has_arrival = true;
  b.orders = {order("s1", true, 10, 5, 1),  order("s2", true, 20, 5, 3),
              order("s3", true, 30, 5, 5),  order("b1", false, 35, 4, 4),
              order("b2", false, 25, 4, 6), order("b3", false, 15, 4, 2)};
  for (size_t i = 0; i < b.orders.size(); ++i) b.orders[i].line = i + 2;
  return b;
}

ClearOptions with(MarketMechanism m) {
  ClearOptions o;
  o.mechanism = m;
  return o;
}

void expect_orders(const BookClearing& c, const std::vector<int64_t>& filled_kwh_milli,
                   const std::vector<int64_t>& payment_milli) {
  ASSERT_EQ(c.filled.size(), filled_kwh_milli.size());
  for (size_t i = 0; i < c.filled.size(); ++i) {
    EXPECT_EQ(c.filled[i], filled_kwh_milli[i] * 1000) << "order " << i;
    EXPECT_EQ(c.payment[i], milli(payment_milli[i])) << "order " << i;
  }
}

// The walk: s1-b1 4 kWh, s1-b2 1, s2-b2 3, then b3 0.15 < s2 0.20 stops it: 8 kWh, last
// matched pair s_K = 0.20, b_K = 0.25; k = 1/2: p = 0.20 + 0.05 / 2 = 0.225.
TEST(BookClearing, UniformLastMatchedPair) {
  const BookClearing c = clear_book(three_by_three(), with(MarketMechanism::kUniform));
  ASSERT_TRUE(c.price.has_value());
  EXPECT_EQ(*c.price, 225000);
  EXPECT_EQ(c.traded, 8 * kMicro);
  EXPECT_EQ(c.operator_surplus, 0);
  EXPECT_EQ(c.grid_import, 4 * kMicro);  // b3
  EXPECT_EQ(c.grid_export, 7 * kMicro);  // 2 of s2, 5 of s3
  // s1 5 x 0.225 = 1.125, s2 3 x 0.225 = 0.675; b1, b2 4 x 0.225 = 0.9.
  expect_orders(c, {5000, 3000, 0, 4000, 4000, 0}, {1125, 675, 0, 900, 900, 0});
}

// Walrasian interval: s2 keeps 2 kWh at 0.20, so hi = 0.20; lo = max(0.20, b3 0.15) = 0.20.
// k = 1 would give 0.25 under the last matched pair; here every k gives 0.20.
TEST(BookClearing, UniformWalrasianAndK) {
  ClearOptions o = with(MarketMechanism::kUniform);
  o.uniform_rule = UniformPrice::kWalrasianInterval;
  o.k = 1.0;
  EXPECT_EQ(*clear_book(three_by_three(), o).price, 200000);
  o.uniform_rule.reset();
  EXPECT_EQ(*clear_book(three_by_three(), o).price, 250000);
}

// Own price: sellers receive 5 x 0.10 = 0.5 and 3 x 0.20 = 0.6; buyers pay 4 x 0.35 = 1.4 and
// 4 x 0.25 = 1.0; the operator keeps 2.4 - 1.1 = 1.3. Midpoint: 4 @ 0.225, 1 @ 0.175,
// 3 @ 0.225: s1 0.9 + 0.175 = 1.075, s2 0.675, b1 0.9, b2 0.175 + 0.675 = 0.85, surplus 0.
TEST(BookClearing, PayAsBidOwnPriceAndMidpoint) {
  ClearOptions o = with(MarketMechanism::kPayAsBid);
  BookClearing c = clear_book(three_by_three(), o);
  EXPECT_FALSE(c.price.has_value());
  EXPECT_EQ(c.traded, 8 * kMicro);
  EXPECT_EQ(c.operator_surplus, milli(1300));
  expect_orders(c, {5000, 3000, 0, 4000, 4000, 0}, {500, 600, 0, 1400, 1000, 0});
  o.pay_as_bid = PayAsBid::kMidpoint;
  c = clear_book(three_by_three(), o);
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {5000, 3000, 0, 4000, 4000, 0}, {1075, 675, 0, 900, 850, 0});
}

// Trade reduction (divisible): the marginal orders s2 and b2 are excluded; b1 (4 kWh) and s1
// (5 kWh) trade V = 4: b1 pays b_K = 0.25 (1.0), s1 is rationed to floor(5 x 4 / 5) = 4 kWh
// and receives s_L = 0.20 (0.8); the operator keeps 0.05 x 4 = 0.2.
TEST(BookClearing, McAfeeTradeReduction) {
  const BookClearing c = clear_book(three_by_three(), with(MarketMechanism::kTradeReduction));
  EXPECT_FALSE(c.price.has_value());  // buyers and sellers see different prices
  EXPECT_EQ(c.traded, 4 * kMicro);
  EXPECT_EQ(c.operator_surplus, milli(200));
  expect_orders(c, {4000, 0, 0, 4000, 0, 0}, {800, 0, 0, 1000, 0, 0});
}

// McAfee: the walk ends with s2 keeping 2 kWh, so the first excluded pair is s2 (0.20) and b3
// (0.15): p0 = 0.175 < s_L = 0.20 and the trade-reduction outcome follows.
TEST(BookClearing, McAfeeFallsBackToTradeReduction) {
  const BookClearing c = clear_book(three_by_three(), with(MarketMechanism::kMcAfee));
  EXPECT_FALSE(c.price.has_value());
  EXPECT_EQ(c.operator_surplus, milli(200));
  expect_orders(c, {4000, 0, 0, 4000, 0, 0}, {800, 0, 0, 1000, 0, 0});
}

// McAfee's p0 branch: asks 0.10 (3 kWh), 0.20 (2), 0.32 (5); bids 0.50 (2), 0.30 (3), 0.24 (4).
// The walk trades 5 kWh and uses up ask 0.20 and bid 0.30; the first excluded pair is 0.32 and
// 0.24, p0 = 0.28 in [0.20, 0.30]: all 5 kWh at 0.28, one price, no surplus.
TEST(BookClearing, McAfeeAtP0) {
  OrderBook b;
  b.path = "p0.csv";
  b.orders = {order("a", true, 10, 3, 0),  order("b", true, 20, 2, 0),
              order("c", true, 32, 5, 0),  order("x", false, 50, 2, 0),
              order("y", false, 30, 3, 0), order("z", false, 24, 4, 0)};
  const BookClearing c = clear_book(b, with(MarketMechanism::kMcAfee));
  EXPECT_EQ(*c.price, 280000);
  EXPECT_EQ(c.traded, 5 * kMicro);
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {3000, 2000, 0, 2000, 3000, 0}, {840, 560, 0, 560, 840, 0});
}

// Grid Singularity's pay-as-bid: the walk's pairs trade at the bid, 4 @ 0.35, 1 @ 0.25,
// 3 @ 0.25: s1 1.4 + 0.25, s2 0.75; b1 1.4, b2 1.0; no spread.
TEST(BookClearing, PayAsBidAtTheBidRate) {
  ClearOptions o = with(MarketMechanism::kPayAsBid);
  o.pay_as_bid = PayAsBid::kBidRate;
  const BookClearing c = clear_book(three_by_three(), o);
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {5000, 3000, 0, 4000, 4000, 0}, {1650, 750, 0, 1400, 1000, 0});
}

// Continuous at the midpoint, arrival s1, b3, s2, b1, s3, b2: b3 takes 4 of s1 @ 0.125, b1
// takes 1 of s1 @ 0.225 and 3 of s2 @ 0.275, b2 takes s2's last 2 @ 0.225.
TEST(BookClearing, ContinuousAtTheMidpoint) {
  ClearOptions o = with(MarketMechanism::kContinuous);
  o.continuous_price = ContinuousPrice::kMidpoint;
  const BookClearing c = clear_book(three_by_three(), o);
  EXPECT_EQ(c.traded, 10 * kMicro);
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {5000, 5000, 0, 4000, 2000, 4000}, {725, 1275, 0, 1050, 450, 500});
}

// MUDA through the slot settlement: the halves are Philox bits of the seed (--seed, default 0),
// entity 0 (the one community slot), day 0 and the member (the book's line index), as
// clear_muda reads them.
TEST(BookClearing, MudaIsTheKernelWithTheSeedsHalves) {
  const OrderBook b = three_by_three();
  std::vector<Order> asks, bids;
  for (uint32_t i = 0; i < b.orders.size(); ++i) {
    const BookOrder& x = b.orders[i];
    (x.seller ? asks : bids).push_back(Order{x.price, x.quantity, i});
  }
  std::sort(asks.begin(), asks.end(),
            [](const Order& x, const Order& y) { return x.price < y.price; });
  std::sort(bids.begin(), bids.end(),
            [](const Order& x, const Order& y) { return x.price > y.price; });
  std::set<std::vector<int64_t>> outcomes;  // the seed has to matter
  for (const std::optional<uint64_t> seed :
       {std::optional<uint64_t>{}, std::optional<uint64_t>{0}, std::optional<uint64_t>{7},
        std::optional<uint64_t>{123456789}}) {
    SCOPED_TRACE(seed ? std::to_string(*seed) : "default");
    ClearOptions o = with(MarketMechanism::kMuda);
    o.k = 0.25;
    o.seed = seed;
    const BookClearing c = clear_book(b, o);
    std::vector<int64_t> ask_fill(3), bid_fill(3), ask_money(3), bid_money(3);
    const uint64_t s = seed.value_or(0);
    const MudaResult r = clear_muda(
        asks.data(), 3, bids.data(), 3, 250000, 1000000,
        [s](uint32_t member) { return muda_half(s, 0, 0, member); }, ask_fill.data(),
        bid_fill.data(), ask_money.data(), bid_money.data());
    EXPECT_EQ(c.traded, r.volume);
    EXPECT_EQ(c.operator_surplus, 0);
    for (size_t p = 0; p < 3; ++p) {
      EXPECT_EQ(c.filled[asks[p].id], ask_fill[p]);
      EXPECT_EQ(c.payment[asks[p].id], ask_money[p]);
      EXPECT_EQ(c.filled[bids[p].id], bid_fill[p]);
      EXPECT_EQ(c.payment[bids[p].id], bid_money[p]);
    }
    std::vector<int64_t> outcome = c.filled;
    outcome.insert(outcome.end(), c.payment.begin(), c.payment.end());
    outcomes.insert(outcome);
  }
  EXPECT_GE(outcomes.size(), 2u);
}

// Arrival s1, b3, s2, b1, s3, b2. s1 rests; b3 (0.15) takes 4 of s1 @ 0.10; s2 rests; b1 takes
// s1's last 1 @ 0.10 and 3 of s2 @ 0.20; s3 rests; b2 (0.25) takes s2's last 2 @ 0.20, s3 at
// 0.30 does not cross, 2 rest. s1 0.5, s2 1.0; b1 0.1 + 0.6 = 0.7, b2 0.4, b3 0.4; 10 kWh.
TEST(BookClearing, ContinuousInArrivalOrder) {
  const BookClearing c = clear_book(three_by_three(), with(MarketMechanism::kContinuous));
  EXPECT_FALSE(c.price.has_value());
  EXPECT_EQ(c.traded, 10 * kMicro);
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {5000, 5000, 0, 4000, 2000, 4000}, {500, 1000, 0, 700, 400, 400});
}

// Without arrival times the file order: s1, s2, s3 rest; b1 takes 4 of s1 @ 0.10; b2 takes 1
// of s1 @ 0.10 and 3 of s2 @ 0.20; b3 (0.15) finds s2 at 0.20 and rests. Equal arrivals keep
// file order as well.
TEST(BookClearing, ContinuousInFileOrderWithoutArrivals) {
  OrderBook b = three_by_three();
  b.has_arrival = false;
  for (BookOrder& o : b.orders) o.arrival = 0;
  const BookClearing c = clear_book(b, with(MarketMechanism::kContinuous));
  EXPECT_EQ(c.traded, 8 * kMicro);
  expect_orders(c, {5000, 3000, 0, 4000, 4000, 0}, {500, 600, 0, 400, 700, 0});
}

// retail = 0.35 and fit = 0.10 (the book's bounds). S = 15 > D = 12: everyone trades at the
// FiT; sellers are rationed to 4 of 5 kWh each and export 1; sellers receive 0.10 on all 5 kWh
// (0.5), buyers pay 0.4; the manager takes 1.2 from buyers and 0.3 from the grid: surplus 0.
TEST(BookClearing, SupplyDemandRatioAtTheBooksBounds) {
  const BookClearing c = clear_book(three_by_three(), with(MarketMechanism::kSupplyDemandRatio));
  EXPECT_EQ(c.retail, 350000);
  EXPECT_EQ(c.fit, 100000);
  EXPECT_FALSE(c.price.has_value());
  EXPECT_EQ(c.traded, 12 * kMicro);
  EXPECT_EQ(c.grid_export, 3 * kMicro);
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {4000, 4000, 4000, 4000, 4000, 4000}, {500, 500, 500, 400, 400, 400});
}

// Retail 0.30, FiT 0.08 and only s1, s2 selling (S = 10 < D = 12): p_s = floor(0.30 x 0.08 x
// 12 / (0.22 x 10 + 0.08 x 12)) = floor(0.0288 / 3.16 per micro) = 0.091139 (micro units:
// floor(300000 x 80000 x 12 / (220000 x 10 + 80000 x 12)) = floor(288e9 / 3.16e6) = 91139),
// p_b = ceil((91139 x 10 + 300000 x 2) / 12) = ceil(1511390 / 12) = 125950 (125949.17).
TEST(BookClearing, SupplyDemandRatioBelowOne) {
  OrderBook b = three_by_three();
  b.orders.erase(b.orders.begin() + 2);  // s3
  ClearOptions o = with(MarketMechanism::kSupplyDemandRatio);
  o.retail = 0.30;
  o.fit = 0.08;
  const BookClearing c = clear_book(b, o);
  EXPECT_EQ(c.traded, 10 * kMicro);
  EXPECT_EQ(c.grid_import, 2 * kMicro);
  // s1, s2 receive 5 x 0.091139; buyers pay 4 x 0.12595 = 0.5038 on their whole deficit.
  EXPECT_EQ(c.payment[0], 5 * kMicro * 91139);
  EXPECT_EQ(c.payment[2], 4 * kMicro * 125950);
  // Surplus: 12 x 0.12595 - 10 x 0.091139 - 2 x 0.30 = 1.5114 - 0.91139 - 0.6 = 0.00001.
  EXPECT_EQ(c.operator_surplus, 10 * kMicro);
}

// p = floor((0.35 + 0.10) / 2) = 0.225 on the 12 kWh inside; each seller exports its 1 kWh left
// at the FiT: 4 x 0.225 + 0.10 = 1.0; buyers pay 4 x 0.225 = 0.9.
TEST(BookClearing, MidMarket) {
  const BookClearing c = clear_book(three_by_three(), with(MarketMechanism::kMidMarket));
  EXPECT_EQ(*c.price, 225000);
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {4000, 4000, 4000, 4000, 4000, 4000}, {1000, 1000, 1000, 900, 900, 900});
}

// The manager buys the buyers' 12 kWh, reserve = retail = 0.35: s1 5, s2 5, s3 2 of 5, so
// s3's remainder is the first rejected unit: price 0.30. Sellers 1.5, 1.5, 0.6; each buyer
// gets 4 kWh for 1.2.
TEST(BookClearing, ReverseAuctionForTheBuyers) {
  const BookClearing c = clear_book(three_by_three(), with(MarketMechanism::kReverseAuction));
  EXPECT_EQ(*c.price, 300000);
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {5000, 5000, 2000, 4000, 4000, 4000}, {1500, 1500, 600, 1200, 1200, 1200});
}

// VCG, reserve 0.35: the same fills; s1 and s2 are each paid for 5 kWh from s3's 3 left at 0.30
// and 2 at the reserve (1.6), s3 for 2 kWh at the reserve (0.7; without s3 nothing else is
// under it). The manager pays 3.9 and the buyers share it: 1.3 each.
TEST(BookClearing, ReverseAuctionVcg) {
  ClearOptions o = with(MarketMechanism::kReverseAuction);
  o.reverse_payment = ReversePayment::kVcg;
  const BookClearing c = clear_book(three_by_three(), o);
  EXPECT_FALSE(c.price.has_value());
  EXPECT_EQ(c.operator_surplus, 0);
  expect_orders(c, {5000, 5000, 2000, 4000, 4000, 4000}, {1600, 1600, 700, 1300, 1300, 1300});
  // --quantity 7 from the sellers alone (reserve 0.30, the book's highest price): s1 is paid
  // 3 @ 0.20 + 2 @ 0.30 = 1.2, s2 2 @ 0.30 = 0.6.
  OrderBook b = three_by_three();
  b.orders.resize(3);
  o.quantity = 7;
  const BookClearing m = clear_book(b, o);
  EXPECT_FALSE(m.price.has_value());
  EXPECT_EQ(m.operator_surplus, -milli(1800));
  expect_orders(m, {5000, 2000, 0}, {1200, 600, 0});
}

// Reserve 0.25: s3 (0.30) is refused, 10 kWh bought at min(0.25, 0.30) = 0.25. The buyers share
// 10 of 12 kWh: floor(4e6 x 10 / 12) = 3333333 mWh each, the mWh left goes to b1 (the first
// member with a remainder): 3333334 x 0.25 = 0.8333335 and 0.83333325 twice.
TEST(BookClearing, ReverseAuctionUnderAReserve) {
  ClearOptions o = with(MarketMechanism::kReverseAuction);
  o.reserve = 0.25;
  const BookClearing c = clear_book(three_by_three(), o);
  EXPECT_EQ(*c.price, 250000);
  EXPECT_EQ(c.traded, 10 * kMicro);
  EXPECT_EQ(c.filled[3], 3333334);
  EXPECT_EQ(c.filled[4], 3333333);
  EXPECT_EQ(c.payment[3], int64_t{3333334} * 250000);
  EXPECT_EQ(c.payment[5], int64_t{3333333} * 250000);
  EXPECT_EQ(c.payment[0], milli(1250));
  EXPECT_EQ(c.operator_surplus, 0);
}

// --quantity 7 from the sellers alone: s1 5, s2 2 of 5 (price 0.20, its own remainder first
// rejected): 1.0 and 0.4; the manager pays 1.4, its surplus is -1.4.
TEST(BookClearing, ReverseAuctionForTheManager) {
  OrderBook b = three_by_three();
  b.orders.resize(3);
  ClearOptions o = with(MarketMechanism::kReverseAuction);
  o.quantity = 7;
  const BookClearing c = clear_book(b, o);
  EXPECT_EQ(*c.price, 200000);
  EXPECT_EQ(c.operator_surplus, -milli(1400));
  EXPECT_EQ(c.grid_export, 8 * kMicro);
  expect_orders(c, {5000, 2000, 0}, {1000, 400, 0});
  EXPECT_THROW(clear_book(three_by_three(), o), ConfigError);  // buy orders beside --quantity
}

TEST(BookClearing, NoneTradesNothing) {
  const BookClearing c = clear_book(three_by_three(), with(MarketMechanism::kNone));
  EXPECT_EQ(c.traded, 0);
  EXPECT_EQ(c.grid_import, 12 * kMicro);
  EXPECT_EQ(c.grid_export, 15 * kMicro);
  expect_orders(c, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0});
}

std::string error_of(const OrderBook& b, const ClearOptions& o) {
  try {
    clear_book(b, o);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(BookClearing, RefusesOptionsTheMechanismDoesNotRead) {
  ClearOptions o = with(MarketMechanism::kTradeReduction);
  o.k = 0.3;
  EXPECT_EQ(error_of(three_by_three(), o),
            "--k does not apply to --mechanism trade_reduction (only uniform and muda read it)");
  o = with(MarketMechanism::kMcAfee);
  o.continuous_price = ContinuousPrice::kMidpoint;
  EXPECT_EQ(error_of(three_by_three(), o),
            "--continuous-price does not apply to --mechanism mcafee (only continuous read it)");
  o = with(MarketMechanism::kContinuous);
  o.reverse_payment = ReversePayment::kVcg;
  EXPECT_EQ(error_of(three_by_three(), o),
            "--reverse-payment does not apply to --mechanism "
            "continuous (only reverse_auction read it)");
  o = with(MarketMechanism::kUniform);
  o.fit = 0.1;
  EXPECT_EQ(error_of(three_by_three(), o),
            "--fit does not apply to --mechanism uniform (only sdr and mid_market read it)");
  o = with(MarketMechanism::kContinuous);
  o.seed = 3;
  EXPECT_EQ(error_of(three_by_three(), o),
            "--seed does not apply to --mechanism continuous (only muda read it)");
  o = with(MarketMechanism::kUniform);
  o.k = 1.5;
  EXPECT_EQ(error_of(three_by_three(), o), "--k 1.5 is out of range (expected k in [0, 1])");
  o = with(MarketMechanism::kMidMarket);
  o.retail = 0.05;  // below the book's lowest price, the default FiT
  EXPECT_EQ(error_of(three_by_three(), o),
            "the feed-in tariff 0.1 is above the retail price 0.05 (expected fit <= retail; "
            "--fit defaults to the book's lowest price, --retail to its highest)");
  o = with(MarketMechanism::kReverseAuction);
  o.quantity = 1;
  EXPECT_EQ(error_of(three_by_three(), o),
            "three_by_three.csv:5: a buy order, but --quantity buys for the manager (expected "
            "sell orders only; without --quantity the manager buys the buyers' total and shares "
            "it among them)");
}

// Uniform through clear_book equals clear_uniform on the same book sorted by hand (price, then
// row): the rows come back to the right orders.
TEST(BookClearing, UniformMatchesTheKernelOnRandomBooks) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    OrderBook b;
    const int n = 1 + static_cast<int>(rng() % 10);
    for (int i = 0; i < n; ++i) {
      b.orders.push_back(order("x", rng() % 2 == 0, static_cast<int64_t>(rng() % 8),
                               1 + static_cast<int64_t>(rng() % 4), 0));
    }
    std::vector<uint32_t> asks, bids;
    for (uint32_t i = 0; i < b.orders.size(); ++i) (b.orders[i].seller ? asks : bids).push_back(i);
    std::stable_sort(asks.begin(), asks.end(),
                     [&](uint32_t x, uint32_t y) { return b.orders[x].price < b.orders[y].price; });
    std::stable_sort(bids.begin(), bids.end(),
                     [&](uint32_t x, uint32_t y) { return b.orders[x].price > b.orders[y].price; });
    std::vector<Order> a, d;
    for (uint32_t i : asks) a.push_back(Order{b.orders[i].price, b.orders[i].quantity, i});
    for (uint32_t i : bids) d.push_back(Order{b.orders[i].price, b.orders[i].quantity, i});
    std::vector<int64_t> af(a.size()), df(d.size()), am(a.size()), dm(d.size());
    clear_uniform(a.data(), static_cast<uint32_t>(a.size()), d.data(),
                  static_cast<uint32_t>(d.size()), 1, 2, UniformPrice::kLastMatchedPair, af.data(),
                  df.data(), am.data(), dm.data());
    const BookClearing c = clear_book(b, with(MarketMechanism::kUniform));
    for (size_t p = 0; p < a.size(); ++p) {
      EXPECT_EQ(c.filled[a[p].id], af[p]);
      EXPECT_EQ(c.payment[a[p].id], am[p]);
    }
    for (size_t p = 0; p < d.size(); ++p) {
      EXPECT_EQ(c.filled[d[p].id], df[p]);
      EXPECT_EQ(c.payment[d[p].id], dm[p]);
    }
  }
}

// On random books, for every mechanism and variant: fills within [0, quantity], both sides
// fill the traded energy, grid flows are what is left, the money balances and every order
// trades within its own limit (buyers of the reverse auction pay the procurement price, not
// their bid).
TEST(BookClearing, InvariantsOnRandomBooks) {
  std::vector<ClearOptions> variants;
  for (uint32_t m = 0; m < kMarketMechanismCount; ++m) {
    variants.push_back(with(static_cast<MarketMechanism>(m)));
  }
  ClearOptions v = with(MarketMechanism::kUniform);
  v.uniform_rule = UniformPrice::kWalrasianInterval;
  v.k = 0.3;
  variants.push_back(v);
  v = with(MarketMechanism::kPayAsBid);
  v.pay_as_bid = PayAsBid::kMidpoint;
  variants.push_back(v);
  v.pay_as_bid = PayAsBid::kBidRate;
  variants.push_back(v);
  v = with(MarketMechanism::kContinuous);
  v.continuous_price = ContinuousPrice::kMidpoint;
  variants.push_back(v);
  v = with(MarketMechanism::kReverseAuction);
  v.reverse_payment = ReversePayment::kVcg;
  variants.push_back(v);
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 400; ++trial) {
    OrderBook b;
    b.has_arrival = true;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) {
      BookOrder o;
      o.seller = rng() % 2 == 0;
      o.price = static_cast<int64_t>(rng() % 500000);
      o.quantity = 1 + static_cast<int64_t>(rng() % 5000000);
      o.arrival = static_cast<double>(rng() % 4);
      b.orders.push_back(o);
    }
    for (const ClearOptions& o : variants) {
      const BookClearing c = clear_book(b, o);
      int64_t sold = 0, bought = 0, supply = 0, demand = 0, received = 0, paid = 0;
      for (size_t i = 0; i < b.orders.size(); ++i) {
        const BookOrder& x = b.orders[i];
        ASSERT_GE(c.filled[i], 0);
        ASSERT_LE(c.filled[i], x.quantity);
        (x.seller ? sold : bought) += c.filled[i];
        (x.seller ? supply : demand) += x.quantity;
        (x.seller ? received : paid) += c.payment[i];
        if (uses_order_book(o.mechanism) &&
            (x.seller || o.mechanism != MarketMechanism::kReverseAuction)) {
          if (x.seller) EXPECT_GE(c.payment[i], x.price * c.filled[i]);
          if (!x.seller) EXPECT_LE(c.payment[i], x.price * c.filled[i]);
        }
      }
      EXPECT_EQ(sold, c.traded);
      EXPECT_EQ(bought, c.traded);
      EXPECT_EQ(c.grid_import, demand - c.traded);
      EXPECT_EQ(c.grid_export, supply - c.traded);
      if (settles_grid(o.mechanism)) {
        EXPECT_EQ(paid + c.fit * c.grid_export,
                  received + c.retail * c.grid_import + c.operator_surplus);
      } else {
        EXPECT_EQ(paid, received + c.operator_surplus);
      }
      EXPECT_GE(c.operator_surplus, 0);
    }
  }
}

}  // namespace
}  // namespace evomarket
