// A home battery behind the meter, run greedily for self-consumption: surplus charges it, a
// deficit discharges it, before anything reaches the market (docs/market.md). Integer energy
// (mWh); losses are taken on discharge: drawing e from storage delivers floor(e eta).
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/rng.h"

namespace evomarket {

constexpr uint32_t kEfficiencyOne = 1000000;  // round-trip efficiency in parts per million

struct BatteryParams {
  uint64_t owners;          // Bernoulli threshold (of 2^32) for an agent to own one; 0 = none
  int64_t capacity_mwh;     // usable storage
  int64_t max_slot_mwh;     // power limit times slot length, both directions
  uint32_t efficiency_ppm;  // round trip, (0, kEfficiencyOne]
};

EVO_HD bool owns_battery(const BatteryParams& b, uint64_t seed, uint64_t agent) {
  if (b.owners == 0 || b.capacity_mwh == 0) return false;
  const Draw4 d = draw4(seed, agent, Purpose::kBattery, 0, 0);
  return d.v[0] < b.owners;
}

// Applies the battery to one slot's net position (> 0 surplus, < 0 deficit); updates the state
// of charge and returns the net position the meter sees.
EVO_HD int64_t battery_step(const BatteryParams& b, int64_t net, int64_t* charge) {
  if (net > 0) {
    int64_t c = net < b.max_slot_mwh ? net : b.max_slot_mwh;
    const int64_t room = b.capacity_mwh - *charge;
    if (c > room) c = room;
    *charge += c;
    return net - c;
  }
  if (net < 0) {
    // Storage needed to deliver the whole deficit: ceil(deficit / eta).
    const int64_t deficit = -net;
    int64_t draw = (deficit * kEfficiencyOne + b.efficiency_ppm - 1) / b.efficiency_ppm;
    if (draw > b.max_slot_mwh) draw = b.max_slot_mwh;
    if (draw > *charge) draw = *charge;
    int64_t delivered = draw * b.efficiency_ppm / kEfficiencyOne;
    if (delivered > deficit) delivered = deficit;
    *charge -= draw;
    return net + delivered;
  }
  return 0;
}

}  // namespace evomarket
