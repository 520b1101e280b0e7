// `evomarket ingest`: meter-data CSV files into a profile store (io/profile_store.h), streamed
// line by line so that memory is bounded by the meter-days open at once, never the file.
// docs/ingest.md describes every option and policy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/profile_store.h"

namespace evomarket {

struct IngestOptions {
  std::vector<std::string> inputs;
  std::string out;
  bool overwrite = false;       // replace a complete store or another file at `out` (--overwrite)
  std::string format = "long";  // long, wide, ausgrid
  char delimiter = ',';
  // long: one row per meter and interval
  std::string meter_column;  // or meter_id for a file holding one meter
  std::string meter_id;
  std::string time_column;
  std::string load;  // column expressions: "a", "a + b - c"
  std::string pv;
  std::string net;  // net-only data (PV minus load): the store holds net energy (long and wide)
  std::string units = "kwh";  // kwh (energy per interval) or kw (average power)
  std::string label = "end";  // a timestamp (long) or interval column (wide) labels the start or
                              // the end of its interval
  bool cumulative = false;    // register readings: energy = difference of readings
  std::string counter_reset = "error";  // error or reset
  // wide: one row per meter and day, one column per interval (labelled by its end time)
  std::string date_column = "date";
  std::string date_format = "d/m/yyyy";  // or m/d/yyyy: how numeric slash dates read
  std::string quantity_column;
  std::string capacity_column;
  std::vector<std::string> load_quantities;  // the first one is required per meter-day
  std::vector<std::string> pv_quantities;    // the first one is required per meter-day
  // both
  std::string time_zone;        // fixed offset of timestamps without one, and of wide dates
  std::string store_time_zone;  // day boundaries of the store (default: time_zone, else UTC)
  uint32_t slot_minutes = 0;    // 0: inferred
  std::string policy = "skip";  // skip, fill or strict
  std::string meter_group;      // a column holding each meter's group (e.g. its postcode), kept
                                // in the store for market.agents = "meters" (docs/market.md)
  bool progress = false;        // bytes read, rate and ETA on stderr (host/progress.h)
};

struct IngestReport {
  io::IngestCounts counts;
  uint64_t meters = 0;
  uint64_t days = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  // What the store holds, per channel (0: load, or net energy for a net-only store; 1: PV): the
  // energy in kWh and the meter-slots with a value, for the summary's mean power and daily energy
  // per meter, where a wrong --units (a factor of 2, or 1000) stands out.
  bool net = false;
  double slot_hours = 0;
  double energy_kwh[2] = {0, 0};
  uint64_t slots_with_value[2] = {0, 0};
};

// Throws ConfigError naming the file, line and column; on failure the output is deleted.
IngestReport ingest(const IngestOptions& options);

// The summary `evomarket ingest` prints: the store, the counts, and per meter the mean power
// (kW) and the mean daily energy (kWh) of each channel.
std::string format_ingest_report(const IngestOptions& options, const IngestReport& report);

}  // namespace evomarket
