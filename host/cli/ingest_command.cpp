// `evomarket ingest FILE... --out STORE [options]`: meter-data CSV files into a profile store
// (host/profiles/meter_ingest.h, docs/ingest.md).
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/cli/commands.h"

namespace evomarket {

void add_ingest_options(CLI::App& app, IngestOptions& o) {
  app.add_option("inputs", o.inputs, "Meter-data CSV files")->required();
  app.add_option("--out", o.out, "Profile store to write")->required();
  app.add_flag("--overwrite", o.overwrite,
               "Replace a complete profile store or any other file at --out");
  app.add_option("--format", o.format, "long, wide or ausgrid");
  app.add_option("--policy", o.policy,
                 "Missing data: skip (leave the meter-day out), fill, strict");
  app.add_option("--meter-column", o.meter_column, "Column with the meter id");
  app.add_option("--meter-id", o.meter_id, "Meter id of a file without a meter column (long)");
  app.add_option("--time-column", o.time_column, "Column with the timestamps (long)");
  app.add_option("--load", o.load, "Load column, or a sum/difference: \"import + pv - export\"");
  app.add_option("--pv", o.pv, "PV generation column or expression");
  app.add_option("--net", o.net, "Net-only data: PV minus load, column or expression");
  app.add_option("--units", o.units, "kwh (energy per interval) or kw (average power)");
  app.add_option("--label", o.label, "A timestamp labels the start or the end of its interval");
  app.add_flag("--cumulative", o.cumulative, "Values are register readings (differences = energy)");
  app.add_option("--counter-reset", o.counter_reset, "A register going backwards: error or reset");
  app.add_option("--date-column", o.date_column, "Column with the date (wide)");
  app.add_option("--date-format", o.date_format,
                 "How numeric slash dates read: d/m/yyyy (default) or m/d/yyyy; yyyy-mm-dd and "
                 "d-Mon-yyyy are recognised either way")
      ->check(CLI::IsMember({"d/m/yyyy", "m/d/yyyy"}));
  app.add_option("--delimiter", o.delimiter, "Field separator (default ,)");
  app.add_option("--quantity-column", o.quantity_column,
                 "Column naming the quantity of a row (wide)");
  app.add_option("--capacity-column", o.capacity_column, "Column with the PV capacity in kWp");
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
  return {cmd, [options] {
            fmt::print("{}", format_ingest_report(*options, ingest(*options)));
            return 0;
          }};
}

}  // namespace evomarket
