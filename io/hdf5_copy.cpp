#include "io/hdf5_copy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "io/dimension_scales.h"
#include "io/hdf5_error.h"
#include "io/hdf5_internal.h"

namespace evomarket::io {

namespace {

using internal::fail;
using internal::with_reason;

constexpr size_t kBlockBytes = size_t{64} << 20;  // bounds the memory a large dataset takes

// Values read in the file's own type, so that any type (variable-length strings included)
// round-trips unchanged; variable-length buffers are handed back to HDF5 afterwards.
bool has_variable_length(hid_t type) {
  return H5Tis_variable_str(type) > 0 || H5Tdetect_class(type, H5T_VLEN) > 0;
}

// The attributes of dimension scales that hold object references (H5DS): a reference names an
// object of its own file, so these are not copied but made anew (reattach_scales).
bool is_scale_reference(const char* name) {
  return std::strcmp(name, "DIMENSION_LIST") == 0 || std::strcmp(name, "REFERENCE_LIST") == 0;
}

herr_t copy_attribute(hid_t from, const char* name, const H5A_info_t*, void* to_id) {
  if (is_scale_reference(name)) return 0;
  const hid_t to = *static_cast<hid_t*>(to_id);
  Handle attr(H5Aopen(from, name, H5P_DEFAULT), H5Aclose);
  Handle type(attr ? H5Aget_type(attr.id()) : H5I_INVALID_HID, H5Tclose);
  Handle space(attr ? H5Aget_space(attr.id()) : H5I_INVALID_HID, H5Sclose);
  if (!type || !space) return -1;
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  std::vector<char> buffer(static_cast<size_t>(std::max<hssize_t>(n, 1)) * H5Tget_size(type.id()));
  Handle copy(H5Acreate2(to, name, type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!copy || H5Aread(attr.id(), type.id(), buffer.data()) < 0) return -1;
  const herr_t written = H5Awrite(copy.id(), type.id(), buffer.data());
  if (has_variable_length(type.id())) {
    H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, buffer.data());
  }
  return written;
}

void copy_attributes(hid_t from, hid_t to, std::string_view what) {
  hsize_t index = 0;
  if (H5Aiterate2(from, H5_INDEX_NAME, H5_ITER_INC, &index, copy_attribute, &to) < 0) {
    fail(from, "object", "", with_reason(fmt::format("cannot copy the attributes of {}", what)));
  }
}

// Rows [first, first + rows) of a dataset's first axis (the whole dataset when it is scalar).
Handle block(hid_t space, const std::vector<hsize_t>& dims, hsize_t first, hsize_t rows) {
  Handle selected(H5Scopy(space), H5Sclose);
  if (dims.empty()) return selected;
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = first;
  count[0] = rows;
  H5Sselect_hyperslab(selected.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  return selected;
}

void copy_dataset(hid_t parent, const std::string& name, hid_t to_parent, const std::string& as) {
  Handle from(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
  Handle type(from ? H5Dget_type(from.id()) : H5I_INVALID_HID, H5Tclose);
  Handle space(from ? H5Dget_space(from.id()) : H5I_INVALID_HID, H5Sclose);
  Handle dcpl(from ? H5Dget_create_plist(from.id()) : H5I_INVALID_HID, H5Pclose);
  if (!type || !space || !dcpl) fail(parent, "dataset", name, with_reason("cannot open"));
  Handle to(
      H5Dcreate2(to_parent, as.c_str(), type.id(), space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
      H5Dclose);
  if (!to) fail(to_parent, "dataset", as, with_reason("cannot create the copy"));
  const int rank = H5Sget_simple_extent_ndims(space.id());
  std::vector<hsize_t> dims(static_cast<size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  const hssize_t points = H5Sget_simple_extent_npoints(space.id());
  if (points <= 0) {
    copy_attributes(from.id(), to.id(), name);
    return;
  }
  const hsize_t total_rows = dims.empty() ? 1 : dims[0];
  const size_t row_bytes =
      static_cast<size_t>(points / static_cast<hssize_t>(total_rows)) * H5Tget_size(type.id());
  const hsize_t rows_per_block = std::max<hsize_t>(1, kBlockBytes / std::max<size_t>(row_bytes, 1));
  const bool variable = has_variable_length(type.id());
  std::vector<char> buffer;
  for (hsize_t first = 0; first < total_rows; first += rows_per_block) {
    const hsize_t rows = std::min(rows_per_block, total_rows - first);
    Handle selected = block(space.id(), dims, first, rows);
    const hsize_t n = static_cast<hsize_t>(H5Sget_select_npoints(selected.id()));
    Handle memory(H5Screate_simple(1, &n, nullptr), H5Sclose);
    buffer.assign(static_cast<size_t>(n) * H5Tget_size(type.id()), 0);
    if (H5Dread(from.id(), type.id(), memory.id(), selected.id(), H5P_DEFAULT, buffer.data()) < 0) {
      fail(parent, "dataset", name, with_reason("cannot read it to copy it"));
    }
    const herr_t written =
        H5Dwrite(to.id(), type.id(), memory.id(), selected.id(), H5P_DEFAULT, buffer.data());
    if (variable) H5Dvlen_reclaim(type.id(), memory.id(), H5P_DEFAULT, buffer.data());
    if (written < 0) fail(to_parent, "dataset", as, with_reason("cannot write the copy"));
  }
  copy_attributes(from.id(), to.id(), name);
}

void copy_object(hid_t parent, const std::string& name, hid_t to_parent, const std::string& as);

// Attaches to the copied datasets of a group the copied scales their originals had attached from
// the same group (the copy's CLASS and NAME attributes already make those copies scales).
void reattach_scales(const Group& from, const Group& to, const std::vector<std::string>& names) {
  for (const std::string& link : names) {
    if (!from.has_dataset(link)) continue;
    const std::vector<std::string> dims = dimension_names(from.open_dataset(link));
    const bool complete = !dims.empty() && std::all_of(dims.begin(), dims.end(), [&](auto& d) {
      return !d.empty() && to.has_dataset(d);
    });
    if (complete) attach_dimensions(to, link, dims);
  }
}

void copy_object(hid_t parent, const std::string& name, hid_t to_parent, const std::string& as) {
  H5O_info_t info;
  if (H5Oget_info_by_name(parent, name.c_str(), &info, H5P_DEFAULT) < 0) {
    fail(parent, "object", name, with_reason("cannot read what it is"));
  }
  if (info.type == H5O_TYPE_DATASET) {
    copy_dataset(parent, name, to_parent, as);
    return;
  }
  if (info.type != H5O_TYPE_GROUP) fail(parent, "object", name, "neither a group nor a dataset");
  Handle from(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose);
  Handle to(H5Gcreate2(to_parent, as.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
  if (!from || !to) fail(parent, "group", name, with_reason("cannot copy"));
  copy_attributes(from.id(), to.id(), name);
  hsize_t index = 0;
  hid_t to_id = to.id();
  // Exceptions from below pass through HDF5's C iteration: collect the names first instead.
  std::vector<std::string> names;
  H5Literate(
      from.id(), H5_INDEX_NAME, H5_ITER_INC, &index,
      [](hid_t, const char* link, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->push_back(link);
        return 0;
      },
      &names);
  for (const std::string& link : names) copy_object(from.id(), link, to_id, link);
  reattach_scales(Group(H5Gopen2(parent, name.c_str(), H5P_DEFAULT)),
                  Group(H5Gopen2(to_parent, as.c_str(), H5P_DEFAULT)), names);
}

}  // namespace

void copy_by_value(const Group& source, std::string_view name, const Group& destination,
                   std::string_view as) {
  silence_hdf5_errors();
  copy_object(source.id(), std::string(name), destination.id(), std::string(as));
}

}  // namespace evomarket::io
