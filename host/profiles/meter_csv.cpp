#include "host/profiles/meter_csv.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace evomarket {

void split_csv(std::string_view line, char delimiter, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(std::move(field));
}

namespace {

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

// Reads 1 or more digits.
int read_number(std::string_view s, size_t& pos) {
  const size_t start = pos;
  int v = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])))
    v = v * 10 + (s[pos++] - '0');
  if (pos == start || pos - start > 4) throw std::invalid_argument("number");
  return v;
}

void check_date(int64_t y, int m, int d) {
  static const int days_in[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > days_in[m - 1] || (m == 2 && d == 29 && !leap)) {
    throw std::invalid_argument("no such date");
  }
}

}  // namespace

std::optional<double> parse_number(const std::string& field) {
  const std::string_view t = trim(field);
  if (t.empty()) return std::nullopt;
  double v = 0;
  const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (error != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) {
    throw std::invalid_argument("not a number");
  }
  return v;
}

std::optional<int32_t> parse_utc_offset_text(std::string_view text) {
  const std::string_view t = trim(text);
  if (t == "Z" || t == "UTC" || t == "utc") return 0;
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return std::nullopt;
  try {
    size_t pos = 1;
    const int h = read_digits(t, pos, 2);
    int m = 0;
    if (pos < t.size() && t[pos] == ':') ++pos;
    if (pos < t.size()) m = read_digits(t, pos, 2);
    if (pos != t.size() || h > 14 || m > 59) return std::nullopt;
    return (t[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

int64_t days_from_civil_date(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
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
    offset = parse_utc_offset_text(t.substr(pos));
    if (!offset) throw std::invalid_argument("bad UTC offset");
  }
  if (!offset) throw std::invalid_argument("no UTC offset (give --time-zone)");
  return days_from_civil_date(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - *offset;
}

int64_t parse_date(std::string_view text, bool month_first) {
  const std::string_view t = trim(text);
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  size_t pos = 0;
  if (t.size() >= 10 && t[4] == '-') {  // yyyy-mm-dd
    const int y = read_digits(t, pos, 4);
    ++pos;
    const int m = read_digits(t, pos, 2);
    if (t[pos++] != '-') throw std::invalid_argument("date");
    const int d = read_digits(t, pos, 2);
    if (pos != t.size()) throw std::invalid_argument("date");
    check_date(y, m, d);
    return days_from_civil_date(y, m, d);
  }
  const int d = read_number(t, pos);
  if (pos >= t.size() || (t[pos] != '/' && t[pos] != '-')) throw std::invalid_argument("date");
  const char sep = t[pos++];
  int m = 0;
  if (sep == '-' && pos + 3 <= t.size() && std::isalpha(static_cast<unsigned char>(t[pos]))) {
    std::string name;
    for (int i = 0; i < 3; ++i)
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(t[pos++])));
    for (int i = 0; i < 12; ++i) {
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
  if (month_first && sep == '/') {
    check_date(y, d, m);
    return days_from_civil_date(y, d, m);
  }
  check_date(y, m, d);
  return days_from_civil_date(y, m, d);
}

}  // namespace evomarket
