// Rough edges of `evomarket ingest` met with real Ausgrid exports (issue 11, item 10): columns
// picked by position (a time column whose header name is empty), missing columns reported at the
// header, --label and --net in the wide format, and the summary's mean power and daily energy per
// meter that makes a wrong --units stand out (docs/ingest.md).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "host/errors.h"
#include "host/profiles/meter_ingest.h"
#include "io/profile_store.h"
#include "support/ingest_test.h"

namespace evomarket {
namespace {

const std::string kFixtures = std::string(EVOMARKET_SOURCE_DIR) + "/tests/fixtures/ingest/";

class IngestEdges : public evomarket::testing::IngestTest {
 protected:
  // The first `days` days of channel 0 (load, or net) of one meter.
  static std::vector<float> channel0(const std::string& store, uint64_t meter, uint64_t days) {
    const io::DayBatch b = io::ProfileStore::open(store).read_days(0, days);
    const auto* first = b.load.data() + meter * b.slots();
    return {first, first + days * b.slots_per_day};
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// 6-hour slots labelled by their end; the time column has no name, as in some exports.
const char* kUnnamedTime =
    ",GC,GG\n"
    "2020-01-01T06:00:00Z,1,0\n2020-01-01T12:00:00Z,2,3\n"
    "2020-01-01T18:00:00Z,3,1\n2020-01-02T00:00:00Z,4,0\n";

// ---- item 1: columns by position ----------------------------------------------------------------

// Gets instead: "#1" is looked up as a column name and refused; an empty header name could not
// be selected at all.
TEST_F(IngestEdges, TimeColumnWithoutANameIsPickedByPosition) {
  IngestOptions o = long_options(write("unnamed.csv", kUnnamedTime));
  o.meter_column.clear();
  o.meter_id = "m";
  o.time_column = "#1";
  o.load = "GC";
  o.pv = "#3";
  const IngestReport r = ingest(o);
  EXPECT_EQ(r.counts.meter_days, 1u);
  EXPECT_EQ(channel0(o.out, 0, 1), (std::vector<float>{1, 2, 3, 4}));
  const io::DayBatch b = io::ProfileStore::open(o.out).read_days(0, 1);
  EXPECT_EQ(std::vector<float>(b.pv.begin(), b.pv.end()), (std::vector<float>{0, 3, 1, 0}));
  // A bad timestamp in that column is named by its position.
  o.inputs = {write("bad.csv", ",GC,GG\nnoon,1,0\n")};
  o.out = file("bad.h5");
  EXPECT_PRED2(contains, error_of(o), "bad.csv:2: column #1: expected an ISO 8601 timestamp");
}

TEST_F(IngestEdges, WideColumnsByPosition) {
  IngestOptions o = wide_options(kFixtures + "wide_6h.csv");
  o.meter_column = "#1";
  o.date_column = "#2";
  o.quantity_column = "#3";
  const IngestReport r = ingest(o);
  EXPECT_EQ(r.counts.meter_days, 4u);
  EXPECT_EQ(channel0(o.out, 0, 1), (std::vector<float>{1, 2, 3, 4}));
}

// ---- item 3: a missing column is reported at the header ----------------------------------------

// Gets instead: "FILE:2: no header with a column ..." (the first data row), without the columns.
TEST_F(IngestEdges, MissingColumnIsReportedAtTheHeaderLine) {
  const std::string csv = "meter,time,load,pv\na,2020-01-01T06:00:00Z,1,0\n";
  IngestOptions o = long_options(write("long.csv", csv));
  o.time_column = "tim";
  EXPECT_PRED2(contains, error_of(o),
               "long.csv:1: no column \"tim\" (--time-column); the header's columns: \"meter\", "
               "\"time\", \"load\", \"pv\"");
  o = long_options(write("long.csv", csv));
  o.pv = "pv + battery";
  EXPECT_PRED2(contains, error_of(o), "long.csv:1: no column \"battery\" (--pv \"pv + battery\")");
  IngestOptions w = wide_options(kFixtures + "wide_6h.csv");
  w.quantity_column = "kind";
  EXPECT_PRED2(contains, error_of(w), "wide_6h.csv:1: no column \"kind\" (--quantity-column)");
  // Below a title line the header is line 2, and that is the line named.
  w = wide_options(write("titled.csv", "Meter export\nmeter,date,6:00,12:00,18:00,0:00\n"));
  EXPECT_PRED2(contains, error_of(w), "titled.csv:2: no column \"quantity\"");
}

// ---- item 4: --label in the wide format --------------------------------------------------------

// Interval columns labelled by their start: "0:00" is the first interval. Gets instead: --label
// is ignored and "0:00" read as the end of the day's last interval.
TEST_F(IngestEdges, WideLabelStartReadsColumnsAsIntervalStarts) {
  IngestOptions o = wide_options(kFixtures + "wide_6h.csv");  // 6:00,12:00,18:00,0:00 = 1,2,3,4
  o.label = "start";
  ingest(o);
  EXPECT_EQ(channel0(o.out, 0, 1), (std::vector<float>{4, 1, 2, 3}));
  // Columns on neither grid are refused at the header line.
  o.inputs = {write("shifted.csv", "meter,date,quantity,6:30,12:30,18:30,0:30\n")};
  o.out = file("shifted.h5");
  EXPECT_PRED2(contains, error_of(o), "shifted.csv:1: interval columns are not a regular");
}

TEST_F(IngestEdges, AusgridRefusesLabelStartAndNet) {
  IngestOptions o;
  o.inputs = {kFixtures + "ausgrid_small.csv"};
  o.out = file("ausgrid.h5");
  o.format = "ausgrid";
  o.label = "start";
  EXPECT_PRED2(contains, error_of(o), "--label start: --format ausgrid");
  o.label = "end";
  o.net = "GG - GC";
  EXPECT_PRED2(contains, error_of(o), "--net: --format ausgrid");
}

TEST_F(IngestEdges, AusgridRefusesOptionsItsPresetFixes) {
  for (const auto& [option, set] : std::vector<std::pair<std::string, void (*)(IngestOptions&)>>{
           {"--meter-column", [](IngestOptions& o) { o.meter_column = "Postcode"; }},
           {"--date-column", [](IngestOptions& o) { o.date_column = "day"; }},
           {"--quantity-column", [](IngestOptions& o) { o.quantity_column = "kind"; }},
           {"--capacity-column", [](IngestOptions& o) { o.capacity_column = "kWp"; }},
           {"--load-quantities", [](IngestOptions& o) { o.load_quantities = {"GC"}; }},
           {"--pv-quantities", [](IngestOptions& o) { o.pv_quantities = {"GG"}; }}}) {
    IngestOptions o;
    o.inputs = {kFixtures + "ausgrid_small.csv"};
    o.out = file("ausgrid.h5");
    o.format = "ausgrid";
    set(o);
    EXPECT_PRED2(contains, error_of(o), option + ": --format ausgrid fixes the layout");
  }
}

// Gets instead: the wide format ignores --cumulative, --counter-reset and --slot-minutes.
TEST_F(IngestEdges, WideRefusesRegisterOptionsAndAnotherSlotLength) {
  IngestOptions o = wide_options(kFixtures + "wide_6h.csv");
  o.cumulative = true;
  EXPECT_PRED2(contains, error_of(o), "--cumulative: register readings are read in the long");
  o = wide_options(kFixtures + "wide_6h.csv");
  o.counter_reset = "reset";
  EXPECT_PRED2(contains, error_of(o), "--counter-reset: register readings are read in the long");
  o = wide_options(kFixtures + "wide_6h.csv");
  o.slot_minutes = 30;
  EXPECT_PRED2(contains, error_of(o),
               "wide_6h.csv:1: --slot-minutes 30: the interval columns are a 360-minute grid");
  o.slot_minutes = 360;  // what the columns say
  EXPECT_EQ(ingest(o).counts.meter_days, 4u);
}

// Day rows of net energy without a quantity column: --net row, or --net -row for load minus PV.
// Gets instead: --quantity-column is required, so such files cannot be read.
TEST_F(IngestEdges, WideNetOnlyRowsWithoutAQuantityColumn) {
  const std::string csv = write("net.csv",
                                "meter,date,6:00,12:00,18:00,0:00\n"
                                "a,2021-03-01,-1,2.5,1,-2\na,2021-03-02,-1,-1,-1,-1\n");
  IngestOptions o = wide_options(csv);
  o.quantity_column.clear();
  o.load_quantities.clear();
  o.pv_quantities.clear();
  o.net = "row";
  const IngestReport r = ingest(o);
  EXPECT_EQ(r.counts.meter_days, 2u);
  EXPECT_EQ(io::ProfileStore::open(o.out).meta().kind, io::ProfileKind::kNet);
  EXPECT_EQ(channel0(o.out, 0, 1), (std::vector<float>{-1, 2.5, 1, -2}));
  o.net = "-row";
  o.out = file("import.h5");
  ingest(o);
  EXPECT_EQ(channel0(o.out, 0, 1), (std::vector<float>{1, -2.5, -1, 2}));
  o.net = "export";
  o.out = file("named.h5");
  EXPECT_PRED2(contains, error_of(o), "without --quantity-column every row is one meter-day");
  // A second row for a meter-day is a duplicate, conflicting here.
  o.net = "row";
  o.inputs = {write("twice.csv",
                    "meter,date,6:00,12:00,18:00,0:00\na,2021-03-01,1,1,1,1\n"
                    "a,2021-03-01,2,2,2,2\n")};
  o.out = file("twice.h5");
  EXPECT_PRED2(contains, error_of(o), "twice.csv:3: a conflicting duplicate");
  // Without --net the quantity column stays required.
  o.net.clear();
  o.load_quantities = {"load"};
  o.pv_quantities = {"pv"};
  EXPECT_PRED2(contains, error_of(o), "--quantity-column is required");
}

// ---- item 5: --net in the wide format ----------------------------------------------------------

// Net energy (PV minus load) = export - import; the first quantity of --net is required per
// meter-day, the others optional. Gets instead: --net is ignored and --load-quantities demanded.
TEST_F(IngestEdges, WideNetIsASignedSumOfQuantities) {
  const std::string csv =
      "meter,date,quantity,6:00,12:00,18:00,0:00\n"
      "m1,2021-03-01,import,1,0,0,2\nm1,2021-03-01,export,0,3,1,0\n"
      "m2,2021-03-01,import,1,1,1,2\n";  // no export row: a consumer
  IngestOptions o = wide_options(write("net.csv", csv));
  o.load_quantities.clear();
  o.pv_quantities.clear();
  o.net = "-import + export";
  const IngestReport r = ingest(o);
  EXPECT_EQ(r.counts.meter_days, 2u);
  const io::ProfileStore store = io::ProfileStore::open(o.out);
  EXPECT_EQ(store.meta().kind, io::ProfileKind::kNet);
  EXPECT_EQ(channel0(o.out, 0, 1), (std::vector<float>{-1, 3, 1, -2}));
  EXPECT_EQ(channel0(o.out, 1, 1), (std::vector<float>{-1, -1, -1, -2}));
  // The first quantity is required: "export - import" leaves m2's day out.
  o.net = "export - import";
  o.out = file("export_first.h5");
  EXPECT_EQ(ingest(o).counts.skipped_meter_days, 1u);
  o.policy = "strict";
  o.out = file("strict.h5");
  EXPECT_PRED2(contains, error_of(o), "meter m2 on day 0 has no export row");
}

// The same net data, long and wide, give the same store: negative cells allowed, kind net, and
// --units kw converted alike.
TEST_F(IngestEdges, WideNetStoresWhatLongNetStores) {
  IngestOptions w = wide_options(write(
      "wide.csv", "meter,date,quantity,6:00,12:00,18:00,0:00\nm,2020-01-01,net,-0.5,1,0.25,-1\n"));
  w.load_quantities.clear();
  w.pv_quantities.clear();
  w.net = "net";
  w.units = "kw";
  ingest(w);
  IngestOptions l = long_options(write("long.csv",
                                       "meter,time,net\nm,2020-01-01T06:00:00Z,-0.5\n"
                                       "m,2020-01-01T12:00:00Z,1\nm,2020-01-01T18:00:00Z,0.25\n"
                                       "m,2020-01-02T00:00:00Z,-1\n"));
  l.load.clear();
  l.pv.clear();
  l.net = "net";
  l.units = "kw";
  ingest(l);
  EXPECT_EQ(channel0(w.out, 0, 1), (std::vector<float>{-3, 6, 1.5, -6}));
  EXPECT_EQ(channel0(l.out, 0, 1), channel0(w.out, 0, 1));
  EXPECT_EQ(io::ProfileStore::open(l.out).meta().kind, io::ProfileStore::open(w.out).meta().kind);
}

TEST_F(IngestEdges, WideNetRefusesQuantitiesBesideItAndRepeatedQuantities) {
  IngestOptions o = wide_options(kFixtures + "wide_6h.csv");
  o.net = "pv - load";  // load and PV quantities too
  EXPECT_PRED2(contains, error_of(o), "give --load-quantities and --pv-quantities, or --net alone");
  o.load_quantities.clear();
  o.pv_quantities.clear();
  o.net = "pv - pv";
  EXPECT_PRED2(contains, error_of(o), "--net: quantity \"pv\" is named twice");
  o = wide_options(kFixtures + "wide_6h.csv");
  o.load = "load";  // a long-format option: refused, not ignored
  EXPECT_PRED2(contains, error_of(o), "--load and --pv name columns of the long format");
}

// ---- item 6: mean power and daily energy per meter in the summary ------------------------------

// Meter a uses 3 kWh per 6-hour slot (12 kWh a day) and b 6 (24 kWh a day): 18 kWh a day and
// 0.75 kW on average; PV 9 kWh on a's day and none on b's: 4.5 kWh a day, 0.1875 kW.
const char* kTwoMeters =
    "meter,time,load,pv\n"
    "a,2020-01-01T06:00:00Z,3,0\na,2020-01-01T12:00:00Z,3,3\n"
    "a,2020-01-01T18:00:00Z,3,6\na,2020-01-02T00:00:00Z,3,0\n"
    "b,2020-01-01T06:00:00Z,6,0\nb,2020-01-01T12:00:00Z,6,0\n"
    "b,2020-01-01T18:00:00Z,6,0\nb,2020-01-02T00:00:00Z,6,0\n";

// Gets instead: the summary has counts only, so values read with the wrong --units go unnoticed.
TEST_F(IngestEdges, SummaryGivesMeanPowerAndDailyEnergyPerMeter) {
  IngestOptions o = long_options(write("two.csv", kTwoMeters));
  const IngestReport r = ingest(o);
  EXPECT_DOUBLE_EQ(r.energy_kwh[0], 36.0);
  EXPECT_EQ(r.slots_with_value[0], 8u);
  EXPECT_PRED2(contains, format_ingest_report(o, r),
               "mean per meter: load 0.750 kW, 18.00 kWh/day; PV 0.188 kW, 4.50 kWh/day "
               "(--units kwh");
  // The same numbers read as kW: six times the energy of a 6-hour slot, plain in the summary.
  o.units = "kw";
  o.out = file("kw.h5");
  EXPECT_PRED2(contains, format_ingest_report(o, ingest(o)),
               "mean per meter: load 4.500 kW, 108.00 kWh/day; PV 1.125 kW, 27.00 kWh/day "
               "(--units kw");
}

// Missing slots do not count; net-only stores give the mean net position.
TEST_F(IngestEdges, SummaryMeansCountOnlySlotsWithValues) {
  IngestOptions o = long_options(write("gap.csv",
                                       "meter,time,load,pv\n"
                                       "a,2020-01-01T12:00:00Z,2,0\na,2020-01-01T18:00:00Z,2,1\n"
                                       "a,2020-01-02T00:00:00Z,2,0\n"));
  o.label = "end";
  o.policy = "fill";  // the first slot stays missing: before the meter's first value
  EXPECT_PRED2(contains, format_ingest_report(o, ingest(o)),
               "load 0.333 kW, 8.00 kWh/day; PV 0.056 kW, 1.33 kWh/day");
  IngestOptions w =
      wide_options(write("net.csv",
                         "meter,date,quantity,6:00,12:00,18:00,0:00\n"
                         "m1,2021-03-01,net,-1,3,1,-2\nm2,2021-03-01,net,-1,-1,-1,-2\n"));
  w.load_quantities.clear();
  w.pv_quantities.clear();
  w.net = "net";
  EXPECT_PRED2(contains, format_ingest_report(w, ingest(w)),
               "mean per meter: net (PV - load) -0.083 kW, -2.00 kWh/day");
}

}  // namespace
}  // namespace evomarket
