#include "host/run/checkpoint.h"

#include <fmt/format.h>

#include <filesystem>
#include <limits>

#include "host/errors.h"
#include "io/hdf5_copy.h"
#include "io/hdf5_file.h"
#include "io/staged_output.h"

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

// Reads one checkpoint, every dimension checked against what the config expects before it
// is used to allocate or index.
class CheckpointReader {
 public:
  CheckpointReader(const std::string& path, const io::Group& root) : path_(path), root_(root) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw ConfigError(fmt::format("--resume {}: damaged checkpoint: {}", path_, what));
  }

  // The extent of dataset `name` (relative to the root), checked to be `rank`-dimensional.
  std::vector<uint64_t> shape(const std::string& name, size_t rank) const {
    if (!root_.has_dataset(name)) fail(fmt::format("dataset /{} is missing", name));
    std::vector<uint64_t> dims = root_.open_dataset(name).shape();
    if (dims.size() != rank) {
      fail(fmt::format("dataset /{} has {} dimensions, expected {}", name, dims.size(), rank));
    }
    return dims;
  }

  // Dataset `name` read as a vector of exactly `expected` elements.
  template <class T>
  std::vector<T> vector(const std::string& name, uint64_t expected) const {
    const uint64_t n = shape(name, 1)[0];
    if (n != expected) {
      fail(fmt::format("dataset /{} holds {} values, expected {}", name, n, expected));
    }
    return io::read_vector<T>(root_, name);
  }

  // Checks that dataset `name` is `rows` x `cols`.
  void check_matrix(const std::string& name, uint64_t rows, uint64_t cols) const {
    const std::vector<uint64_t> dims = shape(name, 2);
    if (dims[0] != rows || dims[1] != cols) {
      fail(fmt::format("dataset /{} is {} x {}, expected {} x {}", name, dims[0], dims[1], rows,
                       cols));
    }
  }

  // Dataset `name` read as `rows` x `cols`, row r into history[r].*field.
  template <class T>
  void history_field(const std::string& name, uint64_t rows, uint64_t cols,
                     std::vector<StrategyTotals>& history,
                     std::vector<T> StrategyTotals::*field) const {
    check_matrix(name, rows, cols);
    const io::Matrix<T> m = io::read_matrix<T>(root_, name);
    for (size_t r = 0; r < rows; ++r) {
      (history[r].*field).assign(m.data.begin() + r * cols, m.data.begin() + (r + 1) * cols);
    }
  }

 private:
  const std::string& path_;
  const io::Group& root_;
};

void write_checkpoint_file(const std::string& path, const Checkpoint& c, const io::Group* results,
                           const std::vector<std::string>& recorded);

}  // namespace

void write_checkpoint(const std::string& path, const Checkpoint& c, const io::Group* results,
                      const std::vector<std::string>& recorded) {
  try {
    write_checkpoint_file(path, c, results, recorded);
  } catch (const io::H5Error& e) {  // name the checkpoint, not its temporary file
    throw std::runtime_error(
        fmt::format("cannot write checkpoint {} (an earlier one stays as it was): {}", path, e.what()));
  }
}

namespace {

void write_checkpoint_file(const std::string& path, const Checkpoint& c, const io::Group* results,
                           const std::vector<std::string>& recorded) {
  io::StagedOutput staged(path, "checkpoint");
  {
    io::File file = io::File::create(staged.temporary(), "checkpoint");
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
    io::Group carried = root.create_group(kRecordedGroup);
    if (results) {
      for (const std::string& name : recorded) {
        if (results->has(name)) io::copy_by_value(*results, name, carried, name);
      }
    }
    file.flush();
  }
  staged.commit();
}

}  // namespace

Checkpoint read_checkpoint(const std::string& path, const std::string& version,
                           const std::string& identity, const CheckpointShape& shape) {
  if (!std::filesystem::exists(path)) {
    throw ConfigError(fmt::format("--resume {}: no such checkpoint file", path));
  }
  Checkpoint c;
  try {
    io::File file = io::File::open_read(path);
    const io::Group root = file.root();
    if (!io::has_attr(root, "kind") || io::get_attr_string(root, "kind") != kKind) {
      throw ConfigError(fmt::format("--resume {}: not an evomarket checkpoint", path));
    }
    c.version = io::get_attr_string(root, "evomarket_version");
    c.identity = io::get_attr_string(root, "simulation_identity");
    c.market = io::has_attr(root, "mode") && io::get_attr_string(root, "mode") == "market";
    check_checkpoint_matches(c, path, version, identity);
    if (c.market != shape.market) {
      throw ConfigError(fmt::format("--resume {}: a checkpoint of a {} run, the config is a {} run",
                                    path, c.market ? "market" : "population",
                                    shape.market ? "market" : "population"));
    }
    const CheckpointReader read(path, root);
    const int64_t generation = io::get_attr_int(root, "generation");
    if (generation < 0 || generation > std::numeric_limits<uint32_t>::max()) {
      read.fail(fmt::format("generation {} is out of range", generation));
    }
    c.state.generation = static_cast<uint32_t>(generation);

    // The state: per-agent strategies, or strategy counts (asynchronous), summing to the agents.
    const uint64_t S = shape.strategies;
    c.state.strategies = read.vector<uint16_t>("strategies", shape.asynchronous ? 0 : shape.agents);
    for (uint16_t s : c.state.strategies) {
      if (s >= S) read.fail(fmt::format("strategy index {} in /strategies, expected < {}", s, S));
    }
    c.state.counts = read.vector<uint64_t>("counts", shape.asynchronous ? S : 0);
    uint64_t counted = 0;
    for (uint64_t n : c.state.counts) {
      if (n > shape.agents - counted) read.fail("/counts add up to more than the agents");
      counted += n;
    }
    if (shape.asynchronous && counted != shape.agents) {
      read.fail(fmt::format("/counts add up to {}, expected {} agents", counted, shape.agents));
    }
    if (c.market) {
      c.state.battery_charge =
          read.vector<int64_t>("battery_charge", shape.batteries ? shape.agents : 0);
    }

    // Population history: one row per generation played, every row of the same strategies.
    const uint64_t rows = c.market ? 0 : c.state.generation;
    const uint64_t width = rows == 0 ? 0 : S;
    const uint64_t cells = rows == 0 ? 0 : shape.communities * S;
    // The generation attribute is a number from the file: every history dataset must agree
    // with it, and /history/matches (one stored value per row) is read, before it sizes the
    // history (a crafted generation of 4e9 used to allocate the history first).
    for (const char* name : {"history/agents", "history/payoff", "history/turns",
                             "history/cooperations"}) {
      read.check_matrix(name, rows, width);
    }
    read.check_matrix("history/community_agents", rows, cells);
    const std::vector<uint64_t> matches = read.vector<uint64_t>("history/matches", rows);
    c.history.assign(rows, StrategyTotals(width));
    read.history_field("history/agents", rows, width, c.history, &StrategyTotals::agents);
    read.history_field("history/payoff", rows, width, c.history, &StrategyTotals::payoff);
    read.history_field("history/turns", rows, width, c.history, &StrategyTotals::turns);
    read.history_field("history/cooperations", rows, width, c.history,
                       &StrategyTotals::cooperations);
    for (size_t r = 0; r < rows; ++r) c.history[r].matches = matches[r];
    read.history_field("history/community_agents", rows, cells, c.history,
                       &StrategyTotals::community_agents);
    for (size_t r = 0; r < rows; ++r) {
      uint64_t total = 0;
      for (uint64_t n : c.history[r].agents) total += n;
      if (total != shape.agents) {
        read.fail(fmt::format("/history/agents row {} adds up to {}, expected {} agents", r, total,
                              shape.agents));
      }
    }
    if (!root.has_group(kRecordedGroup)) {
      read.fail(fmt::format("group /{} (the recorded history) is missing", kRecordedGroup));
    }
  } catch (const io::H5Error& e) {
    throw ConfigError(fmt::format("--resume {}: unreadable checkpoint: {}", path, e.what()));
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
