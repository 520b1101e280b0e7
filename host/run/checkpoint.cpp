#include "host/run/checkpoint.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "host/errors.h"
#include "io/hdf5_file.h"

namespace evomarket {
namespace {

constexpr const char* kKind = "evomarket checkpoint";

template <class T>
std::vector<T> flatten(const std::vector<StrategyTotals>& history, size_t width,
                       std::vector<T> StrategyTotals::*field) {
  std::vector<T> out;
  out.reserve(history.size() * width);
  for (const auto& t : history) out.insert(out.end(), (t.*field).begin(), (t.*field).end());
  return out;
}

template <class T>
void unflatten(const io::Matrix<T>& m, std::vector<StrategyTotals>& history,
               std::vector<T> StrategyTotals::*field) {
  for (size_t r = 0; r < m.rows; ++r) {
    (history[r].*field).assign(m.data.begin() + r * m.cols, m.data.begin() + (r + 1) * m.cols);
  }
}

}  // namespace

void write_checkpoint(const std::string& path, const Checkpoint& c) {
  const std::string temporary = path + ".tmp";
  {
    io::File file = io::File::create(temporary);
    io::Group root = file.root();
    io::set_attr(root, "kind", kKind);
    io::set_attr(root, "evomarket_version", c.version);
    io::set_attr(root, "simulation_identity", c.identity);
    io::set_attr(root, "generation", static_cast<int64_t>(c.state.generation));
    io::write_vector(root, "strategies", c.state.strategies);
    io::write_vector(root, "counts", c.state.counts);
    io::write_vector(root, "battery_charge", c.state.battery_charge);
    io::set_attr(root, "mode", c.market ? "market" : "population");
    const size_t width = c.history.empty() ? 0 : c.history.front().agents.size();
    const size_t rows = c.history.size();
    io::Group h = root.create_group("history");
    io::write_matrix(h, "agents", rows, width,
                     flatten(c.history, width, &StrategyTotals::agents).data());
    io::write_matrix(h, "payoff", rows, width,
                     flatten(c.history, width, &StrategyTotals::payoff).data());
    io::write_matrix(h, "turns", rows, width,
                     flatten(c.history, width, &StrategyTotals::turns).data());
    io::write_matrix(h, "cooperations", rows, width,
                     flatten(c.history, width, &StrategyTotals::cooperations).data());
    std::vector<uint64_t> matches;
    for (const auto& t : c.history) matches.push_back(t.matches);
    io::write_vector(h, "matches", matches);
    const size_t cells = c.history.empty() ? 0 : c.history.front().community_agents.size();
    io::write_matrix(h, "community_agents", rows, cells,
                     flatten(c.history, cells, &StrategyTotals::community_agents).data());
    file.flush();
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    throw std::runtime_error(
        fmt::format("cannot move checkpoint {} to {}: {}", temporary, path, error.message()));
  }
}

Checkpoint read_checkpoint(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    throw ConfigError(fmt::format("--resume {}: no such checkpoint file", path));
  }
  Checkpoint c;
  try {
    io::File file = io::File::open_read(path);
    io::Group root = file.root();
    if (!io::has_attr(root, "kind") || io::get_attr_string(root, "kind") != kKind) {
      throw ConfigError(fmt::format("--resume {}: not an evomarket checkpoint", path));
    }
    c.version = io::get_attr_string(root, "evomarket_version");
    c.identity = io::get_attr_string(root, "simulation_identity");
    c.state.generation = static_cast<uint32_t>(io::get_attr_int(root, "generation"));
    c.state.strategies = io::read_vector<uint16_t>(root, "strategies");
    c.state.counts = io::read_vector<uint64_t>(root, "counts");
    c.market = io::has_attr(root, "mode") && io::get_attr_string(root, "mode") == "market";
    if (c.market) c.state.battery_charge = io::read_vector<int64_t>(root, "battery_charge");
    io::Group h = root.open_group("history");
    const auto agents = io::read_matrix<uint64_t>(h, "agents");
    c.history.assign(agents.rows, StrategyTotals(agents.cols));
    unflatten(agents, c.history, &StrategyTotals::agents);
    unflatten(io::read_matrix<int64_t>(h, "payoff"), c.history, &StrategyTotals::payoff);
    unflatten(io::read_matrix<uint64_t>(h, "turns"), c.history, &StrategyTotals::turns);
    unflatten(io::read_matrix<uint64_t>(h, "cooperations"), c.history,
              &StrategyTotals::cooperations);
    const auto matches = io::read_vector<uint64_t>(h, "matches");
    for (size_t r = 0; r < c.history.size() && r < matches.size(); ++r) {
      c.history[r].matches = matches[r];
    }
    const auto community = io::read_matrix<uint64_t>(h, "community_agents");
    if (community.cols > 0) unflatten(community, c.history, &StrategyTotals::community_agents);
  } catch (const io::H5Error& e) {
    throw ConfigError(fmt::format("--resume {}: unreadable checkpoint: {}", path, e.what()));
  }
  if (!c.market && c.history.size() != c.state.generation) {
    throw ConfigError(
        fmt::format("--resume {}: damaged checkpoint ({} recorded generations for "
                    "generation {})",
                    path, c.history.size(), c.state.generation));
  }
  return c;
}

void check_checkpoint_matches(const Checkpoint& c, const std::string& path,
                              const std::string& version, const std::string& identity) {
  if (c.version != version) {
    throw ConfigError(
        fmt::format("--resume {}: written by evomarket {}, this is {}; resume with "
                    "the version that wrote it",
                    path, c.version, version));
  }
  if (c.identity != identity) {
    throw ConfigError(fmt::format(
        "--resume {}: the checkpoint belongs to another configuration (only output, stop and "
        "population.generations may change when resuming); its configuration was:\n{}",
        path, c.identity));
  }
}

}  // namespace evomarket
