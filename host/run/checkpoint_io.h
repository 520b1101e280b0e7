// What the checkpoints of populations and ensembles share (host/run/checkpoint.h,
// host/run/ensemble_checkpoint.h): per-generation totals stored as rows, and a defensive reader.
// A checkpoint is a file from disk, possibly damaged or crafted, so every dataset's rank and
// extent is checked before it sizes an allocation or an index, and every failure is a
// ConfigError naming the file and the dataset.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/errors.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_group.h"

namespace evomarket {

// Field `field` of every generation in `history`, row after row (`width` values each).
template <class T>
inline std::vector<T> flatten(const std::vector<StrategyTotals>& history, size_t width,
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

// Writes `history` under `group`: agents, payoff, turns, cooperations [rows, strategies],
// matches [rows] and community_agents [rows, communities x strategies].
void write_history(const io::Group& group, const std::vector<StrategyTotals>& history);

// Reads back what write_history wrote under `prefix` ("history"): `rows` generations of `width`
// strategies and `cells` community cells, every row adding up to `agents`.
std::vector<StrategyTotals> read_history(const CheckpointReader& read, const std::string& prefix,
                                         uint64_t rows, uint64_t width, uint64_t cells,
                                         uint64_t agents);

}  // namespace evomarket
