#include "host/profiles/gap_policy.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/meter_csv.h"
#include "kernels/profile.h"

namespace evomarket {

GapPolicy parse_gap_policy(const std::string& p) {
  if (p == "skip") return GapPolicy::kSkip;
  if (p == "fill") return GapPolicy::kFill;
  if (p == "strict") return GapPolicy::kStrict;
  throw ConfigError("--policy: expected skip, fill or strict, got \"" + p + "\"");
}

void check_slot_kwh(double kwh, const std::string& where, const std::string& meter) {
  if (std::isnan(kwh) || std::abs(kwh) <= static_cast<double>(kMaxSlotKwh)) return;
  throw ConfigError(fmt::format(
      "{}: meter {}: {} kWh in one slot; expected a finite value within +-{} kWh per slot (the "
      "bound of docs/ingest.md: no household or building comes near it)",
      where, quote_field(meter), kwh, kMaxSlotKwh));
}

void check_store_span(int64_t first_day, int64_t last_day, const std::string& where) {
  if (last_day - first_day < static_cast<int64_t>(io::kMaxStoreDays)) return;
  throw ConfigError(fmt::format(
      "{}: the data now spans {} days, more than a store may hold ({} days, about 100 years): "
      "a typo in a year?",
      where, last_day - first_day + 1, io::kMaxStoreDays));
}

MeterState& DayAssembler::meter(const std::string& id, double capacity) {
  auto [it, added] = meters_.try_emplace(id);
  if (added) {
    it->second.id = id;
    it->second.index = writer_.meter(id, capacity);
  } else if (!std::isnan(capacity)) {
    writer_.meter(id, capacity);
  }
  return it->second;
}

void DayAssembler::set_group(MeterState& m, const std::string& group, const std::string& column,
                             const std::string& where) {
  if (group.empty()) {
    throw ConfigError(fmt::format("{}: column {} (--meter-group) is empty for meter {}", where,
                                  quote_field(column), quote_field(m.id)));
  }
  if (m.group_where.empty()) {
    writer_.set_group(m.index, group);
    m.group_where = where;
  } else if (writer_.group(m.index) != group) {
    throw ConfigError(fmt::format(
        "{}: meter {} is in group {} here but in group {} at {} (--meter-group {}: one group "
        "per meter)",
        where, quote_field(m.id), quote_field(group), quote_field(writer_.group(m.index)),
        m.group_where, quote_field(column)));
  }
}

void DayAssembler::set(MeterState& m, int64_t slot, double load_kwh, double pv_kwh,
                       const std::string& where) {
  if (slot < 0) throw ConfigError(where + ": timestamp before the store's first day");
  check_slot_kwh(load_kwh, where, m.id);
  if (two_) check_slot_kwh(pv_kwh, where, m.id);
  const float load = static_cast<float>(load_kwh);
  const float pv = static_cast<float>(pv_kwh);
  const int64_t day = slot / spd_;
  if (day >= static_cast<int64_t>(io::kMaxStoreDays)) check_store_span(0, day, where);
  if (day < m.open.day) {
    throw ConfigError(where + ": timestamp out of order (earlier than this meter's day " +
                      std::to_string(m.open.day) + ")");
  }
  if (day > m.open.day) {
    flush(m, where);
    m.open.day = day;
    m.open.load.assign(spd_, kMissing);
    m.open.pv.assign(spd_, kMissing);
  }
  const size_t s = static_cast<size_t>(slot % spd_);
  bool duplicate = false;
  auto put = [&](std::vector<float>& channel, float v) {
    if (std::isnan(v)) return;
    if (!std::isnan(channel[s])) {
      if (policy_ == GapPolicy::kStrict) {
        throw ConfigError(where +
                          ": a second value for the same meter and interval (--policy "
                          "strict)");
      }
      if (channel[s] != v && policy_ != GapPolicy::kFill) {
        throw ConfigError(fmt::format(
            "{}: a conflicting duplicate: a second, different value for meter {} in the same "
            "interval{}",
            where, quote_field(m.id),
            m.last_set_slot == slot ? " (the first: " + m.last_where + ")" : std::string()));
      }
      duplicate = true;  // the first value stays
      return;
    }
    channel[s] = v;
  };
  put(m.open.load, load);
  if (two_) put(m.open.pv, pv);
  if (duplicate) ++counts_.skipped_rows;
  if (!std::isnan(load) || (two_ && !std::isnan(pv))) {
    m.last_slot = std::max(m.last_slot, slot);
    m.first_slot = std::min(m.first_slot, slot);
    if (m.last_set_slot != slot) {
      m.last_set_slot = slot;
      m.last_where = where;
    }
  }
}

void DayAssembler::write_day(const MeterState& m, int64_t day, const float* load, const float* pv) {
  writer_.write_day(m.index, static_cast<uint64_t>(day), load, pv);
  for (int c = 0; c < (two_ ? 2 : 1); ++c) {
    const float* values = c == 0 ? load : pv;
    for (uint32_t s = 0; s < spd_; ++s) {
      if (std::isnan(values[s])) continue;
      energy_kwh_[c] += values[s];
      ++slots_with_value_[c];
    }
  }
}

void DayAssembler::flush_all(const std::string& where) {
  for (auto& [id, m] : meters_) flush(m, where);
}

void DayAssembler::flush(MeterState& m, const std::string& where) {
  if (m.open.day < 0) return;
  const int64_t day = m.open.day;
  uint64_t missing = 0;
  for (uint32_t s = 0; s < spd_; ++s) {
    missing += std::isnan(m.open.load[s]) + (two_ && std::isnan(m.open.pv[s]));
  }
  // Gaps between this meter's days: whole days without any row.
  if (m.last_day_written >= 0 && day > m.last_day_written + 1) {
    const int64_t gap = day - m.last_day_written - 1;
    if (policy_ == GapPolicy::kStrict) {
      throw ConfigError(
          fmt::format("{}: meter {}: {} day(s) without data before day {} "
                      "(--policy strict)",
                      where, m.id, gap, day));
    }
    if (policy_ == GapPolicy::kFill) {
      const std::vector<float> zeros(spd_, 0.0f);
      for (int64_t d = m.last_day_written + 1; d < day; ++d) {
        write_day(m, d, zeros.data(), zeros.data());
        counts_.filled_slots += spd_ * (two_ ? 2 : 1);
        ++counts_.meter_days;
      }
    } else {
      counts_.skipped_meter_days += static_cast<uint64_t>(gap);
    }
  }
  bool write = true;
  if (missing > 0) {
    if (policy_ == GapPolicy::kStrict) {
      throw ConfigError(
          fmt::format("{}: meter {} day {}: {} slot value(s) missing (--policy "
                      "strict)",
                      where, m.id, day, missing));
    }
    if (policy_ == GapPolicy::kFill) {
      // Slots inside the meter's data (between its first and last value) become 0; slots
      // before the first or after the last value stay missing.
      for (uint32_t s = 0; s < spd_; ++s) {
        const int64_t slot = day * spd_ + s;
        if (slot < m.first_slot || slot > m.last_slot) continue;
        for (auto* channel : {&m.open.load, &m.open.pv}) {
          if (channel == &m.open.pv && !two_) continue;
          if (std::isnan((*channel)[s])) {
            (*channel)[s] = 0.0f;
            ++counts_.filled_slots;
          }
        }
      }
    } else if (policy_ == GapPolicy::kSkip) {
      write = false;
      ++counts_.skipped_meter_days;
    }
  }
  if (write) {
    write_day(m, day, m.open.load.data(), m.open.pv.data());
    ++counts_.meter_days;
    last_day_ = std::max(last_day_, day);
  }
  m.last_day_written = day;
  m.open.day = -1;
}

}  // namespace evomarket
