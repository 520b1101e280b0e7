#include "io/hdf5_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "io/hdf5_internal.h"

namespace evomarket::io {

namespace {

// A reason a user can act on, preferring what the file system says over HDF5's wording.
std::string explain_failure(const std::string& path, bool creating) {
  const std::string hdf5_reason = hdf5_error_reason();  // read before any other HDF5 call
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p(path);
  if (creating) {
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (!fs::exists(dir, ec)) return fmt::format("directory {} does not exist", dir.string());
    if (!fs::is_directory(dir, ec)) return fmt::format("{} is not a directory", dir.string());
  } else {
    if (!fs::exists(p, ec)) return "no such file";
    if (fs::is_directory(p, ec)) return "is a directory";
  }
  // hdf5_error_reason() has already cut HDF5's wrapping down to the operating system's words.
  std::string reason = hdf5_reason.empty() ? "HDF5 error" : hdf5_reason;
  if (reason.find("lock") != std::string::npos) {
    reason += " (is another process writing it?)";
  }
  return reason;
}

}  // namespace

File File::create(const std::string& path, std::string_view what) {
  silence_hdf5_errors();
  Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
  if (!file) {
    throw H5Error(fmt::format("cannot create {} {}: {}", what, path, explain_failure(path, true)));
  }
  return File(std::move(file), path, true);
}

File File::create_v110(const std::string& path, std::string_view what) {
  silence_hdf5_errors();
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!access || H5Pset_libver_bounds(access.id(), H5F_LIBVER_V110, H5F_LIBVER_V110) < 0) {
    throw H5Error(internal::with_reason(
        fmt::format("cannot create {} {}: cannot ask for the HDF5 1.10 format", what, path)));
  }
  Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.id()), H5Fclose);
  if (!file) {
    throw H5Error(fmt::format("cannot create {} {}: {}", what, path, explain_failure(path, true)));
  }
  return File(std::move(file), path, true);
}

File File::open_rw_beside_readers(const std::string& path) {
  silence_hdf5_errors();
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // The format the file was created in (create_v110) stays the one written.
  bool ready = access && H5Pset_libver_bounds(access.id(), H5F_LIBVER_V110, H5F_LIBVER_V110) >= 0;
#if H5_VERSION_GE(1, 10, 7)
  ready = ready && H5Pset_file_locking(access.id(), false, true) >= 0;
#endif
  if (!ready) {
    throw H5Error(internal::with_reason(fmt::format("cannot reopen file {} for writing", path)));
  }
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, access.id()), H5Fclose);
  if (!file) {
    throw H5Error(
        fmt::format("cannot reopen file {} for writing: {}", path, explain_failure(path, false)));
  }
  return File(std::move(file), path, true);
}

File File::open_read(const std::string& path) {
  return open(path, false);
}

File File::open_rw(const std::string& path) {
  return open(path, true);
}

File File::open(const std::string& path, bool writable) {
  silence_hdf5_errors();
  const char* what = writable ? "cannot open file {} for writing: {}" : "cannot open file {}: {}";
  // Tell "not HDF5 at all" apart from other failures; H5Fis_hdf5 is negative if unreadable.
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && H5Fis_hdf5(path.c_str()) == 0) {
    throw H5Error(fmt::format(fmt::runtime(what), path, "not an HDF5 file"));
  }
  Handle file(H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT),
              H5Fclose);
  if (!file) {
    throw H5Error(fmt::format(fmt::runtime(what), path, explain_failure(path, false)));
  }
  return File(std::move(file), path, writable);
}

Group File::root() const {
  silence_hdf5_errors();
  const hid_t g = H5Gopen2(id(), "/", H5P_DEFAULT);
  if (g < 0) throw H5Error(fmt::format("{}: cannot open the root group", path_));
  return Group(g);
}

void File::flush() {
  silence_hdf5_errors();
  if (H5Fflush(id(), H5F_SCOPE_GLOBAL) < 0) {
    throw H5Error(internal::with_reason(fmt::format("{}: cannot flush", path_)));
  }
}

void File::start_swmr_write() {
  silence_hdf5_errors();
  if (H5Fstart_swmr_write(id()) < 0) {
    throw H5Error(internal::with_reason(fmt::format("{}: cannot start SWMR writing", path_)));
  }
}

void File::close() {
  silence_hdf5_errors();
  const hid_t id = handle_.release();
  if (id >= 0 && H5Fclose(id) < 0) {
    throw H5Error(internal::with_reason(fmt::format("{}: cannot close", path_)));
  }
}

size_t File::open_objects() const {
  const unsigned types = H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR;
  const ssize_t n = H5Fget_obj_count(id(), types);
  return n > 0 ? static_cast<size_t>(n) : 0;
}

}  // namespace evomarket::io
