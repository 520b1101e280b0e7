// A sweep spec (docs/sweeps.md): a base config, fixed overrides, and axes whose values are
// combined into points, each one `evomarket run BASE --set ...` with its own seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace evomarket {

// A config key and one value for it as TOML text ("0.1", "\"fermi\"", "[0.5, 0.5]"), the form
// --set takes.
using KeyValue = std::pair<std::string, std::string>;

// One [[axis]] table: its keys advance together (zipped); every key has the same number of
// values. values[i] holds the i-th value of each key, in `keys` order.
struct SweepAxis {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;
  size_t size() const { return values.size(); }
};

// How points get their seeds when the spec does not set experiment.seed itself.
enum class SeedPolicy {
  kPerPoint,  // derived_seed(base seed, point index, Purpose::kSweepPoint): independent points
  kShared,    // every point runs with the base seed (common random numbers)
};

struct SweepSpec {
  std::string path;                    // the spec file, as given
  std::string base;                    // the base config, resolved against the spec's folder
  std::optional<uint64_t> replicates;  // sets experiment.replicates for every point when given
  SeedPolicy seeds = SeedPolicy::kPerPoint;
  std::vector<KeyValue> fixed;  // [set]: overrides of every point
  std::vector<SweepAxis> axes;  // combined as a full grid, the first axis varying slowest

  // Keys of every axis, in order (the columns of the manifest and the coordinates of stitch).
  std::vector<std::string> axis_keys() const;
  // True when [set] or an axis gives experiment.seed (the spec then decides every seed).
  bool sets_seed() const;
  // Number of points: the product of the axes' sizes (1 without axes).
  size_t point_count() const;
};

// One point of a sweep.
struct SweepPoint {
  size_t index = 0;
  std::vector<KeyValue> values;        // its value of each axis key, in axis_keys() order
  std::vector<std::string> overrides;  // every --set "key=value" its run gets, seed included
  uint64_t seed = 0;
  std::string file;  // its results file, relative to the sweep folder
};

// Reads and checks a spec; ConfigError naming the file, line and key on bad input.
SweepSpec load_sweep_spec(const std::string& path);

// Every point with its overrides and seed, each point's config checked in process (the base
// config with the point's overrides, as its run will read it) before anything runs: a value
// that fails validation is a ConfigError naming the point index, its values and the key.
std::vector<SweepPoint> resolve_points(const SweepSpec& spec);

// "key=value" of a KeyValue.
std::string assignment(const KeyValue& kv);

}  // namespace evomarket
