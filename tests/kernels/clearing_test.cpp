// Clearing of one order book: worked examples (docs/clearing.md) and properties on random books.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/clearing.h"

namespace evomarket {
namespace {

struct Book {
  std::vector<Order> asks, bids;
  std::vector<int64_t> ask_fill, bid_fill, ask_money, bid_money;

  Book(std::vector<Order> a, std::vector<Order> b) : asks(std::move(a)), bids(std::move(b)) {
    std::sort(asks.begin(), asks.end(), [](const Order& x, const Order& y) {
      return x.price != y.price ? x.price < y.price : x.id < y.id;
    });
    std::sort(bids.begin(), bids.end(), [](const Order& x, const Order& y) {
      return x.price != y.price ? x.price > y.price : x.id < y.id;
    });
    ask_fill.resize(asks.size());
    ask_money.resize(asks.size());
    bid_fill.resize(bids.size());
    bid_money.resize(bids.size());
  }
  ClearingResult uniform(int64_t k_num, int64_t k_den, UniformPrice rule) {
    return clear_uniform(asks.data(), uint32_t(asks.size()), bids.data(), uint32_t(bids.size()),
                         k_num, k_den, rule, ask_fill.data(), bid_fill.data(), ask_money.data(),
                         bid_money.data());
  }
  ClearingResult pay_as_bid(PayAsBid rule) {
    return clear_pay_as_bid(asks.data(), uint32_t(asks.size()), bids.data(), uint32_t(bids.size()),
                            rule, ask_fill.data(), bid_fill.data(), ask_money.data(),
                            bid_money.data());
  }
};

// The worked example of docs/clearing.md.
Book example() {
  return Book({{10, 5, 1}, {20, 5, 2}, {30, 5, 3}}, {{35, 4, 4}, {25, 4, 5}, {15, 4, 6}});
}

TEST(Clearing, WorkedExampleUniformPriceConventionsDiffer) {
  Book b = example();
  // 4 @ (10, 35), 1 @ (10, 25), 3 @ (20, 25); then bid 15 < ask 20 stops the walk.
  const ClearingResult last = b.uniform(1, 2, UniformPrice::kLastMatchedPair);
  EXPECT_EQ(last.volume, 8);
  EXPECT_EQ(last.last_ask, 20);
  EXPECT_EQ(last.last_bid, 25);
  EXPECT_EQ(last.price, 22);  // 20 + (25 - 20) / 2, floor
  EXPECT_EQ(b.ask_fill, (std::vector<int64_t>{5, 3, 0}));
  EXPECT_EQ(b.bid_fill, (std::vector<int64_t>{4, 4, 0}));
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{110, 66, 0}));
  // Ask 20 has quantity left, so the interval where supply meets demand is [20, 20].
  const ClearingResult walras = b.uniform(1, 2, UniformPrice::kWalrasianInterval);
  EXPECT_EQ(walras.lo, 20);
  EXPECT_EQ(walras.hi, 20);
  EXPECT_EQ(walras.price, 20);
  EXPECT_EQ(b.uniform(0, 1, UniformPrice::kLastMatchedPair).price, 20);
  EXPECT_EQ(b.uniform(1, 1, UniformPrice::kLastMatchedPair).price, 25);
}

TEST(Clearing, WalrasianIntervalBetweenTheFirstExcludedOrders) {
  // 5 trade @ (10, 20); excluded: bid 12 and ask 14, so the interval is [12, 14].
  Book b({{10, 5, 1}, {14, 5, 2}}, {{20, 5, 3}, {12, 5, 4}});
  const ClearingResult w = b.uniform(1, 2, UniformPrice::kWalrasianInterval);
  EXPECT_EQ(w.volume, 5);
  EXPECT_EQ(w.lo, 12);
  EXPECT_EQ(w.hi, 14);
  EXPECT_EQ(w.price, 13);
  EXPECT_EQ(b.uniform(1, 2, UniformPrice::kLastMatchedPair).price, 15);
}

TEST(Clearing, NoTradeWhenEveryBidIsBelowEveryAsk) {
  Book b({{30, 5, 1}}, {{20, 5, 2}});
  const ClearingResult r = b.uniform(1, 2, UniformPrice::kLastMatchedPair);
  EXPECT_EQ(r.volume, 0);
  EXPECT_EQ(r.price, -1);
  EXPECT_EQ(b.ask_fill[0], 0);
  Book empty({}, {{20, 5, 2}});
  EXPECT_EQ(empty.uniform(1, 2, UniformPrice::kWalrasianInterval).volume, 0);
}

TEST(Clearing, WorkedExamplePayAsBid) {
  Book b = example();
  const ClearingResult own = b.pay_as_bid(PayAsBid::kOwnPrice);
  EXPECT_EQ(own.volume, 8);
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{50, 60, 0}));    // 5 x 10, 3 x 20
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{140, 100, 0}));  // 4 x 35, 4 x 25
  b.pay_as_bid(PayAsBid::kMidpoint);
  // pairs: 4 @ 22 (10, 35), 1 @ 17 (10, 25), 3 @ 22 (20, 25)
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{105, 66, 0}));
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{88, 83, 0}));
  b.pay_as_bid(PayAsBid::kBidRate);
  // Grid Singularity: 4 @ 35, 1 @ 25, 3 @ 25, both sides at the bid.
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{165, 75, 0}));
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{140, 100, 0}));
}

TEST(Clearing, PropertiesOnRandomBooks) {
  std::mt19937_64 rng(2026);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<Order> asks, bids;
    const int n_asks = int(rng() % 12), n_bids = int(rng() % 12);
    uint32_t id = 0;
    for (int i = 0; i < n_asks; ++i)
      asks.push_back({int64_t(rng() % 50), int64_t(1 + rng() % 20), id++});
    for (int i = 0; i < n_bids; ++i)
      bids.push_back({int64_t(rng() % 50), int64_t(1 + rng() % 20), id++});
    Book b(asks, bids);
    const int64_t k_num = int64_t(rng() % 5), k_den = 4;
    for (UniformPrice rule : {UniformPrice::kLastMatchedPair, UniformPrice::kWalrasianInterval}) {
      const ClearingResult r = b.uniform(k_num, k_den, rule);
      const int64_t sold = std::accumulate(b.ask_fill.begin(), b.ask_fill.end(), int64_t{0});
      const int64_t bought = std::accumulate(b.bid_fill.begin(), b.bid_fill.end(), int64_t{0});
      ASSERT_EQ(sold, r.volume);  // energy balance
      ASSERT_EQ(bought, r.volume);
      if (r.volume == 0) continue;
      ASSERT_LE(r.last_ask, r.price);  // between the marginal ask and bid
      ASSERT_LE(r.price, r.last_bid);
      ASSERT_LE(r.lo, r.hi);
      for (size_t i = 0; i < b.asks.size(); ++i) {
        ASSERT_LE(b.ask_fill[i], b.asks[i].quantity);
        if (b.ask_fill[i] > 0) ASSERT_LE(b.asks[i].price, r.price);  // individually rational
      }
      for (size_t j = 0; j < b.bids.size(); ++j) {
        if (b.bid_fill[j] > 0) ASSERT_GE(b.bids[j].price, r.price);
      }
      // Strong budget balance: what buyers pay is what sellers receive.
      ASSERT_EQ(std::accumulate(b.bid_money.begin(), b.bid_money.end(), int64_t{0}),
                std::accumulate(b.ask_money.begin(), b.ask_money.end(), int64_t{0}));
      // Efficiency: no ask left over is cheaper than a bid left wanting.
      int64_t cheapest_left = INT64_MAX, dearest_left = -1;
      for (size_t i = 0; i < b.asks.size(); ++i) {
        if (b.ask_fill[i] < b.asks[i].quantity)
          cheapest_left = std::min(cheapest_left, b.asks[i].price);
      }
      for (size_t j = 0; j < b.bids.size(); ++j) {
        if (b.bid_fill[j] < b.bids[j].quantity)
          dearest_left = std::max(dearest_left, b.bids[j].price);
      }
      ASSERT_LT(dearest_left, cheapest_left);
    }
    b.pay_as_bid(PayAsBid::kOwnPrice);  // weak budget balance: the operator keeps the spread
    ASSERT_GE(std::accumulate(b.bid_money.begin(), b.bid_money.end(), int64_t{0}),
              std::accumulate(b.ask_money.begin(), b.ask_money.end(), int64_t{0}));
    // Bid rate: buyers pay their bids, sellers receive them (at least their asks), no spread.
    b.pay_as_bid(PayAsBid::kBidRate);
    ASSERT_EQ(std::accumulate(b.bid_money.begin(), b.bid_money.end(), int64_t{0}),
              std::accumulate(b.ask_money.begin(), b.ask_money.end(), int64_t{0}));
    for (size_t i = 0; i < b.asks.size(); ++i) {
      ASSERT_GE(b.ask_money[i], b.asks[i].price * b.ask_fill[i]);
    }
    for (size_t j = 0; j < b.bids.size(); ++j) {
      ASSERT_EQ(b.bid_money[j], b.bids[j].price * b.bid_fill[j]);
    }
  }
}

}  // namespace
}  // namespace evomarket
