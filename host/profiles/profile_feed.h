// Reading a profile store in day batches for the backends: float32 kWh converted once to int64
// mWh (kernels/profile.h), with a halo of extra slots for agents' time shifts. Memory stays
// bounded by one batch (plus the one being prepared), never the whole year.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/setup/energy_batch.h"
#include "io/profile_store.h"
#include "kernels/profile.h"

namespace evomarket {

class ProfileFeed {
 public:
  // Throws ConfigError when the store cannot be opened.
  ProfileFeed(const std::string& path, uint32_t days_per_batch, uint32_t halo_slots);

  uint64_t batches() const;
  uint64_t profiles() const { return store_.meters(); }
  uint64_t total_slots() const { return store_.days() * store_.slots_per_day(); }
  const io::ProfileStore& store() const { return store_; }

  // Batch b (days [b * days_per_batch, ...)). A missing value (NaN) is a ConfigError naming the
  // meter and day: fill or skip gaps at ingest. So is a value that is infinite or beyond
  // +-kMaxSlotKwh (a store written by another tool), naming the dataset, meter, day and slot.
  // Net-only stores give pv = max(net, 0) and load = max(-net, 0).
  EnergyBatch read(uint64_t batch) const;

 private:
  std::string path_;
  io::ProfileStore store_;
  uint32_t days_per_batch_;
  uint32_t halo_slots_;
};

// kWh (float32) to mWh: llround(double(kWh) * 1e6) for |kWh| <= kMaxSlotKwh (kernels/profile.h);
// saturated at +-kMaxSlotMwh beyond (NaN gives 0), never an overflow. read() refuses such values
// before converting them.
int64_t kwh_to_mwh(float kwh);

// True if a stored value is finite and within +-kMaxSlotKwh.
bool is_plausible_slot_kwh(double kwh);

}  // namespace evomarket
