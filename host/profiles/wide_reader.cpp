// The wide day-row format of `evomarket ingest` and its Ausgrid preset (docs/ingest.md): one row
// per meter, day and quantity, one column per interval labelled by its end time (or its start,
// --label start); quantities summed into load and PV, or signed into net energy (--net); a first
// pass finds the first date and the interval columns, a second writes the store.
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
#include "host/profiles/header_columns.h"
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

std::optional<int> interval_start(const std::string& label) {
  const auto end = interval_end(label);
  if (!end) return std::nullopt;
  return *end == kMinutesPerDay ? 0 : *end;
}

namespace {

// What a quantity of the quantity column adds to: channel 0 (load, or net energy) or 1 (PV),
// with a sign; `required`: a meter-day without it is missing data.
struct QuantityRole {
  int channel = 0;
  double sign = 1;
  bool required = false;
};

// The quantity of every row of a wide file without a quantity column (net energy only).
constexpr const char* kNetRow = "row";

std::map<std::string, QuantityRole> quantity_roles(const IngestOptions& o) {
  std::map<std::string, QuantityRole> roles;
  auto add = [&](const std::string& q, QuantityRole role, const char* option) {
    if (!roles.emplace(q, role).second) {
      throw ConfigError(fmt::format("{}: quantity {} is named twice", option, quote_field(q)));
    }
  };
  if (o.quantity_column.empty()) {  // every row one meter-day of net energy, --net [-]row
    const auto terms = split_signed_sum(o.net, "--net");
    if (terms.size() != 1 || terms[0].first != kNetRow) {
      throw ConfigError(fmt::format(
          "--net \"{}\": without --quantity-column every row is one meter-day of net energy: "
          "give --net row (cells are PV minus load) or --net -row (cells are load minus PV)",
          o.net));
    }
    add(kNetRow, {0, terms[0].second, true}, "--net");
    return roles;
  }
  if (!o.net.empty()) {
    const auto terms = split_signed_sum(o.net, "--net");
    for (size_t i = 0; i < terms.size(); ++i) {
      add(terms[i].first, {0, terms[i].second, i == 0}, "--net");
    }
    return roles;
  }
  for (size_t i = 0; i < o.load_quantities.size(); ++i) {
    add(o.load_quantities[i], {0, 1, i == 0}, "--load-quantities");
  }
  for (size_t i = 0; i < o.pv_quantities.size(); ++i) {
    add(o.pv_quantities[i], {1, 1, i == 0}, "--pv-quantities");
  }
  return roles;
}

// The columns the options name, to tell the header from a title line above it.
std::vector<std::string> named_columns(const IngestOptions& o) {
  std::vector<std::string> refs = {o.meter_column, o.date_column};
  if (!o.quantity_column.empty()) refs.push_back(o.quantity_column);
  if (!o.capacity_column.empty()) refs.push_back(o.capacity_column);
  if (!o.meter_group.empty()) refs.push_back(o.meter_group);
  return refs;
}

}  // namespace

void ingest_wide(const IngestOptions& o, GapPolicy policy, int32_t offset, io::IngestCounts& counts,
                 IngestReport& report, const std::string& out, InputBytes& read) {
  const bool month_first = o.date_format == "m/d/yyyy";
  const bool net = !o.net.empty();
  const std::map<std::string, QuantityRole> roles = quantity_roles(o);
  std::string required[2];  // per channel, the quantity a meter-day must have
  for (const auto& [q, role] : roles) {
    if (role.required) required[role.channel] = q;
  }
  // Interval columns are labelled by their end (default) or their start: "0:00" ends the last
  // interval of a day, or starts the first.
  const bool labels_end = o.label != "start";
  const char* labels = labels_end ? "end time (0:30 ... 0:00)" : "start time (0:00 ... 23:30)";
  // First pass: the earliest date (the store's day 0) and the interval columns. Dates are days
  // since 1970-01-01, negative before it.
  int64_t first_date = std::numeric_limits<int64_t>::max();
  int64_t last_date = std::numeric_limits<int64_t>::min();
  std::vector<std::pair<int, int>> intervals;  // column, slot
  uint32_t spd = 0;
  for (const std::string& path : o.inputs) {
    LineReader reader(path, &read);
    std::vector<std::string> header, fields;
    const std::string at = read_header(reader, o.delimiter, named_columns(o), header);
    // Every column, before the first data line: a missing one is named at the header.
    for (const auto& [ref, option] : {std::pair{o.meter_column, "--meter-column"},
                                      std::pair{o.quantity_column, "--quantity-column"},
                                      std::pair{o.capacity_column, "--capacity-column"},
                                      std::pair{o.meter_group, "--meter-group"}}) {
      if (!ref.empty()) find_column(header, ref, at, option);
    }
    const int date = find_column(header, o.date_column, at, "--date-column");
    intervals.clear();
    std::vector<int> minutes_of;
    for (size_t c = 0; c < header.size(); ++c) {
      if (const auto m = labels_end ? interval_end(header[c]) : interval_start(header[c])) {
        intervals.emplace_back(static_cast<int>(c), *m);
        minutes_of.push_back(*m);
      }
    }
    if (intervals.empty() || kMinutesPerDay % intervals.size() != 0) {
      throw ConfigError(
          fmt::format("{}: expected one column per interval labelled by its {}, found {}", at,
                      labels, intervals.size()));
    }
    const int minutes = kMinutesPerDay / static_cast<int>(intervals.size());
    const int first_label = labels_end ? 1 : 0;  // in intervals: "0:30" ends the first
    std::sort(minutes_of.begin(), minutes_of.end());
    for (size_t i = 0; i < minutes_of.size(); ++i) {
      if (minutes_of[i] != minutes * (static_cast<int>(i) + first_label)) {
        throw ConfigError(fmt::format(
            "{}: interval columns are not a regular {}-minute grid labelled by their {}", at,
            minutes, labels));
      }
    }
    if (o.slot_minutes != 0 && static_cast<int>(o.slot_minutes) != minutes) {
      throw ConfigError(fmt::format(
          "{}: --slot-minutes {}: the interval columns are a {}-minute grid (the wide format "
          "takes the slots from its columns)",
          at, o.slot_minutes, minutes));
    }
    for (auto& [c, m] : intervals) m = m / minutes - first_label;
    if (spd != 0 && spd != intervals.size()) {
      throw ConfigError(at + ": a different number of intervals per day than the other files");
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
                        reader.where(), column_label(header, date), quote_field(fields[date])));
      }
      check_store_span(first_date, last_date, reader.where());
    }
  }
  if (first_date == std::numeric_limits<int64_t>::max()) {
    throw ConfigError(fmt::format("{}: no data rows", o.inputs.front()));
  }
  io::ProfileMeta meta;
  meta.kind = net ? io::ProfileKind::kNet : io::ProfileKind::kLoadAndPv;
  meta.slot_seconds = kSecondsPerDay / spd;
  meta.start_utc = first_date * kSecondsPerDay - offset;
  meta.utc_offset_seconds = offset;
  meta.time_zone = o.time_zone.empty() ? "UTC" : o.time_zone;
  meta.source =
      o.format == "ausgrid" ? "Ausgrid solar home electricity data" : "meter data (wide CSV)";
  meta.sources = o.inputs;
  meta.writer_version = evomarket_version();
  meta.group_column = o.meter_group;
  io::ProfileStoreWriter writer = io::ProfileStoreWriter::create(out, meta);
  const int channels = net ? 1 : 2;
  DayAssembler days(writer, policy, !net, spd, counts);
  const double unit = o.units == "kw" ? 24.0 / spd : 1.0;
  // The open meter-day: which quantities it has, and the sums per channel.
  struct Open {
    bool active = false;  // a meter-day is open
    std::string meter;
    int64_t date = 0;
    std::vector<double> sum[2];
    std::vector<uint8_t> missing[2];  // empty cells of a required quantity
    std::vector<std::string> seen;
    // quantity -> its values and line, for duplicates
    std::map<std::string, std::pair<std::vector<std::string>, std::string>> rows;
  } open;
  auto flush = [&](const std::string& where) {
    if (!open.active) return;
    bool has[2] = {true, true};
    for (int c = 0; c < channels; ++c) {
      has[c] = std::count(open.seen.begin(), open.seen.end(), required[c]) > 0;
      if (!has[c] && policy == GapPolicy::kStrict) {
        throw ConfigError(fmt::format("{}: meter {} on day {} has no {} row (--policy strict)",
                                      where, open.meter, open.date - first_date, required[c]));
      }
    }
    MeterState& m = days.meter(open.meter);
    // A required quantity without a row, or an empty cell of one, is a missing value: the
    // assembler applies the policy (skip the meter-day, or fill and count).
    auto value = [&](int c, uint32_t s) {
      return c < channels && has[c] && !open.missing[c][s] ? open.sum[c][s] : kMissing;
    };
    for (uint32_t s = 0; s < spd; ++s) {
      days.set(m, (open.date - first_date) * spd + s, value(0, s), value(1, s), where);
    }
    open.active = false;
  };
  for (const std::string& path : o.inputs) {
    LineReader reader(path, &read);
    std::vector<std::string> header, fields;
    const std::string at = read_header(reader, o.delimiter, named_columns(o), header);
    const int meter = find_column(header, o.meter_column, at, "--meter-column");
    const int date = find_column(header, o.date_column, at, "--date-column");
    const int quantity = o.quantity_column.empty()
                             ? -1
                             : find_column(header, o.quantity_column, at, "--quantity-column");
    const int capacity = o.capacity_column.empty()
                             ? -1
                             : find_column(header, o.capacity_column, at, "--capacity-column");
    const int group =
        o.meter_group.empty() ? -1 : find_column(header, o.meter_group, at, "--meter-group");
    int last_column = std::max({meter, date, quantity, capacity, group});
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
        for (int c = 0; c < 2; ++c) {
          open.sum[c].assign(spd, 0.0);
          open.missing[c].assign(spd, 0);
        }
        open.seen.clear();
        open.rows.clear();
        double cap = kMissing;
        if (capacity >= 0) {
          bool present = true;
          const double c = cell_value(fields, capacity, where, header, &present);
          if (present) cap = c;
        }
        MeterState& m = days.meter(open.meter, cap);
        if (group >= 0) days.set_group(m, fields[group], o.meter_group, where);
      }
      const std::string q = quantity >= 0 ? fields[quantity] : kNetRow;
      const auto role = roles.find(q);
      if (role == roles.end()) {
        throw ConfigError(fmt::format("{}: column {}: unknown quantity {}", where,
                                      column_label(header, quantity), quote_field(q)));
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
      const auto& [channel, sign, required_here] = role->second;
      for (const auto& [c, s] : intervals) {
        bool present = true;
        // Net data may be negative (a consumer); load and PV may not.
        const double v = cell_value(fields, c, where, header, &present, net) * unit;
        check_slot_kwh(v, where, open.meter);  // each cell here; their sum when the day closes
        if (!present && policy == GapPolicy::kStrict) {
          throw ConfigError(fmt::format("{}: column {} is empty (--policy strict)", where,
                                        column_label(header, c)));
        }
        if (!present && required_here) open.missing[channel][s] = 1;
        open.sum[channel][s] += sign * v;
      }
    }
    flush(reader.where());
    report.bytes += reader.bytes();
  }
  finish_store(days, writer, counts, o.inputs.back(), report);
}

}  // namespace evomarket
