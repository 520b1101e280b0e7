// evomarket ingest: CSV -> profile store round trips, the Ausgrid layout, the OPSD household
// (real data, skipped where ../shared/data is absent) against its reference totals, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "host/errors.h"
#include "host/profiles/meter_ingest.h"
#include "io/profile_store.h"
#include "support/ingest_test.h"
#include "support/opsd.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using Ingest = evomarket::testing::IngestTest;

// Two meters, 6-hour slots, two days, timestamps labelling interval ends.
const char* kLong =
    "meter,time,load,pv\n"
    "a,2020-01-01T06:00:00Z,1.0,0.0\nb,2020-01-01T06:00:00Z,2.0,0.5\n"
    "a,2020-01-01T12:00:00Z,1.5,2.0\nb,2020-01-01T12:00:00Z,2.5,1.5\n"
    "a,2020-01-01T18:00:00Z,1.25,0.25\nb,2020-01-01T18:00:00Z,3.0,0.0\n"
    "a,2020-01-02T00:00:00Z,0.5,0.0\nb,2020-01-02T00:00:00Z,1.0,0.0\n"
    "a,2020-01-02T06:00:00Z,1.0,0.0\nb,2020-01-02T06:00:00Z,2.0,0.0\n"
    "a,2020-01-02T12:00:00Z,1.0,3.0\nb,2020-01-02T12:00:00Z,2.0,1.0\n"
    "a,2020-01-02T18:00:00Z,1.0,1.0\nb,2020-01-02T18:00:00Z,2.0,0.0\n"
    "a,2020-01-03T00:00:00Z,1.0,0.0\nb,2020-01-03T00:00:00Z,2.0,0.0\n";

TEST_F(Ingest, LongCsvRoundTrip) {
  const IngestReport r = ingest(long_options(write("long.csv", kLong)));
  EXPECT_EQ(r.meters, 2u);
  EXPECT_EQ(r.counts.rows, 16u);
  EXPECT_EQ(r.counts.meter_days, 4u);
  const io::ProfileStore store = io::ProfileStore::open(file("store.h5"));
  ASSERT_EQ(store.slots_per_day(), 4u);
  ASSERT_EQ(store.days(), 2u);
  const io::DayBatch b = store.read_days(0, 2);
  // meter a, slot 0 = [00:00, 06:00) labelled 06:00
  EXPECT_FLOAT_EQ(b.load[0], 1.0f);
  EXPECT_FLOAT_EQ(b.pv[1], 2.0f);
  EXPECT_FLOAT_EQ(b.load[b.slots() + 2], 3.0f);  // meter b, day 0, slot 2
  EXPECT_FLOAT_EQ(b.pv[6], 1.0f);                // meter a, day 1, slot 2
}

TEST_F(Ingest, PowerLocalTimeAndNetOnly) {
  // kW averages over 6 h, local time at +10:00 labelling interval starts, net-only data.
  const std::string csv =
      "meter,time,net\n"
      "a,2020-01-01 00:00,-0.5\na,2020-01-01 06:00,1.0\na,2020-01-01 12:00,0.25\n"
      "a,2020-01-01 18:00,-1.0\n";
  IngestOptions o = long_options(write("net.csv", csv));
  o.load.clear();
  o.pv.clear();
  o.net = "net";
  o.units = "kw";
  o.label = "start";
  o.time_zone = "+10:00";
  ingest(o);
  const io::ProfileStore store = io::ProfileStore::open(file("store.h5"));
  EXPECT_EQ(store.meta().kind, io::ProfileKind::kNet);
  EXPECT_EQ(store.meta().utc_offset_seconds, 36000);
  const io::DayBatch b = store.read_days(0, 1);
  EXPECT_FLOAT_EQ(b.load[0], -3.0f);  // -0.5 kW for 6 h
  EXPECT_FLOAT_EQ(b.load[1], 6.0f);
  EXPECT_FLOAT_EQ(b.load[3], -6.0f);
}

TEST_F(Ingest, AusgridLayoutWithTitleLineGapsAndDuplicates) {
  IngestOptions o;
  o.inputs = {std::string(EVOMARKET_SOURCE_DIR) + "/tests/fixtures/ingest/ausgrid_small.csv"};
  o.out = file("ausgrid.h5");
  o.format = "ausgrid";
  const IngestReport r = ingest(o);
  EXPECT_EQ(r.meters, 2u);
  EXPECT_EQ(r.counts.rows, 17u);
  EXPECT_EQ(r.counts.skipped_rows, 1u);        // the identical duplicate GC row
  EXPECT_EQ(r.counts.meter_days, 6u);          // customer 1: 3 days; customer 2: days 1, 3, 5
  EXPECT_EQ(r.counts.skipped_meter_days, 2u);  // customer 2: day 2 (no GG) and day 4 (absent)
  const io::ProfileStore store = io::ProfileStore::open(file("ausgrid.h5"));
  EXPECT_EQ(store.meta().utc_offset_seconds, 36000);
  EXPECT_EQ(store.slots_per_day(), 48u);
  EXPECT_DOUBLE_EQ(store.meter_info()[0].pv_capacity_kw, 3.78);
  const io::DayBatch b = store.read_days(0, 5);
  // Customer 1, first interval (0:00-0:30): GC 0.2 + CL 0.5 = 0.7; PV 0 at night.
  EXPECT_NEAR(b.load[0], 0.7f, 1e-6);
  EXPECT_FLOAT_EQ(b.pv[0], 0.0f);
  // Customer 2 day 1 has no CL row: load = GC only.
  EXPECT_NEAR(b.load[b.slots() + 0], 0.1f, 1e-6);
  EXPECT_TRUE(std::isnan(b.load[b.slots() + 48]));      // day 2 skipped
  EXPECT_TRUE(std::isnan(b.load[b.slots() + 3 * 48]));  // day 4 absent
  // --policy strict refuses the incomplete day.
  o.policy = "strict";
  o.out = file("strict.h5");
  EXPECT_NE(error_of(o).find("has no GG row"), std::string::npos);
}

TEST_F(Ingest, OpsdHouseholdMatchesTheReferenceTotals) {
  const std::string path = testing::opsd_csv_path();
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "real data not present: " << path;
  IngestOptions o = testing::opsd_ingest_options(file("opsd.h5"), "fill");
  const IngestReport r = ingest(o);
  EXPECT_EQ(r.counts.rows, 11867u);
  const io::ProfileStore store = io::ProfileStore::open(o.out);
  ASSERT_EQ(store.slots_per_day(), 24u);
  const io::DayBatch all = store.read_days(0, store.days());
  auto total = [&](const std::vector<float>& v, uint64_t from_day, uint64_t days) {
    double sum = 0;
    for (uint64_t s = from_day * 24; s < (from_day + days) * 24; ++s) {
      if (!std::isnan(v[s])) sum += v[s];
    }
    return sum;
  };
  // README: over the common window consumption 9,095.189 kWh and PV 12,336.971 kWh.
  EXPECT_NEAR(total(all.load, 0, store.days()), 9095.189, 2e-3);
  EXPECT_NEAR(total(all.pv, 0, store.days()), 12336.971, 2e-3);
  // Calendar 2016: the store starts on 2015-10-04 (UTC), so 2016-01-01 is day 89.
  EXPECT_NEAR(total(all.load, 89, 366), 6189.426, 2e-3);
  EXPECT_NEAR(total(all.pv, 89, 366), 11000.981, 2e-3);
  // With the skip policy, the days with gaps are left out instead.
  o.policy = "skip";
  o.out = file("opsd_skip.h5");
  const IngestReport skip = ingest(o);
  EXPECT_GT(skip.counts.skipped_meter_days, 0u);
  EXPECT_LT(skip.counts.meter_days, r.counts.meter_days);
}

TEST_F(Ingest, BadInputNamesFileLineAndColumn) {
  const std::string head = "meter,time,load,pv\n";
  auto e = [&](const std::string& name, const std::string& body) {
    return error_of(long_options(write(name, head + body)));
  };
  EXPECT_NE(e("neg.csv", "a,2020-01-01T06:00:00Z,-1,0\na,2020-01-01T12:00:00Z,1,0\n")
                .find("neg.csv:2: column load: negative value"),
            std::string::npos);
  EXPECT_NE(e("nan.csv", "a,2020-01-01T06:00:00Z,x,0\na,2020-01-01T12:00:00Z,1,0\n")
                .find("nan.csv:2: column load: expected a number"),
            std::string::npos);
  EXPECT_NE(
      e("order.csv",
        "a,2020-01-02T06:00:00Z,1,0\na,2020-01-02T12:00:00Z,1,0\na,2020-01-01T06:00:00Z,1,0\n")
          .find("order.csv:4:"),
      std::string::npos);
  EXPECT_NE(
      e("grid.csv",
        "a,2020-01-01T06:00:00Z,1,0\na,2020-01-01T12:00:00Z,1,0\n"
        "a,2020-01-01T13:30:00Z,1,0\n")
          .find("grid.csv:4: timestamp \"2020-01-01T13:30:00Z\" is off the 360-minute slot grid"),
      std::string::npos);
  EXPECT_NE(e("empty.csv", "").find("no data rows"), std::string::npos);
  EXPECT_NE(e("cut.csv", "a,2020-01-01T06:00:00Z,1,0\na,2020-01-01T12:00:00Z,1").find("cut.csv:3"),
            std::string::npos);
  EXPECT_NE(e("time.csv", "a,yesterday,1,0\n").find("expected an ISO 8601 timestamp"),
            std::string::npos);
  IngestOptions o = long_options(write("ok.csv", kLong));
  o.load = "load + nope";
  EXPECT_NE(error_of(o).find("no column \"nope\""), std::string::npos);
  o = long_options(write("ok.csv", kLong));
  o.time_zone = "Australia/Sydney";
  EXPECT_NE(error_of(o).find("zone names are not supported"), std::string::npos);
  o = long_options(write("ok.csv", kLong));
  o.out = file("no/such/dir/store.h5");
  EXPECT_THROW(ingest(o), std::exception);
}

TEST_F(Ingest, CumulativeResetPolicy) {
  const std::string csv =
      "meter,time,load,pv\n"
      "a,2020-01-01T06:00:00Z,10,0\na,2020-01-01T12:00:00Z,11,0\na,2020-01-01T18:00:00Z,2,0\n"
      "a,2020-01-02T00:00:00Z,3,0\n";
  IngestOptions o = long_options(write("reset.csv", csv));
  o.cumulative = true;
  EXPECT_NE(error_of(o).find("reset.csv:4: a register reading is below the previous one"),
            std::string::npos);
  o.counter_reset = "reset";
  o.policy = "fill";
  const IngestReport r = ingest(o);
  EXPECT_EQ(r.counts.counter_resets, 1u);
}

}  // namespace
}  // namespace evomarket
