// The `evomarket synth` options (host/cli/synth_command.cpp) bound to SynthOptions; the model
// itself: tests/host/profiles/synth_test.cpp.
#include <gtest/gtest.h>

#include <string>

#include <CLI/CLI.hpp>

#include "host/cli/commands.h"

namespace evomarket {
namespace {

TEST(SynthCommandTest, CommandLineSetsEveryOption) {
  CLI::App app;
  SynthOptions o;
  add_synth_options(app, o);
  app.parse(
      "--out p.h5 --meters 12 --days 3 --start-date 2025-07-01 --time-zone -03:30 "
      "--slot-minutes 15 --latitude 47.5 --pv-share 0.25 --mean-load 9.5 --mean-pv-kwp 3 "
      "--seed 99",
      false);
  EXPECT_EQ(o.out, "p.h5");
  EXPECT_EQ(o.meters, 12u);
  EXPECT_EQ(o.days, 3u);
  EXPECT_EQ(o.start_date, "2025-07-01");
  EXPECT_EQ(o.time_zone, "-03:30");
  EXPECT_EQ(o.utc_offset_seconds, -12600);
  EXPECT_EQ(o.slot_minutes, 15u);
  EXPECT_EQ(o.latitude_deg, 47.5);
  EXPECT_EQ(o.pv_share, 0.25);
  EXPECT_EQ(o.mean_daily_load_kwh, 9.5);
  EXPECT_EQ(o.mean_pv_kwp, 3.0);
  EXPECT_EQ(o.seed, 99u);
  EXPECT_NO_THROW(validate_synth_options(o));

  CLI::App bad;
  SynthOptions b;
  add_synth_options(bad, b);
  EXPECT_THROW(bad.parse("--out p.h5 --time-zone Sydney", false), CLI::ParseError);
  CLI::App missing;
  add_synth_options(missing, b);
  EXPECT_THROW(missing.parse("--meters 3", false), CLI::ParseError);  // --out is required
}

TEST(SynthCommandTest, TimeZoneSetsLabelAndOffsetTogether) {
  CLI::App app;
  SynthOptions o;
  add_synth_options(app, o);
  app.parse("--out p.h5 --time-zone z", false);
  EXPECT_EQ(o.time_zone, "z");
  EXPECT_EQ(o.utc_offset_seconds, 0);
  CLI::App beyond;
  SynthOptions b;
  add_synth_options(beyond, b);
  EXPECT_THROW(beyond.parse("--out p.h5 --time-zone +14:30", false), CLI::ParseError);
  EXPECT_EQ(b.utc_offset_seconds, SynthOptions{}.utc_offset_seconds);
}

}  // namespace
}  // namespace evomarket
