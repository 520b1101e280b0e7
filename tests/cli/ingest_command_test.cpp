// The `evomarket ingest` options (host/cli/ingest_command.cpp) bound to IngestOptions; what
// ingest does with them: tests/host/profiles/ingest_conformance_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "host/cli/commands.h"

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

}  // namespace
}  // namespace evomarket
