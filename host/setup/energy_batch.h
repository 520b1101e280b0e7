// One batch of profile energy as the backends receive it (host/profile_feed.h reads them).
// Kept free of I/O headers: the CUDA backend includes it.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/profile.h"

namespace evomarket {

struct EnergyBatch {
  uint64_t first_slot = 0;    // absolute slot of the batch's first slot
  uint64_t slots = 0;         // slots the batch covers
  uint64_t stored_first = 0;  // absolute slot of load[.., 0]: first_slot minus the halo
  uint64_t stored_slots = 0;
  uint64_t total_slots = 0;
  uint64_t profiles = 0;
  std::vector<int64_t> load;  // mWh, [profile][stored slot]
  std::vector<int64_t> pv;

  EnergyBatchView view() const {
    return EnergyBatchView{load.data(),  pv.data(),    profiles,
                           stored_first, stored_slots, total_slots};
  }
};

}  // namespace evomarket
