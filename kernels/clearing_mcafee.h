// Trade-reduction double auctions: McAfee (1992) for unit traders, McAfee's p0 rule carried over
// to divisible books, and trade reduction for divisible quantities in the spirit of Huang,
// Scheller-Wolf and Sycara (2002).
//
// Books as in kernels/clearing.h: asks sorted by price ascending, bids by price descending, ties
// by id (the caller sorts). Integer prices, quantities in mWh, money = price x quantity in int64;
// buyers' money is what they pay, sellers' money what they receive. Both mechanisms are weakly
// budget balanced (strongly when p0 prices every trade): the operator keeps (buy price - sell
// price) x traded volume >= 0. Rationing products are taken in 128 bits (bounds as in
// kernels/clearing_community.h). docs/clearing.md has the formulas, the rounding, the rationing
// rule and worked examples.
#pragma once

#include <cstdint>

#include "kernels/clearing.h"
#include "kernels/clearing_community.h"
#include "kernels/evo_hd.h"

namespace evomarket {

// Summary of one trade-reduction clearing; per-order fills and money go to caller arrays.
struct McAfeeResult {
  int64_t volume;            // traded: units (unit book) or mWh (divisible book)
  int64_t efficient_volume;  // K efficient pairs (unit book) or Q* of the walk (divisible book)
  int64_t buy_price;         // price per unit every trading buyer pays (-1 when nothing trades)
  int64_t sell_price;        // price per unit every trading seller receives (-1: nothing trades)
  int64_t operator_surplus;  // sum paid - sum received = (buy_price - sell_price) x volume >= 0
  int64_t last_ask;          // s_K: the last efficient (marginal) ask, -1 when K = 0 / Q* = 0
  int64_t last_bid;          // b_K: the last efficient (marginal) bid, -1 when K = 0 / Q* = 0
  int64_t candidate_price;   // p0 = floor((b_{K+1} + s_{K+1}) / 2) (first excluded pair), else -1
  bool reduced;              // the marginal pair / orders were excluded (trade reduction)
};

namespace mcafee_detail {

// True when floor(want x amount / total) = share leaves a non-zero remainder.
EVO_HD bool has_remainder(int64_t want, int64_t share, int64_t amount, int64_t total) {
  using community_detail::u128;
  return static_cast<u128>(static_cast<uint64_t>(want)) * static_cast<uint64_t>(amount) !=
         static_cast<u128>(static_cast<uint64_t>(share)) * static_cast<uint64_t>(total);
}

// Rations `amount` (0 <= amount <= total) over the orders o[i] (i < n) with take(i) true, total =
// sum of their quantities > 0: fill[i] = floor(q_i amount / total), then the units left over
// (fewer than the orders with a non-zero remainder) go one each to the orders with a non-zero
// remainder in ascending id order (equal ids: array order). The id is the agent, not part of its
// report, so no order can win a leftover unit by changing its price. The id threshold is found
// by binary search over the id range: O(32 n), no scratch memory. Other fills are not touched.
template <class Take>
EVO_HD void ration_by_id_if(const Order* o, uint32_t n, int64_t amount, int64_t total,
                            int64_t* fill, Take take) {
  int64_t given = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (!take(i)) continue;
    fill[i] = static_cast<int64_t>(community_detail::mul_div_floor(
        static_cast<uint64_t>(o[i].quantity), static_cast<uint64_t>(amount),
        static_cast<uint64_t>(total)));
    given += fill[i];
  }
  int64_t left = amount - given;
  if (left == 0) return;
  const auto leftover = [&](uint32_t i) {
    return take(i) && has_remainder(o[i].quantity, fill[i], amount, total);
  };
  // The smallest id t with at least `left` remainder orders of id <= t.
  uint64_t lo = 0, hi = UINT32_MAX;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    int64_t count = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if (o[i].id <= mid && leftover(i)) ++count;
    }
    if (count >= left) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  // Each order is visited once, so its remainder test still sees the floor share.
  for (uint32_t i = 0; i < n && left > 0; ++i) {
    if (o[i].id < lo && leftover(i)) {
      ++fill[i];
      --left;
    }
  }
  for (uint32_t i = 0; i < n && left > 0; ++i) {
    if (o[i].id == lo && leftover(i)) {
      ++fill[i];
      --left;
    }
  }
}

// ration_by_id_if over every order o[0 .. n).
struct TakeAll {
  EVO_HD bool operator()(uint32_t) const { return true; }
};
EVO_HD void ration_by_id(const Order* o, uint32_t n, int64_t amount, int64_t total, int64_t* fill) {
  ration_by_id_if(o, n, amount, total, fill, TakeAll{});
}

}  // namespace mcafee_detail

// McAfee (1992) trade reduction for unit traders: every order is one unit (its quantity is
// ignored). K = the number of efficient pairs (b_k >= s_k for k <= K, b_{K+1} < s_{K+1} or a side
// exhausted). When the first excluded pair exists, p0 = floor((b_{K+1} + s_{K+1}) / 2); if
// s_K <= p0 <= b_K, all K pairs trade at p0 (strong budget balance). Otherwise (p0 outside
// [s_K, b_K], or no first excluded pair) the K-th pair is dropped: buyers 1..K-1 pay b_K,
// sellers 1..K-1 receive s_K and the operator keeps (K - 1)(b_K - s_K). Fills are 0 or 1 unit;
// money is the unit price. All four arrays are overwritten.
EVO_HD McAfeeResult clear_mcafee_unit(const Order* asks, uint32_t n_asks, const Order* bids,
                                      uint32_t n_bids, int64_t* ask_fill, int64_t* bid_fill,
                                      int64_t* ask_money, int64_t* bid_money) {
  for (uint32_t i = 0; i < n_asks; ++i) ask_fill[i] = ask_money[i] = 0;
  for (uint32_t j = 0; j < n_bids; ++j) bid_fill[j] = bid_money[j] = 0;
  McAfeeResult r{0, 0, -1, -1, 0, -1, -1, -1, false};
  uint32_t k = 0;
  while (k < n_asks && k < n_bids && bids[k].price >= asks[k].price) ++k;
  r.efficient_volume = k;
  if (k == 0) return r;
  r.last_ask = asks[k - 1].price;
  r.last_bid = bids[k - 1].price;
  uint32_t trading = k - 1;
  int64_t buy = r.last_bid, sell = r.last_ask;
  r.reduced = true;
  if (k < n_asks && k < n_bids) {
    r.candidate_price = (bids[k].price + asks[k].price) / 2;  // prices >= 0: floor
    if (r.last_ask <= r.candidate_price && r.candidate_price <= r.last_bid) {
      trading = k;
      buy = sell = r.candidate_price;
      r.reduced = false;
    }
  }
  if (trading == 0) return r;
  r.volume = trading;
  r.buy_price = buy;
  r.sell_price = sell;
  r.operator_surplus = (buy - sell) * static_cast<int64_t>(trading);
  for (uint32_t t = 0; t < trading; ++t) {
    ask_fill[t] = bid_fill[t] = 1;
    ask_money[t] = sell;
    bid_money[t] = buy;
  }
  return r;
}

// Trade reduction for divisible quantities in the spirit of Huang, Scheller-Wolf and Sycara
// (2002). The walk of kernels/clearing.h finds the efficient volume Q* and the marginal (last
// matched) ask L and bid K; both marginal orders are excluded. Buyers before K (demand D) and
// sellers before L (supply S) trade V = min(S, D): buyers pay b_K per unit, sellers receive s_L
// per unit, the operator keeps (b_K - s_L) V. The short side trades all of its quantity; the
// long side is rationed pro rata, floor(q_i V / total), the leftover units one each in ascending
// id order (mcafee_detail::ration_by_id). On a book of unit quantities this is McAfee's
// reduction branch. All four arrays are overwritten.
EVO_HD McAfeeResult clear_trade_reduction(const Order* asks, uint32_t n_asks, const Order* bids,
                                          uint32_t n_bids, int64_t* ask_fill, int64_t* bid_fill,
                                          int64_t* ask_money, int64_t* bid_money) {
  for (uint32_t i = 0; i < n_asks; ++i) ask_fill[i] = ask_money[i] = 0;
  for (uint32_t j = 0; j < n_bids; ++j) bid_fill[j] = bid_money[j] = 0;
  McAfeeResult r{0, 0, -1, -1, 0, -1, -1, -1, false};
  uint32_t last_i = 0, last_j = 0;
  r.efficient_volume = walk_book(asks, n_asks, bids, n_bids, [&](uint32_t i, uint32_t j, int64_t) {
    last_i = i;
    last_j = j;
  });
  if (r.efficient_volume == 0) return r;
  r.last_ask = asks[last_i].price;
  r.last_bid = bids[last_j].price;
  r.reduced = true;
  int64_t supply = 0, demand = 0;
  for (uint32_t i = 0; i < last_i; ++i) supply += asks[i].quantity;
  for (uint32_t j = 0; j < last_j; ++j) demand += bids[j].quantity;
  const int64_t volume = supply < demand ? supply : demand;
  if (volume == 0) return r;
  if (supply <= demand) {
    for (uint32_t i = 0; i < last_i; ++i) ask_fill[i] = asks[i].quantity;
    mcafee_detail::ration_by_id(bids, last_j, volume, demand, bid_fill);
  } else {
    for (uint32_t j = 0; j < last_j; ++j) bid_fill[j] = bids[j].quantity;
    mcafee_detail::ration_by_id(asks, last_i, volume, supply, ask_fill);
  }
  r.volume = volume;
  r.buy_price = r.last_bid;
  r.sell_price = r.last_ask;
  r.operator_surplus = (r.buy_price - r.sell_price) * volume;
  for (uint32_t i = 0; i < last_i; ++i) ask_money[i] = ask_fill[i] * r.sell_price;
  for (uint32_t j = 0; j < last_j; ++j) bid_money[j] = bid_fill[j] * r.buy_price;
  return r;
}

// McAfee (1992) with its p0 rule on divisible books: the walk gives the efficient volume Q* and
// the marginal ask s_L and bid b_K; the first excluded pair is the cheapest ask and the dearest
// bid with quantity left after the walk (the marginal order itself when it was filled in part).
// When both exist, p0 = floor((b + s) / 2) of that pair; if s_L <= p0 <= b_K, the walk's fills
// trade at p0 (strong budget balance), otherwise (or with no excluded pair) the result is
// clear_trade_reduction's. On a book of unit quantities this is clear_mcafee_unit exactly
// (tested). All four arrays are overwritten.
EVO_HD McAfeeResult clear_mcafee(const Order* asks, uint32_t n_asks, const Order* bids,
                                 uint32_t n_bids, int64_t* ask_fill, int64_t* bid_fill,
                                 int64_t* ask_money, int64_t* bid_money) {
  for (uint32_t i = 0; i < n_asks; ++i) ask_fill[i] = ask_money[i] = 0;
  for (uint32_t j = 0; j < n_bids; ++j) bid_fill[j] = bid_money[j] = 0;
  uint32_t last_i = 0, last_j = 0;
  const int64_t volume =
      walk_book(asks, n_asks, bids, n_bids, [&](uint32_t i, uint32_t j, int64_t q) {
        ask_fill[i] += q;
        bid_fill[j] += q;
        last_i = i;
        last_j = j;
      });
  int64_t next_ask = -1, next_bid = -1;  // the first excluded pair's prices
  for (uint32_t i = 0; i < n_asks && next_ask < 0; ++i) {
    if (ask_fill[i] < asks[i].quantity) next_ask = asks[i].price;
  }
  for (uint32_t j = 0; j < n_bids && next_bid < 0; ++j) {
    if (bid_fill[j] < bids[j].quantity) next_bid = bids[j].price;
  }
  const int64_t p0 = volume > 0 && next_ask >= 0 && next_bid >= 0 ? (next_ask + next_bid) / 2 : -1;
  if (p0 >= 0 && asks[last_i].price <= p0 && p0 <= bids[last_j].price) {
    for (uint32_t i = 0; i < n_asks; ++i) ask_money[i] = ask_fill[i] * p0;
    for (uint32_t j = 0; j < n_bids; ++j) bid_money[j] = bid_fill[j] * p0;
    return McAfeeResult{volume, volume, p0, p0, 0, asks[last_i].price, bids[last_j].price,
                        p0,     false};
  }
  McAfeeResult r =
      clear_trade_reduction(asks, n_asks, bids, n_bids, ask_fill, bid_fill, ask_money, bid_money);
  r.candidate_price = p0;
  return r;
}

}  // namespace evomarket
