// The OPSD household (../shared/data, third-party real data that never enters the repository):
// where it is, and how `evomarket ingest` reads it (tests skip where it is absent).
#pragma once

#include <string>

#include "host/profiles/meter_ingest.h"

namespace evomarket::testing {

inline std::string opsd_csv_path() {
  return std::string(EVOMARKET_SOURCE_DIR) +
         "/../shared/data/opsd_household_residential4/household_data_60min_singleindex.csv";
}

// The column prefix of the household's registers.
inline const char* kOpsdPrefix = "DE_KN_residential4_";

// Cumulative registers at the end of each UTC hour; load = import + pv - export.
inline IngestOptions opsd_ingest_options(const std::string& out, const std::string& policy) {
  const std::string p = kOpsdPrefix;
  IngestOptions o;
  o.inputs = {opsd_csv_path()};
  o.out = out;
  o.meter_id = "KN4";
  o.time_column = "utc_timestamp";
  o.cumulative = true;
  o.label = "end";
  o.load = p + "grid_import + " + p + "pv - " + p + "grid_export";
  o.pv = p + "pv";
  o.policy = policy;
  return o;
}

}  // namespace evomarket::testing
