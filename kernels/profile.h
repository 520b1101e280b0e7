// Agents driven by metered (or synthetic) prosumer profiles.
//
// Energy inside the simulation is int64 milliwatt-hours: a profile value stored as float32 kWh
// is converted once, on load, as llround(double(kWh) * 1e6) (host/profile_feed.h). An agent
// follows one profile of the store, scaled and optionally shifted in time, all drawn statelessly
// from (seed, agent): no per-agent memory, so 300 metered homes can drive 10^9 agents.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/rng.h"

namespace evomarket {

constexpr int64_t kMilliwattHoursPerKilowattHour = 1000000;

// The largest energy one meter may have in one slot, in kWh (load, PV, or |net|): 100 MWh.
// A household uses about 10-30 kWh a day and a large building a few MWh; 100 MWh per slot is
// 200 MW over a 30-minute slot and, even with day-long slots, 4 MW around the clock. Ingest
// refuses larger values (and non-finite ones), the profile feed refuses stores holding them
// (docs/ingest.md), so every stored value converts to at most kMaxSlotMwh.
constexpr int64_t kMaxSlotKwh = 100000;
constexpr int64_t kMaxSlotMwh = kMaxSlotKwh * kMilliwattHoursPerKilowattHour;  // 1e11

// The largest agent scale, in 2^-16 units: market.scale_max <= 1000 (host/config).
constexpr uint32_t kMaxScaleQ16 = uint32_t{1000} << 16;

// Why scaled energy cannot overflow: every value handed to scaled_energy() is a stored value
// or the difference pv - load of two (both in [0, kMaxSlotMwh] for load_pv stores; net stores
// split into pv = max(net, 0), load = max(-net, 0)), so |mwh| <= kMaxSlotMwh = 1e11, and
// |mwh| * scale <= 1e11 * 65,536,000 = 6.5536e18 < 2^63 - 1 = 9.22e18.
static_assert(kMaxSlotMwh <= INT64_MAX / int64_t{kMaxScaleQ16},
              "kMaxSlotKwh and kMaxScaleQ16 must keep scaled_energy inside int64");

// How agents map to profiles: profile uniform among `profiles`, scale uniform in
// [scale_min, scale_max] (2^-16 units), shift uniform in [-max_shift, max_shift] slots.
struct AgentProfileRule {
  uint64_t seed;
  uint64_t profiles;
  uint32_t scale_min_q16;
  uint32_t scale_max_q16;
  uint32_t max_shift_slots;
};

struct AgentProfile {
  uint64_t profile;
  uint32_t scale_q16;
  int32_t shift_slots;  // the agent's slot t follows the profile's slot t - shift
};

EVO_HD AgentProfile agent_profile(const AgentProfileRule& r, uint64_t agent) {
  const Draw4 d = draw4(r.seed, agent, Purpose::kProfile, 0, 0);
  AgentProfile a;
  a.profile = uniform_below(d.v[0], d.v[1], r.profiles);
  a.scale_q16 = r.scale_min_q16 + static_cast<uint32_t>(uniform_below(
                                      d.v[2], 0, uint64_t{r.scale_max_q16} - r.scale_min_q16 + 1));
  a.shift_slots =
      static_cast<int32_t>(uniform_below(d.v[3], 0, 2 * uint64_t{r.max_shift_slots} + 1)) -
      static_cast<int32_t>(r.max_shift_slots);
  return a;
}

// A batch of profile slots in mWh, row-major [profile][stored slot]. The stored range
// [stored_first, stored_first + stored_slots) contains the batch's slots plus a halo of up to
// max_shift_slots on each side (clamped at the ends of the store).
struct EnergyBatchView {
  const int64_t* load;
  const int64_t* pv;
  uint64_t profiles;
  uint64_t stored_first;
  uint64_t stored_slots;
  uint64_t total_slots;  // slots in the whole store (for clamping shifted reads)
};

// Where the agent's absolute slot `slot` lies in the batch: its profile's slot slot - shift,
// clamped to the store and to the batch's stored range.
EVO_HD uint64_t profile_cell(const EnergyBatchView& b, const AgentProfile& a, uint64_t slot) {
  int64_t source = static_cast<int64_t>(slot) - a.shift_slots;
  if (source < 0) source = 0;
  if (source >= static_cast<int64_t>(b.total_slots))
    source = static_cast<int64_t>(b.total_slots) - 1;
  int64_t local = source - static_cast<int64_t>(b.stored_first);
  if (local < 0) local = 0;
  if (local >= static_cast<int64_t>(b.stored_slots))
    local = static_cast<int64_t>(b.stored_slots) - 1;
  return a.profile * b.stored_slots + static_cast<uint64_t>(local);
}

// An energy scaled by the agent's factor, rounded toward negative infinity by an arithmetic
// shift (the one documented rounding of scaled energy). Precondition: |mwh| <= kMaxSlotMwh and
// a.scale_q16 <= kMaxScaleQ16 (then the product fits int64, see above).
EVO_HD int64_t scaled_energy(int64_t mwh, const AgentProfile& a) {
  return (mwh * static_cast<int64_t>(a.scale_q16)) >> 16;
}

// The agent's net position in absolute slot `slot`: scale * (pv - load), in mWh.
EVO_HD int64_t agent_net_energy(const EnergyBatchView& b, const AgentProfile& a, uint64_t slot) {
  const uint64_t i = profile_cell(b, a, slot);
  return scaled_energy(b.pv[i] - b.load[i], a);
}

// Adds one agent's net positions over `slots` slots from `first_slot` to per-slot supply and
// demand accumulators (through `add`, so each backend chooses plain or atomic adds).
template <class Add>
EVO_HD void accumulate_agent(const EnergyBatchView& b, const AgentProfileRule& rule, uint64_t agent,
                             uint64_t first_slot, uint64_t slots, Add add) {
  const AgentProfile a = agent_profile(rule, agent);
  for (uint64_t s = 0; s < slots; ++s) {
    const int64_t net = agent_net_energy(b, a, first_slot + s);
    add(s, net > 0 ? net : 0, net < 0 ? -net : 0);
  }
}

}  // namespace evomarket
