#include "io/observable_series.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "io/dimension_scales.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_error.h"
#include "io/hdf5_internal.h"
#include "io/hdf5_layout.h"

namespace evomarket::io {

namespace {

using internal::fail;
using internal::with_reason;

// An empty dataset extendible along its first axis, chunked and compressed.
Dataset create_extendible(const Group& group, const char* name, hid_t type,
                          const std::vector<hsize_t>& dims) {
  std::vector<hsize_t> max_dims = dims;
  max_dims[0] = H5S_UNLIMITED;
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()),
               H5Sclose);
  Handle dcpl = make_dataset_layout(dims, H5Tget_size(type), true);
  if (!space || !dcpl) fail(group.id(), "dataset", name, with_reason("cannot set up storage"));
  const hid_t d =
      H5Dcreate2(group.id(), name, type, space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT);
  if (d < 0) fail(group.id(), "dataset", name, with_reason("cannot create"));
  return Dataset(d);
}

// Writes `count` elements into `dataset` starting at `start` (a row of it).
void write_block(const Dataset& dataset, const std::vector<hsize_t>& start,
                 const std::vector<hsize_t>& count, hid_t mem_type, const void* data) {
  Handle file_space(H5Dget_space(dataset.id()), H5Sclose);
  hsize_t n = 1;
  for (hsize_t c : count) n *= c;
  Handle mem_space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  if (!file_space || !mem_space ||
      H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                          nullptr) < 0 ||
      H5Dwrite(dataset.id(), mem_type, mem_space.id(), file_space.id(), H5P_DEFAULT, data) < 0) {
    fail(dataset.id(), "dataset", "", with_reason("cannot write"));
  }
}

int64_t read_step_at(const Dataset& steps, size_t index) {
  Handle file_space(H5Dget_space(steps.id()), H5Sclose);
  const hsize_t start = index;
  const hsize_t one = 1;
  Handle mem_space(H5Screate_simple(1, &one, nullptr), H5Sclose);
  int64_t value = 0;
  if (!file_space || !mem_space ||
      H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, &start, nullptr, &one, nullptr) < 0 ||
      H5Dread(steps.id(), H5T_NATIVE_INT64, mem_space.id(), file_space.id(), H5P_DEFAULT, &value) <
          0) {
    fail(steps.id(), "dataset", "", with_reason("cannot read"));
  }
  return value;
}

// A fixed-length UTF-8 string type of `bytes` bytes, padded with NULs.
Handle fixed_string_type(size_t bytes) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!type || H5Tset_size(type.id(), bytes) < 0 || H5Tset_cset(type.id(), H5T_CSET_UTF8) < 0 ||
      H5Tset_strpad(type.id(), H5T_STR_NULLPAD) < 0) {
    return Handle();
  }
  return type;
}

// The coordinate of one item axis: its names, its numbers, or a dimension without values.
void write_axis(const Group& group, const SeriesAxis& axis) {
  if (!axis.labels.empty()) {
    write_strings(group, axis.name, axis.labels);
  } else if (axis.coordinate) {
    std::vector<int64_t> numbers(axis.size);
    for (size_t i = 0; i < axis.size; ++i) numbers[i] = static_cast<int64_t>(i);
    write_vector(group, axis.name, numbers);
  } else {
    make_bare_dimension(group, axis.name, axis.size);
    return;
  }
  make_dimension_scale(group, axis.name);
}

void check_layout(const Group& observables, std::string_view name, const SeriesLayout& layout) {
  std::vector<std::string> names = {"value", layout.rows};
  if (!layout.row_text.empty()) names.push_back(layout.row_text);
  for (const SeriesAxis& a : layout.axes) {
    if (a.size == 0) fail(observables.id(), "observable", name, "an axis has no entries");
    if (!a.labels.empty() && a.labels.size() != a.size) {
      fail(observables.id(), "observable", name,
           fmt::format("{} column names given for width {}", a.labels.size(), a.size));
    }
    if (!a.units.empty() && a.units.size() != a.size) {
      fail(observables.id(), "observable", name,
           fmt::format("{} units given for {} {} entries", a.units.size(), a.size, a.name));
    }
    names.push_back(a.name);
    if (!a.units.empty()) names.push_back("unit");
  }
  std::sort(names.begin(), names.end());
  if (std::adjacent_find(names.begin(), names.end()) != names.end()) {
    fail(observables.id(), "observable", name, "two of its datasets would share a name");
  }
}

}  // namespace

ObservableSeries ObservableSeries::create_typed(Group observables, std::string_view name,
                                                const SeriesLayout& layout, hid_t mem_type) {
  silence_hdf5_errors();
  if (layout.axes.empty()) fail(observables.id(), "observable", name, "width must be at least 1");
  check_layout(observables, name, layout);
  if (observables.has(name)) fail(observables.id(), "observable", name, "already exists");
  ObservableSeries s;
  s.group_ = observables.create_group(name);
  s.rows_ = layout.rows;
  std::vector<hsize_t> value_dims = {0};
  s.width_ = 1;
  for (const SeriesAxis& a : layout.axes) {
    s.item_shape_.push_back(a.size);
    value_dims.push_back(a.size);
    s.width_ *= a.size;
  }
  s.step_ = create_extendible(s.group_, layout.rows.c_str(), H5T_NATIVE_INT64, {0});
  make_dimension_scale(s.group_, layout.rows);
  s.value_ = create_extendible(s.group_, "value", mem_type, value_dims);
  s.mem_type_ = Handle(H5Tcopy(mem_type), H5Tclose);
  std::vector<std::string> dims = {layout.rows};
  std::string coordinates;
  for (const SeriesAxis& a : layout.axes) {
    write_axis(s.group_, a);
    dims.push_back(a.name);
    if (!a.units.empty()) {
      write_strings(s.group_, "unit", a.units);
      attach_dimensions(s.group_, "unit", {a.name});
      coordinates += coordinates.empty() ? "unit" : " unit";
    }
  }
  attach_dimensions(s.group_, "value", dims);
  if (!layout.row_text.empty()) {
    Handle type = fixed_string_type(layout.row_text_bytes);
    if (!type) fail(s.group_.id(), "dataset", layout.row_text, with_reason("cannot make its type"));
    s.row_text_ = create_extendible(s.group_, layout.row_text.c_str(), type.id(), {0});
    s.text_bytes_ = layout.row_text_bytes;
    set_attr(s.row_text_, "_Encoding", "utf-8");  // xarray decodes the bytes as UTF-8
    attach_dimensions(s.group_, layout.row_text, {layout.rows});
    coordinates = layout.row_text + (coordinates.empty() ? "" : " " + coordinates);
  }
  if (!coordinates.empty()) set_attr(s.value_, "coordinates", coordinates);
  if (!layout.unit.empty()) {
    set_attr(s.group_, "unit", layout.unit);
    set_attr(s.value_, "units", layout.unit);
  } else if (coordinates.find("unit") != std::string::npos) {
    set_attr(s.group_, "unit", "one per entry: see the coordinate unit");
  }
  return s;
}

ObservableSeries ObservableSeries::open(const Group& observables, std::string_view name) {
  ObservableSeries s;
  s.group_ = observables.open_group(name);
  s.value_ = s.group_.open_dataset("value");
  const std::vector<uint64_t> shape = s.value_.shape();
  Handle file_type(H5Dget_type(s.value_.id()), H5Tclose);
  s.mem_type_ = Handle(H5Tget_native_type(file_type.id(), H5T_DIR_ASCEND), H5Tclose);
  const H5T_class_t cls = s.mem_type_ ? H5Tget_class(s.mem_type_.id()) : H5T_NO_CLASS;
  s.width_ = 1;
  for (size_t i = 1; i < shape.size(); ++i) {
    s.item_shape_.push_back(shape[i]);
    s.width_ *= shape[i];
  }
  if (shape.size() < 2 || s.width_ == 0 || (cls != H5T_INTEGER && cls != H5T_FLOAT)) {
    fail(s.group_.id(), "dataset", "value",
         fmt::format("expected a numeric [steps, width...] series, found {} {}",
                     internal::rank_name(static_cast<int>(shape.size())),
                     type_name(file_type.id())));
  }
  const std::vector<std::string> dims = dimension_names(s.value_);
  s.rows_ = !dims.empty() && !dims[0].empty() ? dims[0] : "step";
  size_t n_steps = 0;
  s.step_ = detail::open_numeric(s.group_, s.rows_, H5T_NATIVE_INT64, "int64", 1, &n_steps);
  // The auxiliary coordinates that run along the rows (the row_text of create()).
  if (has_attr(s.value_, "coordinates")) {
    std::istringstream names(get_attr_string(s.value_, "coordinates"));
    for (std::string c; names >> c;) {
      if (!s.group_.has_dataset(c)) continue;
      Dataset d = s.group_.open_dataset(c);
      Handle type(H5Dget_type(d.id()), H5Tclose);
      if (dimension_names(d) == std::vector<std::string>{s.rows_} && type &&
          H5Tget_class(type.id()) == H5T_STRING && H5Tis_variable_str(type.id()) <= 0) {
        s.text_bytes_ = H5Tget_size(type.id());
        s.row_text_ = std::move(d);
        break;
      }
    }
  }
  // A crash between the writes of append() can leave one extra value row; ignore it.
  s.size_ = std::min<size_t>(n_steps, shape[0]);
  if (s.size_ > 0) s.last_step_ = read_step_at(s.step_, s.size_ - 1);
  return s;
}

void ObservableSeries::append_typed(int64_t step, hid_t mem_type, const char* type,
                                    const void* values, std::string_view row_text) {
  silence_hdf5_errors();
  if (!same_element_type(mem_type_.id(), mem_type)) {
    fail(value_.id(), "dataset", "",
         fmt::format("append of {} values to a series of {}", type, element_type()));
  }
  if (size_ > 0 && step <= last_step_) {
    fail(step_.id(), "dataset", "",
         fmt::format("step {} does not follow the last step {}", step, last_step_));
  }
  const bool texts = row_text_.valid();
  if (texts && (row_text.empty() || row_text.size() > text_bytes_)) {
    fail(row_text_.id(), "dataset", "",
         fmt::format("step {}: expected a text of 1 to {} bytes, got {}", step, text_bytes_,
                     row_text.size()));
  }
  if (!texts && !row_text.empty()) {
    fail(value_.id(), "dataset", "", "the series has no text per row");
  }
  resize(size_ + 1);
  // Value (and text) before step: a step entry only ever exists together with its values.
  std::vector<hsize_t> start(item_shape_.size() + 1, 0), count = {1};
  start[0] = size_;
  for (size_t n : item_shape_) count.push_back(n);
  write_block(value_, start, count, mem_type, values);
  if (texts) {
    std::string padded(row_text);
    padded.resize(text_bytes_, '\0');
    Handle text_type = fixed_string_type(text_bytes_);
    write_block(row_text_, {size_}, {1}, text_type.id(), padded.data());
  }
  write_block(step_, {size_}, {1}, H5T_NATIVE_INT64, &step);
  ++size_;
  last_step_ = step;
}

void ObservableSeries::check_count(size_t n) const {
  if (n != width_) {
    fail(value_.id(), "dataset", "", fmt::format("append of {} values, width is {}", n, width_));
  }
}

void ObservableSeries::resize(size_t n) {
  std::vector<hsize_t> value_dims = {n};
  for (size_t d : item_shape_) value_dims.push_back(d);
  const hsize_t step_dims[1] = {n};
  if (H5Dset_extent(value_.id(), value_dims.data()) < 0 ||
      H5Dset_extent(step_.id(), step_dims) < 0 ||
      (row_text_.valid() && H5Dset_extent(row_text_.id(), step_dims) < 0)) {
    fail(group_.id(), "observable", "", with_reason(fmt::format("cannot resize to {} steps", n)));
  }
}

std::vector<int64_t> ObservableSeries::steps() const {
  std::vector<int64_t> all = read_vector<int64_t>(group_, rows_);
  all.resize(std::min(all.size(), size_));
  return all;
}

std::vector<std::string> ObservableSeries::row_texts() const {
  if (!row_text_.valid()) return std::vector<std::string>(size_);
  std::vector<std::string> all = read_strings(group_, internal::object_path(row_text_.id()));
  all.resize(size_);
  return all;
}

void ObservableSeries::truncate(size_t n) {
  if (n > size_) {
    fail(group_.id(), "observable", "",
         fmt::format("cannot truncate to {} steps, only {} recorded", n, size_));
  }
  resize(n);
  size_ = n;
  last_step_ = n > 0 ? read_step_at(step_, n - 1) : 0;
}

int64_t ObservableSeries::last_step() const {
  if (size_ == 0) fail(group_.id(), "observable", "", "no steps recorded");
  return last_step_;
}

std::string ObservableSeries::element_type() const {
  return type_name(mem_type_.id());
}

}  // namespace evomarket::io
