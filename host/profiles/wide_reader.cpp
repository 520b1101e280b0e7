// The wide day-row format of `evomarket ingest` and its Ausgrid preset (docs/ingest.md): one row
// per meter, day and quantity, one column per interval labelled by its end time; a first pass
// finds the first date and the interval columns, a second writes the store.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/civil_time.h"
#include "host/profiles/column_expression.h"
#include "host/profiles/ingest_readers.h"
#include "host/profiles/meter_csv.h"
#include "host/version.h"

namespace evomarket {

std::optional<int> interval_end(const std::string& label) {
  const auto colon = label.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 2 || label.size() != colon + 3) {
    return std::nullopt;
  }
  for (size_t i = 0; i < label.size(); ++i) {
    if (i != colon && !std::isdigit(static_cast<unsigned char>(label[i]))) return std::nullopt;
  }
  const int h = std::stoi(label.substr(0, colon));
  const int m = std::stoi(label.substr(colon + 1));
  if (h > 23 || m > 59) return std::nullopt;
  const int minutes = h * 60 + m;
  return minutes == 0 ? kMinutesPerDay : minutes;
}

void ingest_wide(const IngestOptions& o, GapPolicy policy, int32_t offset, io::IngestCounts& counts,
                 IngestReport& report, const std::string& out) {
  const bool month_first = o.date_format == "m/d/yyyy";
  // First pass: the earliest date (the store's day 0) and the interval columns. Dates are days
  // since 1970-01-01, negative before it.
  int64_t first_date = std::numeric_limits<int64_t>::max();
  int64_t last_date = std::numeric_limits<int64_t>::min();
  std::vector<std::pair<int, int>> intervals;  // column, slot
  uint32_t spd = 0;
  for (const std::string& path : o.inputs) {
    LineReader reader(path);
    std::vector<std::string> header, fields;
    read_header(reader, o.delimiter, o.meter_column, header);
    const int date = find_column(header, o.date_column, path, "--date-column");
    intervals.clear();
    std::vector<int> ends;
    for (size_t c = 0; c < header.size(); ++c) {
      if (const auto end = interval_end(header[c])) {
        intervals.emplace_back(static_cast<int>(c), *end);
        ends.push_back(*end);
      }
    }
    if (intervals.empty() || kMinutesPerDay % intervals.size() != 0) {
      throw ConfigError(
          fmt::format("{}:1: expected one column per interval labelled by its end "
                      "time (0:30 ... 0:00), found {}",
                      path, intervals.size()));
    }
    const int minutes = kMinutesPerDay / static_cast<int>(intervals.size());
    std::sort(ends.begin(), ends.end());
    for (size_t i = 0; i < ends.size(); ++i) {
      if (ends[i] != minutes * static_cast<int>(i + 1)) {
        throw ConfigError(
            fmt::format("{}:1: interval columns are not a regular {}-minute grid", path, minutes));
      }
    }
    for (auto& [c, end] : intervals) end = end / minutes - 1;
    if (spd != 0 && spd != intervals.size()) {
      throw ConfigError(path + ":1: a different number of intervals per day than the other files");
    }
    spd = static_cast<uint32_t>(intervals.size());
    std::string line;
    while (reader.next(line)) {
      if (line.empty()) continue;
      split_csv(line, o.delimiter, fields);
      if (fields.size() < header.size() - 1) {
        throw ConfigError(fmt::format(
            "{}: {} fields, the header has {}{}", reader.where(), fields.size(), header.size(),
            reader.last_line_unterminated() ? " (truncated last line?)" : ""));
      }
      try {
        const int64_t d = parse_date(fields[date], month_first);
        first_date = std::min(first_date, d);
        last_date = std::max(last_date, d);
      } catch (const std::invalid_argument&) {
        throw ConfigError(
            fmt::format("{}: column {}: expected a date such as 1/7/2012 or "
                        "2012-07-01, got {}",
                        reader.where(), o.date_column, quote_field(fields[date])));
      }
      check_store_span(first_date, last_date, reader.where());
    }
  }
  if (first_date == std::numeric_limits<int64_t>::max()) {
    throw ConfigError(fmt::format("{}: no data rows", o.inputs.front()));
  }
  io::ProfileMeta meta;
  meta.slot_seconds = kSecondsPerDay / spd;
  meta.start_utc = first_date * kSecondsPerDay - offset;
  meta.utc_offset_seconds = offset;
  meta.time_zone = o.time_zone.empty() ? "UTC" : o.time_zone;
  meta.source =
      o.format == "ausgrid" ? "Ausgrid solar home electricity data" : "meter data (wide CSV)";
  meta.sources = o.inputs;
  meta.writer_version = evomarket_version();
  io::ProfileStoreWriter writer = io::ProfileStoreWriter::create(out, meta);
  DayAssembler days(writer, policy, true, spd, counts);
  const double unit = o.units == "kw" ? 24.0 / spd : 1.0;
  // The open meter-day: which required quantities it has, and the sums.
  struct Open {
    bool active = false;  // a meter-day is open
    std::string meter;
    int64_t date = 0;
    std::vector<double> load, pv;
    std::vector<uint8_t> load_missing, pv_missing;  // empty cells of a required quantity
    std::vector<std::string> seen;
    // quantity -> its values and line, for duplicates
    std::map<std::string, std::pair<std::vector<std::string>, std::string>> rows;
  } open;
  const std::string required_load = o.load_quantities.empty() ? "" : o.load_quantities.front();
  const std::string required_pv = o.pv_quantities.empty() ? "" : o.pv_quantities.front();
  auto flush = [&](const std::string& where) {
    if (!open.active) return;
    const bool has_load = std::count(open.seen.begin(), open.seen.end(), required_load) > 0;
    const bool has_pv = std::count(open.seen.begin(), open.seen.end(), required_pv) > 0;
    MeterState& m = days.meter(open.meter);
    if ((!has_load || !has_pv) && policy == GapPolicy::kStrict) {
      throw ConfigError(fmt::format("{}: meter {} on day {} has no {} row (--policy strict)", where,
                                    open.meter, open.date - first_date,
                                    has_load ? required_pv : required_load));
    }
    // A required quantity without a row, or an empty cell of one, is a missing value: the
    // assembler applies the policy (skip the meter-day, or fill and count).
    for (uint32_t s = 0; s < spd; ++s) {
      const double load = has_load && !open.load_missing[s] ? open.load[s] : kMissing;
      const double pv = has_pv && !open.pv_missing[s] ? open.pv[s] : kMissing;
      days.set(m, (open.date - first_date) * spd + s, load, pv, where);
    }
    open.active = false;
  };
  for (const std::string& path : o.inputs) {
    LineReader reader(path);
    std::vector<std::string> header, fields;
    read_header(reader, o.delimiter, o.meter_column, header);
    const int meter = find_column(header, o.meter_column, path, "--meter-column");
    const int date = find_column(header, o.date_column, path, "--date-column");
    const int quantity = find_column(header, o.quantity_column, path, "--quantity-column");
    const int capacity = o.capacity_column.empty()
                             ? -1
                             : find_column(header, o.capacity_column, path, "--capacity-column");
    int last_column = std::max({meter, date, quantity, capacity});
    for (const auto& [c, slot] : intervals) last_column = std::max(last_column, c);
    std::string line;
    while (reader.next(line)) {
      if (line.empty()) continue;
      split_csv(line, o.delimiter, fields);
      ++counts.rows;
      const std::string where = reader.where();
      if (fields.size() <= static_cast<size_t>(last_column)) {
        throw ConfigError(fmt::format(
            "{}: {} fields, expected at least {}{}", where, fields.size(), last_column + 1,
            reader.last_line_unterminated() ? " (truncated last line?)" : ""));
      }
      const int64_t d = parse_date(fields[date], month_first);
      if (!open.active || fields[meter] != open.meter || d != open.date) {
        flush(where);
        open.active = true;
        open.meter = fields[meter];
        open.date = d;
        open.load.assign(spd, 0.0);
        open.pv.assign(spd, 0.0);
        open.load_missing.assign(spd, 0);
        open.pv_missing.assign(spd, 0);
        open.seen.clear();
        open.rows.clear();
        double cap = kMissing;
        if (capacity >= 0) {
          bool present = true;
          const double c = cell_value(fields, capacity, where, header, &present);
          if (present) cap = c;
        }
        days.meter(open.meter, cap);
      }
      const std::string q = fields[quantity];
      const bool is_load = std::count(o.load_quantities.begin(), o.load_quantities.end(), q) > 0;
      const bool is_pv = std::count(o.pv_quantities.begin(), o.pv_quantities.end(), q) > 0;
      if (!is_load && !is_pv) {
        throw ConfigError(fmt::format("{}: column {}: unknown quantity {}", where,
                                      o.quantity_column, quote_field(q)));
      }
      std::vector<std::string> values;
      for (const auto& [c, s] : intervals) values.push_back(fields[c]);
      if (const auto it = open.rows.find(q); it != open.rows.end()) {
        if (it->second.first == values || policy == GapPolicy::kFill) {
          ++counts.skipped_rows;
          continue;
        }
        throw ConfigError(fmt::format(
            "{}: a conflicting duplicate: a second, different {} row for meter {} on this day "
            "(the first: {})",
            where, quote_field(q), quote_field(open.meter), it->second.second));
      }
      open.rows.emplace(q, std::make_pair(std::move(values), where));
      open.seen.push_back(q);
      const bool required = q == required_load || q == required_pv;
      for (const auto& [c, s] : intervals) {
        bool present = true;
        const double v = cell_value(fields, c, where, header, &present) * unit;
        check_slot_kwh(v, where, open.meter);  // each cell here; their sum when the day closes
        if (!present && policy == GapPolicy::kStrict) {
          throw ConfigError(
              fmt::format("{}: column {} is empty (--policy strict)", where, header[c]));
        }
        if (!present && required) (is_load ? open.load_missing : open.pv_missing)[s] = 1;
        (is_load ? open.load : open.pv)[s] += v;
      }
    }
    flush(reader.where());
    report.bytes += reader.bytes();
  }
  finish_store(days, writer, counts, o.inputs.back(), report);
}

}  // namespace evomarket
