#include "io/hdf5_error.h"

#include <hdf5.h>

namespace evomarket::io {

void silence_hdf5_errors() {
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
  return reason;
}

}  // namespace evomarket::io
