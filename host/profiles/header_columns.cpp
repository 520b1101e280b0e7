#include "host/profiles/header_columns.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "host/errors.h"

namespace evomarket {

bool is_column_position(const std::string& ref) {
  return ref.size() > 1 && ref[0] == '#' && std::all_of(ref.begin() + 1, ref.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

std::optional<int> column_index(const std::vector<std::string>& header, const std::string& ref) {
  if (is_column_position(ref)) {
    // More digits than any header has columns would overflow stoul: no such column either.
    if (ref.size() > 10) return std::nullopt;
    const unsigned long n = std::stoul(ref.substr(1));
    if (n < 1 || n > header.size()) return std::nullopt;
    return static_cast<int>(n - 1);
  }
  const auto it = std::find(header.begin(), header.end(), ref);
  if (it == header.end()) return std::nullopt;
  return static_cast<int>(it - header.begin());
}

std::string column_label(const std::vector<std::string>& header, int c) {
  return header[c].empty() ? fmt::format("#{}", c + 1) : header[c];
}

namespace {

// Longest list of header names an error message spells out.
constexpr size_t kListedColumns = 60;

std::string list_columns(const std::vector<std::string>& header) {
  std::string list;
  bool unnamed = false;
  for (size_t c = 0; c < header.size() && c < kListedColumns; ++c) {
    if (c > 0) list += ", ";
    list += quote_field(header[c]);
    unnamed = unnamed || header[c].empty();
  }
  if (header.size() > kListedColumns) {
    list += fmt::format(", … ({} columns)", header.size());
  }
  // An empty header cell cannot be named: say how to pick it.
  if (unnamed) list += " (a column without a name is picked by its position: #1 is the first)";
  return list;
}

}  // namespace

int find_column(const std::vector<std::string>& header, const std::string& ref,
                const std::string& header_where, const std::string& option) {
  if (const auto c = column_index(header, ref)) return *c;
  const std::string what =
      is_column_position(ref)
          ? fmt::format("no column {} (columns are numbered #1 to #{})", ref, header.size())
          : fmt::format("no column {}", quote_field(ref));
  throw ConfigError(fmt::format("{}: {} ({}); the header's columns: {}", header_where, what, option,
                                list_columns(header)));
}

std::string read_header(LineReader& reader, char delimiter, const std::vector<std::string>& refs,
                        std::vector<std::string>& header) {
  auto read_line = [&](std::vector<std::string>& names) {
    std::string line;
    if (!reader.next(line)) return false;
    split_csv(line, delimiter, names);
    for (auto& h : names) {
      const auto b = h.find_first_not_of(' ');
      h = b == std::string::npos ? "" : h.substr(b, h.find_last_not_of(' ') - b + 1);
    }
    return true;
  };
  auto found = [&](const std::vector<std::string>& names) {
    return std::count_if(refs.begin(), refs.end(),
                         [&](const std::string& r) { return column_index(names, r).has_value(); });
  };
  if (!read_line(header)) throw ConfigError(reader.where() + ": empty file (no header)");
  const std::string first_where = reader.where();
  const auto first_found = found(header);
  if (first_found == static_cast<long>(refs.size())) return first_where;
  // The first line lacks a column: a title above the header, or a header without the column.
  std::vector<std::string> second;
  if (read_line(second) && found(second) > first_found) {
    header.swap(second);
    return reader.where();
  }
  return first_where;  // the caller's find_column names the missing column at line 1
}

}  // namespace evomarket
