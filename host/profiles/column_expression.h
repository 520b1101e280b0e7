// Column expressions of `evomarket ingest --load/--pv/--net` (docs/ingest.md): a signed sum of
// CSV columns such as "grid_import + pv - grid_export" (or "#3 + #4 - #5" by position), looked up
// in a file's header once and evaluated per row. Errors are ConfigError naming the file (and
// line) and the column.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "host/profiles/header_columns.h"

namespace evomarket {

struct ColumnExpression {
  std::vector<std::pair<int, double>> terms;  // column index, sign (+1 or -1)
  bool empty() const { return terms.empty(); }
  // True if some column is subtracted (a derived register, e.g. import + pv - export).
  bool has_subtraction() const;
};

// "a + b - c" -> the names with their signs (+1 or -1), blanks around names trimmed; a leading
// "-" negates the first name. ConfigError naming `option` for an empty name.
std::vector<std::pair<std::string, double>> split_signed_sum(const std::string& text,
                                                             const std::string& option);

// "a + b - c" -> the columns of `header` with their signs; `header_where` is "FILE:LINE" of
// the header, for a column it lacks.
ColumnExpression parse_column_expression(const std::string& text,
                                         const std::vector<std::string>& header,
                                         const std::string& header_where,
                                         const std::string& option);

// The number in `fields[column]`; an empty cell sets *present = false and gives 0. ConfigError
// naming `where` and the column for anything but a number, or a negative one unless
// allow_negative.
double cell_value(const std::vector<std::string>& fields, int column, const std::string& where,
                  const std::vector<std::string>& header, bool* present,
                  bool allow_negative = false);

// The signed sum of the expression's cells; *present = false when any of them is empty.
double evaluate(const ColumnExpression& e, const std::vector<std::string>& fields,
                const std::string& where, const std::vector<std::string>& header, bool* present,
                bool allow_negative);

}  // namespace evomarket
