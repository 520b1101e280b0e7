#include "host/profiles/meter_ingest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/errors.h"
#include "host/profiles/meter_csv.h"
#include "host/version.h"
#include "io/hdf5_error.h"

namespace evomarket {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

enum class Policy { kSkip, kFill, kStrict };

// A column expression: signed sum of columns ("grid_import + pv - grid_export").
struct Expression {
  std::vector<std::pair<int, double>> terms;  // column index, sign
  bool empty() const { return terms.empty(); }
};

Expression parse_expression(const std::string& text, const std::vector<std::string>& header,
                            const std::string& file, const std::string& option) {
  Expression e;
  double sign = 1;
  std::string name;
  auto flush = [&] {
    const auto t = name.find_first_not_of(' ');
    if (t == std::string::npos) {
      throw ConfigError(
          fmt::format("{} \"{}\": expected column names joined by + or -", option, text));
    }
    name = name.substr(t, name.find_last_not_of(' ') - t + 1);
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      throw ConfigError(
          fmt::format("{}:1: no column \"{}\" (from {} \"{}\")", file, name, option, text));
    }
    e.terms.emplace_back(static_cast<int>(it - header.begin()), sign);
    name.clear();
  };
  for (char c : text) {
    if (c == '+' || c == '-') {
      flush();
      sign = c == '+' ? 1 : -1;
    } else {
      name += c;
    }
  }
  flush();
  return e;
}

int column(const std::vector<std::string>& header, const std::string& name, const std::string& file,
           const std::string& option) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) {
    throw ConfigError(fmt::format("{}:1: no column \"{}\" ({})", file, name, option));
  }
  return static_cast<int>(it - header.begin());
}

// One meter's open day: energy per slot for the load (or net) and PV channels.
struct OpenDay {
  int64_t day = -1;
  std::vector<float> load, pv;
};

struct MeterState {
  std::string id;
  uint64_t index = 0;
  int64_t first_slot = std::numeric_limits<int64_t>::max();  // first slot given a value
  OpenDay open;
  int64_t last_slot = std::numeric_limits<int64_t>::min();  // last slot given a value
  // Cumulative registers: the instant of the last reading and the two channels' readings.
  std::optional<std::tuple<int64_t, double, double>> last_reading;
  double carry[2] = {0, 0};  // deficits of derived registers, carried forward
  int64_t last_day_written = -1;
};

// Receives energy per (meter, slot) in time order and writes whole days by the policy.
class DayAssembler {
 public:
  DayAssembler(io::ProfileStoreWriter& writer, Policy policy, bool two_channels, uint32_t spd,
               io::IngestCounts& counts)
      : writer_(writer), policy_(policy), two_(two_channels), spd_(spd), counts_(counts) {}

  MeterState& meter(const std::string& id, double capacity = kMissing) {
    auto [it, added] = meters_.try_emplace(id);
    if (added) {
      it->second.id = id;
      it->second.index = writer_.meter(id, capacity);
    } else if (!std::isnan(capacity)) {
      writer_.meter(id, capacity);
    }
    return it->second;
  }

  // Sets slot values (NaN = unknown); `where` names the line for errors.
  void set(MeterState& m, int64_t slot, float load, float pv, const std::string& where) {
    if (slot < 0) throw ConfigError(where + ": timestamp before the store's first day");
    const int64_t day = slot / spd_;
    if (day < m.open.day) {
      throw ConfigError(where + ": timestamp out of order (earlier than this meter's day " +
                        std::to_string(m.open.day) + ")");
    }
    if (day > m.open.day) {
      flush(m, where);
      m.open.day = day;
      m.open.load.assign(spd_, kMissing);
      m.open.pv.assign(spd_, kMissing);
    }
    const size_t s = static_cast<size_t>(slot % spd_);
    bool duplicate = false;
    auto put = [&](std::vector<float>& channel, float v) {
      if (std::isnan(v)) return;
      if (!std::isnan(channel[s])) {
        if (policy_ == Policy::kStrict) {
          throw ConfigError(where +
                            ": a second value for the same meter and interval (--policy "
                            "strict)");
        }
        if (channel[s] != v && policy_ != Policy::kFill) {
          throw ConfigError(where + ": a second, different value for the same meter and interval");
        }
        duplicate = true;  // the first value stays
        return;
      }
      channel[s] = v;
    };
    put(m.open.load, load);
    if (two_) put(m.open.pv, pv);
    if (duplicate) ++counts_.skipped_rows;
    if (!std::isnan(load) || (two_ && !std::isnan(pv))) {
      m.last_slot = std::max(m.last_slot, slot);
      m.first_slot = std::min(m.first_slot, slot);
    }
  }

  void flush_all(const std::string& where) {
    for (auto& [id, m] : meters_) flush(m, where);
  }

  uint64_t meters() const { return meters_.size(); }
  int64_t last_day() const { return last_day_; }

 private:
  // Writes the meter's open day by the policy; `where` names the line that closed it.
  void flush(MeterState& m, const std::string& where) {
    if (m.open.day < 0) return;
    const int64_t day = m.open.day;
    uint64_t missing = 0;
    for (uint32_t s = 0; s < spd_; ++s) {
      missing += std::isnan(m.open.load[s]) + (two_ && std::isnan(m.open.pv[s]));
    }
    // Gaps between this meter's days: whole days without any row.
    if (m.last_day_written >= 0 && day > m.last_day_written + 1) {
      const int64_t gap = day - m.last_day_written - 1;
      if (policy_ == Policy::kStrict) {
        throw ConfigError(
            fmt::format("{}: meter {}: {} day(s) without data before day {} "
                        "(--policy strict)",
                        where, m.id, gap, day));
      }
      if (policy_ == Policy::kFill) {
        const std::vector<float> zeros(spd_, 0.0f);
        for (int64_t d = m.last_day_written + 1; d < day; ++d) {
          writer_.write_day(m.index, static_cast<uint64_t>(d), zeros.data(), zeros.data());
          counts_.filled_slots += spd_ * (two_ ? 2 : 1);
          ++counts_.meter_days;
        }
      } else {
        counts_.skipped_meter_days += static_cast<uint64_t>(gap);
      }
    }
    bool write = true;
    if (missing > 0) {
      if (policy_ == Policy::kStrict) {
        throw ConfigError(
            fmt::format("{}: meter {} day {}: {} slot value(s) missing (--policy "
                        "strict)",
                        where, m.id, day, missing));
      }
      if (policy_ == Policy::kFill) {
        // Slots inside the meter's data (between its first and last value) become 0; slots
        // before the first or after the last value stay missing.
        for (uint32_t s = 0; s < spd_; ++s) {
          const int64_t slot = day * spd_ + s;
          if (slot < m.first_slot || slot > m.last_slot) continue;
          for (auto* channel : {&m.open.load, &m.open.pv}) {
            if (channel == &m.open.pv && !two_) continue;
            if (std::isnan((*channel)[s])) {
              (*channel)[s] = 0.0f;
              ++counts_.filled_slots;
            }
          }
        }
      } else if (policy_ == Policy::kSkip) {
        write = false;
        ++counts_.skipped_meter_days;
      }
    }
    if (write) {
      writer_.write_day(m.index, static_cast<uint64_t>(day), m.open.load.data(), m.open.pv.data());
      ++counts_.meter_days;
      last_day_ = std::max(last_day_, day);
    }
    m.last_day_written = day;
    m.open.day = -1;
  }

  io::ProfileStoreWriter& writer_;
  Policy policy_;
  bool two_;
  uint32_t spd_;
  io::IngestCounts& counts_;
  std::map<std::string, MeterState> meters_;
  int64_t last_day_ = -1;
};

Policy parse_policy(const std::string& p) {
  if (p == "skip") return Policy::kSkip;
  if (p == "fill") return Policy::kFill;
  if (p == "strict") return Policy::kStrict;
  throw ConfigError("--policy: expected skip, fill or strict, got \"" + p + "\"");
}

std::optional<int32_t> offset_option(const std::string& text, const char* option) {
  if (text.empty()) return std::nullopt;
  const auto o = parse_utc_offset_text(text);
  if (!o) {
    throw ConfigError(
        fmt::format("{} \"{}\": expected a fixed UTC offset such as +10:00 or UTC "
                    "(zone names are not supported)",
                    option, text));
  }
  return o;
}

// Reads lines, counting them, and counting bytes for the report.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw ConfigError(fmt::format("{}: cannot open the input file", path));
  }
  bool next(std::string& line) {
    if (!std::getline(in_, line)) return false;
    ++number_;
    bytes_ += line.size() + 1;
    truncated_ = in_.eof();  // the last line had no newline
    return true;
  }
  std::string where() const { return fmt::format("{}:{}", path_, number_); }
  uint64_t bytes() const { return bytes_; }
  bool last_line_unterminated() const { return truncated_; }

 private:
  std::string path_;
  std::ifstream in_;
  uint64_t number_ = 0;
  uint64_t bytes_ = 0;
  bool truncated_ = false;
};

double value_of(const std::vector<std::string>& fields, int column, const std::string& where,
                const std::vector<std::string>& header, bool* present,
                bool allow_negative = false) {
  try {
    const auto v = parse_number(fields[column]);
    if (!v) {
      *present = false;
      return 0;
    }
    if (*v < 0 && !allow_negative) {
      throw ConfigError(fmt::format("{}: column {}: negative value {}", where, header[column], *v));
    }
    return *v;
  } catch (const std::invalid_argument&) {
    throw ConfigError(fmt::format("{}: column {}: expected a number, got \"{}\"", where,
                                  header[column], fields[column]));
  }
}

// Signed sum of the expression's columns; present = false when any of them is empty.
double evaluate(const Expression& e, const std::vector<std::string>& fields,
                const std::string& where, const std::vector<std::string>& header, bool* present,
                bool allow_negative) {
  double sum = 0;
  *present = true;
  for (const auto& [c, sign] : e.terms) {
    bool here = true;
    const double v = value_of(fields, c, where, header, &here, allow_negative);
    if (!here) *present = false;
    sum += sign * v;
  }
  return sum;
}

void read_header(LineReader& reader, char delimiter, const std::string& must_contain,
                 std::vector<std::string>& header) {
  std::string line;
  for (int tries = 0; tries < 2; ++tries) {  // the first line may be a title above the header
    if (!reader.next(line)) throw ConfigError(reader.where() + ": empty file (no header)");
    split_csv(line, delimiter, header);
    for (auto& h : header) {
      const auto b = h.find_first_not_of(' ');
      h = b == std::string::npos ? "" : h.substr(b, h.find_last_not_of(' ') - b + 1);
    }
    if (must_contain.empty() ||
        std::find(header.begin(), header.end(), must_contain) != header.end()) {
      return;
    }
  }
  throw ConfigError(
      fmt::format("{}: no header with a column \"{}\"", reader.where(), must_contain));
}

struct Layout {
  uint32_t slot_seconds = 0;
  int64_t first_time = std::numeric_limits<int64_t>::max();  // epoch seconds, local days for wide
};

// ---- long format ---------------------------------------------------------------------------

Layout scan_long(const IngestOptions& o, std::optional<int32_t> input_offset) {
  Layout l;
  l.slot_seconds = o.slot_minutes * 60;
  std::map<std::string, int64_t> previous;
  for (const std::string& path : o.inputs) {
    LineReader reader(path);
    std::vector<std::string> header, fields;
    read_header(reader, o.delimiter, o.time_column, header);
    const int time = column(header, o.time_column, path, "--time-column");
    const int meter =
        o.meter_column.empty() ? -1 : column(header, o.meter_column, path, "--meter-column");
    std::string line;
    while (reader.next(line)) {
      if (line.empty() || line == "\r") continue;
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
        throw ConfigError(
            fmt::format("{}: column {}: expected an ISO 8601 timestamp, got \"{}\" ({})",
                        reader.where(), o.time_column, fields[time], e.what()));
      }
      l.first_time = std::min(l.first_time, t);
      const std::string id = meter >= 0 ? fields[meter] : o.meter_id;
      auto [it, added] = previous.try_emplace(id, t);
      if (!added && l.slot_seconds == 0 && t > it->second) {
        l.slot_seconds = static_cast<uint32_t>(t - it->second);  // inferred from the first step
      }
      it->second = t;
    }
  }
  if (l.first_time == std::numeric_limits<int64_t>::max()) {
    throw ConfigError(fmt::format("{}: no data rows", o.inputs.front()));
  }
  if (l.slot_seconds == 0) {
    throw ConfigError(
        "cannot infer the slot length from one reading per meter: give --slot-minutes");
  }
  return l;
}

void ingest_long(const IngestOptions& o, Policy policy, std::optional<int32_t> input_offset,
                 int32_t store_offset, io::IngestCounts& counts, IngestReport& report,
                 const std::string& out) {
  const Layout layout = scan_long(o, input_offset);
  const uint32_t slot = layout.slot_seconds;
  if (86400 % slot != 0) {
    throw ConfigError(fmt::format("slot length {} s does not divide a day", slot));
  }
  const uint32_t spd = 86400 / slot;
  const bool net = !o.net.empty();
  io::ProfileMeta meta;
  meta.kind = net ? io::ProfileKind::kNet : io::ProfileKind::kLoadAndPv;
  meta.slot_seconds = slot;
  // The first slot starts at the first timestamp, one slot earlier when it labels an
  // interval's end (interval data), one slot later for a register read after its interval.
  const int64_t first_start =
      layout.first_time + (o.cumulative ? (o.label == "start" ? int64_t{slot} : 0)
                                        : (o.label == "end" ? -int64_t{slot} : 0));
  const int64_t local_day =
      (first_start + store_offset) / 86400 - ((first_start + store_offset) % 86400 < 0 ? 1 : 0);
  meta.start_utc = local_day * 86400 - store_offset;
  meta.utc_offset_seconds = store_offset;
  meta.time_zone =
      o.store_time_zone.empty() ? (o.time_zone.empty() ? "UTC" : o.time_zone) : o.store_time_zone;
  meta.source = "meter data (long CSV)";
  meta.sources = o.inputs;
  meta.writer_version = evomarket_version();
  io::ProfileStoreWriter writer = io::ProfileStoreWriter::create(out, meta);
  DayAssembler days(writer, policy, !net, spd, counts);
  const double hours = slot / 3600.0;
  const double unit = o.units == "kw" ? hours : 1.0;
  const int64_t shift = o.label == "end" ? -static_cast<int64_t>(slot) : 0;  // to interval start
  for (const std::string& path : o.inputs) {
    LineReader reader(path);
    std::vector<std::string> header, fields;
    read_header(reader, o.delimiter, o.time_column, header);
    const int time = column(header, o.time_column, path, "--time-column");
    const int meter_col =
        o.meter_column.empty() ? -1 : column(header, o.meter_column, path, "--meter-column");
    const Expression first =
        parse_expression(net ? o.net : o.load, header, path, net ? "--net" : "--load");
    const Expression second = net ? Expression{} : parse_expression(o.pv, header, path, "--pv");
    auto has_subtraction = [](const Expression& e) {
      return std::any_of(e.terms.begin(), e.terms.end(),
                         [](const auto& t) { return t.second < 0; });
    };
    const bool derived[2] = {has_subtraction(first), has_subtraction(second)};
    std::string line;
    while (reader.next(line)) {
      if (line.empty() || line == "\r") continue;
      split_csv(line, o.delimiter, fields);
      ++counts.rows;
      const std::string where = reader.where();
      const int64_t t = parse_timestamp(fields[time], input_offset);
      if ((t - meta.start_utc) % slot != 0) {
        throw ConfigError(fmt::format("{}: timestamp {} is off the {}-minute slot grid", where,
                                      fields[time], slot / 60));
      }
      MeterState& m = days.meter(meter_col >= 0 ? fields[meter_col] : o.meter_id);
      bool have_first = true, have_second = true;
      // Net data may be negative (a consumer); load and PV may not.
      const double a = evaluate(first, fields, where, header, &have_first, net) * unit;
      const double b =
          net ? 0 : evaluate(second, fields, where, header, &have_second, false) * unit;
      if (!o.cumulative) {
        const int64_t s = (t + shift - meta.start_utc) / slot;
        if (s < m.last_slot) {
          throw ConfigError(where + ": timestamp out of order for meter " +
                            (meter_col >= 0 ? fields[meter_col] : o.meter_id));
        }
        days.set(m, s, have_first ? float(a) : kMissing, have_second ? float(b) : kMissing, where);
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
        if (instant == last_instant && a == last_a && b == last_b && policy != Policy::kStrict) {
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
        if (k > 1 && policy == Policy::kStrict) {
          throw ConfigError(fmt::format("{}: {} readings missing before this one (--policy strict)",
                                        where, k - 1));
        }
        if (k == 1 || policy == Policy::kFill) {
          for (int64_t s = 0; s < k; ++s) {
            days.set(m, first_slot + s, static_cast<float>(energy[0] / double(k)),
                     static_cast<float>(energy[1] / double(k)), where);
          }
          if (k > 1) counts.filled_slots += static_cast<uint64_t>(k - 1);
        }
      }
      m.last_reading = std::make_tuple(instant, a, b);
    }
    report.bytes += reader.bytes();
  }
  days.flush_all("end of " + o.inputs.back());
  report.meters = days.meters();
  report.days = static_cast<uint64_t>(days.last_day() + 1);
  writer.finish(counts);
}

// ---- wide (day-row) format, and Ausgrid --------------------------------------------------------

// Minutes after midnight at which an interval column ends ("0:30" -> 30, "0:00" -> 1440).
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
  return minutes == 0 ? 1440 : minutes;
}

void ingest_wide(const IngestOptions& o, Policy policy, int32_t offset, io::IngestCounts& counts,
                 IngestReport& report, const std::string& out) {
  const bool month_first = o.date_format == "m/d/yyyy";
  // First pass: the earliest date (the store's day 0) and the interval columns.
  int64_t first_date = std::numeric_limits<int64_t>::max();
  std::vector<std::pair<int, int>> intervals;  // column, slot
  uint32_t spd = 0;
  for (const std::string& path : o.inputs) {
    LineReader reader(path);
    std::vector<std::string> header, fields;
    read_header(reader, o.delimiter, o.meter_column, header);
    const int date = column(header, o.date_column, path, "--date-column");
    intervals.clear();
    std::vector<int> ends;
    for (size_t c = 0; c < header.size(); ++c) {
      if (const auto end = interval_end(header[c])) {
        intervals.emplace_back(static_cast<int>(c), *end);
        ends.push_back(*end);
      }
    }
    if (intervals.empty() || 1440 % intervals.size() != 0) {
      throw ConfigError(
          fmt::format("{}:1: expected one column per interval labelled by its end "
                      "time (0:30 ... 0:00), found {}",
                      path, intervals.size()));
    }
    const int minutes = 1440 / static_cast<int>(intervals.size());
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
      if (line.empty() || line == "\r") continue;
      split_csv(line, o.delimiter, fields);
      if (fields.size() < header.size() - 1) {
        throw ConfigError(fmt::format(
            "{}: {} fields, the header has {}{}", reader.where(), fields.size(), header.size(),
            reader.last_line_unterminated() ? " (truncated last line?)" : ""));
      }
      try {
        first_date = std::min(first_date, parse_date(fields[date], month_first));
      } catch (const std::invalid_argument&) {
        throw ConfigError(
            fmt::format("{}: column {}: expected a date such as 1/7/2012 or "
                        "2012-07-01, got \"{}\"",
                        reader.where(), o.date_column, fields[date]));
      }
    }
  }
  if (first_date == std::numeric_limits<int64_t>::max()) {
    throw ConfigError(fmt::format("{}: no data rows", o.inputs.front()));
  }
  io::ProfileMeta meta;
  meta.slot_seconds = 86400 / spd;
  meta.start_utc = first_date * 86400 - offset;
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
    std::string meter;
    int64_t date = -1;
    std::vector<double> load, pv;
    std::vector<uint8_t> load_missing, pv_missing;  // empty cells of a required quantity
    std::vector<std::string> seen;
    std::map<std::string, std::vector<std::string>> rows;  // quantity -> its values, for duplicates
  } open;
  const std::string required_load = o.load_quantities.empty() ? "" : o.load_quantities.front();
  const std::string required_pv = o.pv_quantities.empty() ? "" : o.pv_quantities.front();
  auto flush = [&](const std::string& where) {
    if (open.date < 0) return;
    const bool has_load = std::count(open.seen.begin(), open.seen.end(), required_load) > 0;
    const bool has_pv = std::count(open.seen.begin(), open.seen.end(), required_pv) > 0;
    MeterState& m = days.meter(open.meter);
    if ((!has_load || !has_pv) && policy == Policy::kStrict) {
      throw ConfigError(fmt::format("{}: meter {} on day {} has no {} row (--policy strict)", where,
                                    open.meter, open.date - first_date,
                                    has_load ? required_pv : required_load));
    }
    // A required quantity without a row, or an empty cell of one, is a missing value: the
    // assembler applies the policy (skip the meter-day, or fill and count).
    for (uint32_t s = 0; s < spd; ++s) {
      const float load = has_load && !open.load_missing[s] ? float(open.load[s]) : kMissing;
      const float pv = has_pv && !open.pv_missing[s] ? float(open.pv[s]) : kMissing;
      days.set(m, (open.date - first_date) * spd + s, load, pv, where);
    }
    open.date = -1;
  };
  for (const std::string& path : o.inputs) {
    LineReader reader(path);
    std::vector<std::string> header, fields;
    read_header(reader, o.delimiter, o.meter_column, header);
    const int meter = column(header, o.meter_column, path, "--meter-column");
    const int date = column(header, o.date_column, path, "--date-column");
    const int quantity = column(header, o.quantity_column, path, "--quantity-column");
    const int capacity = o.capacity_column.empty()
                             ? -1
                             : column(header, o.capacity_column, path, "--capacity-column");
    int last_column = std::max({meter, date, quantity, capacity});
    for (const auto& [c, slot] : intervals) last_column = std::max(last_column, c);
    std::string line;
    while (reader.next(line)) {
      if (line.empty() || line == "\r") continue;
      split_csv(line, o.delimiter, fields);
      ++counts.rows;
      const std::string where = reader.where();
      if (fields.size() <= static_cast<size_t>(last_column)) {
        throw ConfigError(fmt::format(
            "{}: {} fields, expected at least {}{}", where, fields.size(), last_column + 1,
            reader.last_line_unterminated() ? " (truncated last line?)" : ""));
      }
      const int64_t d = parse_date(fields[date], month_first);
      if (fields[meter] != open.meter || d != open.date) {
        flush(where);
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
          const double c = value_of(fields, capacity, where, header, &present);
          if (present) cap = c;
        }
        days.meter(open.meter, cap);
      }
      const std::string q = fields[quantity];
      const bool is_load = std::count(o.load_quantities.begin(), o.load_quantities.end(), q) > 0;
      const bool is_pv = std::count(o.pv_quantities.begin(), o.pv_quantities.end(), q) > 0;
      if (!is_load && !is_pv) {
        throw ConfigError(
            fmt::format("{}: column {}: unknown quantity \"{}\"", where, o.quantity_column, q));
      }
      std::vector<std::string> values;
      for (const auto& [c, s] : intervals) values.push_back(fields[c]);
      if (const auto it = open.rows.find(q); it != open.rows.end()) {
        if (it->second == values || policy == Policy::kFill) {
          ++counts.skipped_rows;
          continue;
        }
        throw ConfigError(fmt::format("{}: a second, different {} row for meter {} on this day",
                                      where, q, open.meter));
      }
      open.rows.emplace(q, values);
      open.seen.push_back(q);
      const bool required = q == required_load || q == required_pv;
      for (const auto& [c, s] : intervals) {
        bool present = true;
        const double v = value_of(fields, c, where, header, &present) * unit;
        if (!present && policy == Policy::kStrict) {
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
  days.flush_all("end of " + o.inputs.back());
  report.meters = days.meters();
  report.days = static_cast<uint64_t>(days.last_day() + 1);
  writer.finish(counts);
}

}  // namespace

IngestReport ingest(const IngestOptions& given) {
  IngestOptions o = given;
  if (o.inputs.empty()) throw ConfigError("ingest: expected at least one input CSV file");
  if (o.out.empty()) throw ConfigError("ingest: --out is required");
  const Policy policy = parse_policy(o.policy);
  if (o.units != "kwh" && o.units != "kw") throw ConfigError("--units: expected kwh or kw");
  if (o.label != "start" && o.label != "end") throw ConfigError("--label: expected start or end");
  if (o.counter_reset != "error" && o.counter_reset != "reset") {
    throw ConfigError("--counter-reset: expected error or reset");
  }
  if (o.slot_minutes != 0 && 1440 % o.slot_minutes != 0) {
    throw ConfigError("--slot-minutes: expected a divisor of 1440");
  }
  if (o.format == "ausgrid") {
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
  IngestReport report;
  const auto start = std::chrono::steady_clock::now();
  try {
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
                  report.counts, report, o.out);
    } else if (o.format == "wide" || o.format == "ausgrid") {
      if (o.meter_column.empty() || o.quantity_column.empty() || o.load_quantities.empty() ||
          o.pv_quantities.empty()) {
        throw ConfigError(
            "ingest --format wide: --meter-column, --quantity-column, "
            "--load-quantities and --pv-quantities are required");
      }
      ingest_wide(o, policy, input_offset.value_or(0), report.counts, report, o.out);
    } else {
      throw ConfigError("--format: expected long, wide or ausgrid, got \"" + o.format + "\"");
    }
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(o.out, ignored);  // nothing half-written stays behind
    throw;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

void add_ingest_options(CLI::App& app, IngestOptions& o) {
  app.add_option("inputs", o.inputs, "Meter-data CSV files")->required();
  app.add_option("--out", o.out, "Profile store to write")->required();
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

std::string format_ingest_report(const IngestOptions& o, const IngestReport& r) {
  const io::IngestCounts& c = r.counts;
  return fmt::format(
      "wrote {}: {} meters, {} days; {} rows ({:.1f} MB) in {:.2f} s ({:.3g} rows/s, {:.1f} MB/s)\n"
      "{} meter-days written, {} skipped, {} rows skipped, {} slots filled, {} counter resets\n",
      o.out, r.meters, r.days, c.rows, r.bytes / 1e6, r.seconds,
      r.seconds > 0 ? c.rows / r.seconds : 0.0, r.seconds > 0 ? r.bytes / 1e6 / r.seconds : 0.0,
      c.meter_days, c.skipped_meter_days, c.skipped_rows, c.filled_slots, c.counter_resets);
}

}  // namespace evomarket
