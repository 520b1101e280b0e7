// Objects inside an HDF5 file: groups and datasets.
//
// Names passed to these functions may be single link names ("value") or paths relative to the
// object ("strategy_counts/value") or absolute ("/observables/x"). Every failure throws
// H5Error naming the file and the full object path.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/hdf5_handle.h"

namespace evomarket::io {

class Dataset;

/// An open HDF5 object (group or dataset). Copying reopens the object, so copies are
/// independent handles to the same object; moving transfers the handle. The file stays open
/// as long as any object in it is open, even after its File is destroyed.
class Object {
 public:
  Object() = default;
  /// Adopts an open object id (group, dataset or named datatype); closed with H5Oclose.
  explicit Object(hid_t id) : handle_(id, H5Oclose) {}
  Object(const Object& other);
  Object& operator=(const Object& other);
  Object(Object&&) noexcept = default;
  Object& operator=(Object&&) noexcept = default;
  ~Object() = default;

  /// The HDF5 id, for calling the C API directly. Still owned by this object.
  hid_t id() const { return handle_.id(); }
  /// False for a default-constructed or moved-from object.
  bool valid() const { return handle_.valid(); }
  /// Absolute path inside the file, e.g. "/observables/strategy_counts" ("/" for the root).
  std::string path() const;
  /// Name of the file this object lives in, as it was opened.
  std::string file_path() const;

 private:
  Handle handle_;
};

/// A group; File::root() gives the file's root group.
class Group : public Object {
 public:
  Group() = default;
  /// Adopts an open group id.
  explicit Group(hid_t id) : Object(id) {}

  /// Creates a new group (and any missing intermediate groups). H5Error if it exists.
  Group create_group(std::string_view name) const;
  /// Opens an existing group. H5Error if missing or not a group.
  Group open_group(std::string_view name) const;
  /// Opens the group, creating it (and intermediate groups) if it does not exist yet.
  Group require_group(std::string_view name) const;
  /// Opens an existing dataset. H5Error if missing or not a dataset.
  Dataset open_dataset(std::string_view name) const;

  /// True if a link `name` exists (a path: every component must exist). Never throws.
  bool has(std::string_view name) const;
  /// True if `name` exists and is a group / a dataset. Never throws.
  bool has_group(std::string_view name) const;
  bool has_dataset(std::string_view name) const;
  /// Names of the links directly in this group, in name order.
  std::vector<std::string> children() const;
  /// Removes the link `name` (HDF5 does not shrink the file). H5Error if missing.
  void remove(std::string_view name) const;
  /// Copies the object `name` (a group with everything in it, or a dataset, attributes
  /// included) to `destination`/`as`, which may be in another open file. H5Error if `name` is
  /// missing or `as` exists.
  void copy(std::string_view name, const Group& destination, std::string_view as) const;
};

/// An open dataset: its shape and element type. Data is read and written with the functions
/// in hdf5_dataset.h; attributes with hdf5_attribute.h.
class Dataset : public Object {
 public:
  Dataset() = default;
  /// Adopts an open dataset id.
  explicit Dataset(hid_t id) : Object(id) {}

  /// Current extent along each axis; empty for a scalar.
  std::vector<uint64_t> shape() const;
  /// Element type as type_name() spells it ("int64", "float32", "string", ...).
  std::string element_type() const;
};

}  // namespace evomarket::io
