// Which points of a sweep to run: `--point 3`, `--point 2-5`, `--point 1,4,9-12` (repeatable).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace evomarket {

// The chosen indices, ascending and without repeats; all points when `args` is empty.
// ConfigError naming the --point value when it is not an index or range within [0, count).
std::vector<size_t> select_points(const std::vector<std::string>& args, size_t count);

}  // namespace evomarket
