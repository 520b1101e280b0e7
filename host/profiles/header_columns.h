// The header of a meter-data CSV file and the columns the ingest options name in it, by name
// ("utc_timestamp") or by position ("#1", the first column): a position is the only way to pick a
// column whose header cell is empty (docs/ingest.md). Errors name the header's FILE:LINE.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/profiles/meter_csv.h"

namespace evomarket {

// True for "#" followed by digits: a column by its position, counted from #1.
bool is_column_position(const std::string& ref);

// The index of the column `ref` names (a name, or #N), nullopt if the header has none.
std::optional<int> column_index(const std::vector<std::string>& header, const std::string& ref);

// The index of column `ref`; ConfigError "HEADER_WHERE: no column ... (OPTION)" listing the
// header's columns otherwise. `header_where` is "FILE:LINE" of the header line.
int find_column(const std::vector<std::string>& header, const std::string& ref,
                const std::string& header_where, const std::string& option);

// How messages name column `c`: its header name, or #N where the name is empty.
std::string column_label(const std::vector<std::string>& header, int c);

// Reads the header (blanks around names trimmed) and returns "FILE:LINE" of it. The first line
// may be a title above the header: the second line is the header when it has more of the
// columns `refs` than the first (a missing one is then reported by find_column at the header
// line). ConfigError if the file is empty.
std::string read_header(LineReader& reader, char delimiter, const std::vector<std::string>& refs,
                        std::vector<std::string>& header);

}  // namespace evomarket
