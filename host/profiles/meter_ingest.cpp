#include "host/profiles/meter_ingest.h"

#include <chrono>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/civil_time.h"
#include "host/profiles/gap_policy.h"
#include "host/profiles/ingest_readers.h"
#include "host/progress.h"
#include "host/staged_output.h"

namespace evomarket {
namespace {

constexpr double kBytesPerMegabyte = 1e6;  // the report's MB are decimal

std::optional<int32_t> offset_option(const std::string& text, const char* option) {
  if (text.empty()) return std::nullopt;
  const auto o = parse_utc_offset(text);
  if (!o) {
    throw ConfigError(
        fmt::format("{} \"{}\": expected a fixed UTC offset such as +10:00 or UTC "
                    "(zone names are not supported)",
                    option, text));
  }
  return o;
}

// What the inputs hold, for the progress line (a file that cannot be read counts 0: its reader
// says why).
uint64_t input_bytes(const std::vector<std::string>& inputs) {
  uint64_t total = 0;
  for (const std::string& path : inputs) {
    std::error_code error;
    const uintmax_t size = std::filesystem::file_size(path, error);
    if (!error) total += static_cast<uint64_t>(size);
  }
  return total;
}

}  // namespace

void finish_store(DayAssembler& days, io::ProfileStoreWriter& writer,
                  const io::IngestCounts& counts, const std::string& last_input,
                  IngestReport& report) {
  days.flush_all("end of " + last_input);
  report.meters = days.meters();
  report.days = static_cast<uint64_t>(days.last_day() + 1);
  report.slot_hours = 24.0 / days.slots_per_day();
  for (int c = 0; c < 2; ++c) {
    report.energy_kwh[c] = days.energy_kwh(c);
    report.slots_with_value[c] = days.slots_with_value(c);
  }
  writer.finish(counts);
}

IngestReport ingest(const IngestOptions& given) {
  IngestOptions o = given;
  if (o.inputs.empty()) throw ConfigError("ingest: expected at least one input CSV file");
  if (o.out.empty()) throw ConfigError("ingest: --out is required");
  const GapPolicy policy = parse_gap_policy(o.policy);
  if (o.units != "kwh" && o.units != "kw") throw ConfigError("--units: expected kwh or kw");
  if (o.label != "start" && o.label != "end") throw ConfigError("--label: expected start or end");
  if (o.counter_reset != "error" && o.counter_reset != "reset") {
    throw ConfigError("--counter-reset: expected error or reset");
  }
  if (o.slot_minutes != 0 && kMinutesPerDay % o.slot_minutes != 0) {
    throw ConfigError("--slot-minutes: expected a divisor of 1440");
  }
  if (o.format == "ausgrid") {
    // The preset fixes the layout: options that would change it are refused, not ignored.
    if (!o.net.empty()) {
      throw ConfigError("--net: --format ausgrid reads load (GC + CL) and PV (GG), not net data");
    }
    if (o.label != "end") {
      throw ConfigError("--label start: --format ausgrid columns are labelled by their end time");
    }
    for (const auto& [given, option] : {std::pair{!o.meter_column.empty(), "--meter-column"},
                                        std::pair{o.date_column != "date", "--date-column"},
                                        std::pair{!o.quantity_column.empty(), "--quantity-column"},
                                        std::pair{!o.capacity_column.empty(), "--capacity-column"},
                                        std::pair{!o.load_quantities.empty(), "--load-quantities"},
                                        std::pair{!o.pv_quantities.empty(), "--pv-quantities"}}) {
      if (given) {
        throw ConfigError(fmt::format(
            "{}: --format ausgrid fixes the layout (Customer, date, Consumption Category, "
            "Generator Capacity; load GC + CL, PV GG); use --format wide for another",
            option));
      }
    }
    o.meter_column = "Customer";
    o.date_column = "date";
    o.quantity_column = "Consumption Category";
    o.capacity_column = "Generator Capacity";
    o.load_quantities = {"GC", "CL"};
    o.pv_quantities = {"GG"};
    if (o.time_zone.empty()) o.time_zone = "+10:00";  // local standard time, no daylight saving
  }
  const auto input_offset = offset_option(o.time_zone, "--time-zone");
  const auto store_offset = offset_option(o.store_time_zone, "--store-time-zone");
  // Written beside --out and renamed when complete: a failed ingest leaves --out as it was.
  const std::unique_ptr<io::StagedOutput> staged = stage_output(o.out, "profile store", o.inputs);
  check_may_replace(o.out, "profile store", o.overwrite, io::profile_store_status);
  const std::string& out = staged->temporary();
  IngestReport report;
  report.net = !o.net.empty();
  const auto start = std::chrono::steady_clock::now();
  Progress progress("ingest", 2 * input_bytes(o.inputs), std::string(kProgressBytes), !o.progress);
  InputBytes read(&progress);
  {
    if (o.format == "long") {
      if (o.time_column.empty())
        throw ConfigError("ingest --format long: --time-column is required");
      if (o.meter_column.empty() == o.meter_id.empty()) {
        throw ConfigError("ingest --format long: give exactly one of --meter-column or --meter-id");
      }
      if (o.net.empty() == (o.load.empty() && o.pv.empty()) ||
          (o.net.empty() && (o.load.empty() || o.pv.empty()))) {
        throw ConfigError("ingest --format long: give --load and --pv, or --net alone");
      }
      ingest_long(o, policy, input_offset, store_offset.value_or(input_offset.value_or(0)),
                  report.counts, report, out, read);
    } else if (o.format == "wide" || o.format == "ausgrid") {
      if (o.meter_column.empty()) {
        throw ConfigError("ingest --format wide: --meter-column is required");
      }
      if (o.quantity_column.empty() && o.net.empty()) {
        throw ConfigError(
            "ingest --format wide: --quantity-column is required (without one, rows hold net "
            "energy: --net row)");
      }
      // Register readings and counter resets are long-format notions; refused, not ignored.
      if (o.cumulative) {
        throw ConfigError("--cumulative: register readings are read in the long format only");
      }
      if (o.counter_reset != "error") {
        throw ConfigError("--counter-reset: register readings are read in the long format only");
      }
      const bool quantities = !o.load_quantities.empty() || !o.pv_quantities.empty();
      if (!o.load.empty() || !o.pv.empty()) {
        throw ConfigError(
            "ingest --format wide: --load and --pv name columns of the long format; give "
            "--load-quantities and --pv-quantities");
      }
      if (o.net.empty() ? o.load_quantities.empty() || o.pv_quantities.empty() : quantities) {
        throw ConfigError(
            "ingest --format wide: give --load-quantities and --pv-quantities, or --net alone");
      }
      ingest_wide(o, policy, input_offset.value_or(0), report.counts, report, out, read);
    } else {
      throw ConfigError("--format: expected long, wide or ausgrid, got \"" + o.format + "\"");
    }
  }
  progress.finish();
  staged->commit();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

namespace {

// "load 0.500 kW, 12.00 kWh/day": the mean over the meter-slots with a value.
std::string mean_per_meter(const char* name, double kwh, uint64_t slots, double slot_hours) {
  if (slots == 0) return fmt::format("{} (no values)", name);
  const double kw = kwh / (static_cast<double>(slots) * slot_hours);
  return fmt::format("{} {:.3f} kW, {:.2f} kWh/day", name, kw, kw * 24);
}

}  // namespace

std::string format_ingest_report(const IngestOptions& o, const IngestReport& r) {
  const io::IngestCounts& c = r.counts;
  const std::string means =
      r.net
          ? mean_per_meter("net (PV - load)", r.energy_kwh[0], r.slots_with_value[0], r.slot_hours)
          : mean_per_meter("load", r.energy_kwh[0], r.slots_with_value[0], r.slot_hours) + "; " +
                mean_per_meter("PV", r.energy_kwh[1], r.slots_with_value[1], r.slot_hours);
  return fmt::format(
      "wrote {}: {} meters, {} days; {} rows ({:.1f} MB) in {:.2f} s ({:.3g} rows/s, {:.1f} MB/s)\n"
      "{} meter-days written, {} skipped, {} rows skipped, {} slots filled, {} counter resets\n"
      "mean per meter: {} (--units {}: check these against the meters' size)\n",
      o.out, r.meters, r.days, c.rows, r.bytes / kBytesPerMegabyte, r.seconds,
      r.seconds > 0 ? c.rows / r.seconds : 0.0,
      r.seconds > 0 ? r.bytes / kBytesPerMegabyte / r.seconds : 0.0, c.meter_days,
      c.skipped_meter_days, c.skipped_rows, c.filled_slots, c.counter_resets, means, o.units);
}

}  // namespace evomarket
