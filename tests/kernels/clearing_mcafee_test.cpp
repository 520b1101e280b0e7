// McAfee trade reduction (unit traders), McAfee's p0 rule on divisible books and the divisible
// trade reduction: worked examples (docs/clearing.md), properties on random books, and
// truthfulness by brute force.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "kernels/clearing_mcafee.h"

namespace evomarket {
namespace {

bool ask_before(const Order& x, const Order& y) {
  return x.price != y.price ? x.price < y.price : x.id < y.id;
}
bool bid_before(const Order& x, const Order& y) {
  return x.price != y.price ? x.price > y.price : x.id < y.id;
}

struct McBook {
  std::vector<Order> asks, bids;
  std::vector<int64_t> ask_fill, bid_fill, ask_money, bid_money;

  McBook(std::vector<Order> a, std::vector<Order> b) : asks(std::move(a)), bids(std::move(b)) {
    std::sort(asks.begin(), asks.end(), ask_before);
    std::sort(bids.begin(), bids.end(), bid_before);
    ask_fill.resize(asks.size());
    ask_money.resize(asks.size());
    bid_fill.resize(bids.size());
    bid_money.resize(bids.size());
  }
  McAfeeResult unit() {
    return clear_mcafee_unit(asks.data(), uint32_t(asks.size()), bids.data(), uint32_t(bids.size()),
                             ask_fill.data(), bid_fill.data(), ask_money.data(), bid_money.data());
  }
  McAfeeResult divisible() {
    return clear_trade_reduction(asks.data(), uint32_t(asks.size()), bids.data(),
                                 uint32_t(bids.size()), ask_fill.data(), bid_fill.data(),
                                 ask_money.data(), bid_money.data());
  }
  McAfeeResult mcafee() {
    return clear_mcafee(asks.data(), uint32_t(asks.size()), bids.data(), uint32_t(bids.size()),
                        ask_fill.data(), bid_fill.data(), ask_money.data(), bid_money.data());
  }
};

int64_t sum(const std::vector<int64_t>& v) {
  return std::accumulate(v.begin(), v.end(), int64_t{0});
}

// Unit orders (quantity 1) with the given prices; ids 1, 2, ... over asks then bids.
McBook unit_book(const std::vector<int64_t>& ask_prices, const std::vector<int64_t>& bid_prices) {
  std::vector<Order> asks, bids;
  uint32_t id = 1;
  for (int64_t p : ask_prices) asks.push_back({p, 1, id++});
  for (int64_t p : bid_prices) bids.push_back({p, 1, id++});
  return McBook(asks, bids);
}

TEST(ClearingMcAfee, UnitAllEfficientPairsTradeAtTheFirstExcludedMidpoint) {
  // s = 10, 20, 30, 40; b = 50, 45, 25, 22: K = 2 (25 < 30), p0 = floor((25 + 30) / 2) = 27,
  // and 20 <= 27 <= 45, so both efficient pairs trade at 27.
  McBook b = unit_book({30, 10, 40, 20}, {22, 50, 25, 45});
  const McAfeeResult r = b.unit();
  EXPECT_EQ(r.efficient_volume, 2);
  EXPECT_EQ(r.candidate_price, 27);
  EXPECT_FALSE(r.reduced);
  EXPECT_EQ(r.volume, 2);
  EXPECT_EQ(r.buy_price, 27);
  EXPECT_EQ(r.sell_price, 27);
  EXPECT_EQ(r.operator_surplus, 0);
  EXPECT_EQ(r.last_ask, 20);
  EXPECT_EQ(r.last_bid, 45);
  EXPECT_EQ(b.ask_fill, (std::vector<int64_t>{1, 1, 0, 0}));
  EXPECT_EQ(b.bid_fill, (std::vector<int64_t>{1, 1, 0, 0}));
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{27, 27, 0, 0}));
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{27, 27, 0, 0}));
}

TEST(ClearingMcAfee, UnitTradeReductionDropsTheLastEfficientPair) {
  // s = 10, 20, 30; b = 50, 35, 5: K = 2, p0 = floor((5 + 30) / 2) = 17 < s_K = 20, so only
  // the first pair trades: the buyer at 50 pays b_K = 35, the seller at 10 receives s_K = 20.
  McBook b = unit_book({10, 20, 30}, {50, 35, 5});
  const McAfeeResult r = b.unit();
  EXPECT_EQ(r.efficient_volume, 2);
  EXPECT_EQ(r.candidate_price, 17);
  EXPECT_TRUE(r.reduced);
  EXPECT_EQ(r.volume, 1);
  EXPECT_EQ(r.buy_price, 35);
  EXPECT_EQ(r.sell_price, 20);
  EXPECT_EQ(r.operator_surplus, 15);  // (K - 1)(b_K - s_K)
  EXPECT_EQ(b.ask_fill, (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(b.bid_fill, (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{20, 0, 0}));
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{35, 0, 0}));
}

TEST(ClearingMcAfee, UnitWithoutAnExcludedPairReduces) {
  // s = 10, 20; b = 40, 30, 5: K = 2 uses up the asks, so there is no p0.
  McBook b = unit_book({10, 20}, {40, 30, 5});
  const McAfeeResult r = b.unit();
  EXPECT_EQ(r.efficient_volume, 2);
  EXPECT_EQ(r.candidate_price, -1);
  EXPECT_TRUE(r.reduced);
  EXPECT_EQ(r.volume, 1);
  EXPECT_EQ(r.buy_price, 30);
  EXPECT_EQ(r.sell_price, 20);
  EXPECT_EQ(r.operator_surplus, 10);
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{30, 0, 0}));
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{20, 0}));
}

TEST(ClearingMcAfee, UnitFlooredMidpointDecidesTheBranch) {
  // s = 10, 25; b = 20, 16: K = 1, (16 + 25) / 2 = 20.5 > b_K = 20, but the floored p0 = 20 is
  // in [10, 20], so the pair trades at 20.
  McBook b = unit_book({10, 25}, {20, 16});
  const McAfeeResult r = b.unit();
  EXPECT_EQ(r.candidate_price, 20);
  EXPECT_FALSE(r.reduced);
  EXPECT_EQ(r.volume, 1);
  EXPECT_EQ(r.buy_price, 20);
  EXPECT_EQ(r.sell_price, 20);
  // With b_2 = 14, p0 = 19 and the pair trades at 19.
  EXPECT_EQ(unit_book({10, 25}, {20, 14}).unit().buy_price, 19);
}

TEST(ClearingMcAfee, UnitNoTrade) {
  McBook crossing_none = unit_book({30}, {20});
  McAfeeResult r = crossing_none.unit();
  EXPECT_EQ(r.efficient_volume, 0);
  EXPECT_EQ(r.volume, 0);
  EXPECT_EQ(r.buy_price, -1);
  EXPECT_EQ(r.last_ask, -1);
  EXPECT_FALSE(r.reduced);
  // One efficient pair and no excluded pair: the only pair is dropped.
  McBook single = unit_book({10}, {20});
  r = single.unit();
  EXPECT_EQ(r.efficient_volume, 1);
  EXPECT_TRUE(r.reduced);
  EXPECT_EQ(r.volume, 0);
  EXPECT_EQ(r.buy_price, -1);
  EXPECT_EQ(r.last_bid, 20);
  EXPECT_EQ(single.bid_fill[0], 0);
  McBook empty = unit_book({}, {20});
  EXPECT_EQ(empty.unit().volume, 0);
  EXPECT_EQ(empty.divisible().volume, 0);
}

TEST(ClearingMcAfee, UnitIgnoresQuantities) {
  McBook b({{10, 7, 1}, {20, 3, 2}, {30, 9, 3}}, {{50, 2, 4}, {45, 8, 5}, {25, 1, 6}});
  const McAfeeResult r = b.unit();  // the prices of the first example: 2 pairs at 27
  EXPECT_EQ(r.volume, 2);
  EXPECT_EQ(r.buy_price, 27);
  EXPECT_EQ(b.ask_fill, (std::vector<int64_t>{1, 1, 0}));
}

TEST(ClearingMcAfee, DivisibleWorkedExampleSellersRationed) {
  // Asks (price, quantity, id): (10, 6, 2), (15, 4, 1), (20, 5, 3), (40, 5, 4); bids (50, 3, 5),
  // (45, 4, 6), (30, 5, 7), (18, 6, 8). The walk trades 12 and ends at ask 20 / bid 30 (the
  // marginal orders). Buyers 50, 45 want D = 7, sellers 10, 15 offer S = 10: the buyers trade
  // all 7; sellers get 6 x 7 / 10 = 4.2 -> 4 and 4 x 7 / 10 = 2.8 -> 2, and the leftover unit goes
  // to the smallest id with a remainder (id 1, the seller at 15): 4 and 3.
  McBook b({{10, 6, 2}, {15, 4, 1}, {20, 5, 3}, {40, 5, 4}},
           {{50, 3, 5}, {45, 4, 6}, {30, 5, 7}, {18, 6, 8}});
  const McAfeeResult r = b.divisible();
  EXPECT_EQ(r.efficient_volume, 12);
  EXPECT_EQ(r.last_ask, 20);
  EXPECT_EQ(r.last_bid, 30);
  EXPECT_TRUE(r.reduced);
  EXPECT_EQ(r.volume, 7);
  EXPECT_EQ(r.buy_price, 30);
  EXPECT_EQ(r.sell_price, 20);
  EXPECT_EQ(r.operator_surplus, 70);  // (30 - 20) x 7
  EXPECT_EQ(b.ask_fill, (std::vector<int64_t>{4, 3, 0, 0}));
  EXPECT_EQ(b.bid_fill, (std::vector<int64_t>{3, 4, 0, 0}));
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{80, 60, 0, 0}));
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{90, 120, 0, 0}));
}

TEST(ClearingMcAfee, DivisibleWorkedExampleBuyersRationed) {
  // Asks (10, 3, 1), (12, 2, 2), (30, 5, 3); bids (40, 4, 9), (35, 4, 5), (32, 3, 6), (20, 5, 7).
  // The walk trades 10 and ends at ask 30 / bid 32 (the asks run out). S = 5 < D = 8: the sellers
  // trade all; each buyer's share is 4 x 5 / 8 = 2.5 -> 2, the leftover unit goes to id 5 (the
  // bid at 35) before id 9 (the bid at 40).
  McBook b({{10, 3, 1}, {12, 2, 2}, {30, 5, 3}}, {{40, 4, 9}, {35, 4, 5}, {32, 3, 6}, {20, 5, 7}});
  const McAfeeResult r = b.divisible();
  EXPECT_EQ(r.efficient_volume, 10);
  EXPECT_EQ(r.volume, 5);
  EXPECT_EQ(r.buy_price, 32);
  EXPECT_EQ(r.sell_price, 30);
  EXPECT_EQ(r.operator_surplus, 10);
  EXPECT_EQ(b.ask_fill, (std::vector<int64_t>{3, 2, 0}));
  EXPECT_EQ(b.bid_fill, (std::vector<int64_t>{2, 3, 0, 0}));
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{90, 60, 0}));
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{64, 96, 0, 0}));
}

TEST(ClearingMcAfee, DivisibleRationingLeftoverByIdThreshold) {
  // Sellers 1 .. 5 (ids 50, 10, 40, 20, 30) with 1 mWh each and one buyer for 3 mWh before the
  // marginal bid: shares 3 / 5 -> 0 each, 3 leftover units to ids 10, 20, 30.
  McBook b({{1, 1, 50}, {2, 1, 10}, {3, 1, 40}, {4, 1, 20}, {5, 1, 30}, {6, 1, 60}},
           {{100, 3, 1}, {90, 10, 2}});
  const McAfeeResult r = b.divisible();
  EXPECT_EQ(r.efficient_volume, 6);  // the asks run out inside the bid at 90
  EXPECT_EQ(r.last_ask, 6);
  EXPECT_EQ(r.last_bid, 90);
  EXPECT_EQ(r.volume, 3);
  EXPECT_EQ(b.ask_fill, (std::vector<int64_t>{0, 1, 0, 1, 1, 0}));
  EXPECT_EQ(b.bid_fill, (std::vector<int64_t>{3, 0}));
}

TEST(ClearingMcAfee, DivisibleOnUnitQuantitiesIsTheReductionBranch) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<int64_t> ap(rng() % 8), bp(rng() % 8);
    for (auto& p : ap) p = int64_t(rng() % 30);
    for (auto& p : bp) p = int64_t(rng() % 30);
    McBook b = unit_book(ap, bp);
    const McAfeeResult u = b.unit();
    const std::vector<int64_t> ask_fill = b.ask_fill, bid_fill = b.bid_fill;
    const McAfeeResult d = b.divisible();
    ASSERT_EQ(d.efficient_volume, u.efficient_volume);
    if (!u.reduced) continue;
    ASSERT_EQ(d.volume, u.volume);
    ASSERT_EQ(d.buy_price, u.buy_price);
    ASSERT_EQ(d.sell_price, u.sell_price);
    ASSERT_EQ(b.ask_fill, ask_fill);
    ASSERT_EQ(b.bid_fill, bid_fill);
  }
}

// Energy balance, weak budget balance, individual rationality and the rationing bounds.
void check_properties(const McBook& b, const McAfeeResult& r, bool unit) {
  ASSERT_EQ(sum(b.ask_fill), r.volume);
  ASSERT_EQ(sum(b.bid_fill), r.volume);
  ASSERT_LE(r.volume, r.efficient_volume);
  ASSERT_EQ(sum(b.bid_money) - sum(b.ask_money), r.operator_surplus);
  ASSERT_GE(r.operator_surplus, 0);  // weak budget balance
  if (r.volume == 0) {
    ASSERT_EQ(sum(b.bid_money) + sum(b.ask_money), 0);
    return;
  }
  ASSERT_LE(r.sell_price, r.buy_price);
  if (!r.reduced) ASSERT_EQ(r.operator_surplus, 0);  // McAfee's p0 branch: strong balance
  for (size_t i = 0; i < b.asks.size(); ++i) {
    ASSERT_LE(b.ask_fill[i], unit ? 1 : b.asks[i].quantity);
    ASSERT_EQ(b.ask_money[i], b.ask_fill[i] * r.sell_price);
    if (b.ask_fill[i] > 0) ASSERT_LE(b.asks[i].price, r.sell_price);  // individually rational
  }
  for (size_t j = 0; j < b.bids.size(); ++j) {
    ASSERT_LE(b.bid_fill[j], unit ? 1 : b.bids[j].quantity);
    ASSERT_EQ(b.bid_money[j], b.bid_fill[j] * r.buy_price);
    if (b.bid_fill[j] > 0) ASSERT_GE(b.bids[j].price, r.buy_price);
  }
  if (unit) return;
  // Only the orders before the marginal (last matched) ones trade; the short side in full, the
  // long side within one unit of its pro-rata share.
  uint32_t last_i = 0, last_j = 0;
  walk_book(b.asks.data(), uint32_t(b.asks.size()), b.bids.data(), uint32_t(b.bids.size()),
            [&](uint32_t i, uint32_t j, int64_t) {
              last_i = i;
              last_j = j;
            });
  int64_t supply = 0, demand = 0;
  for (uint32_t i = 0; i < b.asks.size(); ++i) {
    if (i >= last_i) ASSERT_EQ(b.ask_fill[i], 0);
    if (i < last_i) supply += b.asks[i].quantity;
  }
  for (uint32_t j = 0; j < b.bids.size(); ++j) {
    if (j >= last_j) ASSERT_EQ(b.bid_fill[j], 0);
    if (j < last_j) demand += b.bids[j].quantity;
  }
  ASSERT_EQ(r.volume, std::min(supply, demand));
  auto check_side = [&](const std::vector<Order>& o, const std::vector<int64_t>& fill, uint32_t n,
                        int64_t total) {
    for (uint32_t i = 0; i < n; ++i) {
      if (total == r.volume) {
        ASSERT_EQ(fill[i], o[i].quantity);  // the short side trades all of its quantity
        continue;
      }
      const __int128 exact = __int128(o[i].quantity) * r.volume;  // the pro-rata share x total
      const __int128 got = __int128(fill[i]) * total;
      ASSERT_GT(got, exact - total);
      ASSERT_LT(got, exact + total);
    }
  };
  check_side(b.asks, b.ask_fill, last_i, supply);
  check_side(b.bids, b.bid_fill, last_j, demand);
}

TEST(ClearingMcAfee, PropertiesOnRandomBooks) {
  std::mt19937_64 rng(2026);
  int reduced = 0, midpoint = 0, rationed = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::vector<Order> asks, bids;
    const int n_asks = int(rng() % 14), n_bids = int(rng() % 14);
    std::vector<uint32_t> ids(size_t(n_asks + n_bids));
    std::iota(ids.begin(), ids.end(), 1u);
    std::shuffle(ids.begin(), ids.end(), rng);
    size_t k = 0;
    const int64_t max_q = trial % 2 ? 1000000 : 20;
    for (int i = 0; i < n_asks; ++i)
      asks.push_back({int64_t(rng() % 50), int64_t(1 + rng() % max_q), ids[k++]});
    for (int i = 0; i < n_bids; ++i)
      bids.push_back({int64_t(rng() % 50), int64_t(1 + rng() % max_q), ids[k++]});
    McBook b(asks, bids);
    const McAfeeResult u = b.unit();
    check_properties(b, u, true);
    if (u.volume > 0) (u.reduced ? reduced : midpoint)++;
    const McAfeeResult d = b.divisible();
    check_properties(b, d, false);
    if (d.volume > 0) {
      bool rationed_side = false;
      for (size_t i = 0; i < b.asks.size(); ++i) {
        if (b.ask_fill[i] > 0 && b.ask_fill[i] < b.asks[i].quantity) rationed_side = true;
      }
      for (size_t j = 0; j < b.bids.size(); ++j) {
        if (b.bid_fill[j] > 0 && b.bid_fill[j] < b.bids[j].quantity) rationed_side = true;
      }
      rationed += rationed_side;
    }
  }
  // Both branches and the rationing are exercised.
  EXPECT_GT(reduced, 100);
  EXPECT_GT(midpoint, 100);
  EXPECT_GT(rationed, 100);
}

// --- truthfulness by brute force ----------------------------------------------------------

// Small books for the brute force: true values, reports and ids per side; utility of one trader
// (side 0: seller index, side 1: buyer index) under `reports`.
struct Profile {
  int n_s = 0, n_b = 0;
  int64_t value[2][4] = {};
  int64_t quantity[2][4] = {{1, 1, 1, 1}, {1, 1, 1, 1}};
  uint32_t id[2][4] = {};
};

// Up to 4 unit sellers and 4 unit buyers with values 0 .. 10 and shuffled ids (the tie-break).
Profile random_unit_profile(std::mt19937_64& rng) {
  Profile p;
  p.n_s = 1 + int(rng() % 4);
  p.n_b = 1 + int(rng() % 4);
  uint32_t ids[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  std::shuffle(ids, ids + 8, rng);
  for (int i = 0; i < 4; ++i) {
    p.value[0][i] = int64_t(rng() % 11);
    p.value[1][i] = int64_t(rng() % 11);
    p.id[0][i] = ids[i];
    p.id[1][i] = ids[4 + i];
  }
  return p;
}

enum class Rule { kUnit, kTradeReduction, kMcAfee };

int64_t utility(const Profile& p, const int64_t (&report)[2][4], int side, int who, Rule rule) {
  Order asks[4], bids[4];
  for (int i = 0; i < p.n_s; ++i) asks[i] = {report[0][i], p.quantity[0][i], p.id[0][i]};
  for (int j = 0; j < p.n_b; ++j) bids[j] = {report[1][j], p.quantity[1][j], p.id[1][j]};
  std::sort(asks, asks + p.n_s, ask_before);
  std::sort(bids, bids + p.n_b, bid_before);
  int64_t ask_fill[4], bid_fill[4], ask_money[4], bid_money[4];
  if (rule == Rule::kTradeReduction) {
    clear_trade_reduction(asks, uint32_t(p.n_s), bids, uint32_t(p.n_b), ask_fill, bid_fill,
                          ask_money, bid_money);
  } else if (rule == Rule::kMcAfee) {
    clear_mcafee(asks, uint32_t(p.n_s), bids, uint32_t(p.n_b), ask_fill, bid_fill, ask_money,
                 bid_money);
  } else {
    clear_mcafee_unit(asks, uint32_t(p.n_s), bids, uint32_t(p.n_b), ask_fill, bid_fill, ask_money,
                      bid_money);
  }
  const uint32_t target = p.id[side][who];
  const int64_t v = p.value[side][who];
  if (side == 0) {
    for (int i = 0; i < p.n_s; ++i) {
      if (asks[i].id == target) return ask_money[i] - ask_fill[i] * v;
    }
  } else {
    for (int j = 0; j < p.n_b; ++j) {
      if (bids[j].id == target) return bid_fill[j] * v - bid_money[j];
    }
  }
  ADD_FAILURE() << "trader not found";
  return 0;
}

// Every unilateral price deviation in 0 .. 10 of every trader; returns the number of profitable
// deviations found (and reports the first).
int64_t profitable_deviations(const Profile& p, Rule rule, bool report_first = true) {
  int64_t report[2][4];
  for (int s = 0; s < 2; ++s) std::copy(p.value[s], p.value[s] + 4, report[s]);
  int64_t found = 0;
  for (int side = 0; side < 2; ++side) {
    const int n = side == 0 ? p.n_s : p.n_b;
    for (int who = 0; who < n; ++who) {
      const int64_t truthful = utility(p, report, side, who, rule);
      for (int64_t lie = 0; lie <= 10; ++lie) {
        if (lie == p.value[side][who]) continue;
        report[side][who] = lie;
        const int64_t u = utility(p, report, side, who, rule);
        report[side][who] = p.value[side][who];
        if (u > truthful && found++ == 0 && report_first) {
          ADD_FAILURE() << (side == 0 ? "seller " : "buyer ") << who << " value "
                        << p.value[side][who] << " gains " << u - truthful << " reporting " << lie
                        << " (sellers " << p.n_s << ", buyers " << p.n_b << ")";
        }
      }
    }
  }
  return found;
}

// Enumerates every assignment of values in [0, max_value] to n_s sellers and n_b buyers.
int64_t enumerate_unit_books(int n_s, int n_b, int64_t max_value) {
  Profile p;
  p.n_s = n_s;
  p.n_b = n_b;
  for (int i = 0; i < 4; ++i) {
    p.id[0][i] = uint32_t(1 + i);
    p.id[1][i] = uint32_t(5 + i);
  }
  const int n = n_s + n_b;
  int64_t digits[8] = {};
  int64_t found = 0;
  while (true) {
    for (int t = 0; t < n; ++t) p.value[t < n_s ? 0 : 1][t < n_s ? t : t - n_s] = digits[t];
    found += profitable_deviations(p, Rule::kUnit);
    if (found > 0) return found;
    int t = 0;
    while (t < n && ++digits[t] > max_value) digits[t++] = 0;
    if (t == n) return found;
  }
}

TEST(ClearingMcAfee, UnitTruthfulByBruteForceOnAllSmallBooks) {
  // Every book with up to 5 unit traders (1 to 4 on a side) and values 0 .. 10, and every book
  // with 4 sellers and 4 buyers and values 0 .. 3 (many ties), deviations 0 .. 10.
  for (int n_s = 1; n_s <= 4; ++n_s) {
    for (int n_b = 1; n_b <= 4 && n_s + n_b <= 5; ++n_b) {
      ASSERT_EQ(enumerate_unit_books(n_s, n_b, 10), 0) << n_s << " x " << n_b;
    }
  }
  ASSERT_EQ(enumerate_unit_books(4, 4, 3), 0);
}

TEST(ClearingMcAfee, UnitTruthfulByBruteForceOnRandomBooks) {
  // Up to 4 sellers and 4 buyers with values 0 .. 10 and shuffled ids (the tie-break).
  std::mt19937_64 rng(92);
  for (int trial = 0; trial < 30000; ++trial) {
    Profile p = random_unit_profile(rng);
    ASSERT_EQ(profitable_deviations(p, Rule::kUnit), 0);
  }
}

TEST(ClearingMcAfee, DivisiblePriceTruthfulByBruteForceOnRandomBooks) {
  // Multi-unit traders (quantities 1 .. 4) cannot gain by misreporting their price: a trading
  // order pays b_K / receives s_L set by the marginal orders, and its share depends only on the
  // quantities of the trading orders and the ids. (Quantity reports are not covered.)
  std::mt19937_64 rng(93);
  for (int trial = 0; trial < 30000; ++trial) {
    Profile p;
    p.n_s = 1 + int(rng() % 4);
    p.n_b = 1 + int(rng() % 4);
    uint32_t ids[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    std::shuffle(ids, ids + 8, rng);
    for (int i = 0; i < 4; ++i) {
      p.value[0][i] = int64_t(rng() % 11);
      p.value[1][i] = int64_t(rng() % 11);
      p.quantity[0][i] = int64_t(1 + rng() % 4);
      p.quantity[1][i] = int64_t(1 + rng() % 4);
      p.id[0][i] = ids[i];
      p.id[1][i] = ids[4 + i];
    }
    ASSERT_EQ(profitable_deviations(p, Rule::kTradeReduction), 0);
  }
}

// --- McAfee's p0 rule on divisible books (clear_mcafee) -----------------------------------------

TEST(ClearingMcAfee, DivisibleP0IsTheUnitRuleOnUnitBooks) {
  // Unit quantities, prices with many ties, shuffled ids: every field, fill and payment agrees.
  std::mt19937_64 rng(11);
  int p0_branch = 0, reduced = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<Order> asks, bids;
    const int n_asks = int(rng() % 8), n_bids = int(rng() % 8);
    std::vector<uint32_t> ids(size_t(n_asks + n_bids));
    std::iota(ids.begin(), ids.end(), 1u);
    std::shuffle(ids.begin(), ids.end(), rng);
    size_t k = 0;
    for (int i = 0; i < n_asks; ++i) asks.push_back({int64_t(rng() % 21), 1, ids[k++]});
    for (int j = 0; j < n_bids; ++j) bids.push_back({int64_t(rng() % 21), 1, ids[k++]});
    McBook b(asks, bids);
    const McAfeeResult u = b.unit();
    const auto fills = std::make_pair(b.ask_fill, b.bid_fill);
    const auto money = std::make_pair(b.ask_money, b.bid_money);
    const McAfeeResult d = b.mcafee();
    ASSERT_EQ(d.volume, u.volume);
    ASSERT_EQ(d.efficient_volume, u.efficient_volume);
    ASSERT_EQ(d.buy_price, u.buy_price);
    ASSERT_EQ(d.sell_price, u.sell_price);
    ASSERT_EQ(d.operator_surplus, u.operator_surplus);
    ASSERT_EQ(d.last_ask, u.last_ask);
    ASSERT_EQ(d.last_bid, u.last_bid);
    ASSERT_EQ(d.candidate_price, u.candidate_price);
    ASSERT_EQ(d.reduced, u.reduced);
    ASSERT_EQ(std::make_pair(b.ask_fill, b.bid_fill), fills);
    ASSERT_EQ(std::make_pair(b.ask_money, b.bid_money), money);
    (u.reduced ? reduced : p0_branch) += u.volume > 0;
  }
  EXPECT_GT(p0_branch, 1000);
  EXPECT_GT(reduced, 1000);
}

TEST(ClearingMcAfee, DivisibleP0WorkedExample) {
  // docs/clearing.md: asks (10, 3), (20, 2), (32, 5); bids (50, 2), (30, 3), (24, 4). The walk
  // trades 2 + 1 + 2 = 5 and ends with ask 20 and bid 30 both used up; the first excluded pair
  // is ask 32 and bid 24, p0 = 28 in [20, 30]: all 5 mWh trade at 28.
  McBook b({{10, 3, 1}, {20, 2, 2}, {32, 5, 3}}, {{50, 2, 4}, {30, 3, 5}, {24, 4, 6}});
  const McAfeeResult r = b.mcafee();
  EXPECT_FALSE(r.reduced);
  EXPECT_EQ(r.candidate_price, 28);
  EXPECT_EQ(r.volume, 5);
  EXPECT_EQ(r.buy_price, 28);
  EXPECT_EQ(r.sell_price, 28);
  EXPECT_EQ(r.operator_surplus, 0);
  EXPECT_EQ(b.ask_money, (std::vector<int64_t>{84, 56, 0}));
  EXPECT_EQ(b.bid_money, (std::vector<int64_t>{56, 84, 0}));
  // With the third ask at 40, p0 = floor(64 / 2) = 32 > b_K = 30: trade reduction, the orders
  // before the marginal ones (ask 10: 3, bid 50: 2) trade 2 at 30 / 20.
  McBook c({{10, 3, 1}, {20, 2, 2}, {40, 5, 3}}, {{50, 2, 4}, {30, 3, 5}, {24, 4, 6}});
  const McAfeeResult q = c.mcafee();
  EXPECT_TRUE(q.reduced);
  EXPECT_EQ(q.candidate_price, 32);
  EXPECT_EQ(q.volume, 2);
  EXPECT_EQ(c.ask_money, (std::vector<int64_t>{40, 0, 0}));
  EXPECT_EQ(c.bid_money, (std::vector<int64_t>{60, 0, 0}));
  EXPECT_EQ(q.operator_surplus, 20);
}

TEST(ClearingMcAfee, DivisibleP0PartlyFilledMarginalOrderReduces) {
  // The sellers-rationed example of the trade reduction: ask 20 keeps 3 mWh, so it is the first
  // excluded ask itself; with bid 18, p0 = 19 < s_L = 20: the trade-reduction outcome.
  McBook b({{10, 6, 2}, {15, 4, 1}, {20, 5, 3}, {40, 5, 4}},
           {{50, 3, 5}, {45, 4, 6}, {30, 5, 7}, {18, 6, 8}});
  const McAfeeResult r = b.mcafee();
  const auto fills = std::make_pair(b.ask_fill, b.bid_fill);
  const auto money = std::make_pair(b.ask_money, b.bid_money);
  EXPECT_TRUE(r.reduced);
  EXPECT_EQ(r.candidate_price, 19);
  EXPECT_EQ(r.volume, 7);
  b.divisible();
  EXPECT_EQ(std::make_pair(b.ask_fill, b.bid_fill), fills);
  EXPECT_EQ(std::make_pair(b.ask_money, b.bid_money), money);
}

TEST(ClearingMcAfee, DivisibleP0PropertiesOnRandomBooks) {
  // Energy balance, individual rationality, weak budget balance, strong in the p0 branch, where
  // the walk's whole volume trades.
  std::mt19937_64 rng(31);
  int p0_branch = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::vector<Order> asks, bids;
    const int n_asks = int(rng() % 10), n_bids = int(rng() % 10);
    std::vector<uint32_t> ids(size_t(n_asks + n_bids));
    std::iota(ids.begin(), ids.end(), 1u);
    std::shuffle(ids.begin(), ids.end(), rng);
    size_t k = 0;
    const int64_t max_q = trial % 2 ? 1000000 : 4;
    for (int i = 0; i < n_asks; ++i)
      asks.push_back({int64_t(rng() % 30), 1 + int64_t(rng() % max_q), ids[k++]});
    for (int j = 0; j < n_bids; ++j)
      bids.push_back({int64_t(rng() % 30), 1 + int64_t(rng() % max_q), ids[k++]});
    McBook b(asks, bids);
    const McAfeeResult r = b.mcafee();
    ASSERT_EQ(sum(b.ask_fill), r.volume);
    ASSERT_EQ(sum(b.bid_fill), r.volume);
    ASSERT_EQ(sum(b.bid_money) - sum(b.ask_money), r.operator_surplus);
    ASSERT_GE(r.operator_surplus, 0);
    for (size_t i = 0; i < b.asks.size(); ++i) {
      ASSERT_LE(b.ask_fill[i], b.asks[i].quantity);
      if (b.ask_fill[i] > 0) ASSERT_LE(b.asks[i].price * b.ask_fill[i], b.ask_money[i]);
    }
    for (size_t j = 0; j < b.bids.size(); ++j) {
      ASSERT_LE(b.bid_fill[j], b.bids[j].quantity);
      if (b.bid_fill[j] > 0) ASSERT_GE(b.bids[j].price * b.bid_fill[j], b.bid_money[j]);
    }
    if (r.volume > 0 && !r.reduced) {
      ++p0_branch;
      ASSERT_EQ(r.volume, r.efficient_volume);
      ASSERT_EQ(r.operator_surplus, 0);
    }
  }
  EXPECT_GT(p0_branch, 200);
}

TEST(ClearingMcAfee, DivisibleP0TruthfulForUnitTradersOnly) {
  // Unit traders: truthful (it is the unit rule). Multi-unit traders (quantities 1 .. 4): a
  // trader's unsold units can set p0 for its sold ones, so some books are manipulable (4494 of
  // these 30000; docs/clearing.md states the number).
  std::mt19937_64 rng(94);
  int64_t manipulable = 0;
  for (int trial = 0; trial < 30000; ++trial) {
    Profile p = random_unit_profile(rng);
    ASSERT_EQ(profitable_deviations(p, Rule::kMcAfee), 0);
    for (int i = 0; i < 4; ++i) {
      p.quantity[0][i] = int64_t(1 + rng() % 4);
      p.quantity[1][i] = int64_t(1 + rng() % 4);
    }
    manipulable += profitable_deviations(p, Rule::kMcAfee, false) > 0;
  }
  EXPECT_EQ(manipulable, 4494);
}

}  // namespace
}  // namespace evomarket
