// VCG payments in the manager's reverse auction (divisible offers): the worked example of
// docs/clearing.md, the payment against its definition (the manager's cost without the seller
// minus the others' part with it), the bounds between the uniform price and the reserve, and
// truthful price reports by brute force.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "kernels/clearing_community.h"

namespace evomarket {
namespace {

using V = std::vector<int64_t>;

bool ask_before(const Order& x, const Order& y) {
  return x.price != y.price ? x.price < y.price : x.id < y.id;
}

struct Procurement {
  std::vector<Order> asks;
  V fill, money;
  explicit Procurement(std::vector<Order> a)
      : asks(std::move(a)), fill(asks.size()), money(asks.size()) {
    std::sort(asks.begin(), asks.end(), ask_before);
  }
  ReverseAuctionResult buy(int64_t wanted, int64_t reserve, ReversePayment payment) {
    return reverse_auction(asks.data(), uint32_t(asks.size()), wanted, reserve, fill.data(),
                           money.data(), payment);
  }
};

// The manager's cost of procuring `wanted` from `asks` cheapest first, unbought units valued
// at the reserve (the allocation both payment rules share).
int64_t procurement_cost(const std::vector<Order>& asks, int64_t wanted, int64_t reserve) {
  Procurement p(asks);
  const ReverseAuctionResult r = p.buy(wanted, reserve, ReversePayment::kUniform);
  int64_t cost = reserve * (wanted - r.quantity);
  for (size_t i = 0; i < p.asks.size(); ++i) cost += p.asks[i].price * p.fill[i];
  return cost;
}

TEST(ReverseAuctionVcg, WorkedExample) {
  Procurement p({{12, 4, 1}, {15, 3, 2}, {18, 5, 3}, {25, 2, 4}});
  // Q = 6: fills 4, 2. Seller 1's 4 units would come from the 1 left at 15 and 3 at 18 (69);
  // seller 2's 2 units from the ask at 18 (36). Uniform: 60 and 30.
  ReverseAuctionResult r = p.buy(6, 20, ReversePayment::kVcg);
  EXPECT_EQ(r.quantity, 6);
  EXPECT_EQ(r.price, -1);
  EXPECT_EQ(r.cost, 105);
  EXPECT_EQ(p.fill, (V{4, 2, 0, 0}));
  EXPECT_EQ(p.money, (V{69, 36, 0, 0}));
  // Q = 10: fills 4, 3, 3; 2 units left at 18, then the reserve 20 (25 is above it).
  r = p.buy(10, 20, ReversePayment::kVcg);
  EXPECT_EQ(p.fill, (V{4, 3, 3, 0}));
  EXPECT_EQ(p.money, (V{76, 56, 60, 0}));
  EXPECT_EQ(r.cost, 192);
  // Q = 12: everything under the reserve is bought, every unit is paid the reserve (= uniform).
  r = p.buy(12, 20, ReversePayment::kVcg);
  EXPECT_EQ(p.money, (V{80, 60, 100, 0}));
  // Nothing bought.
  r = p.buy(5, 10, ReversePayment::kVcg);
  EXPECT_EQ(r.quantity, 0);
  EXPECT_EQ(r.cost, 0);
  EXPECT_EQ(p.money, (V{0, 0, 0, 0}));
}

TEST(ReverseAuctionVcg, PaymentsAreTheClarkePivotAndLieBetweenUniformAndReserve) {
  std::mt19937_64 rng(41);
  int above_uniform = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::vector<Order> asks;
    const int n = int(rng() % 8);
    for (int i = 0; i < n; ++i)
      asks.push_back({int64_t(rng() % 40), int64_t(1 + rng() % 10), uint32_t(rng() % 5)});
    const int64_t wanted = int64_t(rng() % 50), reserve = int64_t(rng() % 45);
    Procurement vcg(asks), uniform(asks);
    const ReverseAuctionResult r = vcg.buy(wanted, reserve, ReversePayment::kVcg);
    const ReverseAuctionResult u = uniform.buy(wanted, reserve, ReversePayment::kUniform);
    ASSERT_EQ(vcg.fill, uniform.fill);  // the same allocation
    ASSERT_EQ(r.quantity, u.quantity);
    const int64_t with_all = procurement_cost(vcg.asks, wanted, reserve);
    int64_t cost = 0;
    for (size_t i = 0; i < vcg.asks.size(); ++i) {
      cost += vcg.money[i];
      if (vcg.fill[i] == 0) {
        ASSERT_EQ(vcg.money[i], 0);
        continue;
      }
      std::vector<Order> others = vcg.asks;
      others.erase(others.begin() + long(i));
      const int64_t own = vcg.asks[i].price * vcg.fill[i];
      ASSERT_EQ(vcg.money[i], procurement_cost(others, wanted, reserve) - (with_all - own));
      ASSERT_GE(vcg.money[i], own);                    // individually rational
      ASSERT_GE(vcg.money[i], uniform.money[i]);       // at least the uniform payment
      ASSERT_LE(vcg.money[i], reserve * vcg.fill[i]);  // at most the reserve per unit
      above_uniform += vcg.money[i] > uniform.money[i];
      if (vcg.asks[i].quantity == 1) ASSERT_EQ(vcg.money[i], uniform.money[i]);  // unit: Vickrey
    }
    ASSERT_EQ(cost, r.cost);
  }
  EXPECT_GT(above_uniform, 500);
}

TEST(ReverseAuctionVcg, PriceReportsAreTruthfulByBruteForce) {
  // Up to 4 sellers with quantities 1 .. 3 and costs 0 .. 11: no seller gains by reporting any
  // other price in 0 .. 15 (ties by id, shuffled).
  std::mt19937_64 rng(6);
  for (int trial = 0; trial < 6000; ++trial) {
    const int n = 1 + int(rng() % 4);
    std::vector<Order> truth;
    uint32_t ids[4] = {0, 1, 2, 3};
    std::shuffle(ids, ids + 4, rng);
    for (int i = 0; i < n; ++i)
      truth.push_back({int64_t(rng() % 12), int64_t(1 + rng() % 3), ids[i]});
    const int64_t wanted = int64_t(rng() % 10), reserve = int64_t(rng() % 14);
    auto utility = [&](int who, int64_t report) {
      std::vector<Order> asks = truth;
      asks[size_t(who)].price = report;
      Procurement p(asks);
      p.buy(wanted, reserve, ReversePayment::kVcg);
      for (size_t k = 0; k < p.asks.size(); ++k) {
        if (p.asks[k].id == truth[size_t(who)].id) {
          return p.money[k] - truth[size_t(who)].price * p.fill[k];
        }
      }
      return int64_t{0};
    };
    for (int who = 0; who < n; ++who) {
      const int64_t truthful = utility(who, truth[size_t(who)].price);
      ASSERT_GE(truthful, 0);
      for (int64_t report = 0; report <= 15; ++report) {
        ASSERT_LE(utility(who, report), truthful) << "trial " << trial << " seller " << who;
      }
    }
  }
}

TEST(ReverseAuctionVcg, ShareCostSplitsExactlyProRata) {
  // 105 over fills 4, 2 of 6: 70 and 35 exactly; 100 over 1, 1, 1: 34, 33, 33.
  V money(2);
  share_cost(V{4, 2}.data(), 2, 105, 6, money.data());
  EXPECT_EQ(money, (V{70, 35}));
  money.assign(3, 0);
  share_cost(V{1, 1, 1}.data(), 3, 100, 3, money.data());
  EXPECT_EQ(money, (V{34, 33, 33}));
  std::mt19937_64 rng(8);
  for (int trial = 0; trial < 2000; ++trial) {
    V fill(1 + rng() % 9);
    int64_t total = 0;
    for (int64_t& f : fill) total += f = int64_t(rng() % 1000000);
    if (total == 0) continue;
    const int64_t cost = int64_t(rng() % (int64_t{1} << 50));
    money.assign(fill.size(), 0);
    share_cost(fill.data(), uint32_t(fill.size()), cost, total, money.data());
    int64_t sum = 0;
    for (size_t i = 0; i < fill.size(); ++i) {
      sum += money[i];
      const __int128 exact = __int128(fill[i]) * cost;  // share x total
      ASSERT_GT(__int128(money[i]) * total, exact - total);
      ASSERT_LT(__int128(money[i]) * total, exact + total);
    }
    ASSERT_EQ(sum, cost);
  }
}

}  // namespace
}  // namespace evomarket
