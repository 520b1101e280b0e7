// The long format of `evomarket ingest` (docs/ingest.md): one row per meter and interval, or
// register readings (--cumulative), in one or more files; a first pass finds the first timestamp
// and the slot length, a second writes the store.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/civil_time.h"
#include "host/profiles/column_expression.h"
#include "host/profiles/header_columns.h"
#include "host/profiles/ingest_readers.h"
#include "host/profiles/meter_csv.h"
#include "host/version.h"

namespace evomarket {
namespace {

struct Layout {
  uint32_t slot_seconds = 0;
  int64_t first_time = std::numeric_limits<int64_t>::max();  // epoch seconds
  int64_t last_time = std::numeric_limits<int64_t>::min();
};

// The columns the options name, to tell the header from a title line above it.
std::vector<std::string> named_columns(const IngestOptions& o) {
  std::vector<std::string> refs = {o.time_column};
  if (!o.meter_column.empty()) refs.push_back(o.meter_column);
  if (!o.meter_group.empty()) refs.push_back(o.meter_group);
  for (const auto& [option, text] :
       {std::pair{"--load", &o.load}, std::pair{"--pv", &o.pv}, std::pair{"--net", &o.net}}) {
    if (text->empty()) continue;
    for (const auto& term : split_signed_sum(*text, option)) refs.push_back(term.first);
  }
  return refs;
}

Layout scan_long(const IngestOptions& o, std::optional<int32_t> input_offset, InputBytes& read) {
  Layout l;
  l.slot_seconds = o.slot_minutes * 60;
  std::map<std::string, int64_t> previous;
  const bool net = !o.net.empty();
  // The row before, to tell a conflicting duplicate (same meter and time, other values) from a
  // slot length that cannot be inferred.
  std::string previous_line, previous_id, duplicate;
  int64_t previous_time = 0;
  uint64_t previous_number = 0;
  for (const std::string& path : o.inputs) {
    LineReader reader(path, &read);
    std::vector<std::string> header, fields;
    const std::string at = read_header(reader, o.delimiter, named_columns(o), header);
    previous_id.clear();  // duplicates are looked for within a file
    previous_line.clear();
    const int time = find_column(header, o.time_column, at, "--time-column");
    const int meter =
        o.meter_column.empty() ? -1 : find_column(header, o.meter_column, at, "--meter-column");
    if (!o.meter_group.empty()) find_column(header, o.meter_group, at, "--meter-group");
    // Every column, before the first data line: a missing one is named at the header.
    parse_column_expression(net ? o.net : o.load, header, at, net ? "--net" : "--load");
    if (!net) parse_column_expression(o.pv, header, at, "--pv");
    std::string line;
    while (reader.next(line)) {
      if (line.empty()) continue;
      split_csv(line, o.delimiter, fields);
      if (fields.size() != header.size()) {
        throw ConfigError(fmt::format(
            "{}: {} fields, the header has {}{}", reader.where(), fields.size(), header.size(),
            reader.last_line_unterminated() ? " (truncated last line?)" : ""));
      }
      int64_t t = 0;
      try {
        t = parse_timestamp(fields[time], input_offset);
      } catch (const std::invalid_argument& e) {
        throw ConfigError(fmt::format("{}: column {}: expected an ISO 8601 timestamp, got {} ({})",
                                      reader.where(), column_label(header, time),
                                      quote_field(fields[time]), e.what()));
      }
      l.first_time = std::min(l.first_time, t);
      l.last_time = std::max(l.last_time, t);
      // Seconds apart below kMaxStoreDays - 1 days keep the store within kMaxStoreDays days.
      check_store_span(0, (l.last_time - l.first_time) / kSecondsPerDay + 1, reader.where());
      const std::string id = meter >= 0 ? fields[meter] : o.meter_id;
      auto [it, added] = previous.try_emplace(id, t);
      if (!added && l.slot_seconds == 0 && t > it->second) {
        l.slot_seconds = static_cast<uint32_t>(t - it->second);  // inferred from the first step
      }
      it->second = t;
      if (duplicate.empty() && id == previous_id && t == previous_time && line != previous_line) {
        duplicate = fmt::format(
            "{}: a conflicting duplicate: a second, different row for meter {} at {} (the first: "
            "{})",
            reader.where(), quote_field(id), quote_field(fields[time]),
            fmt::format("{}:{}", path, previous_number));
      }
      previous_line.swap(line);
      previous_id = id;
      previous_number = reader.line_number();
      previous_time = t;
    }
  }
  if (l.first_time == std::numeric_limits<int64_t>::max()) {
    throw ConfigError(fmt::format("{}: no data rows", o.inputs.front()));
  }
  if (l.slot_seconds == 0 && !duplicate.empty()) {
    throw ConfigError(duplicate + "; with one time per meter the slot length cannot be inferred");
  }
  if (l.slot_seconds == 0) {
    throw ConfigError(
        "cannot infer the slot length from one reading per meter: give --slot-minutes");
  }
  return l;
}

}  // namespace

void ingest_long(const IngestOptions& o, GapPolicy policy, std::optional<int32_t> input_offset,
                 int32_t store_offset, io::IngestCounts& counts, IngestReport& report,
                 const std::string& out, InputBytes& read) {
  const Layout layout = scan_long(o, input_offset, read);
  const uint32_t slot = layout.slot_seconds;
  if (kSecondsPerDay % slot != 0) {
    throw ConfigError(fmt::format("slot length {} s does not divide a day", slot));
  }
  const uint32_t spd = kSecondsPerDay / slot;
  const bool net = !o.net.empty();
  io::ProfileMeta meta;
  meta.kind = net ? io::ProfileKind::kNet : io::ProfileKind::kLoadAndPv;
  meta.slot_seconds = slot;
  // The first slot starts at the first timestamp, one slot earlier when it labels an
  // interval's end (interval data), one slot later for a register read after its interval.
  const int64_t first_start =
      layout.first_time + (o.cumulative ? (o.label == "start" ? int64_t{slot} : 0)
                                        : (o.label == "end" ? -int64_t{slot} : 0));
  const int64_t local_day = (first_start + store_offset) / kSecondsPerDay -
                            ((first_start + store_offset) % kSecondsPerDay < 0 ? 1 : 0);
  meta.start_utc = local_day * kSecondsPerDay - store_offset;
  meta.utc_offset_seconds = store_offset;
  meta.time_zone =
      o.store_time_zone.empty() ? (o.time_zone.empty() ? "UTC" : o.time_zone) : o.store_time_zone;
  meta.source = "meter data (long CSV)";
  meta.group_column = o.meter_group;
  meta.sources = o.inputs;
  meta.writer_version = evomarket_version();
  io::ProfileStoreWriter writer = io::ProfileStoreWriter::create(out, meta);
  DayAssembler days(writer, policy, !net, spd, counts);
  const double hours = slot / double{kSecondsPerHour};
  const double unit = o.units == "kw" ? hours : 1.0;
  const int64_t shift = o.label == "end" ? -static_cast<int64_t>(slot) : 0;  // to interval start
  for (const std::string& path : o.inputs) {
    LineReader reader(path, &read);
    std::vector<std::string> header, fields;
    const std::string at = read_header(reader, o.delimiter, named_columns(o), header);
    const int time = find_column(header, o.time_column, at, "--time-column");
    const int meter_col =
        o.meter_column.empty() ? -1 : find_column(header, o.meter_column, at, "--meter-column");
    const int group =
        o.meter_group.empty() ? -1 : find_column(header, o.meter_group, at, "--meter-group");
    const ColumnExpression first =
        parse_column_expression(net ? o.net : o.load, header, at, net ? "--net" : "--load");
    const ColumnExpression second =
        net ? ColumnExpression{} : parse_column_expression(o.pv, header, at, "--pv");
    const bool derived[2] = {first.has_subtraction(), second.has_subtraction()};
    std::string line;
    while (reader.next(line)) {
      if (line.empty()) continue;
      split_csv(line, o.delimiter, fields);
      ++counts.rows;
      const std::string where = reader.where();
      const int64_t t = parse_timestamp(fields[time], input_offset);
      if ((t - meta.start_utc) % slot != 0) {
        throw ConfigError(fmt::format("{}: timestamp {} is off the {}-minute slot grid", where,
                                      quote_field(fields[time]), slot / 60));
      }
      MeterState& m = days.meter(meter_col >= 0 ? fields[meter_col] : o.meter_id);
      if (group >= 0) days.set_group(m, fields[group], o.meter_group, where);
      bool have_first = true, have_second = true;
      // Net data may be negative (a consumer); load and PV may not.
      const double a = evaluate(first, fields, where, header, &have_first, net) * unit;
      const double b =
          net ? 0 : evaluate(second, fields, where, header, &have_second, false) * unit;
      if (!o.cumulative) {
        const int64_t s = (t + shift - meta.start_utc) / slot;
        if (s < m.last_slot) {
          throw ConfigError(where + ": timestamp out of order for meter " +
                            quote_field(meter_col >= 0 ? fields[meter_col] : o.meter_id));
        }
        days.set(m, s, have_first ? a : kMissing, have_second ? b : kMissing, where);
        continue;
      }
      // Register readings: the reading is the register at the interval's end (label end) or
      // after the interval it labels (label start); the difference to the previous reading is
      // the energy of the slots in between, spread evenly (fill) or left missing (skip).
      const int64_t instant = t + (o.label == "start" ? slot : 0);
      // Both channels are read together: a row missing either is no reading at all, so the
      // channels always cover the same slots.
      if (!have_first || (!net && !have_second)) continue;
      if (m.last_reading) {
        auto& [last_instant, last_a, last_b] = *m.last_reading;
        if (instant == last_instant && a == last_a && b == last_b && policy != GapPolicy::kStrict) {
          ++counts.skipped_rows;  // the same reading twice
          continue;
        }
        if (instant <= last_instant) throw ConfigError(where + ": readings out of time order");
        double energy[2] = {a - last_a, b - last_b};
        for (int c = 0; c < 2; ++c) {
          double& e = energy[c];
          if (derived[c]) {
            // A register derived by subtraction (import + pv - export) can step back a little
            // when its meters tick at different moments: the deficit is carried into the next
            // readings, so values stay >= 0 and totals over the data are preserved.
            e += m.carry[c];
            m.carry[c] = std::min(0.0, e);
            e = std::max(0.0, e);
            continue;
          }
          if (e < -1e-9) {
            if (o.counter_reset == "error") {
              throw ConfigError(
                  fmt::format("{}: a register reading is below the previous one "
                              "(a counter reset? --counter-reset reset)",
                              where));
            }
            ++counts.counter_resets;
            e = 0;  // the register restarted: the energy before the reset is unknown
          }
        }
        const int64_t k = (instant - last_instant) / slot;
        const int64_t first_slot = (last_instant - meta.start_utc) / slot;
        if (k > 1 && policy == GapPolicy::kStrict) {
          throw ConfigError(fmt::format("{}: {} readings missing before this one (--policy strict)",
                                        where, k - 1));
        }
        if (k == 1 || policy == GapPolicy::kFill) {
          for (int64_t s = 0; s < k; ++s) {
            days.set(m, first_slot + s, energy[0] / double(k), energy[1] / double(k), where);
          }
          if (k > 1) counts.filled_slots += static_cast<uint64_t>(k - 1);
        }
      }
      m.last_reading = std::make_tuple(instant, a, b);
    }
    report.bytes += reader.bytes();
  }
  finish_store(days, writer, counts, o.inputs.back(), report);
}

}  // namespace evomarket
