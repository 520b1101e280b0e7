// Coalitional games, shared by both backends (docs/solvers.md, "Coalitional games"): the random
// player order of one sampled Shapley permutation, and the energy coalition game's evaluator,
// the grid money of a coalition that pools its members' net positions (and batteries).
//
// Units as in the market (kernels/market.h): energy in mWh, prices in micro-currency per kWh,
// money in price x mWh = pico-currency. Money is summed in 128 bits: a coalition of thousands of
// homes over a year can pass 2^63 pico (9.2 million currency).
#pragma once

#include <cstdint>

#include "kernels/battery.h"
#include "kernels/bidding.h"
#include "kernels/evo_hd.h"
#include "kernels/rng.h"

namespace evomarket {

__extension__ typedef __int128 CoalitionMoney;  // pico-currency; g++/clang builtin, nvcc too

// The order in which sample `sample` adds the players 0 .. n-1, into order[0 .. n): a uniform
// random permutation by Fisher-Yates from the last position down. Swap k takes 64 bits of
// draw4(seed, sample, kShapleySample, 0, k / 2) (two swaps per draw) through uniform_below, so
// a sample is a pure function of (seed, sample, n) on every backend and thread.
// Precondition: n >= 1.
EVO_HD void shapley_permutation(uint64_t seed, uint64_t sample, uint32_t n, uint32_t* order) {
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  Draw4 d{{0, 0, 0, 0}};
  uint32_t k = 0;
  for (uint32_t i = n - 1; i >= 1; --i, ++k) {
    if (k % 2 == 0) d = draw4(seed, sample, Purpose::kShapleySample, 0, k / 2);
    const uint32_t half = 2 * (k % 2);
    const uint32_t j = static_cast<uint32_t>(uniform_below(d.v[half], d.v[half + 1], i + 1));
    const uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

// What a net position x (mWh, > 0 export) earns with the grid alone in a slot: exports at the
// feed-in tariff, imports at retail (negative: money paid).
EVO_HD CoalitionMoney grid_money(int64_t x, int64_t retail, int64_t feed_in) {
  return x > 0 ? static_cast<CoalitionMoney>(feed_in) * x : static_cast<CoalitionMoney>(retail) * x;
}

// The battery of a coalition of `members` homes that each own `one`: capacities and power limits
// add up, the efficiency is each one's. Precondition: members * one's capacity and power fit
// int64 (the host checks, host/theory/energy_coalition.h).
EVO_HD BatteryParams pooled_battery(const BatteryParams& one, uint32_t members) {
  BatteryParams b = one;
  b.capacity_mwh = one.capacity_mwh * members;
  b.max_slot_mwh = one.max_slot_mwh * members;
  return b;
}

// One slot of a coalition: its members' summed net position runs through the pooled battery
// (when `battery` is not null; charge carried in *charge, greedy as a home battery,
// kernels/battery.h) and what is left settles with the grid.
EVO_HD CoalitionMoney coalition_slot_money(int64_t pooled_net, const BatteryParams* battery,
                                           int64_t* charge, int64_t retail, int64_t feed_in) {
  const int64_t x = battery != nullptr ? battery_step(*battery, pooled_net, charge) : pooled_net;
  return grid_money(x, retail, feed_in);
}

// The grid money of a coalition over `slots` slots, slot 0 the first of a day: pooled_net[s]
// its members' summed net positions, the battery (if any) empty at the start.
EVO_HD CoalitionMoney coalition_money(const int64_t* pooled_net, uint64_t slots,
                                      const TariffView& tariff, const BatteryParams* battery) {
  int64_t charge = 0;
  CoalitionMoney total = 0;
  for (uint64_t s = 0; s < slots; ++s) {
    const uint32_t of_day = static_cast<uint32_t>(s % tariff.slots_per_day);
    total += coalition_slot_money(pooled_net[s], battery, &charge, retail_price(tariff, of_day),
                                  feed_in_price(tariff, of_day));
  }
  return total;
}

}  // namespace evomarket
