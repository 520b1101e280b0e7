// Small, strict parsers for meter-data CSV files: fields, numbers, timestamps and dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evomarket {

// Splits one CSV line (double-quoted fields may hold delimiters; "" is a quote).
void split_csv(std::string_view line, char delimiter, std::vector<std::string>& fields);

// A number (empty field: nullopt); throws std::invalid_argument for anything else.
std::optional<double> parse_number(const std::string& field);

// "+10:00", "-0530", "+02", "UTC", "Z" -> seconds east of UTC; nullopt if not an offset.
std::optional<int32_t> parse_utc_offset_text(std::string_view text);

// ISO 8601 date-time "YYYY-MM-DD[T ]HH:MM[:SS]" with an optional offset ("Z", "+0200",
// "+02:00") -> epoch seconds (UTC). Without an offset `default_offset` applies; if that is
// nullopt the timestamp is rejected. Throws std::invalid_argument.
int64_t parse_timestamp(std::string_view text, std::optional<int32_t> default_offset);

// A calendar date in d/m/yyyy, d/m/yy, yyyy-mm-dd or d-Mon-yyyy -> days since 1970-01-01;
// with month_first, numeric slash dates are m/d/yyyy instead.
int64_t parse_date(std::string_view text, bool month_first = false);

// Days since 1970-01-01 of a civil date, and back.
int64_t days_from_civil_date(int64_t y, unsigned m, unsigned d);

}  // namespace evomarket
