#include "host/sweep/point_selection.h"

#include <charconv>
#include <set>

#include <fmt/format.h>

#include "host/errors.h"

namespace evomarket {
namespace {

bool parse_index(std::string_view text, size_t& out) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<size_t> select_points(const std::vector<std::string>& args, size_t count) {
  if (args.empty()) {
    std::vector<size_t> all(count);
    for (size_t i = 0; i < count; ++i) all[i] = i;
    return all;
  }
  std::set<size_t> chosen;
  for (const std::string& arg : args) {
    std::string_view rest = arg;
    while (true) {
      const size_t comma = rest.find(',');
      const std::string_view part = rest.substr(0, comma);
      const size_t dash = part.find('-');
      size_t first = 0, last = 0;
      const bool ok = dash == std::string_view::npos
                          ? parse_index(part, first) && (last = first, true)
                          : parse_index(part.substr(0, dash), first) &&
                                parse_index(part.substr(dash + 1), last) && first <= last;
      if (!ok || last >= count) {
        throw ConfigError(fmt::format(
            "--point {}: expected point indices in [0, {}): I, A-B or a comma list", arg, count));
      }
      for (size_t i = first; i <= last; ++i) chosen.insert(i);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return {chosen.begin(), chosen.end()};
}

}  // namespace evomarket
