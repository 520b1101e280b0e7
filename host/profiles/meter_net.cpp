#include "host/profiles/meter_net.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/profile_feed.h"

namespace evomarket {
namespace {

constexpr uint64_t kDaysPerBatch = 8;

}  // namespace

std::vector<int64_t> read_meter_net(const io::ProfileStore& store, const std::string& path,
                                    const std::vector<uint64_t>& meters, uint64_t first_day,
                                    uint64_t days) {
  const uint64_t spd = store.slots_per_day();
  const uint64_t slots = days * spd;
  const bool net_kind = store.meta().kind == io::ProfileKind::kNet;
  std::vector<int64_t> out(meters.size() * slots);
  for (uint64_t day = 0; day < days; day += kDaysPerBatch) {
    const io::DayBatch b = store.read_days(first_day + day, std::min(kDaysPerBatch, days - day));
    const uint64_t batch_slots = b.slots();
    for (std::size_t k = 0; k < meters.size(); ++k) {
      const uint64_t m = meters[k];
      for (uint64_t t = 0; t < batch_slots; ++t) {
        const float first = b.load[m * batch_slots + t];
        const float second = net_kind ? 0.0f : b.pv[m * batch_slots + t];
        const uint64_t d = first_day + day + t / spd;
        if (std::isnan(first) || std::isnan(second)) {
          throw ConfigError(fmt::format(
              "profile store {}: meter {} has no value for day {} slot {}: fill or skip missing "
              "data at ingest (evomarket ingest --policy)",
              path, store.meter_info()[m].id, d, t % spd));
        }
        const bool first_ok = is_plausible_slot_kwh(first) && (net_kind || first >= 0);
        if (!first_ok || !(is_plausible_slot_kwh(second) && second >= 0)) {
          throw ConfigError(fmt::format(
              "profile store {}: dataset /profiles/{}: meter {} day {} slot {} holds {} kWh, "
              "expected a finite value within {}{} kWh per slot (docs/ingest.md)",
              path, first_ok ? "pv" : (net_kind ? "net" : "load"), store.meter_info()[m].id, d,
              t % spd, first_ok ? second : first, net_kind && !first_ok ? "+-" : "0 .. ",
              kMaxSlotKwh));
        }
        out[k * slots + day * spd + t] =
            net_kind ? kwh_to_mwh(first) : kwh_to_mwh(second) - kwh_to_mwh(first);
      }
    }
  }
  return out;
}

}  // namespace evomarket
