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

std::vector<std::pair<std::string, double>> split_signed_sum(const std::string& text,
                                                             const std::string& option) {
  std::vector<std::pair<std::string, double>> terms;
  double sign = 1;
  std::string rest = text;
  // A sign before the first name: net data is often export - import, or "-import + export".
  const auto first = rest.find_first_not_of(' ');
  if (first != std::string::npos && (rest[first] == '-' || rest[first] == '+')) {
    sign = rest[first] == '-' ? -1 : 1;
    rest.erase(0, first + 1);
  }
  std::string name;
  auto flush = [&] {
    const auto t = name.find_first_not_of(' ');
    if (t == std::string::npos) {
      throw ConfigError(fmt::format(
          "{} \"{}\": expected column names (or #N positions) joined by + or -", option, text));
    }
    terms.emplace_back(name.substr(t, name.find_last_not_of(' ') - t + 1), sign);
    name.clear();
  };
  for (char c : rest) {
    if (c == '+' || c == '-') {
      flush();
      sign = c == '+' ? 1 : -1;
    } else {
      name += c;
    }
  }
  flush();
  return terms;
}

ColumnExpression parse_column_expression(const std::string& text,
                                         const std::vector<std::string>& header,
                                         const std::string& header_where,
                                         const std::string& option) {
  ColumnExpression e;
  for (const auto& [name, sign] : split_signed_sum(text, option)) {
    e.terms.emplace_back(
        find_column(header, name, header_where, fmt::format("{} \"{}\"", option, text)), sign);
  }
  return e;
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
      throw ConfigError(
          fmt::format("{}: column {}: negative value {}", where, column_label(header, column), *v));
    }
    return *v;
  } catch (const std::invalid_argument&) {
    throw ConfigError(fmt::format("{}: column {}: expected a number, got {}", where,
                                  column_label(header, column), quote_field(fields[column])));
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
