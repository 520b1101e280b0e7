#include "io/hdf5_strings.h"

#include "io/hdf5_handle.h"

namespace evomarket::io::internal {

namespace {

herr_t read_raw(hid_t obj, hid_t mem_type, bool is_attribute, void* buf) {
  if (is_attribute) return H5Aread(obj, mem_type, buf);
  return H5Dread(obj, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}

}  // namespace

bool read_strings_from(hid_t obj, hid_t file_type, size_t count, bool is_attribute,
                       std::vector<std::string>& out) {
  out.assign(count, std::string());
  if (count == 0) return true;
  // Reading with a copy of the file's own string type avoids charset/padding conversions.
  Handle mem(H5Tcopy(file_type), H5Tclose);
  if (!mem) return false;
  if (H5Tis_variable_str(file_type) > 0) {
    std::vector<char*> ptrs(count, nullptr);
    if (read_raw(obj, mem.id(), is_attribute, ptrs.data()) < 0) return false;
    for (size_t i = 0; i < count; ++i) {
      if (ptrs[i] != nullptr) out[i] = ptrs[i];
      // HDF5 allocated each string; H5free_memory is its matching free in every version.
      H5free_memory(ptrs[i]);
    }
    return true;
  }
  const size_t size = H5Tget_size(file_type);
  if (size == 0) return false;
  std::vector<char> buf(count * size);
  if (read_raw(obj, mem.id(), is_attribute, buf.data()) < 0) return false;
  const bool space_padded = H5Tget_strpad(file_type) == H5T_STR_SPACEPAD;
  for (size_t i = 0; i < count; ++i) {
    const char* s = buf.data() + i * size;
    size_t len = 0;
    while (len < size && s[len] != '\0') ++len;
    if (space_padded) {
      while (len > 0 && s[len - 1] == ' ') --len;
    }
    out[i].assign(s, len);
  }
  return true;
}

}  // namespace evomarket::io::internal
