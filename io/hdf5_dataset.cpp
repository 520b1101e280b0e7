#include "io/hdf5_dataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "io/hdf5_error.h"
#include "io/hdf5_internal.h"
#include "io/hdf5_layout.h"
#include "io/hdf5_strings.h"

namespace evomarket::io {

namespace {

using internal::fail;
using internal::with_reason;

// Creates dataset `name` (with intermediate groups), refusing to replace an existing one.
Handle create_dataset(const Group& group, std::string_view name, hid_t type,
                      const std::vector<hsize_t>& dims, hid_t dcpl,
                      const std::vector<hsize_t>* maxdims = nullptr) {
  silence_hdf5_errors();
  if (group.has(name)) fail(group.id(), "dataset", name, "already exists");
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(),
                                maxdims ? maxdims->data() : nullptr),
               H5Sclose);
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.id(), 1);
  H5Pset_char_encoding(lcpl.id(), H5T_CSET_UTF8);
  Handle d(H5Dcreate2(group.id(), std::string(name).c_str(), type, space.id(), lcpl.id(), dcpl,
                      H5P_DEFAULT),
           H5Dclose);
  if (!d) fail(group.id(), "dataset", name, with_reason("cannot create"));
  return d;
}

std::string shape_text(int rank, hid_t type) {
  return fmt::format("{} {}", internal::rank_name(rank), type_name(type));
}

// Whole-dataset reads allocate the dataset's extent before reading. A damaged or crafted file
// can declare 1e12 elements (or an extent whose element count overflows) in a few kilobytes:
// chunks never written read as the fill value. So a read larger than kUncheckedReadBytes must
// be backed by the data the file stores (at most kMaxCompression times its stored bytes;
// deflate's own bound is about 1032:1), else it is refused before anything is allocated.
constexpr uint64_t kUncheckedReadBytes = uint64_t{1} << 20;
constexpr uint64_t kMaxCompression = 1100;

void check_extent(const Group& group, std::string_view name, const Dataset& ds,
                  const hsize_t* shape, int rank, size_t element_size) {
  uint64_t count = 1;
  bool overflow = false;
  for (int i = 0; i < rank; ++i) {
    if (shape[i] == 0) return;  // nothing to read
    if (count > UINT64_MAX / shape[i]) overflow = true;
    count *= shape[i];
  }
  if (overflow || count > SIZE_MAX / element_size / 2) {
    fail(group.id(), "dataset", name,
         fmt::format("its extent of {} is too large to read", internal::rank_name(rank)));
  }
  const uint64_t bytes = count * element_size;
  if (bytes <= kUncheckedReadBytes) return;
  const hsize_t stored = H5Dget_storage_size(ds.id());
  if (stored < bytes / kMaxCompression) {
    fail(group.id(), "dataset", name,
         fmt::format("declares {} elements ({} bytes) but the file stores only {} bytes of it",
                     count, bytes, stored));
  }
}

}  // namespace

namespace detail {

void write_numeric(const Group& group, std::string_view name, hid_t mem_type, size_t rank,
                   const size_t* dims, const void* data, const std::vector<bool>* growable) {
  const std::vector<hsize_t> shape(dims, dims + rank);
  size_t count = 1;
  for (hsize_t d : shape) count *= d;
  std::vector<hsize_t> maxdims(shape);
  bool unlimited = false;
  for (size_t i = 0; growable && i < rank && i < growable->size(); ++i) {
    if ((*growable)[i]) maxdims[i] = H5S_UNLIMITED;
    unlimited = unlimited || (*growable)[i];
  }
  // Unlimited axes need chunked storage.
  Handle dcpl = make_dataset_layout(shape, H5Tget_size(mem_type), unlimited);
  if (!dcpl) fail(group.id(), "dataset", name, with_reason("cannot set up storage"));
  // Native types are stored as they are, so files read back bit for bit on this machine.
  Handle d =
      create_dataset(group, name, mem_type, shape, dcpl.id(), unlimited ? &maxdims : nullptr);
  if (count > 0 && H5Dwrite(d.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    fail(group.id(), "dataset", name, with_reason("cannot write"));
  }
}

Dataset open_numeric(const Group& group, std::string_view name, hid_t mem_type, const char* type,
                     int rank, size_t* dims) {
  Dataset ds = group.open_dataset(name);
  Handle file_type(H5Dget_type(ds.id()), H5Tclose);
  Handle space(H5Dget_space(ds.id()), H5Sclose);
  const int found_rank = space ? H5Sget_simple_extent_ndims(space.id()) : -1;
  if (!file_type || found_rank < 0) fail(group.id(), "dataset", name, with_reason("unreadable"));
  if (found_rank != rank || !same_element_type(file_type.id(), mem_type)) {
    fail(group.id(), "dataset", name,
         fmt::format("expected {} {}, found {}", internal::rank_name(rank), type,
                     shape_text(found_rank, file_type.id())));
  }
  std::vector<hsize_t> shape(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space.id(), shape.data(), nullptr);
  check_extent(group, name, ds, shape.data(), rank, H5Tget_size(mem_type));
  for (int i = 0; i < rank; ++i) dims[i] = static_cast<size_t>(shape[static_cast<size_t>(i)]);
  return ds;
}

void read_numeric(const Dataset& dataset, hid_t mem_type, size_t count, void* out) {
  if (count == 0) return;
  if (H5Dread(dataset.id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0) {
    fail(dataset.id(), "dataset", "", with_reason("cannot read"));
  }
}

}  // namespace detail

void write_strings(const Group& group, std::string_view name,
                   const std::vector<std::string>& values) {
  Handle type(make_utf8_string_type(), H5Tclose);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  // Contiguous: deflate would only compress the heap references, not the text.
  Handle d = create_dataset(group, name, type.id(), {values.size()}, dcpl.id());
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const std::string& v : values) ptrs.push_back(v.c_str());
  if (!values.empty() &&
      H5Dwrite(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0) {
    fail(group.id(), "dataset", name, with_reason("cannot write"));
  }
}

std::vector<std::string> read_strings(const Group& group, std::string_view name) {
  Dataset ds = group.open_dataset(name);
  Handle file_type(H5Dget_type(ds.id()), H5Tclose);
  Handle space(H5Dget_space(ds.id()), H5Sclose);
  const int rank = space ? H5Sget_simple_extent_ndims(space.id()) : -1;
  if (!file_type || rank < 0) fail(group.id(), "dataset", name, with_reason("unreadable"));
  if (rank != 1 || !is_string_type(file_type.id())) {
    fail(group.id(), "dataset", name,
         fmt::format("expected 1-D string, found {}", shape_text(rank, file_type.id())));
  }
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.id(), &n, nullptr);
  // A variable-length string is stored as a 16-byte heap reference (its text elsewhere).
  const size_t element_size = H5Tis_variable_str(file_type.id()) > 0
                                  ? 16
                                  : std::max<size_t>(1, H5Tget_size(file_type.id()));
  check_extent(group, name, ds, &n, 1, element_size);
  std::vector<std::string> out;
  if (!internal::read_strings_from(ds.id(), file_type.id(), n, false, out)) {
    fail(group.id(), "dataset", name, with_reason("cannot read"));
  }
  return out;
}

}  // namespace evomarket::io
