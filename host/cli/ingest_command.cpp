// `evomarket ingest FILE... --out STORE [options]`: meter-data CSV files into a profile store
// (host/profiles/meter_ingest.h, docs/ingest.md).
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"

namespace evomarket {

namespace {

// An option naming a column (or an expression of columns) given an empty value: say what it
// takes. `--time-column=` makes CLI11 take the next argument as the value, so a value that is
// another option ("--load") is that slip, not a column name.
CLI::Validator column_reference(const std::string& option) {
  return CLI::Validator(
      [option](std::string& value) -> std::string {
        constexpr const char* kExpected =
            "expected a column name, or #N for the Nth column (#1 is the first; the way to pick "
            "a column whose header name is empty)";
        if (value.empty()) return fmt::format("{}, got an empty value", kExpected);
        if (value.rfind("--", 0) == 0) {
          return fmt::format(
              "{}, got the option \"{}\" ({}= with nothing after the = takes the "
              "next argument as its value)",
              kExpected, value, option);
        }
        return "";
      },
      "COLUMN", "column reference");
}

}  // namespace

void add_ingest_options(CLI::App& app, IngestOptions& o) {
  // An option naming a column (a name, or #N) or an expression of columns.
  auto column_option = [&app](const std::string& name, std::string& target, const char* help) {
    app.add_option(name, target, help)->check(column_reference(name));
  };
  app.add_option("inputs", o.inputs, "Meter-data CSV files")->required();
  app.add_option("--out", o.out, "Profile store to write")->required();
  app.add_flag("--overwrite", o.overwrite,
               "Replace a complete profile store or any other file at --out");
  app.add_option("--format", o.format, "long, wide or ausgrid");
  app.add_option("--policy", o.policy,
                 "Missing data: skip (leave the meter-day out), fill, strict");
  column_option("--meter-column", o.meter_column, "Column with the meter id (a name, or #N)");
  app.add_option("--meter-id", o.meter_id, "Meter id of a file without a meter column (long)");
  column_option("--meter-group", o.meter_group,
                "Column with each meter's group, e.g. its postcode, kept in the store for "
                "market.agents = \"meters\" (one group per meter)");
  column_option("--time-column", o.time_column,
                "Column with the timestamps (long): a name, or #N for the Nth column");
  column_option("--load", o.load, "Load column, or a sum/difference: \"import + pv - export\"");
  column_option("--pv", o.pv, "PV generation column or expression");
  column_option("--net", o.net,
                "Net-only data, PV minus load: a column or expression (long), a quantity or a "
                "signed sum of quantities such as \"export - import\" (wide)");
  app.add_option("--units", o.units, "kwh (energy per interval) or kw (average power)");
  app.add_option("--label", o.label,
                 "A timestamp (long) or an interval column (wide) labels the start or the end "
                 "(default) of its interval");
  app.add_flag("--cumulative", o.cumulative, "Values are register readings (differences = energy)");
  app.add_option("--counter-reset", o.counter_reset, "A register going backwards: error or reset");
  column_option("--date-column", o.date_column, "Column with the date (wide)");
  app.add_option("--date-format", o.date_format,
                 "How numeric slash dates read: d/m/yyyy (default) or m/d/yyyy; yyyy-mm-dd and "
                 "d-Mon-yyyy are recognised either way")
      ->check(CLI::IsMember({"d/m/yyyy", "m/d/yyyy"}));
  app.add_option("--delimiter", o.delimiter, "Field separator (default ,)");
  column_option("--quantity-column", o.quantity_column,
                "Column naming the quantity of a row (wide)");
  column_option("--capacity-column", o.capacity_column, "Column with the PV capacity in kWp");
  app.add_option("--load-quantities", o.load_quantities, "Quantities summed into the load (wide)")
      ->delimiter(',');
  app.add_option("--pv-quantities", o.pv_quantities, "Quantities summed into the PV (wide)")
      ->delimiter(',');
  app.add_option("--time-zone", o.time_zone, "UTC offset of timestamps without one, e.g. +10:00");
  app.add_option("--store-time-zone", o.store_time_zone, "UTC offset of the store's days");
  app.add_option("--slot-minutes", o.slot_minutes, "Slot length (default: inferred)");
}

Subcommand add_ingest_command(CLI::App& parent) {
  auto options = std::make_shared<IngestOptions>();
  CLI::App* cmd = parent.add_subcommand(
      "ingest", "Read meter-data CSV files (long, wide day-row, Ausgrid) into a profile store");
  add_ingest_options(*cmd, *options);
  auto quiet = std::make_shared<bool>(false);
  cmd->add_flag("--quiet", *quiet, "No progress lines (bytes read, rate, ETA) on stderr");
  return {cmd, [options, quiet] {
            options->progress = !*quiet;
            fmt::print("{}", format_ingest_report(*options, ingest(*options)));
            return 0;
          }};
}

}  // namespace evomarket
