#include "host/config/graph_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/meter_csv.h"

namespace evomarket {

CsrGraph load_edge_list(const std::string& path, uint64_t nodes) {
  // A directory opens like a file on Linux and reads as empty.
  if (std::error_code error; std::filesystem::is_directory(path, error)) {
    throw ConfigError(fmt::format("{}: is a directory, expected an edge-list file", path));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ConfigError(fmt::format("{}: cannot open the graph file", path));
  // Lines may end in LF, CRLF or a lone CR (old Mac editors): read them all as LF.
  const std::string raw((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::string text;
  text.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\r') {
      text.push_back(raw[i]);
    } else {
      text.push_back('\n');
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    }
  }
  std::istringstream in(std::move(text));
  std::vector<std::pair<uint64_t, uint64_t>> edges;
  std::string line;
  for (uint64_t number = 1; std::getline(in, line); ++number) {
    // Editors on Windows start UTF-8 files with a byte-order mark; it is not part of the edge.
    if (number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::istringstream fields(line);
    long long u = -1, v = -1;
    std::string extra;
    if (!(fields >> u >> v) || (fields >> extra)) {
      throw ConfigError(fmt::format("{}:{}: expected an edge \"u v\" of two node ids, got {}", path,
                                    number, quote_field(line)));
    }
    if (u < 0 || v < 0 || static_cast<uint64_t>(u) >= nodes || static_cast<uint64_t>(v) >= nodes) {
      throw ConfigError(
          fmt::format("{}:{}: node ids must lie in [0, {}) (population.agents), "
                      "got {} {}",
                      path, number, nodes, u, v));
    }
    if (u == v) throw ConfigError(fmt::format("{}:{}: self loop {} {}", path, number, u, v));
    edges.emplace_back(u, v);
    edges.emplace_back(v, u);
  }
  if (edges.empty()) {  // every agent would play nobody, and nothing would evolve
    throw ConfigError(fmt::format("{}: no edges (expected lines \"u v\" of two node ids)", path));
  }
  std::sort(edges.begin(), edges.end());
  if (const auto twin = std::adjacent_find(edges.begin(), edges.end()); twin != edges.end()) {
    throw ConfigError(
        fmt::format("{}: the edge {} {} appears twice", path, twin->first, twin->second));
  }
  CsrGraph g;
  g.offsets.assign(nodes + 1, 0);
  for (const auto& e : edges) ++g.offsets[e.first + 1];
  for (uint64_t i = 0; i < nodes; ++i) g.offsets[i + 1] += g.offsets[i];
  g.neighbours.reserve(edges.size());
  for (const auto& e : edges) g.neighbours.push_back(e.second);
  return g;
}

}  // namespace evomarket
