// One follower's best response to the leader's price (kernels/leader_pricing.h): hand-computed
// values, optimality against its neighbours, and monotonicity in the price.
#include "kernels/leader_pricing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace evomarket {
namespace {

constexpr int64_t kRetail = 300000;  // 0.30 per kWh
constexpr int64_t kFit = 80000;      // 0.08
constexpr int64_t kKwh = 1000000;    // mWh

TEST(DemandFactor, IsTheRelativeExtraConsumptionIn32BitFixedPoint) {
  // eps 0.5 at half the retail price: 0.5 x 0.5 = 1/4 of the load.
  EXPECT_EQ(demand_factor(500000, kRetail, 150000), int64_t{1} << 30);
  EXPECT_EQ(demand_factor(500000, kRetail, kRetail), 0);
  // 0.5 x 0.22 / 0.30 = 0.3666..., floored in units of 2^-32.
  EXPECT_EQ(demand_factor(500000, kRetail, kFit), 1574821341);
  EXPECT_EQ(demand_factor(0, kRetail, kFit), 0);
  EXPECT_EQ(demand_factor(500000, 0, 0), 0);  // no retail price: nothing to respond to
}

TEST(FollowerConsumption, FollowsTheLinearDemandWithinTheFlexibility) {
  const int64_t quarter = int64_t{1} << 30;
  EXPECT_EQ(follower_consumption(kKwh, quarter, 1000000), 1250000);
  EXPECT_EQ(follower_consumption(kKwh, quarter, 200000), 1200000);  // clipped at L (1 + 0.2)
  EXPECT_EQ(follower_consumption(kKwh, 0, 0), kKwh);
  EXPECT_EQ(follower_consumption(0, quarter, 1000000), 0);
  // floor(10^6 x 0.3666...): 366666.
  EXPECT_EQ(follower_consumption(kKwh, 1574821341, 1000000), 1366666);
}

TEST(FollowerResponse, BuysSellsOrConsumesItsOwnPv) {
  const int64_t at_price = demand_factor(500000, kRetail, 150000);  // c_p = 1.25 kWh
  const int64_t at_fit = demand_factor(500000, kRetail, kFit);      // c_f = 1.366666 kWh
  // No PV: buys all it consumes at p.
  FollowerResponse r = follower_response(kKwh, 0, 1000000, at_price, at_fit);
  EXPECT_EQ(r.consumption, 1250000);
  EXPECT_EQ(r.bought, 1250000);
  EXPECT_EQ(r.sold, 0);
  // 3 kWh of PV: sells what it does not consume at the feed-in tariff.
  r = follower_response(kKwh, 3 * kKwh, 1000000, at_price, at_fit);
  EXPECT_EQ(r.consumption, 1366666);
  EXPECT_EQ(r.bought, 0);
  EXPECT_EQ(r.sold, 1633334);
  EXPECT_EQ(follower_sold(kKwh, 3 * kKwh, 1000000, at_fit), 1633334);
  // 1.3 kWh of PV lies between c_p and c_f: neither buying nor selling pays, it uses it all.
  r = follower_response(kKwh, 1300000, 1000000, at_price, at_fit);
  EXPECT_EQ(r.consumption, 1300000);
  EXPECT_EQ(r.bought, 0);
  EXPECT_EQ(r.sold, 0);
  // 1 kWh of PV: buys the 0.25 kWh its own PV does not cover.
  r = follower_response(kKwh, kKwh, 1000000, at_price, at_fit);
  EXPECT_EQ(r.bought, 250000);
}

TEST(FollowerLoss, IsTheQuadraticTermOfTheBenefit) {
  // (0.25 kWh)^2 / (2 x 0.5 x 1 kWh) = 0.0625 kWh.
  EXPECT_EQ(follower_loss(kKwh, 1250000, 500000), 62500);
  EXPECT_EQ(follower_loss(kKwh, kKwh, 500000), 0);
  EXPECT_EQ(follower_loss(kKwh, kKwh, 0), 0);
  // B(c) - B(L) = r (d - loss): 0.3 x (0.25 - 0.0625) = 0.05625 currency, the formula's value.
  const double d = 0.25, eps = 0.5, load = 1.0, r = 0.3;
  EXPECT_DOUBLE_EQ(r * (d - d * d / (2 * eps * load)),
                   0.3 * (250000 - follower_loss(kKwh, 1250000, 500000)) / 1e6);
}

// The follower's utility, in currency, of consuming c (kWh) with load L and PV G at price p.
double utility(double c, double load, double pv, double eps, double r, double p, double f) {
  const double d = c - load;
  const double benefit = eps > 0 && load > 0 ? r * d - r * d * d / (2 * eps * load) : 0;
  const double pay = c > pv ? p * (c - pv) : -f * (pv - c);
  return benefit - pay;
}

TEST(FollowerResponse, NoFeasibleNeighbourDoesBetter) {
  uint64_t x = 12345;
  const auto next = [&x](uint64_t n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return (x >> 33) % n;
  };
  for (int i = 0; i < 2000; ++i) {
    const int64_t load = 1 + static_cast<int64_t>(next(3000000));
    const int64_t pv = next(2) ? static_cast<int64_t>(next(5000000)) : 0;
    const int64_t eps = 1 + static_cast<int64_t>(next(3000000));
    const int64_t flex = static_cast<int64_t>(next(1500000));
    const int64_t price = kFit + static_cast<int64_t>(next(kRetail - kFit + 1));
    const FollowerResponse r = follower_response(load, pv, flex, demand_factor(eps, kRetail, price),
                                                 demand_factor(eps, kRetail, kFit));
    const int64_t room = load * flex / 1000000;
    const auto u = [&](int64_t c) {
      return utility(c / 1e6, load / 1e6, pv / 1e6, eps / 1e6, 0.3, price / 1e6, 0.08);
    };
    const double best = u(r.consumption);
    for (int64_t step : {-1000, -10, 10, 1000}) {
      const int64_t c = r.consumption + step;
      if (c < load - room || c > load + room || c < 0) continue;
      EXPECT_LE(u(c), best + 1e-9) << "load " << load << " pv " << pv << " c " << r.consumption;
    }
    EXPECT_EQ(r.bought - r.sold, r.consumption - pv);
  }
}

TEST(FollowerResponse, BuysLessAsThePriceRises) {
  for (int64_t pv : {int64_t{0}, int64_t{900000}, int64_t{1200000}, int64_t{4000000}}) {
    int64_t previous = INT64_MAX;
    const int64_t fit = demand_factor(800000, kRetail, kFit);
    for (int64_t p = kFit; p <= kRetail; p += 1000) {
      const FollowerResponse r =
          follower_response(kKwh, pv, 600000, demand_factor(800000, kRetail, p), fit);
      EXPECT_LE(r.bought, previous) << "pv " << pv << " price " << p;
      EXPECT_EQ(r.sold, follower_sold(kKwh, pv, 600000, fit));
      previous = r.bought;
    }
  }
}

}  // namespace
}  // namespace evomarket
