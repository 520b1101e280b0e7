// The net positions (PV - load) of chosen meters of a profile store over whole days, in mWh:
// what the energy coalition game (host/theory/energy_coalition.h) pools. Read in batches of days
// (memory: the chosen meters' series plus one batch of the whole store).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/profile_store.h"

namespace evomarket {

// net[k * days * slots_per_day + t]: meter meters[k] in slot t from first_day's first slot,
// kWh converted once as the market does (kwh_to_mwh, host/profiles/profile_feed.h; load and PV
// separately, then PV - load). Only the chosen meters are checked: a missing (NaN) or
// implausible value is a ConfigError naming the store, meter, day and slot, as in a run.
// Precondition: meters index the store, [first_day, first_day + days) lies in it.
std::vector<int64_t> read_meter_net(const io::ProfileStore& store, const std::string& path,
                                    const std::vector<uint64_t>& meters, uint64_t first_day,
                                    uint64_t days);

}  // namespace evomarket
