#include "io/hdf5_group.h"

#include "io/hdf5_error.h"
#include "io/hdf5_internal.h"
#include "io/hdf5_types.h"

namespace evomarket::io {

namespace {

using internal::fail;
using internal::with_reason;

// True if every component of the link path `name` exists below `loc`. H5Lexists fails
// (rather than returning false) when an intermediate link is missing, hence the walk.
bool link_path_exists(hid_t loc, std::string_view name) {
  if (loc < 0) return false;
  if (name.empty() || name == "." || name == "/") return true;
  std::string prefix;
  size_t pos = 0;
  if (name.front() == '/') {
    prefix = "/";
    pos = 1;
  }
  while (pos < name.size()) {
    size_t end = name.find('/', pos);
    if (end == std::string_view::npos) end = name.size();
    if (end > pos) {
      if (!prefix.empty() && prefix.back() != '/') prefix += '/';
      prefix.append(name.substr(pos, end - pos));
      if (H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    pos = end + 1;
  }
  return true;
}

// Type of the object at `name` (H5I_BADID if absent or unreadable). Never throws.
H5I_type_t kind_of(hid_t loc, std::string_view name) {
  silence_hdf5_errors();
  // Checking the links first keeps dangling soft links and missing paths quiet.
  if (!link_path_exists(loc, name)) return H5I_BADID;
  const std::string path = name.empty() ? "." : std::string(name);
  Handle obj(H5Oopen(loc, path.c_str(), H5P_DEFAULT), H5Oclose);
  return obj ? H5Iget_type(obj.id()) : H5I_BADID;
}

}  // namespace

Object::Object(const Object& other) {
  if (other.valid()) {
    silence_hdf5_errors();
    handle_ = Handle(H5Oopen(other.id(), ".", H5P_DEFAULT), H5Oclose);
    if (!handle_) fail(other.id(), "object", "", with_reason("cannot reopen"));
  }
}

Object& Object::operator=(const Object& other) {
  if (this != &other) *this = Object(other);
  return *this;
}

std::string Object::path() const {
  return internal::object_path(id());
}

std::string Object::file_path() const {
  return internal::file_name(id());
}

Group Group::create_group(std::string_view name) const {
  silence_hdf5_errors();
  if (has(name)) fail(id(), "group", name, "already exists");
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.id(), 1);
  // UTF-8 link names, so non-ASCII names round-trip through other readers.
  H5Pset_char_encoding(lcpl.id(), H5T_CSET_UTF8);
  const hid_t g = H5Gcreate2(id(), std::string(name).c_str(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) fail(id(), "group", name, with_reason("cannot create"));
  return Group(g);
}

Group Group::open_group(std::string_view name) const {
  silence_hdf5_errors();
  const H5I_type_t kind = kind_of(id(), name);
  if (kind == H5I_BADID) fail(id(), "group", name, "not found");
  if (kind != H5I_GROUP) fail(id(), "group", name, "expected a group, found another object");
  const hid_t g = H5Gopen2(id(), std::string(name).c_str(), H5P_DEFAULT);
  if (g < 0) fail(id(), "group", name, with_reason("cannot open"));
  return Group(g);
}

Group Group::require_group(std::string_view name) const {
  return has(name) ? open_group(name) : create_group(name);
}

Dataset Group::open_dataset(std::string_view name) const {
  silence_hdf5_errors();
  const H5I_type_t kind = kind_of(id(), name);
  if (kind == H5I_BADID) fail(id(), "dataset", name, "not found");
  if (kind != H5I_DATASET) fail(id(), "dataset", name, "expected a dataset, found a group");
  const hid_t d = H5Dopen2(id(), std::string(name).c_str(), H5P_DEFAULT);
  if (d < 0) fail(id(), "dataset", name, with_reason("cannot open"));
  return Dataset(d);
}

bool Group::has(std::string_view name) const {
  silence_hdf5_errors();
  return link_path_exists(id(), name);
}

bool Group::has_group(std::string_view name) const {
  return kind_of(id(), name) == H5I_GROUP;
}

bool Group::has_dataset(std::string_view name) const {
  return kind_of(id(), name) == H5I_DATASET;
}

std::vector<std::string> Group::children() const {
  silence_hdf5_errors();
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  hsize_t idx = 0;
  if (H5Literate(id(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect, &names) < 0) {
    fail(id(), "group", "", with_reason("cannot list links"));
  }
  return names;
}

void Group::remove(std::string_view name) const {
  silence_hdf5_errors();
  if (!has(name)) fail(id(), "link", name, "not found");
  if (H5Ldelete(id(), std::string(name).c_str(), H5P_DEFAULT) < 0) {
    fail(id(), "link", name, with_reason("cannot remove"));
  }
}

void Group::copy(std::string_view name, const Group& destination, std::string_view as) const {
  silence_hdf5_errors();
  if (!has(name)) fail(id(), "object", name, "not found");
  if (H5Ocopy(id(), std::string(name).c_str(), destination.id(), std::string(as).c_str(),
              H5P_DEFAULT, H5P_DEFAULT) < 0) {
    fail(id(), "object", name, with_reason("cannot copy to " + destination.file_path()));
  }
}

std::vector<uint64_t> Dataset::shape() const {
  silence_hdf5_errors();
  Handle space(H5Dget_space(id()), H5Sclose);
  const int rank = space ? H5Sget_simple_extent_ndims(space.id()) : -1;
  if (rank < 0) fail(id(), "dataset", "", with_reason("cannot read shape"));
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  return std::vector<uint64_t>(dims.begin(), dims.end());
}

std::string Dataset::element_type() const {
  Handle type(H5Dget_type(id()), H5Tclose);
  return type ? type_name(type.id()) : "unknown";
}

}  // namespace evomarket::io
