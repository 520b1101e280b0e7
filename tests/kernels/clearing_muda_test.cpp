// MUDA (Segal-Halevi, Hassidim and Aumann 2016): the worked example of docs/clearing.md with
// given halves, properties on random books, truthful price reports by brute force, and the
// Philox halves.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/clearing_muda.h"

namespace evomarket {
namespace {

using V = std::vector<int64_t>;

bool ask_before(const Order& x, const Order& y) {
  return x.price != y.price ? x.price < y.price : x.id < y.id;
}
bool bid_before(const Order& x, const Order& y) {
  return x.price != y.price ? x.price > y.price : x.id < y.id;
}

struct MudaBook {
  std::vector<Order> asks, bids;
  std::vector<uint32_t> half;  // by order id
  V ask_fill, bid_fill, ask_money, bid_money;
  MudaBook(std::vector<Order> a, std::vector<Order> b, std::vector<uint32_t> h)
      : asks(std::move(a)), bids(std::move(b)), half(std::move(h)) {
    std::sort(asks.begin(), asks.end(), ask_before);
    std::sort(bids.begin(), bids.end(), bid_before);
    ask_fill.resize(asks.size());
    ask_money.resize(asks.size());
    bid_fill.resize(bids.size());
    bid_money.resize(bids.size());
  }
  MudaResult clear(int64_t k_num = 1, int64_t k_den = 2) {
    return clear_muda(
        asks.data(), uint32_t(asks.size()), bids.data(), uint32_t(bids.size()), k_num, k_den,
        [&](uint32_t id) { return half[id]; }, ask_fill.data(), bid_fill.data(), ask_money.data(),
        bid_money.data());
  }
};

TEST(ClearingMuda, WorkedExample) {
  // Half 0: asks (10, 2, id 1), (30, 2, id 2); bids (40, 2, id 3), (20, 2, id 4). The walk
  // trades 2 (10, 40); the ask at 30 and the bid at 20 are left: [max(10, 20), min(40, 30)] =
  // [20, 30], p_0 = 25. Half 1: asks (15, 3, id 5), (22, 1, id 6); bids (35, 1, id 7),
  // (26, 5, id 8). The walk trades 4 and leaves 2 of the bid at 26: [max(22, 26), 26], p_1 = 26.
  // Half 0 trades at 26: ask 10 and bid 40, 2 mWh (52 each way). Half 1 trades at 25: S = 4,
  // D = 6, buyers rationed 1 x 4 / 6 -> 0 and 5 x 4 / 6 -> 3, the leftover to id 7: 1 and 3.
  MudaBook b({{10, 2, 1}, {30, 2, 2}, {15, 3, 5}, {22, 1, 6}},
             {{40, 2, 3}, {20, 2, 4}, {35, 1, 7}, {26, 5, 8}}, {0, 0, 0, 0, 0, 1, 1, 1, 1});
  const MudaResult r = b.clear();
  EXPECT_EQ(r.price[0], 25);
  EXPECT_EQ(r.price[1], 26);
  EXPECT_EQ(r.traded[0], 2);
  EXPECT_EQ(r.traded[1], 4);
  EXPECT_EQ(r.volume, 6);
  // Sorted asks: 10 (1), 15 (5), 22 (6), 30 (2); bids: 40 (3), 35 (7), 26 (8), 20 (4).
  EXPECT_EQ(b.ask_fill, (V{2, 3, 1, 0}));
  EXPECT_EQ(b.ask_money, (V{52, 75, 25, 0}));
  EXPECT_EQ(b.bid_fill, (V{2, 1, 3, 0}));
  EXPECT_EQ(b.bid_money, (V{52, 25, 75, 0}));
}

TEST(ClearingMuda, PropertiesOnRandomBooks) {
  std::mt19937_64 rng(12);
  int both = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::vector<Order> asks, bids;
    const int n_asks = int(rng() % 12), n_bids = int(rng() % 12);
    std::vector<uint32_t> ids(size_t(n_asks + n_bids));
    std::iota(ids.begin(), ids.end(), 0u);
    std::shuffle(ids.begin(), ids.end(), rng);
    std::vector<uint32_t> half(ids.size());
    for (auto& h : half) h = uint32_t(rng() % 2);
    size_t k = 0;
    const int64_t max_q = trial % 2 ? 1000000 : 4;
    for (int i = 0; i < n_asks; ++i)
      asks.push_back({int64_t(rng() % 30), 1 + int64_t(rng() % max_q), ids[k++]});
    for (int j = 0; j < n_bids; ++j)
      bids.push_back({int64_t(rng() % 30), 1 + int64_t(rng() % max_q), ids[k++]});
    MudaBook b(asks, bids, half);
    const int64_t k_num = int64_t(rng() % 5);
    const MudaResult r = b.clear(k_num, 4);
    int64_t sold[2] = {0, 0}, bought[2] = {0, 0}, paid = 0, received = 0;
    for (size_t i = 0; i < b.asks.size(); ++i) {
      const uint32_t h = b.half[b.asks[i].id];
      ASSERT_LE(b.ask_fill[i], b.asks[i].quantity);
      sold[h] += b.ask_fill[i];
      received += b.ask_money[i];
      if (b.ask_fill[i] == 0) continue;
      ASSERT_EQ(b.ask_money[i], b.ask_fill[i] * r.price[1 - h]);  // the other half's price
      ASSERT_LE(b.asks[i].price, r.price[1 - h]);                 // individually rational
    }
    for (size_t j = 0; j < b.bids.size(); ++j) {
      const uint32_t h = b.half[b.bids[j].id];
      ASSERT_LE(b.bid_fill[j], b.bids[j].quantity);
      bought[h] += b.bid_fill[j];
      paid += b.bid_money[j];
      if (b.bid_fill[j] == 0) continue;
      ASSERT_EQ(b.bid_money[j], b.bid_fill[j] * r.price[1 - h]);
      ASSERT_GE(b.bids[j].price, r.price[1 - h]);
    }
    for (uint32_t h = 0; h < 2; ++h) {
      ASSERT_EQ(sold[h], r.traded[h]);
      ASSERT_EQ(bought[h], r.traded[h]);
    }
    ASSERT_EQ(r.volume, r.traded[0] + r.traded[1]);
    ASSERT_EQ(paid, received);  // strong budget balance
    both += r.traded[0] > 0 && r.traded[1] > 0;
  }
  EXPECT_GT(both, 500);
}

TEST(ClearingMuda, PriceReportsAreTruthfulByBruteForce) {
  // Up to 4 + 4 traders, quantities 1 .. 3, values 0 .. 10, random halves and ids: no trader
  // gains by reporting any other price in 0 .. 12.
  std::mt19937_64 rng(13);
  for (int trial = 0; trial < 8000; ++trial) {
    const int n_s = 1 + int(rng() % 4), n_b = 1 + int(rng() % 4);
    std::vector<uint32_t> ids(size_t(n_s + n_b));
    std::iota(ids.begin(), ids.end(), 0u);
    std::shuffle(ids.begin(), ids.end(), rng);
    std::vector<uint32_t> half(ids.size());
    for (auto& h : half) h = uint32_t(rng() % 2);
    std::vector<Order> truth;
    for (int t = 0; t < n_s + n_b; ++t) {
      truth.push_back({int64_t(rng() % 11), 1 + int64_t(rng() % 3), ids[size_t(t)]});
    }
    auto utility = [&](int who, int64_t report) {
      std::vector<Order> asks, bids;
      for (int t = 0; t < n_s + n_b; ++t) {
        Order o = truth[size_t(t)];
        if (t == who) o.price = report;
        (t < n_s ? asks : bids).push_back(o);
      }
      MudaBook b(asks, bids, half);
      b.clear();
      const Order& me = truth[size_t(who)];
      for (size_t i = 0; i < b.asks.size(); ++i) {
        if (b.asks[i].id == me.id) return b.ask_money[i] - me.price * b.ask_fill[i];
      }
      for (size_t j = 0; j < b.bids.size(); ++j) {
        if (b.bids[j].id == me.id) return me.price * b.bid_fill[j] - b.bid_money[j];
      }
      return int64_t{0};
    };
    for (int who = 0; who < n_s + n_b; ++who) {
      const int64_t truthful = utility(who, truth[size_t(who)].price);
      ASSERT_GE(truthful, 0);
      for (int64_t report = 0; report <= 12; ++report) {
        ASSERT_LE(utility(who, report), truthful) << "trial " << trial << " trader " << who;
      }
    }
  }
}

TEST(ClearingMuda, PhiloxHalvesAreKeyedAndBalanced) {
  int ones = 0;
  for (uint32_t member = 0; member < 10000; ++member) {
    const uint32_t h = muda_half(5, 17, 3, member);
    ASSERT_EQ(h, muda_half(5, 17, 3, member));
    ones += int(h);
  }
  EXPECT_NEAR(ones, 5000, 200);  // 4 standard deviations
  int differ = 0;
  for (uint32_t member = 0; member < 1000; ++member) {
    differ += muda_half(5, 17, 3, member) != muda_half(5, 17, 4, member);
  }
  EXPECT_NEAR(differ, 500, 80);  // another day, other halves
}

}  // namespace
}  // namespace evomarket
