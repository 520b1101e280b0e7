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
  /// Creates (truncating) a file in the HDF5 1.10 format (library version bounds v110), the
  /// format SWMR writing needs; HDF5 1.8 and older cannot read it.
  static File create_v110(const std::string& path, std::string_view what = "file");
  /// Reopens for writing a file this process wrote, without HDF5's file lock: readers that hold
  /// it open with SWMR read access keep a shared lock that would refuse a normal open. Only for
  /// a file no other process writes (its name is this process's own).
  static File open_rw_beside_readers(const std::string& path);

  File(File&&) noexcept = default;
  File& operator=(File&&) noexcept = default;

  /// The root group "/".
  Group root() const;
  /// Writes everything buffered to disk, so a crash after this point leaves a readable file.
  void flush();
  /// Starts single-writer/multiple-reader (SWMR) writing: from here on a reader that opens the
  /// file with SWMR read access (h5py: swmr=True) sees what each flush() wrote. The file must
  /// come from create_v110(). Until it is closed, readers are guaranteed a consistent
  /// view only of datasets that existed when this ran and only of their appended rows: the
  /// caller makes no new objects or attributes. H5Error naming the file if HDF5 refuses.
  void start_swmr_write();
  /// Closes the file now and reports a failure (the destructor cannot). Afterwards the File
  /// holds nothing.
  void close();
  /// Objects of this file (groups, datasets, types, attributes) open in this process, under any
  /// of its file ids: while one is open, closing the file leaves it open.
  size_t open_objects() const;
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
