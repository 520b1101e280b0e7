// The two readers behind ingest() (host/profiles/meter_ingest.h), for meter_ingest.cpp and the
// tests: options are already checked and completed (e.g. the Ausgrid preset) by ingest(). Each
// reads options.inputs (twice: a first pass finds the layout), writes the store at `out` and
// fills the report's counts, meters, days and bytes; every block read is added to `read`;
// ConfigError names the file and line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "host/profiles/gap_policy.h"
#include "host/profiles/meter_csv.h"
#include "host/profiles/meter_ingest.h"

namespace evomarket {

// Long format (long_reader.cpp): one row per meter and interval, or register readings.
// `input_offset` applies to timestamps without an offset; `store_offset` sets the store's days.
void ingest_long(const IngestOptions& options, GapPolicy policy,
                 std::optional<int32_t> input_offset, int32_t store_offset,
                 io::IngestCounts& counts, IngestReport& report, const std::string& out,
                 InputBytes& read);

// Wide day-row format and Ausgrid (wide_reader.cpp): one row per meter, day and quantity, one
// column per interval; dates are local days at `offset`. Quantities go into load and PV, or
// with --net into net energy (PV minus load) as the long format's --net.
void ingest_wide(const IngestOptions& options, GapPolicy policy, int32_t offset,
                 io::IngestCounts& counts, IngestReport& report, const std::string& out,
                 InputBytes& read);

// The end of both readers' second pass: flushes the meter-days still open (`last_input` names
// where in messages), records the store's meters and days in `report` and marks it complete.
void finish_store(DayAssembler& days, io::ProfileStoreWriter& writer,
                  const io::IngestCounts& counts, const std::string& last_input,
                  IngestReport& report);

// Minutes after midnight at which an interval column ends ("0:30" -> 30, "23:30" -> 1410,
// "0:00" -> 1440); nullopt if `label` is not H:MM or HH:MM.
std::optional<int> interval_end(const std::string& label);

// Minutes after midnight at which an interval column starts, for --label start ("0:00" -> 0,
// "23:30" -> 1410); nullopt if `label` is not H:MM or HH:MM.
std::optional<int> interval_start(const std::string& label);

}  // namespace evomarket
