// Community clearing: SDR and mid-market pricing, the reverse auction and the continuous double
// auction. Worked examples (docs/clearing.md) and properties on random books.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <tuple>
#include <vector>

#include "kernels/clearing_community.h"

namespace evomarket {
namespace {

__extension__ typedef __int128 i128;

struct Community {
  std::vector<int64_t> net, traded, grid, money;
  explicit Community(std::vector<int64_t> n)
      : net(std::move(n)), traded(net.size()), grid(net.size()), money(net.size()) {}
  CommunityResult clear(int64_t retail, int64_t fit, CommunityPricing pricing) {
    return clear_community(net.data(), uint32_t(net.size()), retail, fit, pricing, traded.data(),
                           grid.data(), money.data());
  }
};

using V = std::vector<int64_t>;

// --- SDR ---------------------------------------------------------------------------------------

TEST(ClearingCommunitySdr, WorkedExampleSupplyBelowDemand) {
  // Sellers A +4, B +2 (S = 6); buyers C -5, D -3, E -2 (D = 10); retail 30, FiT 10.
  Community c({4, 2, -5, -3, -2});
  const CommunityResult r = c.clear(30, 10, CommunityPricing::kSupplyDemandRatio);
  EXPECT_EQ(r.supply, 6);
  EXPECT_EQ(r.demand, 10);
  EXPECT_EQ(r.internal, 6);
  EXPECT_EQ(r.grid_import, 4);
  EXPECT_EQ(r.grid_export, 0);
  // p_s = floor(30 * 10 * 10 / (20 * 6 + 10 * 10)) = floor(3000 / 220) = 13 (exact 13.64)
  EXPECT_EQ(r.sell_price, 13);
  // p_b = ceil((13 * 6 + 30 * 4) / 10) = ceil(19.8) = 20
  EXPECT_EQ(r.buy_price, 20);
  // Buyers share the 6 internal mWh pro rata: 3, 1.8, 1.2 -> 3, 1, 1, the left-over 1 to D.
  EXPECT_EQ(c.traded, (V{4, 2, -3, -2, -1}));
  EXPECT_EQ(c.grid, (V{0, 0, -2, -1, -1}));
  EXPECT_EQ(c.money, (V{52, 26, -100, -60, -40}));
  // In: 200 from buyers; out: 78 to sellers + 4 x 30 = 120 to the grid; the manager keeps 2.
  EXPECT_EQ(r.manager_surplus, 2);
}

TEST(ClearingCommunitySdr, WorkedExampleSupplyAboveDemand) {
  // S = 10 > D = 5: everyone trades at the FiT, sellers export the surplus pro rata.
  Community c({6, 4, -3, -2});
  const CommunityResult r = c.clear(30, 10, CommunityPricing::kSupplyDemandRatio);
  EXPECT_EQ(r.sell_price, 10);
  EXPECT_EQ(r.buy_price, 10);
  EXPECT_EQ(r.grid_export, 5);
  EXPECT_EQ(c.traded, (V{3, 2, -3, -2}));
  EXPECT_EQ(c.grid, (V{3, 2, 0, 0}));
  EXPECT_EQ(c.money, (V{60, 40, -30, -20}));
  EXPECT_EQ(r.manager_surplus, 0);  // 50 from buyers + 50 from the grid = 100 to sellers
}

TEST(ClearingCommunitySdr, EndpointsAreContinuous) {
  // SDR = 0: retail; SDR = 1: FiT on both sides; no demand: FiT.
  Community none({-5, 0});
  CommunityResult r = none.clear(30, 10, CommunityPricing::kSupplyDemandRatio);
  EXPECT_EQ(r.sell_price, 30);
  EXPECT_EQ(r.buy_price, 30);
  EXPECT_EQ(none.money, (V{-150, 0}));
  EXPECT_EQ(none.grid, (V{-5, 0}));
  EXPECT_EQ(r.manager_surplus, 0);
  Community balanced({3, -3});
  r = balanced.clear(30, 10, CommunityPricing::kSupplyDemandRatio);
  EXPECT_EQ(r.sell_price, 10);  // 900 / 90
  EXPECT_EQ(r.buy_price, 10);
  Community sellers({5});
  r = sellers.clear(30, 10, CommunityPricing::kSupplyDemandRatio);
  EXPECT_EQ(r.sell_price, 10);
  EXPECT_EQ(sellers.grid, (V{5}));
  EXPECT_EQ(r.manager_surplus, 0);
  Community empty({});
  r = empty.clear(30, 10, CommunityPricing::kSupplyDemandRatio);
  EXPECT_EQ(r.internal, 0);
  EXPECT_EQ(r.manager_surplus, 0);
}

TEST(ClearingCommunitySdr, PricesAreTheRoundedPaperFormulaOnLargeNumbers) {
  // 128-bit products: prices up to 2^31 - 1, totals up to 2^62 - 1.
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 20000; ++trial) {
    const int64_t a = int64_t(rng() % (uint64_t{1} << 31)),
                  b = int64_t(rng() % (uint64_t{1} << 31));
    const int64_t retail = std::max(a, b), fit = std::min(a, b);
    const int shift = int(rng() % 62);
    const int64_t demand = 1 + int64_t(rng() % ((uint64_t{1} << 62) - 1) >> shift);
    const int64_t supply = 1 + int64_t(rng() % uint64_t(demand));  // 0 < S <= D
    int64_t ps, pb;
    sdr_prices(supply, demand, retail, fit, &ps, &pb);
    const i128 num = i128(retail) * fit * demand;
    const i128 den = i128(retail - fit) * supply + i128(fit) * demand;
    if (den > 0) {
      ASSERT_LE(i128(ps) * den, num);  // p_s = floor(num / den)
      ASSERT_GT(i128(ps + 1) * den, num);
    }
    const i128 owed = i128(ps) * supply + i128(retail) * (demand - supply);
    ASSERT_GE(i128(pb) * demand, owed);  // p_b = ceil(owed / D)
    ASSERT_LT(i128(pb - 1) * demand, owed);
    ASSERT_LE(fit, ps);
    ASSERT_LE(ps, retail);
    ASSERT_LE(fit, pb);
    ASSERT_LE(pb, retail);
  }
}

// --- mid-market --------------------------------------------------------------------------------

TEST(ClearingCommunityMidMarket, WorkedExamples) {
  Community c({4, 2, -5, -3, -2});
  CommunityResult r = c.clear(30, 10, CommunityPricing::kMidMarket);
  EXPECT_EQ(r.sell_price, 20);
  EXPECT_EQ(r.buy_price, 20);
  EXPECT_EQ(c.traded, (V{4, 2, -3, -2, -1}));
  EXPECT_EQ(c.grid, (V{0, 0, -2, -1, -1}));
  // C: 3 x 20 + 2 x 30 = 120; D: 2 x 20 + 1 x 30 = 70; E: 1 x 20 + 1 x 30 = 50.
  EXPECT_EQ(c.money, (V{80, 40, -120, -70, -50}));
  EXPECT_EQ(r.manager_surplus, 0);

  Community s({6, 4, -3, -2});
  r = s.clear(31, 10, CommunityPricing::kMidMarket);  // (31 + 10) / 2 = 20 (floor)
  EXPECT_EQ(r.sell_price, 20);
  EXPECT_EQ(s.traded, (V{3, 2, -3, -2}));
  EXPECT_EQ(s.grid, (V{3, 2, 0, 0}));
  // A: 3 x 20 + 3 x 10 = 90; B: 2 x 20 + 2 x 10 = 60.
  EXPECT_EQ(s.money, (V{90, 60, -60, -40}));
  EXPECT_EQ(r.manager_surplus, 0);
}

// --- properties of both community prices ---------------------------------------------------------

TEST(ClearingCommunity, PropertiesOnRandomCommunities) {
  std::mt19937_64 rng(2026);
  for (int trial = 0; trial < 4000; ++trial) {
    const int n = int(rng() % 20);
    std::vector<int64_t> net(n);
    for (auto& x : net) x = int64_t(rng() % 101) - 50;
    const int64_t fit = int64_t(rng() % 40), retail = fit + int64_t(rng() % 60);
    for (CommunityPricing pricing :
         {CommunityPricing::kSupplyDemandRatio, CommunityPricing::kMidMarket}) {
      Community c(net);
      const CommunityResult r = c.clear(retail, fit, pricing);
      int64_t supply = 0, demand = 0, sold = 0, bought = 0, exported = 0, imported = 0;
      int64_t buyers_pay = 0, sellers_get = 0;
      for (int i = 0; i < n; ++i) {
        const int64_t q = net[i];
        ASSERT_EQ(c.traded[i] + c.grid[i], q);  // energy balance per participant
        ASSERT_GE(c.traded[i] * q, 0);          // same sign as the position, within it
        ASSERT_GE(c.grid[i] * q, 0);
        ASSERT_LE(std::abs(c.traded[i]), std::abs(q));
        if (q > 0) {
          supply += q;
          sold += c.traded[i];
          exported += c.grid[i];
          sellers_get += c.money[i];
          ASSERT_GE(c.money[i], fit * q);  // individually rational: at least the FiT
          ASSERT_LE(c.money[i], retail * q);
        } else if (q < 0) {
          demand -= q;
          bought -= c.traded[i];
          imported -= c.grid[i];
          buyers_pay -= c.money[i];
          ASSERT_LE(-c.money[i], retail * -q);  // never more than retail
          ASSERT_GE(-c.money[i], fit * -q);
        } else {
          ASSERT_EQ(c.money[i], 0);
        }
      }
      ASSERT_EQ(r.supply, supply);
      ASSERT_EQ(r.demand, demand);
      ASSERT_EQ(sold, std::min(supply, demand));  // internal energy balances
      ASSERT_EQ(bought, sold);
      ASSERT_EQ(r.internal, sold);
      ASSERT_EQ(exported, r.grid_export);
      ASSERT_EQ(imported, r.grid_import);
      ASSERT_EQ(exported, std::max<int64_t>(supply - demand, 0));
      ASSERT_EQ(imported, std::max<int64_t>(demand - supply, 0));
      // Pro-rata rationing: each long-side share within 1 mWh of |net| x internal / total.
      const int64_t total = supply > demand ? supply : demand;
      for (int i = 0; i < n && supply != demand; ++i) {
        if ((net[i] > 0) != (supply > demand) || net[i] == 0) continue;  // the short side
        const i128 err = i128(std::abs(c.traded[i])) * total - i128(std::abs(net[i])) * sold;
        ASSERT_LT(err < 0 ? -err : err, total);
      }
      ASSERT_LE(fit, r.sell_price);
      ASSERT_LE(r.sell_price, retail);
      ASSERT_LE(fit, r.buy_price);
      ASSERT_LE(r.buy_price, retail);
      // Manager: buyers + grid export revenue = sellers + grid import cost + surplus.
      ASSERT_EQ(buyers_pay + fit * exported, sellers_get + retail * imported + r.manager_surplus);
      if (pricing == CommunityPricing::kMidMarket || supply >= demand) {
        ASSERT_EQ(r.manager_surplus, 0);
      } else {
        ASSERT_GE(r.manager_surplus, 0);  // ceil on p_b: less than 1 money unit per mWh bought
        ASSERT_LT(r.manager_surplus, demand);
      }
    }
  }
}

// --- reverse auction ---------------------------------------------------------------------------

struct Procurement {
  std::vector<Order> asks;
  std::vector<int64_t> fill, money;
  explicit Procurement(std::vector<Order> a) : asks(std::move(a)) {
    std::sort(asks.begin(), asks.end(), [](const Order& x, const Order& y) {
      return x.price != y.price ? x.price < y.price : x.id < y.id;
    });
    fill.resize(asks.size());
    money.resize(asks.size());
  }
  ReverseAuctionResult buy(int64_t wanted, int64_t reserve) {
    return reverse_auction(asks.data(), uint32_t(asks.size()), wanted, reserve, fill.data(),
                           money.data());
  }
};

TEST(ClearingCommunityReverseAuction, WorkedExample) {
  Procurement p({{12, 4, 1}, {15, 3, 2}, {18, 5, 3}, {25, 2, 4}});
  // Q = 6: 4 from the ask at 12, 2 of the 3 at 15; the first unit not bought is at 15.
  ReverseAuctionResult r = p.buy(6, 20);
  EXPECT_EQ(r.quantity, 6);
  EXPECT_EQ(r.price, 15);
  EXPECT_EQ(r.cost, 90);
  EXPECT_EQ(p.fill, (V{4, 2, 0, 0}));
  EXPECT_EQ(p.money, (V{60, 30, 0, 0}));
  // Q = 7: the asks at 12 and 15 fill exactly; the first rejected ask is 18.
  r = p.buy(7, 20);
  EXPECT_EQ(r.price, 18);
  EXPECT_EQ(p.fill, (V{4, 3, 0, 0}));
  EXPECT_EQ(p.money, (V{72, 54, 0, 0}));
  EXPECT_EQ(r.cost, 126);
  // Q = 12 or more: every ask under the reserve is bought; the next (25) is capped at 20.
  for (int64_t q : {12, 100}) {
    r = p.buy(q, 20);
    EXPECT_EQ(r.quantity, 12);
    EXPECT_EQ(r.price, 20);
    EXPECT_EQ(r.cost, 240);
    EXPECT_EQ(p.fill, (V{4, 3, 5, 0}));
  }
  // Reserve 30, Q = 14: all asks bought and none rejected, so the price is the reserve.
  r = p.buy(14, 30);
  EXPECT_EQ(r.price, 30);
  EXPECT_EQ(p.money, (V{120, 90, 150, 60}));
  // Nothing bought: Q = 0, or every ask above the reserve.
  EXPECT_EQ(p.buy(0, 20).price, -1);
  r = p.buy(5, 10);
  EXPECT_EQ(r.quantity, 0);
  EXPECT_EQ(r.price, -1);
  EXPECT_EQ(r.cost, 0);
  EXPECT_EQ(p.fill, (V{0, 0, 0, 0}));
}

TEST(ClearingCommunityReverseAuction, PropertiesOnRandomBooks) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 4000; ++trial) {
    std::vector<Order> asks;
    const int n = int(rng() % 10);
    for (int i = 0; i < n; ++i)
      asks.push_back({int64_t(rng() % 40), int64_t(1 + rng() % 10), uint32_t(i)});
    Procurement p(asks);
    const int64_t wanted = int64_t(rng() % 50), reserve = int64_t(rng() % 45);
    const ReverseAuctionResult r = p.buy(wanted, reserve);
    int64_t eligible = 0, bought = 0;
    for (const Order& o : p.asks) eligible += o.price <= reserve ? o.quantity : 0;
    for (int64_t f : p.fill) bought += f;
    ASSERT_EQ(bought, r.quantity);
    ASSERT_EQ(r.quantity, std::min(wanted, eligible));
    if (r.quantity == 0) {
      ASSERT_EQ(r.price, -1);
      continue;
    }
    ASSERT_LE(r.price, reserve);
    ASSERT_EQ(r.cost, r.price * r.quantity);
    bool rejected = false;  // merit order: fills are a prefix, at most one partial
    for (size_t i = 0; i < p.asks.size(); ++i) {
      ASSERT_EQ(p.money[i], p.fill[i] * r.price);
      if (p.fill[i] > 0) {
        ASSERT_FALSE(rejected);
        ASSERT_LE(p.asks[i].price, r.price);  // individually rational
      }
      if (p.fill[i] < p.asks[i].quantity) {
        if (!rejected) ASSERT_EQ(r.price, std::min(reserve, p.asks[i].price));  // first rejected
        rejected = true;
      }
    }
    if (!rejected) ASSERT_EQ(r.price, reserve);
  }
}

TEST(ClearingCommunityReverseAuction, TruthfulForUnitSellers) {
  // Unit asks: no seller gains by misreporting its cost (brute force over deviations).
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 1 + int(rng() % 5);
    std::vector<int64_t> cost(n);
    for (auto& c : cost) c = int64_t(rng() % 12);
    const int64_t wanted = int64_t(rng() % (n + 1)), reserve = int64_t(rng() % 14);
    auto utility = [&](int who, int64_t report) {
      std::vector<Order> asks;
      for (int i = 0; i < n; ++i) asks.push_back({i == who ? report : cost[i], 1, uint32_t(i)});
      Procurement p(asks);
      p.buy(wanted, reserve);
      for (size_t k = 0; k < p.asks.size(); ++k) {
        if (int(p.asks[k].id) == who) return p.money[k] - cost[who] * p.fill[k];
      }
      return int64_t{0};
    };
    for (int who = 0; who < n; ++who) {
      const int64_t truthful = utility(who, cost[who]);
      ASSERT_GE(truthful, 0);
      for (int64_t report = 0; report <= 15; ++report) ASSERT_LE(utility(who, report), truthful);
    }
  }
}

// --- continuous double auction -------------------------------------------------------------------

struct Continuous {
  std::vector<Order> asks, bids;
  std::vector<int64_t> ask_fill, bid_fill, ask_money, bid_money;
  std::vector<std::tuple<uint32_t, uint32_t, int64_t, int64_t>> trades;
  Continuous(std::vector<Order> a, std::vector<Order> b)
      : asks(std::move(a)),
        bids(std::move(b)),
        ask_fill(asks.size()),
        bid_fill(bids.size()),
        ask_money(asks.size()),
        bid_money(bids.size()) {}
  ContinuousResult run(const std::vector<uint32_t>& arrival,
                       ContinuousPrice rule = ContinuousPrice::kRestingOrder) {
    trades.clear();
    return continuous_double_auction(
        asks.data(), uint32_t(asks.size()), bids.data(), uint32_t(bids.size()), arrival.data(),
        ask_fill.data(), bid_fill.data(), ask_money.data(), bid_money.data(),
        [&](uint32_t a, uint32_t b, int64_t price, int64_t q) {
          trades.emplace_back(a, b, price, q);
        },
        rule);
  }
};

TEST(ClearingCommunityContinuous, WorkedExample) {
  // asks A (20, 5), B (18, 3), E (17, 4); bids C (19, 4), D (22, 6), F (15, 2).
  // Global indices: A 0, B 1, E 2, C 3, D 4, F 5; arrival A, B, C, D, E, F.
  Continuous m({{20, 5, 1}, {18, 3, 2}, {17, 4, 5}}, {{19, 4, 3}, {22, 6, 4}, {15, 2, 6}});
  const ContinuousResult r = m.run({0, 1, 3, 4, 2, 5});
  using T = std::tuple<uint32_t, uint32_t, int64_t, int64_t>;
  // C takes 3 from B @ 18 (A at 20 does not cross 19) and rests 1; D takes 5 from A @ 20 and
  // rests 1; E sells 1 to D @ 22, then 1 to C @ 19, and rests 2; F (15) rests below E (17).
  EXPECT_EQ(m.trades,
            (std::vector<T>{T{1, 0, 18, 3}, T{0, 1, 20, 5}, T{2, 1, 22, 1}, T{2, 0, 19, 1}}));
  EXPECT_EQ(r.volume, 10);
  EXPECT_EQ(r.trades, 4u);
  EXPECT_EQ(r.last_price, 19);
  EXPECT_EQ(m.ask_fill, (V{5, 3, 2}));
  EXPECT_EQ(m.ask_money, (V{100, 54, 41}));
  EXPECT_EQ(m.bid_fill, (V{4, 6, 0}));
  EXPECT_EQ(m.bid_money, (V{73, 122, 0}));
  // Another arrival order gives another outcome: all bids first, then the asks.
  m.run({3, 4, 5, 0, 1, 2});
  // A sells 5 to D @ 22; B sells 1 to D @ 22 and 2 to C @ 19; E sells 2 to C @ 19 and rests 2
  // above F (15).
  EXPECT_EQ(m.trades,
            (std::vector<T>{T{0, 1, 22, 5}, T{1, 1, 22, 1}, T{1, 0, 19, 2}, T{2, 0, 19, 2}}));
  EXPECT_EQ(m.bid_money, (V{76, 132, 0}));
}

TEST(ClearingCommunityContinuous, WorkedExampleMidpoint) {
  // The same book and arrivals at floor((ask + bid) / 2): the same matches, B-C 3 @ 18,
  // A-D 5 @ 21, E-D 1 @ 19, E-C 1 @ 18.
  Continuous m({{20, 5, 1}, {18, 3, 2}, {17, 4, 5}}, {{19, 4, 3}, {22, 6, 4}, {15, 2, 6}});
  const ContinuousResult r = m.run({0, 1, 3, 4, 2, 5}, ContinuousPrice::kMidpoint);
  using T = std::tuple<uint32_t, uint32_t, int64_t, int64_t>;
  EXPECT_EQ(m.trades,
            (std::vector<T>{T{1, 0, 18, 3}, T{0, 1, 21, 5}, T{2, 1, 19, 1}, T{2, 0, 18, 1}}));
  EXPECT_EQ(r.volume, 10);
  EXPECT_EQ(m.ask_money, (V{105, 54, 37}));
  EXPECT_EQ(m.bid_money, (V{72, 124, 0}));
}

TEST(ClearingCommunityContinuous, MidpointKeepsTheMatchesAndSplitsTheSpread) {
  std::mt19937_64 rng(32);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<Order> asks, bids;
    const int n_asks = int(rng() % 10), n_bids = int(rng() % 10);
    uint32_t id = 0;
    for (int i = 0; i < n_asks; ++i)
      asks.push_back({int64_t(rng() % 30), int64_t(1 + rng() % 9), id++});
    for (int i = 0; i < n_bids; ++i)
      bids.push_back({int64_t(rng() % 30), int64_t(1 + rng() % 9), id++});
    std::vector<uint32_t> arrival(n_asks + n_bids);
    arrival_order(7, uint64_t(trial), Purpose::kTurn, 0, uint32_t(arrival.size()), arrival.data());
    Continuous resting(asks, bids), mid(asks, bids);
    resting.run(arrival);
    mid.run(arrival, ContinuousPrice::kMidpoint);
    ASSERT_EQ(resting.ask_fill, mid.ask_fill);
    ASSERT_EQ(resting.bid_fill, mid.bid_fill);
    ASSERT_EQ(resting.trades.size(), mid.trades.size());
    int64_t paid = 0, received = 0;
    for (const auto& [a, b, price, q] : mid.trades) {
      ASSERT_EQ(price, (mid.asks[a].price + mid.bids[b].price) / 2);
      ASSERT_LE(mid.asks[a].price, price);  // individually rational
      ASSERT_LE(price, mid.bids[b].price);
    }
    for (int64_t x : mid.ask_money) received += x;
    for (int64_t x : mid.bid_money) paid += x;
    ASSERT_EQ(paid, received);  // strong budget balance
  }
}

TEST(ClearingCommunityContinuous, TimePriorityAtEqualPrices) {
  // Asks X and Y both at 10, X first; bid Z (12, 3) takes X's 2 then 1 of Y, at 10.
  Continuous m({{10, 2, 1}, {10, 2, 2}}, {{12, 3, 3}});
  m.run({0, 1, 2});
  EXPECT_EQ(m.ask_fill, (V{2, 1}));
  m.run({1, 0, 2});  // Y arrived first
  EXPECT_EQ(m.ask_fill, (V{1, 2}));
  EXPECT_EQ(m.bid_money, (V{30}));
}

TEST(ClearingCommunityContinuous, PropertiesOnRandomBooks) {
  std::mt19937_64 rng(31);
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<Order> asks, bids;
    const int n_asks = int(rng() % 10), n_bids = int(rng() % 10);
    uint32_t id = 0;
    for (int i = 0; i < n_asks; ++i)
      asks.push_back({int64_t(rng() % 30), int64_t(1 + rng() % 9), id++});
    for (int i = 0; i < n_bids; ++i)
      bids.push_back({int64_t(rng() % 30), int64_t(1 + rng() % 9), id++});
    std::vector<uint32_t> arrival(n_asks + n_bids);
    arrival_order(2026, uint64_t(trial), Purpose::kTurn, 0, uint32_t(arrival.size()),
                  arrival.data());
    Continuous m(asks, bids);
    const ContinuousResult r = m.run(arrival);
    std::vector<int64_t> ask_fill(n_asks), bid_fill(n_bids), ask_money(n_asks), bid_money(n_bids);
    int64_t volume = 0;
    for (const auto& [a, b, price, q] : m.trades) {
      ASSERT_GT(q, 0);
      ASSERT_LE(m.asks[a].price, price);  // between the two limits
      ASSERT_LE(price, m.bids[b].price);
      ASSERT_TRUE(price == m.asks[a].price || price == m.bids[b].price);
      ask_fill[a] += q;
      bid_fill[b] += q;
      ask_money[a] += price * q;
      bid_money[b] += price * q;
      volume += q;
    }
    ASSERT_EQ(ask_fill, m.ask_fill);
    ASSERT_EQ(bid_fill, m.bid_fill);
    ASSERT_EQ(ask_money, m.ask_money);
    ASSERT_EQ(bid_money, m.bid_money);
    ASSERT_EQ(volume, r.volume);
    ASSERT_EQ(r.trades, m.trades.size());
    // Nothing crosses at the end: the best resting bid is below the best resting ask.
    int64_t best_ask = INT64_MAX, best_bid = -1;
    for (int i = 0; i < n_asks; ++i) {
      ASSERT_LE(m.ask_fill[i], m.asks[i].quantity);
      if (m.ask_fill[i] < m.asks[i].quantity) best_ask = std::min(best_ask, m.asks[i].price);
    }
    for (int j = 0; j < n_bids; ++j) {
      ASSERT_LE(m.bid_fill[j], m.bids[j].quantity);
      if (m.bid_fill[j] < m.bids[j].quantity) best_bid = std::max(best_bid, m.bids[j].price);
    }
    ASSERT_LT(best_bid, best_ask);
    // Every ask receives at least its price, every bid pays at most its price.
    for (int i = 0; i < n_asks; ++i) ASSERT_GE(m.ask_money[i], m.asks[i].price * m.ask_fill[i]);
    for (int j = 0; j < n_bids; ++j) ASSERT_LE(m.bid_money[j], m.bids[j].price * m.bid_fill[j]);
  }
}

TEST(ClearingCommunityArrivalOrder, DeterministicPermutationPerKey) {
  const uint32_t n = 20;
  std::vector<uint32_t> a(n), b(n), c(n);
  arrival_order(42, 7, Purpose::kTurn, 3, n, a.data());
  arrival_order(42, 7, Purpose::kTurn, 3, n, b.data());
  EXPECT_EQ(a, b);  // same key, same order
  std::vector<uint32_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(sorted[i], i);  // a permutation
  arrival_order(43, 7, Purpose::kTurn, 3, n, c.data());
  EXPECT_NE(a, c);
  arrival_order(42, 8, Purpose::kTurn, 3, n, c.data());
  EXPECT_NE(a, c);
  arrival_order(42, 7, Purpose::kPartner, 3, n, c.data());
  EXPECT_NE(a, c);
  arrival_order(42, 7, Purpose::kTurn, 4, n, c.data());
  EXPECT_NE(a, c);
  arrival_order(42, 7, Purpose::kTurn, 3, 0, c.data());  // n = 0 and 1 are trivial
  arrival_order(42, 7, Purpose::kTurn, 3, 1, c.data());
  EXPECT_EQ(c[0], 0u);
}

TEST(ClearingCommunityArrivalOrder, UniformOverPermutations) {
  // All 6 orders of 3 arrivals, 60000 keys: each count within 5% of 10000.
  std::map<std::vector<uint32_t>, int> count;
  for (uint64_t e = 0; e < 60000; ++e) {
    std::vector<uint32_t> o(3);
    arrival_order(1, e, Purpose::kTurn, 0, 3, o.data());
    ++count[o];
  }
  EXPECT_EQ(count.size(), 6u);
  for (const auto& kv : count) {
    EXPECT_GT(kv.second, 9500);
    EXPECT_LT(kv.second, 10500);
  }
}

}  // namespace
}  // namespace evomarket
