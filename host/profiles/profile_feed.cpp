#include "host/profiles/profile_feed.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "host/errors.h"
#include "io/hdf5_error.h"

namespace evomarket {

bool is_plausible_slot_kwh(double kwh) {
  return std::abs(kwh) <= static_cast<double>(kMaxSlotKwh);  // false for NaN and inf
}

int64_t kwh_to_mwh(float kwh) {
  const double k = static_cast<double>(kwh);
  if (std::isnan(k)) return 0;
  if (!is_plausible_slot_kwh(k)) return k > 0 ? kMaxSlotMwh : -kMaxSlotMwh;
  return std::llround(k * kMilliwattHoursPerKilowattHour);
}

namespace {

io::ProfileStore open_store(const std::string& path) {
  try {
    return io::ProfileStore::open(path);
  } catch (const io::H5Error& e) {
    throw ConfigError(fmt::format("profile store {}: {}", path, e.what()));
  }
}

}  // namespace

ProfileFeed::ProfileFeed(const std::string& path, uint32_t days_per_batch, uint32_t halo_slots)
    : path_(path),
      store_(open_store(path)),
      days_per_batch_(std::max<uint32_t>(1, days_per_batch)),
      halo_slots_(halo_slots) {
  if (store_.days() == 0 || store_.meters() == 0) {
    throw ConfigError(fmt::format("profile store {}: holds no data", path));
  }
}

uint64_t ProfileFeed::batches() const {
  return (store_.days() + days_per_batch_ - 1) / days_per_batch_;
}

EnergyBatch ProfileFeed::read(uint64_t batch) const {
  const uint64_t spd = store_.slots_per_day();
  const uint64_t total = total_slots();
  const uint64_t first_day = batch * days_per_batch_;
  const uint64_t end_day = std::min<uint64_t>(store_.days(), first_day + days_per_batch_);
  EnergyBatch b;
  b.first_slot = first_day * spd;
  b.slots = (end_day - first_day) * spd;
  b.total_slots = total;
  b.profiles = store_.meters();
  b.stored_first = b.first_slot >= halo_slots_ ? b.first_slot - halo_slots_ : 0;
  const uint64_t stored_end = std::min<uint64_t>(total, b.first_slot + b.slots + halo_slots_);
  b.stored_slots = stored_end - b.stored_first;
  const uint64_t read_first_day = b.stored_first / spd;
  const uint64_t read_end_day = (stored_end + spd - 1) / spd;
  const io::DayBatch days = store_.read_days(read_first_day, read_end_day - read_first_day);
  const bool net = store_.meta().kind == io::ProfileKind::kNet;
  const uint64_t offset = b.stored_first - read_first_day * spd;
  b.load.resize(b.profiles * b.stored_slots);
  b.pv.resize(b.profiles * b.stored_slots);
  for (uint64_t m = 0; m < b.profiles; ++m) {
    for (uint64_t s = 0; s < b.stored_slots; ++s) {
      const uint64_t from = m * days.slots() + offset + s;
      const uint64_t to = m * b.stored_slots + s;
      const float first = days.load[from];
      const float second = net ? 0.0f : days.pv[from];
      if (std::isnan(first) || std::isnan(second)) {
        const uint64_t slot = b.stored_first + s;
        throw ConfigError(fmt::format(
            "profile store {}: meter {} has no value for day {} slot {}: fill or skip missing "
            "data at ingest (evomarket ingest --policy)",
            path_, store_.meter_info()[m].id, slot / spd, slot % spd));
      }
      // Load and PV are >= 0, so pv - load stays within +-kMaxSlotMwh (kernels/profile.h).
      const bool first_ok = is_plausible_slot_kwh(first) && (net || first >= 0);
      if (!first_ok || !(is_plausible_slot_kwh(second) && second >= 0)) {
        const uint64_t slot = b.stored_first + s;
        throw ConfigError(fmt::format(
            "profile store {}: dataset /profiles/{}: meter {} day {} slot {} holds {} kWh, "
            "expected a finite value within {}{} kWh per slot (docs/ingest.md)",
            path_, first_ok ? "pv" : (net ? "net" : "load"), store_.meter_info()[m].id, slot / spd,
            slot % spd, first_ok ? second : first, net && !first_ok ? "+-" : "0 .. ", kMaxSlotKwh));
      }
      if (net) {
        const int64_t e = kwh_to_mwh(first);
        b.pv[to] = std::max<int64_t>(e, 0);
        b.load[to] = std::max<int64_t>(-e, 0);
      } else {
        b.load[to] = kwh_to_mwh(first);
        b.pv[to] = kwh_to_mwh(second);
      }
    }
  }
  return b;
}

}  // namespace evomarket
