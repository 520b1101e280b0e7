// Community clearing without a uniform-price book walk: supply-demand-ratio (SDR) pricing after
// Liu et al. (2017) and the mid-market rate (book-free, on net positions), the manager's reverse
// auction (storage/DER procurement), and the continuous double auction in arrival order.
//
// Units follow kernels/clearing.h: integer prices (money per kWh, e.g. micro-dollars), integer
// quantities (mWh), money = price x quantity in int64. Everything is integer arithmetic; products
// that can leave 64 bits (the SDR price, pro-rata rationing) are taken in 128 bits. Bounds: prices
// in [0, 2^31), quantities and community totals in [0, 2^62), and price x (community total) must
// fit int64 (prices up to 1e7 and totals up to 9e11 mWh do). docs/clearing.md has the formulas,
// the rounding and worked examples.
#pragma once

#include <cstdint>

#include "kernels/clearing.h"
#include "kernels/evo_hd.h"
#include "kernels/rng.h"

namespace evomarket {

namespace community_detail {

__extension__ typedef unsigned __int128 u128;  // g++/clang builtin; nvcc supports it in device code

// floor(a * b / c) for c > 0, exact for a * b < 2^128 and a quotient below 2^64.
EVO_HD uint64_t mul_div_floor(uint64_t a, uint64_t b, uint64_t c) {
  return static_cast<uint64_t>(static_cast<u128>(a) * b / c);
}

// a * b mod c for c > 0.
EVO_HD uint64_t mul_mod(uint64_t a, uint64_t b, uint64_t c) {
  return static_cast<uint64_t>(static_cast<u128>(a) * b % c);
}

// Pro-rata rationing of `amount` (0 <= amount <= total) over the participants on one side
// (sign > 0: net[i] > 0, sign < 0: net[i] < 0), total = sum of |net[i]| over that side > 0.
// share[i] = floor(|net[i]| amount / total); the amount left over (fewer units than there are
// participants with a non-zero remainder) goes one mWh each to the first such participants in
// index order. Writes the share with the sign of net[i] into out[i] for that side only.
EVO_HD void ration(const int64_t* net, uint32_t n, int sign, int64_t amount, int64_t total,
                   int64_t* out) {
  int64_t given = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if ((sign > 0 && net[i] > 0) || (sign < 0 && net[i] < 0)) {
      const uint64_t want = static_cast<uint64_t>(net[i] > 0 ? net[i] : -net[i]);
      const int64_t share = static_cast<int64_t>(
          mul_div_floor(want, static_cast<uint64_t>(amount), static_cast<uint64_t>(total)));
      out[i] = sign > 0 ? share : -share;
      given += share;
    }
  }
  int64_t left = amount - given;
  for (uint32_t i = 0; i < n && left > 0; ++i) {
    if ((sign > 0 && net[i] > 0) || (sign < 0 && net[i] < 0)) {
      const uint64_t want = static_cast<uint64_t>(net[i] > 0 ? net[i] : -net[i]);
      if (mul_mod(want, static_cast<uint64_t>(amount), static_cast<uint64_t>(total)) != 0) {
        out[i] += sign;
        --left;
      }
    }
  }
}

}  // namespace community_detail

// --- book-free community prices ------------------------------------------------------------

enum class CommunityPricing : uint32_t {
  kSupplyDemandRatio = 0,  // Liu et al. (2017): prices from SDR = S / D
  kMidMarket = 1,          // (retail + feed-in) / 2 for the internally matched volume
};

// Summary of one slot of one community. Per-participant results go to caller arrays.
struct CommunityResult {
  int64_t supply;           // S: sum of the sellers' surplus, mWh
  int64_t demand;           // D: sum of the buyers' deficit, mWh
  int64_t internal;         // min(S, D): energy matched inside the community
  int64_t grid_import;      // max(D - S, 0)
  int64_t grid_export;      // max(S - D, 0)
  int64_t sell_price;       // internal price sellers receive (SDR: p_s; mid-market: the midpoint)
  int64_t buy_price;        // internal price buyers pay (SDR: p_b; mid-market: the midpoint)
  int64_t manager_surplus;  // buyers' payments + export revenue - sellers' receipts - import cost
};

// The SDR prices for supply S and demand D (S, D >= 0), 0 <= fit <= retail:
//   S <= D, S > 0: p_s = floor(retail fit D / ((retail - fit) S + fit D))   (= the paper's p_s)
//                  p_b = ceil((p_s S + retail (D - S)) / D)          (p_s SDR + retail (1 - SDR))
//   S = 0, D > 0:  p_s = p_b = retail (the limit SDR -> 0; nobody sells)
//   S > D or D = 0: p_s = p_b = fit
// Writes p_s, p_b; fit <= p_s <= retail and fit <= p_b <= retail.
EVO_HD void sdr_prices(int64_t supply, int64_t demand, int64_t retail, int64_t fit,
                       int64_t* sell_price, int64_t* buy_price) {
  if (demand == 0 || supply > demand) {
    *sell_price = *buy_price = fit;
    return;
  }
  if (supply == 0) {
    *sell_price = *buy_price = retail;
    return;
  }
  using community_detail::u128;
  const u128 num = static_cast<u128>(static_cast<uint64_t>(retail) * static_cast<uint64_t>(fit)) *
                   static_cast<uint64_t>(demand);
  const u128 den =
      static_cast<u128>(static_cast<uint64_t>(retail - fit)) * static_cast<uint64_t>(supply) +
      static_cast<u128>(static_cast<uint64_t>(fit)) * static_cast<uint64_t>(demand);
  // den = 0 only when retail = fit = 0 (every price is 0).
  const int64_t ps = den == 0 ? 0 : static_cast<int64_t>(num / den);
  const u128 owed =
      static_cast<u128>(static_cast<uint64_t>(ps)) * static_cast<uint64_t>(supply) +
      static_cast<u128>(static_cast<uint64_t>(retail)) * static_cast<uint64_t>(demand - supply);
  const uint64_t d = static_cast<uint64_t>(demand);
  *sell_price = ps;
  *buy_price = static_cast<int64_t>((owed + d - 1) / d);
}

// Book-free community clearing of one slot. net[i] is participant i's net position in mWh
// (> 0: surplus to sell, < 0: deficit to buy). Writes, for every participant,
//   traded[i]: energy exchanged inside the community (sign of net[i]),
//   grid[i]:   energy exchanged with the grid (> 0 export, < 0 import), traded + grid = net,
//   money[i]:  money received (> 0) or paid (< 0).
// The short side trades all of its position internally; the long side is rationed pro rata
// (community_detail::ration) and takes the rest from / gives it to the grid.
//   SDR: sellers receive p_s on their whole surplus and buyers pay p_b on their whole deficit;
//        the manager settles the grid (imports at retail, exports at fit).
//   Mid-market: internal energy at floor((retail + fit) / 2) on both sides; each participant's
//        grid part at retail (import) or fit (export).
// Precondition (checked on the host): 0 <= fit <= retail.
EVO_HD CommunityResult clear_community(const int64_t* net, uint32_t n, int64_t retail, int64_t fit,
                                       CommunityPricing pricing, int64_t* traded, int64_t* grid,
                                       int64_t* money) {
  CommunityResult r{0, 0, 0, 0, 0, 0, 0, 0};
  for (uint32_t i = 0; i < n; ++i) {
    if (net[i] > 0) r.supply += net[i];
    if (net[i] < 0) r.demand -= net[i];
    traded[i] = 0;
  }
  r.internal = r.supply < r.demand ? r.supply : r.demand;
  r.grid_import = r.demand - r.internal;
  r.grid_export = r.supply - r.internal;
  // The long side is rationed; the short side trades its whole position.
  if (r.supply > r.internal) community_detail::ration(net, n, 1, r.internal, r.supply, traded);
  if (r.demand > r.internal) community_detail::ration(net, n, -1, r.internal, r.demand, traded);
  for (uint32_t i = 0; i < n; ++i) {
    const bool short_side =
        (net[i] > 0 && r.supply == r.internal) || (net[i] < 0 && r.demand == r.internal);
    if (short_side) traded[i] = net[i];
    grid[i] = net[i] - traded[i];
  }
  if (pricing == CommunityPricing::kSupplyDemandRatio) {
    sdr_prices(r.supply, r.demand, retail, fit, &r.sell_price, &r.buy_price);
    for (uint32_t i = 0; i < n; ++i) {
      money[i] = net[i] > 0 ? r.sell_price * net[i] : r.buy_price * net[i];
    }
  } else {
    r.sell_price = r.buy_price = (retail + fit) / 2;
    for (uint32_t i = 0; i < n; ++i) {
      money[i] = r.sell_price * traded[i] + (grid[i] > 0 ? fit : retail) * grid[i];
    }
  }
  // The manager's balance: what participants pay in (-money summed) plus export revenue, minus
  // the import cost. For mid-market the grid parts are the participants' own (net zero).
  int64_t paid_in = 0;
  for (uint32_t i = 0; i < n; ++i) paid_in -= money[i];
  r.manager_surplus = paid_in + fit * r.grid_export - retail * r.grid_import;
  return r;
}

// --- reverse auction (the manager buys) ------------------------------------------------------

struct ReverseAuctionResult {
  int64_t quantity;  // energy bought, mWh (<= the quantity wanted)
  int64_t price;     // uniform price paid per unit, -1 when nothing is bought or under VCG
  int64_t cost;      // what the manager pays the sellers in all (uniform: price x quantity)
};

// How the reverse auction pays the accepted sellers.
enum class ReversePayment : uint32_t {
  kUniform = 0,  // every unit at the first rejected unit's price, capped at the reserve
  kVcg = 1,      // each seller its VCG (Clarke pivot) payment for its divisible offer
};

namespace community_detail {

// What the next `units` mWh cost the manager from the supply the allocation left unbought
// (asks[first ..], minus what fill[] took, skipping ask `skip`), cheapest first, at the asks'
// prices while they are <= reserve and at the reserve beyond: a seller's VCG payment.
EVO_HD int64_t residual_cost(const Order* asks, uint32_t n_asks, const int64_t* fill,
                             uint32_t first, uint32_t skip, int64_t units, int64_t reserve) {
  int64_t cost = 0;
  for (uint32_t k = first; k < n_asks && units > 0 && asks[k].price <= reserve; ++k) {
    if (k == skip) continue;
    const int64_t left = asks[k].quantity - fill[k];
    const int64_t take = left < units ? left : units;
    cost += take * asks[k].price;
    units -= take;
  }
  return cost + units * reserve;
}

}  // namespace community_detail

// The manager buys up to `wanted` mWh from asks sorted by price ascending (ties by id):
//   accept asks in order while price <= reserve and quantity is still wanted; the marginal ask
//   may be accepted in part.
// kUniform pays every accepted unit the price of the first rejected unit, capped at the reserve:
//   price = min(reserve, price of the cheapest unit not bought), where that unit is the
//   marginal ask's remainder when it was accepted in part, else the next ask (even one above
//   the reserve); price = reserve when no unit is left unbought.
// kVcg pays accepted seller i, with fill x_i, its VCG amount: the manager's cost of procuring
//   without i (unbought units valued at the reserve) minus the cost of the others' part of the
//   allocation with i. For linear offers that is the cost of x_i more units from what the
//   allocation left unbought (other sellers' remaining asks at <= reserve, cheapest first, then
//   the reserve): >= the uniform payment, <= reserve x x_i (docs/clearing.md).
// fill[i] and money[i] (seller revenue) are overwritten for every ask.
EVO_HD ReverseAuctionResult reverse_auction(const Order* asks, uint32_t n_asks, int64_t wanted,
                                            int64_t reserve, int64_t* fill, int64_t* money,
                                            ReversePayment payment = ReversePayment::kUniform) {
  ReverseAuctionResult r{0, -1, 0};
  int64_t first_rejected = -1;   // price of the cheapest unit not bought, -1 when none
  uint32_t first_left = n_asks;  // the first ask with quantity not bought
  for (uint32_t i = 0; i < n_asks; ++i) {
    fill[i] = money[i] = 0;
    if (first_rejected >= 0) continue;
    const int64_t need = wanted - r.quantity;
    if (asks[i].price > reserve || need <= 0) {
      first_rejected = asks[i].price;
      first_left = i;
      continue;
    }
    fill[i] = asks[i].quantity < need ? asks[i].quantity : need;
    r.quantity += fill[i];
    if (fill[i] < asks[i].quantity) {
      first_rejected = asks[i].price;
      first_left = i;
    }
  }
  if (r.quantity == 0) return r;
  if (payment == ReversePayment::kVcg) {
    for (uint32_t i = 0; i < n_asks && fill[i] > 0; ++i) {
      money[i] =
          community_detail::residual_cost(asks, n_asks, fill, first_left, i, fill[i], reserve);
      r.cost += money[i];
    }
    return r;
  }
  r.price = first_rejected >= 0 && first_rejected < reserve ? first_rejected : reserve;
  for (uint32_t i = 0; i < n_asks; ++i) money[i] = fill[i] * r.price;
  r.cost = r.quantity * r.price;
  return r;
}

// Shares `cost` among orders with fills fill[0 .. n) summing to `total` > 0, pro rata:
// money[i] = floor(fill_i cost / total), the money units left over (fewer than the orders with
// a non-zero remainder) one each to the first such orders in array order, so the shares sum to
// `cost` exactly (0 <= cost, cost x fill in 128 bits). The manager passes VCG costs on this way.
EVO_HD void share_cost(const int64_t* fill, uint32_t n, int64_t cost, int64_t total,
                       int64_t* money) {
  using community_detail::mul_div_floor;
  using community_detail::mul_mod;
  int64_t left = cost;
  for (uint32_t i = 0; i < n; ++i) {
    money[i] = static_cast<int64_t>(mul_div_floor(
        static_cast<uint64_t>(fill[i]), static_cast<uint64_t>(cost), static_cast<uint64_t>(total)));
    left -= money[i];
  }
  for (uint32_t i = 0; i < n && left > 0; ++i) {
    if (mul_mod(static_cast<uint64_t>(fill[i]), static_cast<uint64_t>(cost),
                static_cast<uint64_t>(total)) != 0) {
      ++money[i];
      --left;
    }
  }
}

// --- continuous double auction -----------------------------------------------------------------

// A keyed random permutation of 0..n-1 into order[0..n) (Fisher-Yates): for i = n-1 down to 1,
// swap order[i] with order[j], j = uniform_below over draw4(seed, entity, purpose, generation,
// step = i) words 0 and 1. It uses steps 1..n-1 of that stream; the caller picks the purpose
// and an entity that no other draw of that purpose uses (e.g. the community-slot id).
EVO_HD void arrival_order(uint64_t seed, uint64_t entity, Purpose purpose, uint32_t generation,
                          uint32_t n, uint32_t* order) {
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  for (uint32_t i = n; i-- > 1;) {
    const Draw4 d = draw4(seed, entity, purpose, generation, i);
    const uint32_t j = static_cast<uint32_t>(uniform_below(d.v[0], d.v[1], uint64_t{i} + 1));
    const uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

// The price of a continuous-auction trade.
enum class ContinuousPrice : uint32_t {
  kRestingOrder = 0,  // the resting order's price (the book's usual rule)
  kMidpoint = 1,      // floor((ask + bid) / 2) of the two orders that trade
};

struct ContinuousResult {
  int64_t volume;      // energy traded, mWh
  uint32_t trades;     // number of (arriving, resting) matches
  int64_t last_price;  // price of the last trade, -1 when nothing trades
};

// Continuous double auction. Orders arrive in the order given by arrival[0 .. n_asks + n_bids)
// (a permutation; k < n_asks names asks[k], otherwise bids[k - n_asks]; asks and bids need no
// sorting). Each arriving order trades with the best resting order of the other side while the
// prices cross: best = lowest ask / highest bid, ties by earlier arrival (price-time priority);
// each trade is at the resting order's price (`price` kRestingOrder) or at floor((ask + bid) / 2)
// (kMidpoint), and for the smaller remaining quantity. What is
// left of the arriving order rests. Calls on_trade(ask index, bid index, price, quantity) for
// every trade, in order. ask_fill/bid_fill/ask_money/bid_money are overwritten (money: seller
// revenue, buyer cost). O((n_asks + n_bids)^2) without scratch memory: resting orders are found
// by scanning the arrivals so far.
template <class OnTrade>
EVO_HD ContinuousResult continuous_double_auction(
    const Order* asks, uint32_t n_asks, const Order* bids, uint32_t n_bids, const uint32_t* arrival,
    int64_t* ask_fill, int64_t* bid_fill, int64_t* ask_money, int64_t* bid_money, OnTrade on_trade,
    ContinuousPrice price = ContinuousPrice::kRestingOrder) {
  for (uint32_t i = 0; i < n_asks; ++i) ask_fill[i] = ask_money[i] = 0;
  for (uint32_t j = 0; j < n_bids; ++j) bid_fill[j] = bid_money[j] = 0;
  ContinuousResult r{0, 0, -1};
  const uint32_t n = n_asks + n_bids;
  for (uint32_t t = 0; t < n; ++t) {
    const bool is_ask = arrival[t] < n_asks;
    const uint32_t me = is_ask ? arrival[t] : arrival[t] - n_asks;
    const Order& mine = is_ask ? asks[me] : bids[me];
    int64_t left = mine.quantity;
    while (left > 0) {
      // Best resting order of the other side: strict improvement keeps the earliest arrival.
      uint32_t best = 0;
      int64_t best_price = -1;  // -1: no resting order on the other side
      for (uint32_t s = 0; s < t; ++s) {
        if ((arrival[s] < n_asks) == is_ask) continue;
        const uint32_t k = is_ask ? arrival[s] - n_asks : arrival[s];
        const Order& o = is_ask ? bids[k] : asks[k];
        if ((is_ask ? bid_fill[k] : ask_fill[k]) == o.quantity) continue;
        if (best_price < 0 || (is_ask ? o.price > best_price : o.price < best_price)) {
          best = k;
          best_price = o.price;
        }
      }
      if (best_price < 0) break;
      const Order& other = is_ask ? bids[best] : asks[best];
      if (is_ask ? other.price < mine.price : other.price > mine.price) break;  // no cross
      const int64_t other_left = other.quantity - (is_ask ? bid_fill[best] : ask_fill[best]);
      const int64_t q = left < other_left ? left : other_left;
      const uint32_t a = is_ask ? me : best, b = is_ask ? best : me;
      const int64_t p = price == ContinuousPrice::kMidpoint
                            ? (asks[a].price + bids[b].price) / 2  // prices >= 0: floor
                            : other.price;
      ask_fill[a] += q;
      bid_fill[b] += q;
      ask_money[a] += p * q;
      bid_money[b] += p * q;
      on_trade(a, b, p, q);
      left -= q;
      r.volume += q;
      ++r.trades;
      r.last_price = p;
    }
  }
  return r;
}

struct NoTradeCallback {
  EVO_HD void operator()(uint32_t, uint32_t, int64_t, int64_t) const {}
};

EVO_HD ContinuousResult continuous_double_auction(
    const Order* asks, uint32_t n_asks, const Order* bids, uint32_t n_bids, const uint32_t* arrival,
    int64_t* ask_fill, int64_t* bid_fill, int64_t* ask_money, int64_t* bid_money,
    ContinuousPrice price = ContinuousPrice::kRestingOrder) {
  return continuous_double_auction(asks, n_asks, bids, n_bids, arrival, ask_fill, bid_fill,
                                   ask_money, bid_money, NoTradeCallback{}, price);
}

}  // namespace evomarket
