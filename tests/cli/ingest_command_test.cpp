// The `evomarket ingest` options (host/cli/ingest_command.cpp) bound to IngestOptions; what
// ingest does with them: tests/host/profiles/ingest_conformance_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

TEST(IngestCommandTest, CommandLineOfTheDocs) {
  CLI::App app;
  IngestOptions o;
  add_ingest_options(app, o);
  app.parse(
      "household.csv --out kn4.h5 --meter-id KN4 --time-column utc_timestamp --cumulative "
      "--label end --policy fill --load \"a + b - c\" --pv b --counter-reset reset "
      "--store-time-zone +01:00 --slot-minutes 60 --units kwh",
      false);
  EXPECT_EQ(o.inputs, std::vector<std::string>{"household.csv"});
  EXPECT_EQ(o.load, "a + b - c");
  EXPECT_TRUE(o.cumulative);
  EXPECT_EQ(o.slot_minutes, 60u);
  EXPECT_EQ(o.store_time_zone, "+01:00");
  CLI::App wide;
  IngestOptions w;
  add_ingest_options(wide, w);
  wide.parse(
      "a.csv b.csv --out w.h5 --format wide --meter-column id --date-column day "
      "--quantity-column kind --load-quantities GC,CL --pv-quantities GG --time-zone +10:00",
      false);
  EXPECT_EQ(w.inputs.size(), 2u);
  EXPECT_EQ(w.load_quantities, (std::vector<std::string>{"GC", "CL"}));
}

// --delimiter and --date-format (only d/m/yyyy and m/d/yyyy).
TEST(IngestCommandTest, CommandLineDelimiterAndDateFormat) {
  CLI::App app;
  IngestOptions o;
  add_ingest_options(app, o);
  app.parse("a.csv --out a.h5 --format wide --delimiter ; --date-format d/m/yyyy", false);
  EXPECT_EQ(o.delimiter, ';');
  EXPECT_EQ(o.date_format, "d/m/yyyy");
  CLI::App bad;
  IngestOptions b;
  add_ingest_options(bad, b);
  EXPECT_THROW(bad.parse("a.csv --out a.h5 --date-format yyyy/mm/dd", false), CLI::ParseError);
  CLI::App missing;
  add_ingest_options(missing, b);
  EXPECT_THROW(missing.parse("a.csv", false), CLI::ParseError);  // --out is required
}

// The message of the parse error for ingest's arguments, as a shell passes them ("" if they
// parse): an empty argument stays one, which a command-line string would drop.
std::string parse_error(std::vector<std::string> args) {
  CLI::App app;
  IngestOptions o;
  add_ingest_options(app, o);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return "";
}

// An empty column option says what it takes. Gets instead: `--time-column=` took the next
// argument ("--load") as the column, and ingest reported "give --load and --pv".
TEST(IngestCommandTest, EmptyColumnOptionSaysWhatIsExpected) {
  const std::string e = parse_error(
      {"a.csv", "--out", "a.h5", "--meter-id", "m", "--time-column=", "--load", "load"});
  EXPECT_NE(e.find("--time-column: expected a column name, or #N for the Nth column"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("got the option \"--load\" (--time-column= with nothing after"),
            std::string::npos)
      << e;
  const std::string empty = parse_error({"a.csv", "--out", "a.h5", "--time-column", ""});
  EXPECT_NE(empty.find("--time-column: expected a column name, or #N for the Nth column (#1 is "
                       "the first; the way to pick a column whose header name is empty), got an "
                       "empty value"),
            std::string::npos)
      << empty;
  for (const char* option : {"--meter-column", "--load", "--pv", "--net", "--date-column",
                             "--quantity-column", "--capacity-column"}) {
    EXPECT_NE(parse_error({"a.csv", "--out", "a.h5", option, ""}).find("expected"),
              std::string::npos)
        << option;
  }
  // A net expression may start with a sign.
  EXPECT_EQ(parse_error({"a.csv", "--out", "a.h5", "--format", "wide", "--net", "-E1 + B1"}), "");
  EXPECT_EQ(parse_error({"a.csv", "--out", "a.h5", "--time-column", "#1"}), "");
}

class IngestCommandRun : public evomarket::testing::TempDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name)) << text;
    return file(name);
  }
};

// End to end: exit status 2 for an empty column option; the summary's mean power and daily
// energy per meter on a file with a known answer (3 kWh per 6-hour slot: 0.5 kW, 12 kWh a day),
// the time column picked by position because its header name is empty.
TEST_F(IngestCommandRun, SummaryPrintsMeansAndEmptyOptionExitsTwo) {
  const std::string input = write("unnamed.csv",
                                  ",load,pv\n2020-01-01T06:00:00Z,3,0\n2020-01-01T12:00:00Z,3,2\n"
                                  "2020-01-01T18:00:00Z,3,1\n2020-01-02T00:00:00Z,3,0\n");
  const std::string out = file("store.h5");
  const std::string common = "ingest " + input + " --out " + out + " --meter-id m ";
  const auto bad = evomarket::testing::run_evomarket(common + "--time-column= --load load --pv pv");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--time-column: expected a column name"), std::string::npos)
      << bad.output;
  EXPECT_FALSE(std::filesystem::exists(out));
  const auto r =
      evomarket::testing::run_evomarket(common + "--time-column '#1' --load load --pv pv");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("mean per meter: load 0.500 kW, 12.00 kWh/day; PV 0.125 kW, 3.00 "
                          "kWh/day (--units kwh"),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace evomarket
