// Reading HDF5 strings of either kind (variable or fixed length) into std::string.
// Shared by attributes and datasets; not part of the public API.
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace evomarket::io::internal {

/// Reads all `count` strings of the attribute (is_attribute) or dataset `obj`, whose file
/// type is `file_type`, into `out`. Fixed-length strings lose their padding. Returns false
/// (with the HDF5 error stack set) if HDF5 fails.
bool read_strings_from(hid_t obj, hid_t file_type, size_t count, bool is_attribute,
                       std::vector<std::string>& out);

}  // namespace evomarket::io::internal
