// Helpers shared by the io/ implementation files: object paths and error messages.
// Not part of the public API.
#pragma once

#include <hdf5.h>

#include <string>
#include <string_view>

namespace evomarket::io::internal {

/// Name of the file `obj` lives in, as it was opened ("?" if unknown).
std::string file_name(hid_t obj);

/// Absolute path of `obj` inside its file ("/" for the root, "?" if unknown).
std::string object_path(hid_t obj);

/// `name` resolved against the object path `base` ("/a" + "b" -> "/a/b"; "/x" stays "/x").
std::string join_path(std::string_view base, std::string_view name);

/// "FILE: KIND PATH: WHAT", where PATH is `name` resolved against `loc`; e.g.
/// "results.h5: dataset /observables/x/value: expected 2-D int64, found 1-D float32".
std::string message(hid_t loc, std::string_view kind, std::string_view name, std::string_view what);

/// Throws H5Error(message(...)).
[[noreturn]] void fail(hid_t loc, std::string_view kind, std::string_view name,
                       std::string_view what);

/// Throws H5Error "FILE: attribute PATH@NAME: WHAT" for attribute `name` of object `obj`.
[[noreturn]] void fail_attr(hid_t obj, std::string_view name, std::string_view what);

/// `what` followed by ": <innermost HDF5 reason>" when HDF5 left one on its error stack.
std::string with_reason(std::string_view what);

/// "scalar", "1-D", "2-D", ... for messages.
std::string rank_name(int rank);

}  // namespace evomarket::io::internal
