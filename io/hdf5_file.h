// A thin RAII layer over the HDF5 C API. Including this header gives the whole layer:
//   Handle            owning wrapper of one hid_t                    (hdf5_handle.h)
//   Object/Group/Dataset  objects inside a file                       (hdf5_group.h)
//   set_attr/get_attr_*   scalar attributes                           (hdf5_attribute.h)
//   write_*/read_*        whole numeric and string datasets           (hdf5_dataset.h)
//   ObservableSeries      extendible H5MD-style time series           (observable_series.h)
//   File                  create / open a file                        (this header)
// Failures throw H5Error (hdf5_error.h) naming the file and object.
#pragma once

#include <string>

#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_error.h"
#include "io/hdf5_group.h"
#include "io/hdf5_handle.h"
#include "io/hdf5_types.h"
#include "io/observable_series.h"

namespace evomarket::io {

/// An open HDF5 file. Move-only; closing happens in the destructor (HDF5 keeps the file open
/// until every Group/Dataset in it is closed too). Thread safety: as HDF5's (one thread at a
/// time per file).
class File {
 public:
  /// Creates (truncating) a file for writing. H5Error "cannot create file PATH: REASON" if the
  /// directory is missing, not writable, etc.
  // `what` names the file in errors: "cannot create <what> PATH: reason".
  static File create(const std::string& path, std::string_view what = "file");
  /// Opens an existing file read-only. H5Error if it does not exist or is not HDF5.
  static File open_read(const std::string& path);
  /// Opens an existing file for reading and writing.
  static File open_rw(const std::string& path);

  File(File&&) noexcept = default;
  File& operator=(File&&) noexcept = default;

  /// The root group "/".
  Group root() const;
  /// Writes everything buffered to disk, so a crash after this point leaves a readable file.
  void flush();
  /// The path the file was created/opened with.
  const std::string& path() const { return path_; }
  /// The HDF5 file id (still owned by this File).
  hid_t id() const { return handle_.id(); }
  /// True if opened by create() or open_rw().
  bool writable() const { return writable_; }

 private:
  File(Handle handle, std::string path, bool writable)
      : handle_(std::move(handle)), path_(std::move(path)), writable_(writable) {}
  static File open(const std::string& path, bool writable);

  Handle handle_;
  std::string path_;
  bool writable_ = false;
};

}  // namespace evomarket::io
