// Errors from the HDF5 layer.
//
// Every failure in io/ throws H5Error. The message always names the file and the object
// (dataset, attribute or group path) and says what was expected, e.g.
//   "results.h5: dataset /observables/x/value: expected 2-D int64, found 1-D float32"
// HDF5's own error-stack printing is switched off (see silence_hdf5_errors), so users see only
// our message; the innermost HDF5 reason is appended where it helps.
#pragma once

#include <stdexcept>
#include <string>

namespace evomarket::io {

/// The single exception type thrown by io/. what() is a complete, user-facing sentence.
class H5Error : public std::runtime_error {
 public:
  explicit H5Error(const std::string& message) : std::runtime_error(message) {}
};

/// Turns off HDF5's automatic printing of its error stack for the calling thread (HDF5 keeps
/// the setting per thread in thread-safe builds). Cheap after the first call on a thread;
/// every io/ entry point calls it, and programs may call it early too.
void silence_hdf5_errors();

/// The most specific description on the calling thread's current HDF5 error stack (e.g.
/// "unable to open file: ... errno = 2, error message = 'No such file or directory'"), or
/// an empty string when the stack is empty. Read it right after the failing call.
std::string hdf5_error_reason();

}  // namespace evomarket::io
