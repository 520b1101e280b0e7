// MUDA, after Segal-Halevi, Hassidim and Aumann (2016), "MUDA: a truthful multi-unit
// double-auction mechanism": the traders are split into two random halves, each half's
// market-clearing price is computed, and each half trades at the price of the other half, so no
// trader's report can move the price it trades at.
//
// Books as in kernels/clearing.h (asks ascending, bids descending, ties by id). The halves come
// from the caller (muda_half: one Philox bit per trader, keyed by the community slot and the
// trader's id, so a trader's half is not part of its report). Each half's price is the uniform
// k-double auction's Walrasian-interval price of that half alone (k = k_num / k_den); a half
// without a trade has no price and the other half does not trade. At the other half's price p,
// the sellers of a half asking <= p and the buyers bidding >= p trade min(S, D): the short side
// in full, the long side pro rata with the leftover units by id (mcafee_detail::ration_by_id_if).
// Strongly budget balanced, individually rational. docs/clearing.md has a worked example.
#pragma once

#include <cstdint>

#include "kernels/clearing.h"
#include "kernels/clearing_mcafee.h"
#include "kernels/evo_hd.h"
#include "kernels/rng.h"

namespace evomarket {

struct MudaResult {
  int64_t volume;     // energy traded in both halves, mWh
  int64_t price[2];   // the price half h computed (half 1 - h trades at it); -1: none
  int64_t traded[2];  // energy traded in half h, mWh
};

// The half (0 or 1) of trader `member` in a community slot: bit 0 of one Philox draw.
EVO_HD uint32_t muda_half(uint64_t seed, uint64_t entity, uint32_t day, uint32_t member) {
  return draw4(seed, entity, Purpose::kMudaHalf, day, member).v[0] & 1u;
}

namespace muda_detail {

// The Walrasian-interval k-price of the orders of one half (half_of(id) == h), -1 when they do
// not trade: the walk of kernels/clearing.h over that half, lo = max(s_K, the dearest bid with
// quantity left), hi = min(b_K, the cheapest ask with quantity left), price lo + k (hi - lo).
template <class HalfOf>
EVO_HD int64_t half_price(const Order* asks, uint32_t n_asks, const Order* bids, uint32_t n_bids,
                          uint32_t h, HalfOf half_of, int64_t k_num, int64_t k_den) {
  uint32_t i = 0, j = 0;
  while (i < n_asks && half_of(asks[i].id) != h) ++i;
  while (j < n_bids && half_of(bids[j].id) != h) ++j;
  int64_t ask_left = i < n_asks ? asks[i].quantity : 0;
  int64_t bid_left = j < n_bids ? bids[j].quantity : 0;
  int64_t last_ask = -1, last_bid = -1;
  while (i < n_asks && j < n_bids && bids[j].price >= asks[i].price) {
    const int64_t q = ask_left < bid_left ? ask_left : bid_left;
    last_ask = asks[i].price;
    last_bid = bids[j].price;
    ask_left -= q;
    bid_left -= q;
    if (ask_left == 0) {
      while (++i < n_asks && half_of(asks[i].id) != h) {
      }
      if (i < n_asks) ask_left = asks[i].quantity;
    }
    if (bid_left == 0) {
      while (++j < n_bids && half_of(bids[j].id) != h) {
      }
      if (j < n_bids) bid_left = bids[j].quantity;
    }
  }
  if (last_ask < 0) return -1;
  // The orders at i and j (if any) are the first with quantity left on each side.
  const int64_t lo = j < n_bids && bids[j].price > last_ask ? bids[j].price : last_ask;
  const int64_t hi = i < n_asks && asks[i].price < last_bid ? asks[i].price : last_bid;
  return k_point(lo, hi, k_num, k_den);
}

}  // namespace muda_detail

// MUDA on a sorted book with the halves given by half_of(order id) in {0, 1}. Writes fills and
// money (seller revenue, buyer cost) for every order; all four arrays are overwritten.
template <class HalfOf>
EVO_HD MudaResult clear_muda(const Order* asks, uint32_t n_asks, const Order* bids, uint32_t n_bids,
                             int64_t k_num, int64_t k_den, HalfOf half_of, int64_t* ask_fill,
                             int64_t* bid_fill, int64_t* ask_money, int64_t* bid_money) {
  for (uint32_t i = 0; i < n_asks; ++i) ask_fill[i] = ask_money[i] = 0;
  for (uint32_t j = 0; j < n_bids; ++j) bid_fill[j] = bid_money[j] = 0;
  MudaResult r{0, {-1, -1}, {0, 0}};
  for (uint32_t h = 0; h < 2; ++h) {
    r.price[h] = muda_detail::half_price(asks, n_asks, bids, n_bids, h, half_of, k_num, k_den);
  }
  for (uint32_t h = 0; h < 2; ++h) {
    const int64_t p = r.price[1 - h];
    if (p < 0) continue;
    const auto selling = [&](uint32_t i) { return half_of(asks[i].id) == h && asks[i].price <= p; };
    const auto buying = [&](uint32_t j) { return half_of(bids[j].id) == h && bids[j].price >= p; };
    int64_t supply = 0, demand = 0;
    for (uint32_t i = 0; i < n_asks; ++i) supply += selling(i) ? asks[i].quantity : 0;
    for (uint32_t j = 0; j < n_bids; ++j) demand += buying(j) ? bids[j].quantity : 0;
    const int64_t volume = supply < demand ? supply : demand;
    if (volume == 0) continue;
    if (supply <= demand) {
      for (uint32_t i = 0; i < n_asks; ++i) {
        if (selling(i)) ask_fill[i] = asks[i].quantity;
      }
      mcafee_detail::ration_by_id_if(bids, n_bids, volume, demand, bid_fill, buying);
    } else {
      for (uint32_t j = 0; j < n_bids; ++j) {
        if (buying(j)) bid_fill[j] = bids[j].quantity;
      }
      mcafee_detail::ration_by_id_if(asks, n_asks, volume, supply, ask_fill, selling);
    }
    for (uint32_t i = 0; i < n_asks; ++i) {
      if (half_of(asks[i].id) == h) ask_money[i] = ask_fill[i] * p;
    }
    for (uint32_t j = 0; j < n_bids; ++j) {
      if (half_of(bids[j].id) == h) bid_money[j] = bid_fill[j] * p;
    }
    r.traded[h] = volume;
    r.volume += volume;
  }
  return r;
}

}  // namespace evomarket
