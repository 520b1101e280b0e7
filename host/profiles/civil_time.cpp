#include "host/profiles/civil_time.h"

#include <fmt/format.h>

#include <cctype>
#include <stdexcept>
#include <string>

namespace evomarket {
namespace {

constexpr int kMonthsPerYear = 12;
constexpr int kMaxMinuteOfHour = 59;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Reads exactly `digits` digits at `pos`.
int read_digits(std::string_view s, size_t& pos, size_t digits) {
  if (pos + digits > s.size()) throw std::invalid_argument("too short");
  int v = 0;
  for (size_t i = 0; i < digits; ++i, ++pos) {
    if (!std::isdigit(static_cast<unsigned char>(s[pos]))) throw std::invalid_argument("digit");
    v = v * 10 + (s[pos] - '0');
  }
  return v;
}

// Reads 1 to 4 digits (the count is checked before each digit is added: no overflow however
// long the run of digits).
int read_number(std::string_view s, size_t& pos) {
  constexpr size_t kMaxDigits = 4;
  const size_t start = pos;
  int v = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    if (pos - start == kMaxDigits) throw std::invalid_argument("number");
    v = v * 10 + (s[pos++] - '0');
  }
  if (pos == start) throw std::invalid_argument("number");
  return v;
}

void check_date(int64_t y, int m, int d) {
  if (!is_valid_date(y, m, d)) throw std::invalid_argument("no such date");
}

}  // namespace

bool is_leap_year(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int64_t year, int month) {
  static const int kDays[kMonthsPerYear] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_valid_date(int64_t year, int month, int day) {
  return month >= 1 && month <= kMonthsPerYear && day >= 1 && day <= days_in_month(year, month);
}

// Howard Hinnant, "chrono-compatible low-level date algorithms": years counted from March in
// 400-year eras of 146097 days; 719468 is the day number of 1970-01-01 from 0000-03-01.
int64_t days_from_civil(int64_t year, int month, int day) {
  const int64_t y = year - (month <= 2);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                                  // [0, 399]
  const int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                          // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

int day_of_year(const CivilDate& date) {
  return static_cast<int>(days_from_civil(date) - days_from_civil(date.year, 1, 1)) + 1;
}

bool is_weekend(int64_t days_since_epoch) {
  // 1970-01-01 was a Thursday; weekday 0 = Monday.
  int64_t weekday = (days_since_epoch + 3) % 7;
  if (weekday < 0) weekday += 7;
  return weekday >= 5;
}

std::optional<int32_t> parse_utc_offset(std::string_view text) {
  const std::string_view t = trim(text);
  if (t == "Z" || t == "z" || t == "UTC" || t == "utc") return 0;
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return std::nullopt;
  try {
    size_t pos = 1;
    const int h = read_digits(t, pos, 2);
    int m = 0;
    if (pos < t.size() && t[pos] == ':') ++pos;
    if (pos < t.size()) m = read_digits(t, pos, 2);
    if (pos != t.size() || h > kMaxUtcOffsetHours || m > kMaxMinuteOfHour) return std::nullopt;
    return (t[0] == '-' ? -1 : 1) * (h * kSecondsPerHour + m * kSecondsPerMinute);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
  const std::string_view t = trim(text);
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  try {
    size_t pos = 0;
    const int y = read_digits(t, pos, 4);
    ++pos;
    const int m = read_digits(t, pos, 2);
    ++pos;
    const int d = read_digits(t, pos, 2);
    if (!is_valid_date(y, m, d)) return std::nullopt;
    return CivilDate{y, m, d};
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

int64_t parse_timestamp(std::string_view text, std::optional<int32_t> default_offset) {
  const std::string_view t = trim(text);
  size_t pos = 0;
  const int y = read_digits(t, pos, 4);
  if (pos >= t.size() || t[pos++] != '-') throw std::invalid_argument("expected YYYY-MM-DD");
  const int mo = read_digits(t, pos, 2);
  if (pos >= t.size() || t[pos++] != '-') throw std::invalid_argument("expected YYYY-MM-DD");
  const int d = read_digits(t, pos, 2);
  check_date(y, mo, d);
  if (pos >= t.size() || (t[pos] != 'T' && t[pos] != ' ')) throw std::invalid_argument("time");
  ++pos;
  const int h = read_digits(t, pos, 2);
  if (pos >= t.size() || t[pos++] != ':') throw std::invalid_argument("expected HH:MM");
  const int mi = read_digits(t, pos, 2);
  int s = 0;
  if (pos < t.size() && t[pos] == ':') {
    ++pos;
    s = read_digits(t, pos, 2);
  }
  if (h > 23 || mi > 59 || s > 59) throw std::invalid_argument("no such time");
  std::optional<int32_t> offset = default_offset;
  if (pos < t.size()) {
    offset = parse_utc_offset(t.substr(pos));
    if (!offset) throw std::invalid_argument("bad UTC offset");
  }
  if (!offset) throw std::invalid_argument("no UTC offset (give --time-zone)");
  return days_from_civil(y, mo, d) * kSecondsPerDay + h * kSecondsPerHour + mi * kSecondsPerMinute +
         s - *offset;
}

int64_t parse_date(std::string_view text, bool month_first) {
  const std::string_view t = trim(text);
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (t.size() >= 10 && t[4] == '-') {  // yyyy-mm-dd
    const auto date = parse_iso_date(t);
    if (!date) throw std::invalid_argument("date");
    return days_from_civil(*date);
  }
  size_t pos = 0;
  const int d = read_number(t, pos);
  if (pos >= t.size() || (t[pos] != '/' && t[pos] != '-')) throw std::invalid_argument("date");
  const char sep = t[pos++];
  int m = 0;
  if (sep == '-' && pos + 3 <= t.size() && std::isalpha(static_cast<unsigned char>(t[pos]))) {
    std::string name;
    for (int i = 0; i < 3; ++i)
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(t[pos++])));
    for (int i = 0; i < kMonthsPerYear; ++i) {
      if (name == months[i]) m = i + 1;
    }
    while (pos < t.size() && std::isalpha(static_cast<unsigned char>(t[pos]))) ++pos;
  } else {
    m = read_number(t, pos);
  }
  if (pos >= t.size() || t[pos++] != sep) throw std::invalid_argument("date");
  const size_t year_start = pos;
  int y = read_number(t, pos);
  if (pos != t.size()) throw std::invalid_argument("date");
  if (pos - year_start == 2) y += 2000;  // two-digit years: 20yy
  const int month = month_first && sep == '/' ? d : m;
  const int day = month_first && sep == '/' ? m : d;
  check_date(y, month, day);
  return days_from_civil(y, month, day);
}

std::string format_timestamp(int64_t epoch_seconds, int32_t utc_offset_seconds) {
  const int64_t local = epoch_seconds + utc_offset_seconds;
  // Floor division: local times before 1970 have negative days and a positive second of day.
  int64_t days = local / kSecondsPerDay;
  int64_t second = local % kSecondsPerDay;
  if (second < 0) {
    second += kSecondsPerDay;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  const int32_t offset = utc_offset_seconds < 0 ? -utc_offset_seconds : utc_offset_seconds;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", date.year, date.month,
                     date.day, second / kSecondsPerHour, second % kSecondsPerHour / 60, second % 60,
                     utc_offset_seconds < 0 ? '-' : '+', offset / kSecondsPerHour,
                     offset % kSecondsPerHour / 60);
}

}  // namespace evomarket
