#include "io/virtual_dataset.h"

#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "io/hdf5_attribute.h"
#include "io/hdf5_error.h"
#include "io/hdf5_internal.h"
#include "io/hdf5_types.h"

namespace evomarket::io {
namespace {

using internal::fail;
using internal::with_reason;

// The fill value of a stacked dataset as native bytes: NaN where there is one, else the end of
// the integer range no count or payoff reaches (a padded row must never look like a zero).
struct Fill {
  Handle native;
  unsigned char bytes[8] = {};
};

template <class T>
void put(Fill& fill, T value) {
  std::memcpy(fill.bytes, &value, sizeof value);
}

Fill fill_for(hid_t file_type) {
  Fill fill;
  fill.native = Handle(H5Tget_native_type(file_type, H5T_DIR_DEFAULT), H5Tclose);
  const size_t size = H5Tget_size(file_type);
  if (H5Tget_class(file_type) == H5T_FLOAT) {
    if (size == 4) put(fill, std::numeric_limits<float>::quiet_NaN());
    if (size == 8) put(fill, std::numeric_limits<double>::quiet_NaN());
    return fill;
  }
  const bool is_signed = H5Tget_sign(file_type) == H5T_SGN_2;
  switch (size) {
    case 1:
      is_signed ? put(fill, INT8_MIN) : put(fill, UINT8_MAX);
      break;
    case 2:
      is_signed ? put(fill, INT16_MIN) : put(fill, UINT16_MAX);
      break;
    case 4:
      is_signed ? put(fill, INT32_MIN) : put(fill, UINT32_MAX);
      break;
    default:
      is_signed ? put(fill, INT64_MIN) : put(fill, UINT64_MAX);
  }
  return fill;
}

std::vector<hsize_t> to_hsize(const std::vector<uint64_t>& v) {
  return std::vector<hsize_t>(v.begin(), v.end());
}

}  // namespace

DatasetLayout dataset_layout(const Dataset& dataset) {
  DatasetLayout layout;
  layout.shape = dataset.shape();
  layout.element_type = dataset.element_type();
  Handle type(H5Dget_type(dataset.id()), H5Tclose);
  const H5T_class_t type_class = H5Tget_class(type.id());
  layout.numeric = type_class == H5T_INTEGER || type_class == H5T_FLOAT;
  Handle space(H5Dget_space(dataset.id()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank > 0) {
    std::vector<hsize_t> dims(rank), maxdims(rank);
    H5Sget_simple_extent_dims(space.id(), dims.data(), maxdims.data());
    for (int i = 0; i < rank; ++i) {
      layout.growable.push_back(maxdims[i] == H5S_UNLIMITED || maxdims[i] > dims[i]);
    }
    layout.extendible = layout.growable[0];
  }
  return layout;
}

void create_stacked_dataset(const Group& group, std::string_view name, const Dataset& like,
                            size_t slots, const std::vector<uint64_t>& item_shape,
                            const std::vector<VirtualSource>& sources) {
  silence_hdf5_errors();
  if (group.has(name)) fail(group.id(), "dataset", name, "already exists");
  Handle type(H5Dget_type(like.id()), H5Tclose);
  std::vector<hsize_t> dims{slots};
  for (uint64_t d : item_shape) dims.push_back(d);
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  // Fixed-length strings keep HDF5's fill: all NUL bytes, the empty string.
  const bool text = H5Tget_class(type.id()) == H5T_STRING;
  const Fill fill = text ? Fill{} : fill_for(type.id());
  if (!text && H5Pset_fill_value(dcpl.id(), fill.native.id(), fill.bytes) < 0) {
    fail(group.id(), "dataset", name, with_reason("cannot set the fill value"));
  }
  for (const VirtualSource& source : sources) {
    if (source.shape.size() != item_shape.size() || source.slot >= slots) {
      fail(group.id(), "dataset", name,
           fmt::format("source {} in {} does not fit the stacked shape", source.dataset,
                       source.file));
    }
    std::vector<hsize_t> start(dims.size(), 0), count{1};
    start[0] = source.slot;
    bool empty = false;
    for (size_t i = 0; i < source.shape.size(); ++i) {
      if (source.shape[i] > item_shape[i]) {
        fail(group.id(), "dataset", name,
             fmt::format("source {} in {} is larger than the stacked item", source.dataset,
                         source.file));
      }
      empty = empty || source.shape[i] == 0;
      count.push_back(source.shape[i]);
    }
    if (empty) continue;  // nothing to map: the slot reads as fill
    Handle selection(H5Scopy(space.id()), H5Sclose);
    H5Sselect_hyperslab(selection.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                        nullptr);
    const std::vector<hsize_t> source_dims = to_hsize(source.shape);
    Handle source_space(source_dims.empty() ? H5Screate(H5S_SCALAR)
                                            : H5Screate_simple(static_cast<int>(source_dims.size()),
                                                               source_dims.data(), nullptr),
                        H5Sclose);
    if (H5Pset_virtual(dcpl.id(), selection.id(), source.file.c_str(), source.dataset.c_str(),
                       source_space.id()) < 0) {
      fail(group.id(), "dataset", name,
           with_reason(fmt::format("cannot map {} in {}", source.dataset, source.file)));
    }
  }
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.id(), 1);
  H5Pset_char_encoding(lcpl.id(), H5T_CSET_UTF8);
  Handle created(H5Dcreate2(group.id(), std::string(name).c_str(), type.id(), space.id(), lcpl.id(),
                            dcpl.id(), H5P_DEFAULT),
                 H5Dclose);
  if (!created) fail(group.id(), "dataset", name, with_reason("cannot create"));
  set_attr(group.open_dataset(name), "fill_value", fill_value_note(type_name(type.id())));
}

std::string fill_value_note(const std::string& element_type) {
  if (element_type.rfind("float", 0) == 0) return "NaN";
  if (element_type.rfind("string", 0) == 0) return "empty string";
  if (element_type == "int8") return std::to_string(INT8_MIN);
  if (element_type == "int16") return std::to_string(INT16_MIN);
  if (element_type == "int32") return std::to_string(INT32_MIN);
  if (element_type == "int64") return std::to_string(INT64_MIN);
  if (element_type == "uint8") return std::to_string(UINT8_MAX);
  if (element_type == "uint16") return std::to_string(UINT16_MAX);
  if (element_type == "uint32") return std::to_string(UINT32_MAX);
  if (element_type == "uint64") return std::to_string(UINT64_MAX);
  return "unknown";
}

bool is_virtual(const Dataset& dataset) {
  Handle dcpl(H5Dget_create_plist(dataset.id()), H5Pclose);
  return dcpl && H5Pget_layout(dcpl.id()) == H5D_VIRTUAL;
}

}  // namespace evomarket::io
