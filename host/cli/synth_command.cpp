// `evomarket synth --out STORE [options]`: a synthetic prosumer community as a profile store
// (host/profiles/synth.h, docs/synth.md).
#include <memory>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"
#include "host/errors.h"

namespace evomarket {

void add_synth_options(CLI::App& app, SynthOptions& o) {
  app.add_option("--out", o.out, "Profile store to write (HDF5)")->required();
  app.add_flag("--overwrite", o.overwrite,
               "Replace a complete profile store or any other file at --out");
  app.add_option("--meters", o.meters, "Homes")->capture_default_str();
  app.add_option("--days", o.days, "Days to generate")->capture_default_str();
  app.add_option("--start-date", o.start_date, "Local date of day 0, YYYY-MM-DD")
      ->capture_default_str();
  // Parsed while the command line is read so that the label and the offset always agree; the
  // check runs first, so the callback never throws.
  app.add_option_function<std::string>(
         "--time-zone",
         [&o](const std::string& text) {
           o.utc_offset_seconds = parse_time_zone_option(text, "--time-zone");
           o.time_zone = text;
         },
         "Local standard time as a fixed UTC offset: +10:00, -05:00, UTC (default +10:00)")
      ->check(CLI::Validator(
          [](std::string& text) {
            try {
              parse_time_zone_option(text, "--time-zone");
              return std::string();
            } catch (const ConfigError& e) {
              return std::string(e.what());
            }
          },
          "OFFSET"));
  app.add_option("--slot-minutes", o.slot_minutes, "Trading slot length in minutes (divides 1440)")
      ->capture_default_str();
  app.add_option("--latitude", o.latitude_deg, "Latitude in degrees (< 0: southern hemisphere)")
      ->capture_default_str();
  app.add_option("--pv-share", o.pv_share, "Share of homes with rooftop PV, in [0, 1]")
      ->capture_default_str();
  app.add_option("--mean-load", o.mean_daily_load_kwh, "Mean daily consumption per home (kWh)")
      ->capture_default_str();
  app.add_option("--mean-pv-kwp", o.mean_pv_kwp, "Mean PV capacity of homes with PV (kWp)")
      ->capture_default_str();
  app.add_option("--seed", o.seed, "Random seed (same seed, same store)")->capture_default_str();
}

Subcommand add_synth_command(CLI::App& parent) {
  auto options = std::make_shared<SynthOptions>();
  CLI::App* cmd = parent.add_subcommand(
      "synth", "Write a synthetic prosumer community (load and rooftop PV) as a profile store");
  add_synth_options(*cmd, *options);
  return {cmd, [options] {
            fmt::print("{}", format_synth_report(synthesize_profiles(*options)));
            return 0;
          }};
}

}  // namespace evomarket
