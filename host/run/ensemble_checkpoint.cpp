#include "host/run/ensemble_checkpoint.h"

#include <fmt/format.h>

#include <cstddef>
#include <iterator>
#include <stdexcept>

#include "host/errors.h"
#include "host/run/checkpoint.h"
#include "host/run/checkpoint_io.h"
#include "host/run/stop_rules.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_file.h"
#include "io/staged_output.h"

namespace evomarket {
namespace {

constexpr const char* kKind = "evomarket ensemble checkpoint";

// Every finished replicate's generations, one after another, in replicate order.
std::vector<StrategyTotals> finished_history(const EnsembleRun& run) {
  std::vector<StrategyTotals> rows;
  for (const ReplicateOutcome& outcome : run.replicates) {
    if (!outcome.finished()) continue;
    rows.insert(rows.end(), outcome.generations.begin(), outcome.generations.end());
  }
  return rows;
}

void write_file(const std::string& path, const std::string& version, const std::string& identity,
                const EnsembleRun& run) {
  io::StagedOutput staged(path, "checkpoint");
  {
    io::File file = io::File::create(staged.temporary(), "checkpoint");
    io::Group root = file.root();
    io::set_attr(root, "kind", kKind);
    io::set_attr(root, "evomarket_version", version);
    io::set_attr(root, "simulation_identity", identity);
    io::set_attr(root, "replicates", static_cast<int64_t>(run.replicates.size()));
    std::vector<int64_t> index, generations;
    std::vector<std::string> stop_reasons;
    for (size_t r = 0; r < run.replicates.size(); ++r) {
      const ReplicateOutcome& outcome = run.replicates[r];
      if (!outcome.finished()) continue;
      index.push_back(static_cast<int64_t>(r));
      generations.push_back(static_cast<int64_t>(outcome.generations.size()));
      stop_reasons.push_back(outcome.stop_reason);
    }
    io::write_vector(root, "replicate", index);
    io::write_vector(root, "generations", generations);
    io::write_strings(root, "stop_reason", stop_reasons);
    write_history(root.create_group("history"), finished_history(run));
    file.flush();
  }
  staged.commit();
}

}  // namespace

void write_ensemble_checkpoint(const std::string& path, const std::string& version,
                               const std::string& identity, const EnsembleRun& run) {
  try {
    write_file(path, version, identity, run);
  } catch (const io::H5Error& e) {  // name the checkpoint, not its temporary file
    throw std::runtime_error(fmt::format(
        "cannot write checkpoint {} (an earlier one stays as it was): {}", path, e.what()));
  }
}

std::vector<ReplicateOutcome> read_ensemble_checkpoint(const std::string& path,
                                                       const std::string& version,
                                                       const std::string& identity,
                                                       uint32_t replicates, uint32_t strategies,
                                                       uint64_t agents) {
  std::vector<ReplicateOutcome> outcomes(replicates);
  try {
    const io::File file = io::File::open_read(path);
    const io::Group root = file.root();
    const CheckpointReader read(path, root);
    const std::string kind = io::has_attr(root, "kind") ? io::get_attr_string(root, "kind") : "";
    if (kind != kKind) {
      throw ConfigError(fmt::format(
          "--resume {}: not the checkpoint of an ensemble (kind \"{}\"); experiment.replicates "
          "= {} resumes from a checkpoint an ensemble of that config wrote",
          path, kind, replicates));
    }
    Checkpoint written;
    written.version = io::get_attr_string(root, "evomarket_version");
    written.identity = io::get_attr_string(root, "simulation_identity");
    check_checkpoint_matches(written, path, version, identity);
    if (io::get_attr_int(root, "replicates") != static_cast<int64_t>(replicates)) {
      read.fail(fmt::format("attribute replicates is {}, expected {}",
                            io::get_attr_int(root, "replicates"), replicates));
    }
    const uint64_t done = read.shape("replicate", 1)[0];
    if (done > replicates) {
      read.fail(
          fmt::format("/replicate holds {} replicates, expected at most {}", done, replicates));
    }
    const std::vector<int64_t> index = read.vector<int64_t>("replicate", done);
    const std::vector<int64_t> generations = read.vector<int64_t>("generations", done);
    if (read.shape("stop_reason", 1)[0] != done) {
      read.fail(fmt::format("/stop_reason does not hold {} values", done));
    }
    const std::vector<std::string> stop_reasons = io::read_strings(root, "stop_reason");
    const uint64_t stored = read.shape("history/agents", 2)[0];
    uint64_t rows = 0;
    for (uint64_t i = 0; i < done; ++i) {
      const int64_t r = index[i];
      // Increasing, as written: the history rows follow the same order.
      if (r < 0 || r >= static_cast<int64_t>(replicates) || (i > 0 && r <= index[i - 1])) {
        read.fail(
            fmt::format("/replicate[{}] = {}: expected an index below {}, above the one "
                        "before it",
                        i, r, replicates));
      }
      const std::string& reason = stop_reasons[i];
      if (reason != kStopGenerations && reason != kStopFixation && reason != kStopTimeBudget) {
        read.fail(fmt::format("/stop_reason[{}] = \"{}\": not a finished replicate's", i, reason));
      }
      // Each count is bounded by the rows stored, so their sum cannot overflow.
      if (generations[i] < 0 || static_cast<uint64_t>(generations[i]) > stored - rows) {
        read.fail(
            fmt::format("/generations[{}] = {}: more than /history holds", i, generations[i]));
      }
      rows += static_cast<uint64_t>(generations[i]);
      outcomes[r].stop_reason = reason;
    }
    std::vector<StrategyTotals> history =
        read_history(read, "history", rows, rows == 0 ? 0 : strategies, 0, agents);
    uint64_t at = 0;
    for (uint64_t i = 0; i < done; ++i) {
      const auto first = history.begin() + static_cast<std::ptrdiff_t>(at);
      const auto count = static_cast<std::ptrdiff_t>(generations[i]);
      outcomes[index[i]].generations.assign(std::make_move_iterator(first),
                                            std::make_move_iterator(first + count));
      at += static_cast<uint64_t>(count);
    }
  } catch (const io::H5Error& e) {
    throw ConfigError(fmt::format("--resume {}: unreadable checkpoint: {}", path, e.what()));
  }
  return outcomes;
}

}  // namespace evomarket
