#include "host/profiles/column_expression.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/meter_csv.h"

namespace evomarket {

bool ColumnExpression::has_subtraction() const {
  return std::any_of(terms.begin(), terms.end(), [](const auto& t) { return t.second < 0; });
}

ColumnExpression parse_column_expression(const std::string& text,
                                         const std::vector<std::string>& header,
                                         const std::string& file, const std::string& option) {
  ColumnExpression e;
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

int find_column(const std::vector<std::string>& header, const std::string& name,
                const std::string& file, const std::string& option) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) {
    throw ConfigError(fmt::format("{}:1: no column \"{}\" ({})", file, name, option));
  }
  return static_cast<int>(it - header.begin());
}

double cell_value(const std::vector<std::string>& fields, int column, const std::string& where,
                  const std::vector<std::string>& header, bool* present, bool allow_negative) {
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
    throw ConfigError(fmt::format("{}: column {}: expected a number, got {}", where, header[column],
                                  quote_field(fields[column])));
  }
}

double evaluate(const ColumnExpression& e, const std::vector<std::string>& fields,
                const std::string& where, const std::vector<std::string>& header, bool* present,
                bool allow_negative) {
  double sum = 0;
  *present = true;
  for (const auto& [c, sign] : e.terms) {
    bool here = true;
    const double v = cell_value(fields, c, where, header, &here, allow_negative);
    if (!here) *present = false;
    sum += sign * v;
  }
  return sum;
}

}  // namespace evomarket
