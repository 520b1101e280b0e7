#include "host/sweep/stitch.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/staged_output.h"
#include "host/sweep/sweep_folder.h"
#include "host/sweep/toml_text.h"
#include "host/version.h"
#include "io/dimension_scales.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "io/results_file.h"
#include "io/virtual_dataset.h"

namespace evomarket {
namespace fs = std::filesystem;
namespace {

// One point file's datasets (path -> layout), string datasets' contents, and group attributes
// (group -> name -> value as text; only those every point agrees on reach the index).
// Dimension scales (io/dimension_scales.h): which datasets are scales, the coordinate values
// of numeric ones, and the dimension of each axis of the others.
struct FileLayout {
  std::map<std::string, io::DatasetLayout> datasets;
  std::map<std::string, std::vector<std::string>> strings;
  std::map<std::string, std::map<std::string, std::string>> attributes;
  std::set<std::string> scales;
  std::set<std::string> bare;  // scales without coordinate values
  std::map<std::string, std::vector<int64_t>> coordinates;
  std::map<std::string, std::vector<std::string>> dims;
};

// A fixed-length string dataset that grows (the slot_start times of a series): stacked like
// numbers, read through the index as the point's own.
bool growing_text(const io::DatasetLayout& l) {
  return !l.numeric && l.element_type.rfind("string[", 0) == 0 && l.shape.size() == 1 &&
         l.growable[0];
}

bool stacked(const io::DatasetLayout& l) {
  return l.numeric || growing_text(l);
}

std::pair<std::string, std::string> split_path(const std::string& path) {
  const size_t slash = path.rfind('/');
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

// True if the shorter of a and b is where the longer begins.
bool one_extends_the_other(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  const size_t n = std::min(a.size(), b.size());
  return std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n), b.begin());
}

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
      for (const std::string& name : io::attr_names(d)) {
        if (name == "CLASS" || name == "NAME") continue;  // the scales' own, made anew
        if (auto text = attribute_text(d, name)) layout.attributes[full][name] = *text;
      }
      if (!l.numeric && l.element_type.rfind("string", 0) == 0 && l.shape.size() == 1 &&
          !growing_text(l)) {
        layout.strings[full] = io::read_strings(group, child);
      }
      if (io::is_bare_dimension(d)) {
        layout.scales.insert(full);
        layout.bare.insert(full);
      } else if (io::is_dimension_scale(d)) {
        layout.scales.insert(full);
        if (l.element_type == "int64")
          layout.coordinates[full] = io::read_vector<int64_t>(group, child);
      } else {
        layout.dims[full] = io::dimension_names(d);
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
    if (first.scales.count(path) != other.scales.count(path) ||
        first.bare.count(path) != other.bare.count(path) ||
        (first.dims.count(path) && first.dims.at(path) != other.dims.at(path))) {
      return fmt::format("{} has other dimensions than the first point's", path);
    }
    const auto c = first.coordinates.find(path);
    if (c != first.coordinates.end() &&
        (f.growable[0] ? !one_extends_the_other(c->second, other.coordinates.at(path))
                       : c->second != other.coordinates.at(path))) {
      return fmt::format("{} has other coordinates than the first point's", path);
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

// The scale `path` of the points in the index, as a 1-D dataset `leaf` of `parent`: names as
// they are, numbers those of the point where the axis is longest (the others are where it
// begins, layout_difference checked), a dimension without values as long as the longest.
void write_scale(const io::Group& parent, const std::string& leaf, const std::string& path,
                 const std::vector<FileLayout>& layouts, const std::vector<std::string>& status) {
  const FileLayout* longest = nullptr;
  for (size_t p = 0; p < layouts.size(); ++p) {
    if (status[p] != io::kStatusComplete) continue;
    const FileLayout& l = layouts[p];
    if (!longest || l.datasets.at(path).shape[0] > longest->datasets.at(path).shape[0]) {
      longest = &l;
    }
  }
  if (longest->bare.count(path)) {
    io::make_bare_dimension(parent, leaf, longest->datasets.at(path).shape[0]);
    return;
  }
  if (longest->strings.count(path)) {
    io::write_strings(parent, leaf, longest->strings.at(path));
  } else if (longest->coordinates.count(path)) {
    io::write_vector(parent, leaf, longest->coordinates.at(path));
  } else {
    return;  // a scale of another type: not written, its datasets keep unnamed axes
  }
  io::make_dimension_scale(parent, leaf);
}

// Names the axes of the index like those of the points (io/dimension_scales.h), so that xarray
// opens its groups too: each group of stacked datasets gets the scale `point` (0..points-1) for
// the axis in front, and every dataset the scales its points' dataset had on the others.
void name_axes(const io::Group& root, const FileLayout& like, const std::set<std::string>& groups,
               size_t count) {
  std::vector<int64_t> numbers(count);
  for (size_t i = 0; i < count; ++i) numbers[i] = static_cast<int64_t>(i);
  for (const std::string& g : groups) {
    const io::Group group = root.open_group(g);
    if (group.has("point")) continue;  // a point's own dataset of that name: leave the axis
    io::write_vector(group, "point", numbers);
    io::make_dimension_scale(group, "point");
    for (const std::string& child : group.children()) {
      if (child == "length") io::attach_dimensions(group, child, {"point"});
    }
  }
  for (const auto& [path, dims] : like.dims) {
    const auto [parent_path, leaf] = split_path(path);
    const io::Group parent = root.open_group(parent_path);
    if (!parent.has_dataset(leaf)) continue;
    std::vector<std::string> named = dims;
    if (stacked(like.datasets.at(path))) named.insert(named.begin(), "point");
    const bool complete =
        !dims.empty() && std::all_of(named.begin(), named.end(), [&](const std::string& d) {
          return !d.empty() && parent.has_dataset(d);
        });
    if (complete) io::attach_dimensions(parent, leaf, named);
  }
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
    std::set<std::string> stacked_groups;  // groups that get a point axis
    for (const auto& [path, layout] : like.datasets) {
      const auto [parent_path, leaf] = split_path(path);
      if (like.scales.count(path)) {
        write_scale(root.require_group(parent_path), leaf, path, layouts, status);
        continue;
      }
      if (!stacked(layout)) {
        if (like.strings.count(path)) {
          io::write_strings(root.require_group(parent_path), leaf, like.strings.at(path));
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
      stacked_groups.insert(parent_path);
      // How many rows of a padded series are real, per point (0: missing).
      if (layout.extendible && path.size() > 6 && path.compare(path.size() - 6, 6, "/value") == 0) {
        io::write_vector(root, path.substr(0, path.size() - 6) + "/length", rows);
      }
    }
    name_axes(root, like, stacked_groups, count);
    for (const auto& [group, attributes] : like.attributes) {
      if (group == "/") continue;  // root: each point's own run
      const auto [parent_path, leaf] = split_path(group);
      io::Object target;
      if (root.has_group(group)) {
        target = root.open_group(group);
      } else if ((parent_path == "/" || root.has_group(parent_path)) &&
                 root.open_group(parent_path).has_dataset(leaf)) {
        target = root.open_dataset(group);
      } else {
        continue;
      }
      for (const auto& [name, text] : attributes) {
        bool agreed = true;
        for (const SweepPoint& p : sweep.points) {
          if (status[p.index] != io::kStatusComplete) continue;
          const auto& a = layouts[p.index].attributes[group];
          const auto it = a.find(name);
          agreed = agreed && it != a.end() && it->second == text;
        }
        if (agreed) copy_attribute(target, name, text);
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
    // Dimensions: point (every per-point dataset), and the lists missing and axes of their own.
    for (const char* dim : {"point", "missing", "axes"}) io::make_dimension_scale(s, dim);
    for (const std::string& child : s.children()) {
      if (child != "point" && child != "missing" && child != "axes") {
        io::attach_dimensions(s, child, {"point"});
      }
    }
    out.flush();
  }
  staged->commit();
  return report;
}

}  // namespace evomarket
