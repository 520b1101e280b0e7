// The profile store (DESIGN.md "Files"): per-meter energy per trading slot, float32 kWh, in an
// HDF5 file written by `evomarket ingest` and `evomarket synth` and read in day batches.
//
// Layout:
//   /profiles/load, /profiles/pv   float32 [meters, slots], kWh per slot (kind "load_pv"), or
//   /profiles/net                  float32 [meters, slots], PV minus load (kind "net");
//   chunked (meter block, one day), shuffle + deflate, extendible, fill value NaN (= missing).
//   /profiles/meta                 meter_ids (strings), pv_capacity_kw (float64, NaN unknown),
//                                  meter_groups (strings, optional: each meter's group, e.g. its
//                                  postcode, with attribute column), sources (strings); attributes
//                                  kind, slot_seconds, start_utc (epoch seconds of day 0's first
//                                  slot), start (ISO 8601), time_zone, utc_offset_seconds, source,
//                                  and the ingest counts.
//   root attributes                format = "evomarket profile store", status running/complete.
// Day d covers slots [d * slots_per_day, (d + 1) * slots_per_day); days start at midnight in the
// store's time zone (a fixed UTC offset).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "io/hdf5_file.h"

namespace evomarket::io {

// The longest store, in days: a century (36600 days is 100 years and 75 days). Ingest refuses
// data spanning more (a year typo such as 2212 for 2012 would otherwise build a store of two
// centuries of filled days) as soon as a line exceeds it, synth refuses longer --days, and the
// reader refuses longer stores, so `inspect` and a run never loop over 10^12 crafted days.
constexpr uint64_t kMaxStoreDays = 36600;

// start_utc of a store lies in [kMinStartUtc, kMaxStartUtc]: 0001-01-01 to 9999-01-01 (UTC),
// minus a century of days at the end, so every day of a store has a four-digit year.
constexpr int64_t kMinStartUtc = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxStartUtc = 253370764800 - int64_t{kMaxStoreDays} * 86400;  // 9999-01-01
// |utc_offset_seconds| of a store is below a day.
constexpr int64_t kMaxUtcOffsetSeconds = 86400 - 1;

enum class ProfileKind { kLoadAndPv, kNet };

struct ProfileMeta {
  ProfileKind kind = ProfileKind::kLoadAndPv;
  uint32_t slot_seconds = 1800;
  int64_t start_utc = 0;             // epoch seconds (UTC) of the first slot of day 0
  int32_t utc_offset_seconds = 0;    // the store's time zone as a fixed offset from UTC
  std::string time_zone = "UTC";     // as stated by the user, e.g. "+10:00"
  std::string source;                // what the data is, e.g. "Ausgrid solar home electricity"
  std::vector<std::string> sources;  // input file names (empty for synthetic stores)
  std::string writer_version;        // evomarket version that wrote the store
  std::string group_column;          // the input column meter groups came from ("": no groups)
};

struct MeterInfo {
  std::string id;
  double pv_capacity_kw = std::numeric_limits<double>::quiet_NaN();
  std::string group;  // its group (ingest --meter-group), "" without groups
};

// What ingest skipped or filled, by the stated policy (stored with the profiles).
struct IngestCounts {
  uint64_t rows = 0;                // data rows read
  uint64_t skipped_rows = 0;        // rows dropped (e.g. duplicates under the skip policy)
  uint64_t meter_days = 0;          // meter-days written
  uint64_t skipped_meter_days = 0;  // meter-days left missing (incomplete under skip)
  uint64_t filled_slots = 0;        // slots filled by the fill policy
  uint64_t counter_resets = 0;      // cumulative registers that went backwards (reset policy)
};

// Writes a store. Meters and days may arrive in any order; every cell not written stays NaN.
// Until finish() the root attribute status is "running", so an interrupted ingest never looks
// like a finished store.
class ProfileStoreWriter {
 public:
  static ProfileStoreWriter create(const std::string& path, const ProfileMeta& meta);
  ProfileStoreWriter(ProfileStoreWriter&&) noexcept;
  ProfileStoreWriter& operator=(ProfileStoreWriter&&) noexcept;
  ~ProfileStoreWriter();

  uint32_t slots_per_day() const;
  // The index of a meter, added on first use (pv capacity NaN = unknown; a later call with a
  // known capacity records it).
  uint64_t meter(const std::string& id,
                 double pv_capacity_kw = std::numeric_limits<double>::quiet_NaN());
  uint64_t meters() const;
  // Records the group of a meter (ingest --meter-group); the store keeps meter_groups when the
  // meta's group_column is set.
  void set_group(uint64_t meter, const std::string& group);
  const std::string& group(uint64_t meter) const;
  // One meter-day: slots_per_day() values each (kWh per slot). `pv` is ignored for kind "net".
  void write_day(uint64_t meter, uint64_t day, const float* load_or_net, const float* pv);
  // Writes the metadata and the counts and marks the store complete.
  void finish(const IngestCounts& counts);

 private:
  struct State;
  explicit ProfileStoreWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// A batch of whole days for every meter: values row-major [meter][slot within the batch].
struct DayBatch {
  uint64_t first_day = 0;
  uint64_t days = 0;
  uint64_t meters = 0;
  uint32_t slots_per_day = 0;
  std::vector<float> load;  // kind "net": PV minus load
  std::vector<float> pv;    // empty for kind "net"
  uint64_t slots() const { return days * slots_per_day; }
};

// Reads a complete store (H5Error naming the file otherwise).
class ProfileStore {
 public:
  static ProfileStore open(const std::string& path);
  ProfileStore(ProfileStore&&) noexcept;
  ProfileStore& operator=(ProfileStore&&) noexcept;
  ~ProfileStore();

  const ProfileMeta& meta() const;
  const std::vector<MeterInfo>& meter_info() const;
  const IngestCounts& counts() const;
  uint64_t meters() const;
  uint64_t days() const;
  uint32_t slots_per_day() const;
  // Days [first_day, first_day + days) of all meters, by hyperslab (only those days are read).
  DayBatch read_days(uint64_t first_day, uint64_t days) const;

 private:
  struct State;
  explicit ProfileStore(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// The summary `evomarket inspect` prints for a store: meters, days, slot length, period, totals
// of load and PV (kWh), PV share of load, homes with PV, missing slots, ingest counts.
std::string summarize_profile_store(const std::string& path);

// True if `path` is an HDF5 file with the profile store's format attribute.
bool is_profile_store(const std::string& path);

// The status of the profile store at `path` ("complete", "running"; "none" for a store without
// one), or "" when it is not a profile store. Never throws.
std::string profile_store_status(const std::string& path) noexcept;

}  // namespace evomarket::io
