// The points of a sweep: the grid of its axes, each point's overrides and seed, and every
// point's config checked before anything runs (docs/sweeps.md).
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "host/config/config.h"
#include "host/errors.h"
#include "host/sweep/sweep_spec.h"
#include "kernels/rng.h"

namespace evomarket {
namespace {

std::string read_base(const SweepSpec& spec) {
  std::ifstream in(spec.base, std::ios::binary);
  if (!in) {
    throw ConfigError(
        fmt::format("{}: base: cannot open the base config {}", spec.path, spec.base));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string point_file(size_t index, size_t count) {
  const size_t digits = std::max<size_t>(4, fmt::format("{}", count - 1).size());
  return fmt::format("point-{:0{}}.h5", index, digits);
}

std::string describe(const std::vector<KeyValue>& values) {
  std::string s;
  for (const KeyValue& kv : values) s += (s.empty() ? "" : ", ") + assignment(kv);
  return s;
}

}  // namespace

std::vector<SweepPoint> resolve_points(const SweepSpec& spec) {
  const std::string base_text = read_base(spec);
  std::vector<std::string> common;
  for (const KeyValue& kv : spec.fixed) common.push_back(assignment(kv));
  if (spec.replicates) {
    common.push_back(fmt::format("experiment.replicates={}", *spec.replicates));
  }
  uint64_t base_seed = 0;
  try {
    base_seed = parse_config(base_text, spec.base, common).seed;
  } catch (const ConfigError& e) {
    throw ConfigError(fmt::format("{}: the base config with [set]: {}", spec.path, e.what()));
  }

  const size_t count = spec.point_count();
  std::vector<SweepPoint> points(count);
  for (size_t index = 0; index < count; ++index) {
    SweepPoint& point = points[index];
    point.index = index;
    point.file = point_file(index, count);
    // Row-major over the axes: the last axis varies fastest.
    std::vector<size_t> position(spec.axes.size());
    size_t rest = index;
    for (size_t a = spec.axes.size(); a-- > 0;) {
      position[a] = rest % spec.axes[a].size();
      rest /= spec.axes[a].size();
    }
    point.overrides = common;
    for (size_t a = 0; a < spec.axes.size(); ++a) {
      const SweepAxis& axis = spec.axes[a];
      for (size_t k = 0; k < axis.keys.size(); ++k) {
        point.values.push_back({axis.keys[k], axis.values[position[a]][k]});
        point.overrides.push_back(assignment(point.values.back()));
      }
    }
    if (!spec.sets_seed()) {
      point.seed = spec.seeds == SeedPolicy::kPerPoint
                       ? derived_seed(base_seed, index, Purpose::kSweepPoint)
                       : base_seed;
      point.overrides.push_back(fmt::format("experiment.seed={}", point.seed));
    }
    try {
      const ExperimentConfig config = parse_config(base_text, spec.base, point.overrides);
      if (spec.sets_seed()) point.seed = config.seed;
      if (!config.output.checkpoint_file.empty()) {
        throw ConfigError(fmt::format(
            "{}: output.checkpoint_file would be shared by every point; remove it (each point's "
            "checkpoint goes beside its results file)",
            spec.base));
      }
    } catch (const ConfigError& e) {
      throw ConfigError(fmt::format("{}: point {} ({}): {}", spec.path, index,
                                    point.values.empty() ? "the base" : describe(point.values),
                                    e.what()));
    }
  }
  return points;
}

}  // namespace evomarket
