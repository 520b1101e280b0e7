// Clearing one community's order book in one trading slot (divisible quantities).
//
// Orders carry an integer price (money per unit of energy, e.g. micro-dollars per kWh) and an
// integer quantity (mWh). Asks are sorted by price ascending, bids by price descending, ties by
// id (price-time priority); sorting is the caller's (CUB segmented sort on the GPU, std::sort on
// the CPU). The walk matches the cheapest remaining ask with the dearest remaining bid while the
// bid is at least the ask, so the marginal orders may be filled in part. Money is price x
// quantity in price-quantity units (for micro-dollars per kWh and mWh: 1e-12 dollars); the
// caller scales it once. docs/clearing.md has the formulas and the worked examples.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"

namespace evomarket {

struct Order {
  int64_t price;     // >= 0
  int64_t quantity;  // > 0, mWh
  uint32_t id;       // the agent (tie-break and identity)
};

enum class UniformPrice : uint32_t {
  kLastMatchedPair = 0,    // p = s_K + k (b_K - s_K), s_K / b_K the last matched ask / bid
  kWalrasianInterval = 1,  // p = lo + k (hi - lo) over the interval where supply meets demand
};

enum class PayAsBid : uint32_t {
  kOwnPrice = 0,  // buyer pays its bid, seller receives its ask (the operator keeps the spread)
  kMidpoint = 1,  // each matched pair trades at (ask + bid) / 2 (floor)
  kBidRate = 2,   // Grid Singularity's two-sided pay-as-bid: both sides at the bid (no spread)
};

// Summary of one clearing; per-order fills and money go to caller-provided arrays.
struct ClearingResult {
  int64_t volume;    // energy traded, mWh
  int64_t price;     // uniform price (uniform mechanisms), -1 for pay-as-bid
  int64_t last_ask;  // s_K: price of the last matched ask (-1 when nothing trades)
  int64_t last_bid;  // b_K: price of the last matched bid (-1 when nothing trades)
  int64_t lo, hi;    // the Walrasian interval [lo, hi] (uniform mechanisms)
};

// k = k_num / k_den in [0, 1]; the price is floor(a + k (b - a)) for a <= b.
EVO_HD int64_t k_point(int64_t a, int64_t b, int64_t k_num, int64_t k_den) {
  return a + (b - a) * k_num / k_den;
}

// Walks the book once, calling match(ask index, bid index, quantity) in order.
template <class Match>
EVO_HD int64_t walk_book(const Order* asks, uint32_t n_asks, const Order* bids, uint32_t n_bids,
                         Match match) {
  uint32_t i = 0, j = 0;
  int64_t ask_left = n_asks ? asks[0].quantity : 0;
  int64_t bid_left = n_bids ? bids[0].quantity : 0;
  int64_t volume = 0;
  while (i < n_asks && j < n_bids && bids[j].price >= asks[i].price) {
    const int64_t q = ask_left < bid_left ? ask_left : bid_left;
    match(i, j, q);
    volume += q;
    ask_left -= q;
    bid_left -= q;
    if (ask_left == 0 && ++i < n_asks) ask_left = asks[i].quantity;
    if (bid_left == 0 && ++j < n_bids) bid_left = bids[j].quantity;
  }
  return volume;
}

// Uniform-price k-double auction. ask_fill/bid_fill receive each order's traded quantity,
// ask_money/bid_money its revenue/cost (price x quantity); all four arrays are overwritten.
EVO_HD ClearingResult clear_uniform(const Order* asks, uint32_t n_asks, const Order* bids,
                                    uint32_t n_bids, int64_t k_num, int64_t k_den,
                                    UniformPrice rule, int64_t* ask_fill, int64_t* bid_fill,
                                    int64_t* ask_money, int64_t* bid_money) {
  for (uint32_t i = 0; i < n_asks; ++i) ask_fill[i] = ask_money[i] = 0;
  for (uint32_t j = 0; j < n_bids; ++j) bid_fill[j] = bid_money[j] = 0;
  ClearingResult r{0, -1, -1, -1, -1, -1};
  int64_t last_i = -1, last_j = -1;
  r.volume = walk_book(asks, n_asks, bids, n_bids, [&](uint32_t i, uint32_t j, int64_t q) {
    ask_fill[i] += q;
    bid_fill[j] += q;
    last_i = i;
    last_j = j;
  });
  if (r.volume == 0) return r;
  r.last_ask = asks[last_i].price;
  r.last_bid = bids[last_j].price;
  // The interval where supply meets demand at the traded volume: above the last matched ask
  // and the dearest bid left wanting, below the last matched bid and the cheapest ask left over.
  r.lo = r.last_ask;
  r.hi = r.last_bid;
  for (uint32_t j = 0; j < n_bids; ++j) {
    if (bid_fill[j] < bids[j].quantity) {
      if (bids[j].price > r.lo) r.lo = bids[j].price;
      break;  // bids are sorted: the first with quantity left is the dearest
    }
  }
  for (uint32_t i = 0; i < n_asks; ++i) {
    if (ask_fill[i] < asks[i].quantity) {
      if (asks[i].price < r.hi) r.hi = asks[i].price;
      break;
    }
  }
  r.price = rule == UniformPrice::kLastMatchedPair ? k_point(r.last_ask, r.last_bid, k_num, k_den)
                                                   : k_point(r.lo, r.hi, k_num, k_den);
  for (uint32_t i = 0; i < n_asks; ++i) ask_money[i] = ask_fill[i] * r.price;
  for (uint32_t j = 0; j < n_bids; ++j) bid_money[j] = bid_fill[j] * r.price;
  return r;
}

// Discriminatory (pay-as-bid) matching in merit order: the same walk, each matched pair priced
// by `rule`.
EVO_HD ClearingResult clear_pay_as_bid(const Order* asks, uint32_t n_asks, const Order* bids,
                                       uint32_t n_bids, PayAsBid rule, int64_t* ask_fill,
                                       int64_t* bid_fill, int64_t* ask_money, int64_t* bid_money) {
  for (uint32_t i = 0; i < n_asks; ++i) ask_fill[i] = ask_money[i] = 0;
  for (uint32_t j = 0; j < n_bids; ++j) bid_fill[j] = bid_money[j] = 0;
  ClearingResult r{0, -1, -1, -1, -1, -1};
  r.volume = walk_book(asks, n_asks, bids, n_bids, [&](uint32_t i, uint32_t j, int64_t q) {
    ask_fill[i] += q;
    bid_fill[j] += q;
    if (rule == PayAsBid::kOwnPrice) {
      ask_money[i] += asks[i].price * q;
      bid_money[j] += bids[j].price * q;
    } else if (rule == PayAsBid::kBidRate) {
      ask_money[i] += bids[j].price * q;
      bid_money[j] += bids[j].price * q;
    } else {
      const int64_t mid = (asks[i].price + bids[j].price) / 2;
      ask_money[i] += mid * q;
      bid_money[j] += mid * q;
    }
    r.last_ask = asks[i].price;
    r.last_bid = bids[j].price;
  });
  return r;
}

}  // namespace evomarket
