#include "host/sweep/stitch.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/staged_output.h"
#include "host/sweep/sweep_folder.h"
#include "host/sweep/toml_text.h"
#include "host/version.h"
#include "io/hdf5_file.h"
#include "io/results_file.h"
#include "io/virtual_dataset.h"

namespace evomarket {
namespace fs = std::filesystem;
namespace {

// One point file's datasets (path -> layout), string datasets' contents, and group attributes
// (group -> name -> value as text; only those every point agrees on reach the index).
struct FileLayout {
  std::map<std::string, io::DatasetLayout> datasets;
  std::map<std::string, std::vector<std::string>> strings;
  std::map<std::string, std::map<std::string, std::string>> attributes;
};

std::optional<std::string> attribute_text(const io::Object& object, const std::string& name) {
  try {
    return "s:" + io::get_attr_string(object, name);
  } catch (const io::H5Error&) {
  }
  try {
    return "i:" + std::to_string(io::get_attr_int(object, name));
  } catch (const io::H5Error&) {
  }
  try {
    return "f:" + fmt::format("{}", io::get_attr_double(object, name));
  } catch (const io::H5Error&) {
  }
  return std::nullopt;
}

void walk(const io::Group& group, const std::string& path, FileLayout& layout) {
  for (const std::string& name : io::attr_names(group)) {
    if (auto text = attribute_text(group, name)) layout.attributes[path][name] = *text;
  }
  for (const std::string& child : group.children()) {
    const std::string full = path == "/" ? "/" + child : path + "/" + child;
    if (full == "/parameters") continue;  // each point's own config: read it from its file
    if (group.has_group(child)) {
      walk(group.open_group(child), full, layout);
    } else if (group.has_dataset(child)) {
      const io::Dataset d = group.open_dataset(child);
      const io::DatasetLayout l = io::dataset_layout(d);
      layout.datasets[full] = l;
      if (!l.numeric && l.element_type.rfind("string", 0) == 0 && l.shape.size() == 1) {
        layout.strings[full] = io::read_strings(group, child);
      }
    }
  }
}

std::string shape_text(const io::DatasetLayout& l) {
  std::string s = "[";
  for (size_t i = 0; i < l.shape.size(); ++i) s += (i ? ", " : "") + std::to_string(l.shape[i]);
  return s + "] " + l.element_type;
}

// Why `other` cannot be stitched with `first`, or nothing.
std::optional<std::string> layout_difference(const FileLayout& first, const FileLayout& other) {
  for (const auto& [path, l] : first.datasets) {
    if (!other.datasets.count(path)) return fmt::format("{} is missing", path);
  }
  for (const auto& [path, l] : other.datasets) {
    const auto it = first.datasets.find(path);
    if (it == first.datasets.end()) return fmt::format("{} is not in the first point", path);
    const io::DatasetLayout& f = it->second;
    // Axes that may grow (rows of a series; replicates and generations of an ensemble) may
    // differ and are padded; the others (widths) must agree.
    bool same = f.element_type == l.element_type && f.shape.size() == l.shape.size() &&
                f.growable == l.growable;
    for (size_t i = 0; same && i < f.shape.size(); ++i) {
      same = f.growable[i] || f.shape[i] == l.shape[i];
    }
    if (!same) {
      return fmt::format("{} is {}, the first point's is {}{}", path, shape_text(l), shape_text(f),
                         f.extendible ? " (rows may differ, widths may not)" : "");
    }
    const auto s = first.strings.find(path);
    if (s != first.strings.end() && other.strings.at(path) != s->second) {
      return fmt::format("{} names other entries than the first point's", path);
    }
  }
  return std::nullopt;
}

// /sweep/<key>: integers as int64, numbers as float64, anything else as text.
void write_coordinate(const io::Group& sweep, const std::string& key,
                      const std::vector<SweepPoint>& points, size_t k) {
  std::vector<std::string> texts;
  bool integers = true, numbers = true;
  for (const SweepPoint& p : points) {
    texts.push_back(p.values[k].second);
    const toml::table t = parse_toml_value(texts.back());
    integers = integers && t.get("v")->is_integer();
    numbers = numbers && t.get("v")->is_number();
  }
  if (integers || numbers) {
    std::vector<int64_t> ints;
    std::vector<double> reals;
    for (const std::string& text : texts) {
      const toml::table t = parse_toml_value(text);
      ints.push_back(t.get("v")->value<int64_t>().value_or(0));
      reals.push_back(t.get("v")->value<double>().value_or(0));
    }
    integers ? io::write_vector(sweep, key, ints) : io::write_vector(sweep, key, reals);
    return;
  }
  std::vector<std::string> plain;
  for (const std::string& text : texts) plain.push_back(plain_text(text));
  io::write_strings(sweep, key, plain);
}

void copy_attribute(const io::Object& target, const std::string& name, const std::string& text) {
  const std::string value = text.substr(2);
  if (text[0] == 's') io::set_attr(target, name, value);
  if (text[0] == 'i') io::set_attr(target, name, static_cast<int64_t>(std::stoll(value)));
  if (text[0] == 'f') io::set_attr(target, name, std::stod(value));
}

}  // namespace

StitchReport stitch_sweep(const std::string& folder_path, const std::string& index) {
  const SweepFolder folder(folder_path);
  const RecordedSweep sweep = read_sweep_record(folder);
  const size_t count = sweep.points.size();
  StitchReport report;
  report.points = count;

  // Which points are complete, and the layout every complete point must share.
  std::vector<std::string> status(count, "missing");
  std::vector<FileLayout> layouts(count);
  std::optional<size_t> first;
  std::error_code error;
  for (const SweepPoint& p : sweep.points) {
    const std::string path = folder.results(p);
    if (fs::exists(path, error)) {
      try {
        status[p.index] = io::results_status(path);
      } catch (const io::H5Error&) {
        status[p.index] = "unreadable";
      }
    }
    if (status[p.index] != io::kStatusComplete) {
      report.missing.push_back(p.index);
      continue;
    }
    const io::File file = io::File::open_read(path);
    walk(file.root(), "/", layouts[p.index]);
    if (!first) {
      first = p.index;
    } else if (auto why = layout_difference(layouts[*first], layouts[p.index])) {
      throw ConfigError(fmt::format("{}: cannot stitch point {} ({}) with point {} ({}): {}",
                                    folder.path(), p.index, p.file, *first,
                                    sweep.points[*first].file, *why));
    }
  }
  if (!first) {
    throw ConfigError(
        fmt::format("{}: no point is complete yet: nothing to stitch (run "
                    "`evomarket sweep` first)",
                    folder.path()));
  }
  report.stitched = count - report.missing.size();

  std::vector<std::string> inputs;
  for (const SweepPoint& p : sweep.points) inputs.push_back(folder.results(p));
  const auto staged = stage_output(index, "sweep index", inputs);
  // Source names relative to the index's folder (HDF5 looks for relative source files beside
  // the file that holds the virtual dataset).
  const fs::path index_dir = fs::absolute(index).parent_path();
  const auto source_name = [&](const SweepPoint& p) {
    return fs::absolute(folder.results(p))
        .lexically_normal()
        .lexically_relative(index_dir)
        .string();
  };
  {
    io::File out = io::File::create(staged->temporary(), "sweep index");
    const io::Group root = out.root();
    io::set_attr(root, "evomarket_version", evomarket_version());
    io::set_attr(root, "git_commit", evomarket_git_commit());
    io::set_attr(root, "created", io::utc_timestamp());
    io::set_attr(root, "kind", "sweep index");
    io::set_attr(
        root, "sweep_folder",
        fs::absolute(folder.path()).lexically_normal().lexically_relative(index_dir).string());
    io::set_attr(root, "points", static_cast<uint64_t>(count));

    const io::File like_file = io::File::open_read(folder.results(sweep.points[*first]));
    const FileLayout& like = layouts[*first];
    for (const auto& [path, layout] : like.datasets) {
      if (!layout.numeric) {
        if (like.strings.count(path)) {
          const size_t slash = path.rfind('/');
          const io::Group parent = slash == 0 ? root : root.require_group(path.substr(0, slash));
          io::write_strings(parent, path.substr(slash + 1), like.strings.at(path));
        }
        continue;
      }
      std::vector<uint64_t> item = layout.shape;
      std::vector<io::VirtualSource> sources;
      std::vector<int64_t> rows(count, 0);
      for (const SweepPoint& p : sweep.points) {
        if (status[p.index] != io::kStatusComplete) continue;
        const io::DatasetLayout& l = layouts[p.index].datasets.at(path);
        for (size_t i = 0; i < item.size(); ++i) {
          if (layout.growable[i]) item[i] = std::max(item[i], l.shape[i]);
        }
        if (!l.shape.empty()) rows[p.index] = static_cast<int64_t>(l.shape[0]);
        sources.push_back({p.index, source_name(p), path, l.shape});
      }
      io::create_stacked_dataset(root, path, like_file.root().open_dataset(path), count, item,
                                 sources);
      // How many rows of a padded series are real, per point (0: missing).
      if (layout.extendible && path.size() > 6 && path.compare(path.size() - 6, 6, "/value") == 0) {
        io::write_vector(root, path.substr(0, path.size() - 6) + "/length", rows);
      }
    }
    for (const auto& [group, attributes] : like.attributes) {
      if (group == "/" || !root.has_group(group)) continue;  // root: each point's own run
      for (const auto& [name, text] : attributes) {
        bool agreed = true;
        for (const SweepPoint& p : sweep.points) {
          if (status[p.index] != io::kStatusComplete) continue;
          const auto& a = layouts[p.index].attributes[group];
          const auto it = a.find(name);
          agreed = agreed && it != a.end() && it->second == text;
        }
        if (agreed) copy_attribute(root.open_group(group), name, text);
      }
    }

    const io::Group s = root.create_group("sweep");
    std::vector<int64_t> indices, missing;
    std::vector<uint64_t> seeds;
    std::vector<std::string> files;
    for (const SweepPoint& p : sweep.points) {
      indices.push_back(static_cast<int64_t>(p.index));
      seeds.push_back(p.seed);
      files.push_back(source_name(p));
    }
    for (size_t m : report.missing) missing.push_back(static_cast<int64_t>(m));
    io::write_vector(s, "point", indices);
    io::write_vector(s, "seed", seeds);
    io::write_strings(s, "status", status);
    io::write_strings(s, "file", files);
    io::write_vector(s, "missing", missing);
    io::write_strings(s, "axes", sweep.axis_keys);
    for (size_t k = 0; k < sweep.axis_keys.size(); ++k) {
      write_coordinate(s, sweep.axis_keys[k], sweep.points, k);
    }
    out.flush();
  }
  staged->commit();
  return report;
}

}  // namespace evomarket
