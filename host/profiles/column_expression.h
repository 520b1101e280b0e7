// Column expressions of `evomarket ingest --load/--pv/--net` (docs/ingest.md): a signed sum of
// CSV columns such as "grid_import + pv - grid_export", looked up in a file's header once and
// evaluated per row. Errors are ConfigError naming the file (and line) and the column.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace evomarket {

struct ColumnExpression {
  std::vector<std::pair<int, double>> terms;  // column index, sign (+1 or -1)
  bool empty() const { return terms.empty(); }
  // True if some column is subtracted (a derived register, e.g. import + pv - export).
  bool has_subtraction() const;
};

// The index of column `name` in `header`; ConfigError "FILE:1: no column ..." naming `option`.
int find_column(const std::vector<std::string>& header, const std::string& name,
                const std::string& file, const std::string& option);

// "a + b - c" -> the columns of `header` with their signs (blanks around names ignored).
ColumnExpression parse_column_expression(const std::string& text,
                                         const std::vector<std::string>& header,
                                         const std::string& file, const std::string& option);

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
