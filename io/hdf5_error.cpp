#include "io/hdf5_error.h"

#include <hdf5.h>

namespace evomarket::io {

void silence_hdf5_errors() {
  // No library shutdown at exit: when closing a file fails (a full disk), HDF5 1.10 keeps a
  // half-closed file in its tables and its exit handler crashes on it (SIGSEGV after a clean
  // error message). Every file is closed by its owner before exit, so nothing is lost. Must
  // precede every other HDF5 call to take effect; later calls are harmless no-ops.
  static const bool no_atexit = (H5dont_atexit(), true);
  (void)no_atexit;
  // The setting is per thread in thread-safe HDF5 builds, so remember it per thread.
  thread_local bool silenced = false;
  if (!silenced) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
  }
}

namespace {

herr_t keep_innermost(unsigned /*n*/, const H5E_error2_t* err, void* data) {
  // Walking downward visits the API call first and the root cause last; keep the last one
  // that says something.
  auto* out = static_cast<std::string*>(data);
  if (err->desc != nullptr && err->desc[0] != '\0') *out = err->desc;
  return 0;
}

}  // namespace

std::string hdf5_error_reason() {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &reason);
  // HDF5 wraps the operating system's words ("file write failed: time = ..., errno = 28, error
  // message = 'No space left on device', buf = ..."); the OS part is the useful one.
  const std::string marker = "error message = '";
  const size_t start = reason.find(marker);
  if (start != std::string::npos) {
    const size_t end = reason.find('\'', start + marker.size());
    if (end != std::string::npos) {
      reason = reason.substr(start + marker.size(), end - start - marker.size());
    }
  }
  return reason;
}

}  // namespace evomarket::io
