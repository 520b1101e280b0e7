#include "host/run/checkpoint.h"

#include <fmt/format.h>

#include <filesystem>
#include <limits>

#include "host/errors.h"
#include "host/run/checkpoint_io.h"
#include "host/run/input_files.h"
#include "io/hdf5_copy.h"
#include "io/hdf5_file.h"
#include "io/staged_output.h"
#include "kernels/market_accounts.h"
#include "kernels/pricing_genome.h"

namespace evomarket {
namespace {

constexpr const char* kKind = "evomarket checkpoint";

void write_checkpoint_file(const std::string& path, const Checkpoint& c, const io::Group* results,
                           const std::vector<std::string>& recorded);

}  // namespace

void write_checkpoint(const std::string& path, const Checkpoint& c, const io::Group* results,
                      const std::vector<std::string>& recorded) {
  try {
    write_checkpoint_file(path, c, results, recorded);
  } catch (const io::H5Error& e) {  // name the checkpoint, not its temporary file
    throw std::runtime_error(fmt::format(
        "cannot write checkpoint {} (an earlier one stays as it was): {}", path, e.what()));
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
    io::write_vector(root, "genome", c.state.genome);
    io::set_attr(root, "mode", c.market ? "market" : "population");
    if (c.market) {  // the agents of the generation before, for /agents/market
      const MarketAgents& last = c.state.last_played;
      io::set_attr(root, "last_played_generation", last.generation);
      io::write_vector(root, "last_played_strategies", last.strategies);
      io::write_vector(root, "last_played_accounts", last.accounts);
    }
    write_history(root.create_group("history"), c.history);
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
      c.state.genome =
          read.vector<uint32_t>("genome", shape.genome ? shape.agents * kGenomeWords : 0);
      for (uint32_t x : c.state.genome) {
        if (x > kMarkupOne) read.fail(fmt::format("genome markup {} ppm in /genome, above 1", x));
      }
      MarketAgents& last = c.state.last_played;
      last.generation = io::get_attr_int(root, "last_played_generation");
      if (last.generation < -1 || last.generation >= generation) {
        read.fail(fmt::format("last_played_generation {} is not before generation {}",
                              last.generation, generation));
      }
      // Written only when there was one (a checkpoint of generation 0 has none).
      const uint64_t played = last.generation >= 0 ? shape.agents : 0;
      last.strategies = read.vector<uint16_t>("last_played_strategies", played);
      for (uint16_t s : last.strategies) {
        if (s >= S) {
          read.fail(
              fmt::format("strategy index {} in /last_played_strategies, expected < {}", s, S));
        }
      }
      last.accounts = read.vector<int64_t>("last_played_accounts", played * kAccountFields);
    }

    // Population history: one row per generation played, every row of the same strategies.
    const uint64_t rows = c.market ? 0 : c.state.generation;
    const uint64_t width = rows == 0 ? 0 : S;
    const uint64_t cells = rows == 0 ? 0 : shape.communities * S;
    c.history = read_history(read, "history", rows, width, cells, shape.agents);
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
  if (same_run(c.identity, identity)) return;
  const std::string changed = changed_input_files(c.identity, identity);
  if (!changed.empty()) {
    throw ConfigError(fmt::format(
        "--resume {}: the files the run reads changed since the checkpoint was written:\n{}"
        "resume with the files the run started from, or start it afresh",
        path, changed));
  }
  throw ConfigError(fmt::format(
      "--resume {}: the checkpoint belongs to another configuration (only output, stop and "
      "population.generations may change when resuming); its configuration was:\n{}",
      path, c.identity));
}

}  // namespace evomarket
