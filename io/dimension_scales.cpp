#include "io/dimension_scales.h"

#include <fmt/format.h>
#include <hdf5_hl.h>

#include <cstring>

#include "io/hdf5_error.h"
#include "io/hdf5_internal.h"

namespace evomarket::io {
namespace {

using internal::fail;
using internal::with_reason;

// The last path component of an object's name as HDF5 reports it ("" if it has none).
std::string base_name(hid_t object) {
  const ssize_t n = H5Iget_name(object, nullptr, 0);
  if (n <= 0) return "";
  std::string path(static_cast<size_t>(n), '\0');
  H5Iget_name(object, path.data(), path.size() + 1);
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

herr_t remember_scale(hid_t, unsigned, hid_t scale, void* out) {
  *static_cast<std::string*>(out) = base_name(scale);
  return 0;
}

}  // namespace

void make_dimension_scale(const Group& group, std::string_view name) {
  silence_hdf5_errors();
  const Dataset d = group.open_dataset(name);
  if (d.shape().size() != 1) fail(group.id(), "dataset", name, "a dimension scale must be 1-D");
  if (H5DSset_scale(d.id(), std::string(name).c_str()) < 0) {
    fail(group.id(), "dataset", name, with_reason("cannot make it a dimension scale"));
  }
}

void make_bare_dimension(const Group& group, std::string_view name, uint64_t size) {
  silence_hdf5_errors();
  if (group.has(name)) fail(group.id(), "dimension", name, "already exists");
  const hsize_t dims = size;
  Handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose);
  // Contiguous and never written: HDF5 allocates no storage for it.
  Handle d(H5Dcreate2(group.id(), std::string(name).c_str(), H5T_IEEE_F32BE, space.id(),
                      H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
           H5Dclose);
  const std::string label = fmt::format("{}{:10}", kBareDimensionName, size);
  if (!d || H5DSset_scale(d.id(), label.c_str()) < 0) {
    fail(group.id(), "dimension", name, with_reason("cannot create"));
  }
}

void attach_dimensions(const Group& group, std::string_view dataset,
                       const std::vector<std::string>& dims) {
  silence_hdf5_errors();
  const Dataset d = group.open_dataset(dataset);
  const std::vector<uint64_t> shape = d.shape();
  if (shape.size() != dims.size()) {
    fail(group.id(), "dataset", dataset,
         fmt::format("{} dimension names for a {} dataset", dims.size(),
                     internal::rank_name(static_cast<int>(shape.size()))));
  }
  for (size_t axis = 0; axis < dims.size(); ++axis) {
    if (!group.has_dataset(dims[axis])) {
      fail(group.id(), "dataset", dataset,
           fmt::format("axis {}: no dimension scale {} beside it", axis, dims[axis]));
    }
    const Dataset scale = group.open_dataset(dims[axis]);
    const std::vector<uint64_t> length = scale.shape();
    if (!is_dimension_scale(scale) || length.size() != 1 || length[0] != shape[axis]) {
      fail(group.id(), "dataset", dataset,
           fmt::format("axis {} has {} entries; {} is no 1-D dimension scale of that length", axis,
                       shape[axis], dims[axis]));
    }
    const auto index = static_cast<unsigned>(axis);
    if (H5DSattach_scale(d.id(), scale.id(), index) < 0 ||
        H5DSset_label(d.id(), index, dims[axis].c_str()) < 0) {
      fail(group.id(), "dataset", dataset,
           with_reason(fmt::format("cannot attach dimension {} to axis {}", dims[axis], axis)));
    }
  }
}

bool is_dimension_scale(const Dataset& dataset) {
  silence_hdf5_errors();
  return H5DSis_scale(dataset.id()) > 0;
}

bool is_bare_dimension(const Dataset& dataset) {
  if (!is_dimension_scale(dataset)) return false;
  const ssize_t n = H5DSget_scale_name(dataset.id(), nullptr, 0);
  if (n <= 0) return false;
  std::string name(static_cast<size_t>(n), '\0');
  H5DSget_scale_name(dataset.id(), name.data(), name.size() + 1);
  return name.rfind(kBareDimensionName, 0) == 0;
}

std::vector<std::string> dimension_names(const Dataset& dataset) {
  silence_hdf5_errors();
  std::vector<std::string> names;
  if (is_dimension_scale(dataset)) return names;
  const size_t rank = dataset.shape().size();
  for (size_t axis = 0; axis < rank; ++axis) {
    std::string name;
    const auto index = static_cast<unsigned>(axis);
    if (H5DSget_num_scales(dataset.id(), index) > 0) {
      H5DSiterate_scales(dataset.id(), index, nullptr, remember_scale, &name);
    }
    names.push_back(name);
  }
  return names;
}

}  // namespace evomarket::io
