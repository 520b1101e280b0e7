// The gap policies of `evomarket ingest` (docs/ingest.md): a reader hands energy per (meter,
// slot) in time order to a DayAssembler, which writes each meter's whole days to the profile
// store and applies the policy to missing slots, missing days and duplicate values:
//   skip    a meter-day with a missing slot is left out (NaN) and counted;
//   fill    missing slots inside a meter's data, and whole days without rows, become counted 0;
//   strict  any gap or duplicate is a ConfigError naming the line.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "io/profile_store.h"

namespace evomarket {

// A value not (yet) known.
constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

enum class GapPolicy { kSkip, kFill, kStrict };

// "skip", "fill" or "strict"; ConfigError naming --policy otherwise.
GapPolicy parse_gap_policy(const std::string& name);

// ConfigError naming `where` and the meter unless `kwh` (one slot's energy, NaN = missing) is
// finite and within +-kMaxSlotKwh (kernels/profile.h, docs/ingest.md).
void check_slot_kwh(double kwh, const std::string& where, const std::string& meter);

// ConfigError naming `where` (the line that widened the span) if days first_day .. last_day
// are more than io::kMaxStoreDays (a century): raised by the readers' first pass, before
// anything is written.
void check_store_span(int64_t first_day, int64_t last_day, const std::string& where);

// One meter's open day: energy per slot for the load (or net) and PV channels.
struct OpenDay {
  int64_t day = -1;
  std::vector<float> load, pv;
};

struct MeterState {
  std::string id;
  uint64_t index = 0;
  int64_t first_slot = std::numeric_limits<int64_t>::max();  // first slot given a value
  OpenDay open;
  int64_t last_slot = std::numeric_limits<int64_t>::min();  // last slot given a value
  // The line of the last value set and its slot, to name both lines of a conflicting duplicate.
  std::string last_where;
  int64_t last_set_slot = -1;
  // Cumulative registers: the instant of the last reading and the two channels' readings.
  std::optional<std::tuple<int64_t, double, double>> last_reading;
  double carry[2] = {0, 0};  // deficits of derived registers, carried forward
  int64_t last_day_written = -1;
  std::string group_where;  // --meter-group: the line that gave the meter its group
};

// Receives energy per (meter, slot) in time order and writes whole days by the policy.
class DayAssembler {
 public:
  // `two_channels`: load and PV (false: net energy only); `spd`: slots per day.
  DayAssembler(io::ProfileStoreWriter& writer, GapPolicy policy, bool two_channels, uint32_t spd,
               io::IngestCounts& counts)
      : writer_(writer), policy_(policy), two_(two_channels), spd_(spd), counts_(counts) {}

  // The meter's state, registered with the store on first use (a capacity other than NaN is
  // recorded).
  MeterState& meter(const std::string& id, double capacity = kMissing);

  // The meter's group (ingest --meter-group): a meter keeps one group; a different one on a
  // later line is a ConfigError naming both lines; an empty cell is one too.
  void set_group(MeterState& m, const std::string& group, const std::string& column,
                 const std::string& where);

  // Sets slot values in kWh (NaN = unknown), checked by check_slot_kwh() and stored as float32;
  // `where` names the line for errors. Slots of a meter come in day order: a slot of a later
  // day writes the open day.
  void set(MeterState& m, int64_t slot, double load, double pv, const std::string& where);

  // Writes every meter's open day.
  void flush_all(const std::string& where);

  uint64_t meters() const { return meters_.size(); }
  int64_t last_day() const { return last_day_; }
  uint32_t slots_per_day() const { return spd_; }
  // What the written days hold, per channel (0: load or net, 1: PV): the sum of their values in
  // kWh and how many slots have one (filled zeros included, missing slots not).
  double energy_kwh(int channel) const { return energy_kwh_[channel]; }
  uint64_t slots_with_value(int channel) const { return slots_with_value_[channel]; }

 private:
  // Writes one meter-day to the store and adds it to the totals.
  void write_day(const MeterState& m, int64_t day, const float* load, const float* pv);

  // Writes the meter's open day by the policy; `where` names the line that closed it.
  void flush(MeterState& m, const std::string& where);

  io::ProfileStoreWriter& writer_;
  GapPolicy policy_;
  bool two_;
  uint32_t spd_;
  io::IngestCounts& counts_;
  std::map<std::string, MeterState> meters_;
  int64_t last_day_ = -1;
  double energy_kwh_[2] = {0, 0};
  uint64_t slots_with_value_[2] = {0, 0};
};

}  // namespace evomarket
