// Civil time for meter data and synthetic profiles: proleptic Gregorian dates as days since
// 1970-01-01, and the spellings of dates, ISO 8601 timestamps and fixed UTC offsets that
// `evomarket ingest` and `evomarket synth` accept. The one implementation of both.
//
// Days are int64 and may be negative (1969-12-31 is day -1). Time zones are fixed offsets in
// seconds east of UTC; there are no zone names and no daylight saving.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evomarket {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int32_t kSecondsPerHour = 3600;
constexpr int32_t kSecondsPerMinute = 60;
constexpr int kMinutesPerDay = 1440;
// Offsets are spelled with at most 14 hours (UTC+14:00 is the easternmost zone in use).
constexpr int kMaxUtcOffsetHours = 14;

// A civil (calendar) date.
struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
};

bool is_leap_year(int64_t year);
// Days in `month` (1..12) of `year`.
int days_in_month(int64_t year, int month);
// True if year-month-day names a day of the proleptic Gregorian calendar (any year).
bool is_valid_date(int64_t year, int month, int day);

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm; exact for every int64 year
// the result fits). Precondition: month in 1..12, day in 1..31.
int64_t days_from_civil(int64_t year, int month, int day);
inline int64_t days_from_civil(const CivilDate& date) {
  return days_from_civil(date.year, date.month, date.day);
}
// The inverse of days_from_civil.
CivilDate civil_from_days(int64_t days);
// 1 = January 1st, 366 = December 31st of a leap year.
int day_of_year(const CivilDate& date);
// Saturday or Sunday (1970-01-01 was a Thursday).
bool is_weekend(int64_t days_since_epoch);

// A fixed UTC offset -> seconds east of UTC; nullopt if `text` is not one. Accepted (blanks
// around are ignored): "Z", "z", "UTC", "utc", and a sign followed by two hour digits (at most
// 14), then optionally two minute digits (at most 59) with or without a colon: "+10:00",
// "-0530", "+02", "+10:". Zone names ("Australia/Sydney") are not offsets.
std::optional<int32_t> parse_utc_offset(std::string_view text);

// An ISO date "YYYY-MM-DD" (four-digit year, blanks around ignored) that names a calendar day;
// nullopt otherwise.
std::optional<CivilDate> parse_iso_date(std::string_view text);

// ISO 8601 date-time "YYYY-MM-DD[T ]HH:MM[:SS]" with an optional offset ("Z", "+0200",
// "+02:00") -> epoch seconds (UTC). Without an offset `default_offset` applies; if that is
// nullopt the timestamp is rejected. Throws std::invalid_argument.
int64_t parse_timestamp(std::string_view text, std::optional<int32_t> default_offset);

// Epoch seconds as ISO 8601 local time at a fixed offset, with the offset spelled out:
// "2024-01-01T10:00:00+10:00" ("+00:00" for UTC, never "Z"), always 25 characters for the years
// 0001 to 9999 (kTimestampChars). Precondition: the local time falls in those years.
constexpr size_t kTimestampChars = 25;
std::string format_timestamp(int64_t epoch_seconds, int32_t utc_offset_seconds);

// A calendar date in d/m/yyyy, d/m/yy (20yy), yyyy-mm-dd or d-Mon-yyyy -> days since
// 1970-01-01; with month_first, numeric slash dates are m/d/yyyy instead. Throws
// std::invalid_argument.
int64_t parse_date(std::string_view text, bool month_first = false);

}  // namespace evomarket
