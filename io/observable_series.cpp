#include "io/observable_series.h"

#include <fmt/format.h>

#include <algorithm>

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

}  // namespace

ObservableSeries ObservableSeries::create_typed(Group observables, std::string_view name,
                                                size_t width, hid_t mem_type, std::string_view unit,
                                                const std::vector<std::string>& columns) {
  silence_hdf5_errors();
  if (width == 0) fail(observables.id(), "observable", name, "width must be at least 1");
  if (!columns.empty() && columns.size() != width) {
    fail(observables.id(), "observable", name,
         fmt::format("{} column names given for width {}", columns.size(), width));
  }
  if (observables.has(name)) fail(observables.id(), "observable", name, "already exists");
  ObservableSeries s;
  s.group_ = observables.create_group(name);
  s.step_ = create_extendible(s.group_, "step", H5T_NATIVE_INT64, {0});
  s.value_ = create_extendible(s.group_, "value", mem_type, {0, width});
  s.mem_type_ = Handle(H5Tcopy(mem_type), H5Tclose);
  s.width_ = width;
  if (!unit.empty()) set_attr(s.group_, "unit", unit);
  if (!columns.empty()) write_strings(s.group_, "columns", columns);
  return s;
}

ObservableSeries ObservableSeries::open(const Group& observables, std::string_view name) {
  ObservableSeries s;
  s.group_ = observables.open_group(name);
  size_t n_steps = 0;
  s.step_ = detail::open_numeric(s.group_, "step", H5T_NATIVE_INT64, "int64", 1, &n_steps);
  s.value_ = s.group_.open_dataset("value");
  const std::vector<uint64_t> shape = s.value_.shape();
  Handle file_type(H5Dget_type(s.value_.id()), H5Tclose);
  s.mem_type_ = Handle(H5Tget_native_type(file_type.id(), H5T_DIR_ASCEND), H5Tclose);
  const H5T_class_t cls = s.mem_type_ ? H5Tget_class(s.mem_type_.id()) : H5T_NO_CLASS;
  if (shape.size() != 2 || shape[1] == 0 || (cls != H5T_INTEGER && cls != H5T_FLOAT)) {
    fail(s.group_.id(), "dataset", "value",
         fmt::format("expected a 2-D numeric [steps, width] series, found {} {}",
                     internal::rank_name(static_cast<int>(shape.size())),
                     type_name(file_type.id())));
  }
  s.width_ = shape[1];
  // A crash between the two writes of append() can leave one extra value row; ignore it.
  s.size_ = std::min<size_t>(n_steps, shape[0]);
  if (s.size_ > 0) s.last_step_ = read_step_at(s.step_, s.size_ - 1);
  return s;
}

void ObservableSeries::append_typed(int64_t step, hid_t mem_type, const char* type,
                                    const void* values) {
  silence_hdf5_errors();
  if (!same_element_type(mem_type_.id(), mem_type)) {
    fail(value_.id(), "dataset", "",
         fmt::format("append of {} values to a series of {}", type, element_type()));
  }
  if (size_ > 0 && step <= last_step_) {
    fail(step_.id(), "dataset", "",
         fmt::format("step {} does not follow the last step {}", step, last_step_));
  }
  resize(size_ + 1);
  // Value before step: a step entry only ever exists together with its values.
  write_block(value_, {size_, 0}, {1, width_}, mem_type, values);
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
  const hsize_t value_dims[2] = {n, width_};
  const hsize_t step_dims[1] = {n};
  if (H5Dset_extent(value_.id(), value_dims) < 0 || H5Dset_extent(step_.id(), step_dims) < 0) {
    fail(group_.id(), "observable", "", with_reason(fmt::format("cannot resize to {} steps", n)));
  }
}

std::vector<int64_t> ObservableSeries::steps() const {
  std::vector<int64_t> all = read_vector<int64_t>(group_, "step");
  all.resize(std::min(all.size(), size_));
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
