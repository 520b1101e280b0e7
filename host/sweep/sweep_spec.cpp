// Reading a sweep spec: base, replicates, seeds, [set] and [[axis]] (docs/sweeps.md).
#include "host/sweep/sweep_spec.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "host/errors.h"
#include "host/sweep/toml_text.h"

namespace evomarket {
namespace {

// Points beyond this are a mistake in the spec (a grid of typos), not a sweep to start.
constexpr size_t kMaxPoints = 1000000;

struct Leaf {
  std::string key;
  const toml::node* node;
};

// Dotted keys and nested tables name the same config key: `dynamics.beta = ...`,
// `"dynamics.beta" = ...` and `[set.dynamics] beta = ...` all give "dynamics.beta".
void flatten(const toml::table& table, const std::string& prefix, std::vector<Leaf>& out) {
  for (const auto& [key, node] : table) {
    const std::string full =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* t = node.as_table(); t && !t->is_inline()) {
      flatten(*t, full, out);
    } else {
      out.push_back({full, &node});
    }
  }
}

std::string where(const std::string& path, const toml::node& node, const std::string& key) {
  return fmt::format("{}:{}: {}", path, node.source().begin.line, key);
}

void check_sweepable(const std::string& path, const Leaf& leaf) {
  // The sweep names each point's results file (and its checkpoint beside it).
  if (leaf.key == "output.file" || leaf.key == "output.checkpoint_file") {
    throw ConfigError(fmt::format("{}: the sweep names every point's files; remove this key",
                                  where(path, *leaf.node, leaf.key)));
  }
}

SweepAxis read_axis(const std::string& path, const toml::table& table, size_t number) {
  std::vector<Leaf> leaves;
  flatten(table, "", leaves);
  if (leaves.empty()) {
    throw ConfigError(fmt::format("{}:{}: [[axis]] number {}: expected at least one key = [values]",
                                  path, table.source().begin.line, number + 1));
  }
  SweepAxis axis;
  size_t size = 0;
  for (const Leaf& leaf : leaves) {
    check_sweepable(path, leaf);
    const toml::array* values = leaf.node->as_array();
    if (!values || values->empty()) {
      throw ConfigError(fmt::format("{}: expected a non-empty array of the key's values",
                                    where(path, *leaf.node, leaf.key)));
    }
    if (axis.keys.empty()) {
      size = values->size();
      axis.values.resize(size);
    } else if (values->size() != size) {
      throw ConfigError(fmt::format(
          "{}: has {} values, but {} in the same [[axis]] has {} (keys of one axis are zipped: "
          "give them equal lengths, or put them in separate [[axis]] tables for a grid)",
          where(path, *leaf.node, leaf.key), values->size(), axis.keys.front(), size));
    }
    axis.keys.push_back(leaf.key);
    for (size_t i = 0; i < size; ++i) axis.values[i].push_back(toml_text((*values)[i]));
  }
  return axis;
}

std::string resolve_against(const std::string& spec_path, const std::string& file) {
  const std::filesystem::path p(file);
  if (p.is_absolute()) return file;
  const std::filesystem::path folder = std::filesystem::path(spec_path).parent_path();
  return folder.empty() ? file : (folder / p).lexically_normal().string();
}

}  // namespace

std::vector<std::string> SweepSpec::axis_keys() const {
  std::vector<std::string> keys;
  for (const SweepAxis& axis : axes) keys.insert(keys.end(), axis.keys.begin(), axis.keys.end());
  return keys;
}

bool SweepSpec::sets_seed() const {
  const auto keys = axis_keys();
  return std::find(keys.begin(), keys.end(), "experiment.seed") != keys.end() ||
         std::any_of(fixed.begin(), fixed.end(),
                     [](const KeyValue& kv) { return kv.first == "experiment.seed"; });
}

size_t SweepSpec::point_count() const {
  size_t n = 1;
  for (const SweepAxis& axis : axes) n *= axis.size();
  return n;
}

std::string assignment(const KeyValue& kv) {
  return kv.first + "=" + kv.second;
}

SweepSpec load_sweep_spec(const std::string& path) {
  if (std::error_code error; std::filesystem::is_directory(path, error)) {
    throw ConfigError(fmt::format("{}: is a directory, expected a sweep spec (TOML)", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}: cannot open the sweep spec", path));
  std::ostringstream text;
  text << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}:{}: invalid TOML: {}", path, e.source().begin.line,
                                  e.source().begin.column, e.description()));
  }

  SweepSpec spec;
  spec.path = path;
  for (const auto& [key, node] : root) {
    const std::string k(key.str());
    if (k != "base" && k != "replicates" && k != "seeds" && k != "set" && k != "axis") {
      throw ConfigError(
          fmt::format("{}: unknown sweep key (expected base, replicates, seeds, [set] or [[axis]])",
                      where(path, node, k)));
    }
  }
  const toml::node* base = root.get("base");
  if (!base || !base->is_string() || base->as_string()->get().empty()) {
    throw ConfigError(
        fmt::format("{}:{}: base: expected the base config file, e.g. base = \"../hawk_dove.toml\" "
                    "(relative to the spec)",
                    path, base ? base->source().begin.line : 1));
  }
  spec.base = resolve_against(path, base->as_string()->get());

  if (const toml::node* r = root.get("replicates")) {
    const auto v = r->value_exact<int64_t>();
    if (!v || *v < 1 || *v > (int64_t{1} << 31)) {
      throw ConfigError(fmt::format("{}: expected a positive integer (replicates per point)",
                                    where(path, *r, "replicates")));
    }
    spec.replicates = static_cast<uint64_t>(*v);
  }
  if (const toml::node* s = root.get("seeds")) {
    const auto v = s->value_exact<std::string>();
    if (v == "per_point") {
      spec.seeds = SeedPolicy::kPerPoint;
    } else if (v == "shared") {
      spec.seeds = SeedPolicy::kShared;
    } else {
      throw ConfigError(
          fmt::format("{}: expected \"per_point\" or \"shared\"", where(path, *s, "seeds")));
    }
  }

  std::set<std::string> seen;
  const auto check_once = [&](const Leaf& leaf) {
    if (!seen.insert(leaf.key).second) {
      throw ConfigError(fmt::format("{}: given twice (in [set] or another [[axis]])",
                                    where(path, *leaf.node, leaf.key)));
    }
  };
  if (const toml::node* set = root.get("set")) {
    if (!set->is_table()) {
      throw ConfigError(
          fmt::format("{}: expected a table of config keys and values", where(path, *set, "set")));
    }
    std::vector<Leaf> leaves;
    flatten(*set->as_table(), "", leaves);
    for (const Leaf& leaf : leaves) {
      check_sweepable(path, leaf);
      check_once(leaf);
      spec.fixed.push_back({leaf.key, toml_text(*leaf.node)});
    }
  }
  if (const toml::node* axes = root.get("axis")) {
    const toml::array* list = axes->as_array();
    if (!list || !list->is_array_of_tables()) {
      throw ConfigError(fmt::format("{}: expected [[axis]] tables", where(path, *axes, "axis")));
    }
    for (size_t i = 0; i < list->size(); ++i) {
      const toml::table& table = *(*list)[i].as_table();
      std::vector<Leaf> leaves;
      flatten(table, "", leaves);
      for (const Leaf& leaf : leaves) check_once(leaf);
      spec.axes.push_back(read_axis(path, table, i));
    }
  }
  size_t points = 1;
  for (const SweepAxis& axis : spec.axes) {
    if (points > kMaxPoints / axis.size()) {
      throw ConfigError(fmt::format("{}: the axes make more than {} points", path, kMaxPoints));
    }
    points *= axis.size();
  }
  return spec;
}

}  // namespace evomarket
