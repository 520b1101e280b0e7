// Leader pricing (docs/solvers.md, "Leader pricing at scale"): one prosumer follower's best
// response to the leader's price in one slot, shared by both backends.
//
// The model: a follower with baseline load L and PV G (mWh, its profile's, scaled) consumes c
// and values it by the concave quadratic benefit
//   B(c) = B(L) + r (c - L) - r (c - L)^2 / (2 eps L)
// (r the slot's retail price: at p = r it consumes its metered load, eps its price elasticity of
// demand there), within c in [L (1 - phi), L (1 + phi)] (phi its flexibility). It buys c - G
// from the leader at the leader's price p, or sells G - c to the leader at the feed-in tariff
// f <= p. Utility B(c) - payment is concave, so the best response is closed form:
//   c_p = clip(L + eps L (r - p) / r), c_f the same at f (c_p <= c_f as p >= f);
//   buys c_p - G if c_p > G, else sells G - c_f if c_f < G, else consumes exactly G.
// Integer arithmetic throughout, so both backends agree to the bit: energy in mWh, prices in
// micro-currency per kWh, eps and phi in parts per million, eps (r - p) / r as a 2^-32 fixed
// point "demand factor" the host computes per slot, price and class. Every product that could
// pass int64 is taken in 128 bits; every rounding is a floor (documented once, here).
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/profile.h"
#include "kernels/rng.h"

namespace evomarket {

__extension__ typedef __int128 LeaderWide;  // g++/clang builtin; nvcc supports it too

constexpr int64_t kLeaderPpm = 1000000;
constexpr int kDemandFactorBits = 32;
// Largest elasticity and flexibility: 10 (the host refuses more), which keeps every product
// below in 128 bits and every per-follower energy below 11 x the scaled load.
constexpr int64_t kMaxLeaderPpm = 10 * kLeaderPpm;

// Follower classes: bit 0 has PV (its profile generates in the horizon), bit 1 owns a battery.
constexpr uint32_t kFollowerClasses = 4;
constexpr uint32_t kClassPv = 1;
constexpr uint32_t kClassBattery = 2;

struct FollowerClass {
  int64_t elasticity_ppm;  // eps, in [0, kMaxLeaderPpm]
  int64_t flex_ppm;        // phi, in [0, kMaxLeaderPpm]
};

// Who the followers are: the store's meters themselves (follower i is meter i, scale 1, no
// shift), or `followers` agents that sample profiles as market agents do (kernels/profile.h).
struct FollowerRule {
  AgentProfileRule profiles;
  uint64_t followers;
  uint32_t sampled;            // 0: the meters; 1: sampled by `profiles`
  uint64_t battery_threshold;  // of 2^32: the share of followers owning a battery
  uint64_t seed;
};

// Per-follower sums the backends return, in mWh, per slot and candidate price.
enum FollowerField : uint32_t {
  kFollowerBought = 0,  // c - G bought from the leader at p
  kFollowerSold = 1,    // G - c sold to the leader at the feed-in tariff
  kFollowerShift = 2,   // c - L, the consumption the price adds (>= 0 for f <= p <= r)
  kFollowerLoss = 3,    // (c - L)^2 / (2 eps L): the benefit B loses below r (c - L), over r
  kFollowerFields = 4,
};

// floor(eps (r - p) / r * 2^32): the relative extra consumption at price p. Preconditions:
// 0 <= p <= r <= 10^8 (100 currency per kWh), 0 <= eps <= kMaxLeaderPpm. 0 when r = 0.
EVO_HD int64_t demand_factor(int64_t elasticity_ppm, int64_t retail, int64_t price) {
  if (retail <= 0) return 0;
  const LeaderWide num = (static_cast<LeaderWide>(elasticity_ppm) * (retail - price))
                         << kDemandFactorBits;
  return static_cast<int64_t>(num / (static_cast<LeaderWide>(kLeaderPpm) * retail));
}

// The follower's profile: meter `follower` itself, or a sampled one.
EVO_HD AgentProfile follower_profile(const FollowerRule& r, uint64_t follower) {
  if (r.sampled == 0) return AgentProfile{follower, uint32_t{1} << 16, 0};
  return agent_profile(r.profiles, follower);
}

// Battery owners are drawn as in the market game (Purpose::kBattery, same seed and follower id:
// the same agents own one in a market run with that seed and share).
EVO_HD uint32_t follower_class(const FollowerRule& r, uint64_t follower, bool has_pv) {
  const Draw4 d = draw4(r.seed, follower, Purpose::kBattery, 0, 0);
  return (has_pv ? kClassPv : 0) | (d.v[0] < r.battery_threshold ? kClassBattery : 0);
}

// How far consumption may move from the load: floor(L phi). Precondition: 0 <= load <= 10^15.
EVO_HD int64_t follower_room(int64_t load, int64_t flex_ppm) {
  return static_cast<int64_t>(static_cast<LeaderWide>(load) * flex_ppm / kLeaderPpm);
}

// Consumption at demand factor `factor`: L + floor(L factor / 2^32), clipped to L +- room.
// Precondition: 0 <= load <= 10^15, factor >= 0.
EVO_HD int64_t consumption_within(int64_t load, int64_t factor, int64_t room) {
  const int64_t want =
      load + static_cast<int64_t>((static_cast<LeaderWide>(load) * factor) >> kDemandFactorBits);
  if (want > load + room) return load + room;
  if (want < load - room) return load - room;
  return want;
}

EVO_HD int64_t follower_consumption(int64_t load, int64_t factor, int64_t flex_ppm) {
  return consumption_within(load, factor, follower_room(load, flex_ppm));
}

struct FollowerResponse {
  int64_t consumption;  // c
  int64_t bought;       // from the leader
  int64_t sold;         // to the leader
};

// The best response from the consumption at the price and at the feed-in tariff
// (at_price <= at_fit): buy, sell, or consume exactly the PV.
EVO_HD FollowerResponse response_of(int64_t pv, int64_t at_price, int64_t at_fit) {
  if (at_price > pv) return FollowerResponse{at_price, at_price - pv, 0};
  if (at_fit < pv) return FollowerResponse{at_fit, 0, pv - at_fit};
  return FollowerResponse{pv, 0, 0};
}

// The best response at the leader's price (factor_price) with the feed-in tariff (factor_fit).
// Precondition: factor_price <= factor_fit (the price is at least the feed-in tariff).
EVO_HD FollowerResponse follower_response(int64_t load, int64_t pv, int64_t flex_ppm,
                                          int64_t factor_price, int64_t factor_fit) {
  const int64_t room = follower_room(load, flex_ppm);
  return response_of(pv, consumption_within(load, factor_price, room),
                     consumption_within(load, factor_fit, room));
}

// What a follower sells at any price p >= f: (G - c_f)^+, where c_f is its consumption at the
// feed-in tariff (it sells only when c_p <= c_f < G).
EVO_HD int64_t follower_sold(int64_t load, int64_t pv, int64_t flex_ppm, int64_t factor_fit) {
  const int64_t at_fit = follower_consumption(load, factor_fit, flex_ppm);
  return at_fit < pv ? pv - at_fit : 0;
}

// floor((c - L)^2 / (2 eps L)) in mWh; 0 when c = L. Precondition: 0 <= c - L <= eps L (true
// for every best response at f <= p <= r), so the result is at most (c - L) / 2.
EVO_HD int64_t follower_loss(int64_t load, int64_t consumption, int64_t elasticity_ppm) {
  const int64_t d = consumption - load;
  if (d == 0 || elasticity_ppm == 0 || load == 0) return 0;
  const LeaderWide num = static_cast<LeaderWide>(d) * d * kLeaderPpm;
  return static_cast<int64_t>(num / (static_cast<LeaderWide>(2) * elasticity_ppm * load));
}

// One query of the leader: candidate prices for every slot of a batch, as demand factors.
// factors[(slot * per_slot + j) * kFollowerClasses + class] is candidate j's factor,
// fit[slot * kFollowerClasses + class] the feed-in tariff's (slot relative to the batch).
struct FollowerQueryView {
  const int64_t* factors;
  const int64_t* fit;
  uint32_t per_slot;
  uint32_t settle;  // 0: what followers buy (and sell); 1: every FollowerField
};

// Sums per slot of a query: settle, [candidate][kFollowerFields]; else what followers buy at
// each candidate, then one entry, what they sell (the same at every candidate).
EVO_HD uint32_t follower_row_width(uint32_t per_slot, bool settle) {
  return settle ? per_slot * kFollowerFields : per_slot + 1;
}

// What one follower (scaled load and PV, class `cls`) adds to slot `slot`'s row of a query:
// add(index in the row, value), the same sequence of calls whatever the energy (the CUDA twin
// reduces across a warp before adding).
template <class Add>
EVO_HD void add_follower_slot(int64_t load, int64_t pv, uint32_t cls, const FollowerClass& c,
                              const FollowerQueryView& q, uint64_t slot, Add add) {
  // What does not depend on the candidate is computed once (the 128-bit division above all).
  const int64_t room = follower_room(load, c.flex_ppm);
  const int64_t at_fit = consumption_within(load, q.fit[slot * kFollowerClasses + cls], room);
  const int64_t* factors = q.factors + slot * q.per_slot * kFollowerClasses;
  for (uint32_t j = 0; j < q.per_slot; ++j) {
    const int64_t at_price = consumption_within(load, factors[j * kFollowerClasses + cls], room);
    const FollowerResponse r = response_of(pv, at_price, at_fit);
    if (q.settle == 0) {
      add(j, r.bought);
      continue;
    }
    const uint32_t at = j * kFollowerFields;
    add(at + kFollowerBought, r.bought);
    add(at + kFollowerSold, r.sold);
    add(at + kFollowerShift, r.consumption - load);
    add(at + kFollowerLoss, follower_loss(load, r.consumption, c.elasticity_ppm));
  }
  if (q.settle == 0) add(q.per_slot, at_fit < pv ? pv - at_fit : 0);
}

// A follower's scaled load and PV in absolute slot `slot` of a batch.
struct FollowerEnergy {
  int64_t load;
  int64_t pv;
};

EVO_HD FollowerEnergy follower_energy(const EnergyBatchView& b, const AgentProfile& a,
                                      uint64_t slot) {
  const uint64_t i = profile_cell(b, a, slot);
  return FollowerEnergy{scaled_energy(b.load[i], a), scaled_energy(b.pv[i], a)};
}

}  // namespace evomarket
