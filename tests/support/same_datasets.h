// Compares two HDF5 files dataset by dataset, bytes of the stored values (the determinism
// contract: same config and seed, bit-identical result datasets). Attributes are not compared
// (the root ones name the build and the clock); the parameters' config_toml is, as a dataset's
// neighbour, by the caller where it matters.
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

namespace evomarket::testing {

namespace detail {

inline herr_t collect_dataset(hid_t, const char* name, const H5O_info_t* info, void* out) {
  if (info->type == H5O_TYPE_DATASET) static_cast<std::vector<std::string>*>(out)->push_back(name);
  return 0;
}

inline std::vector<std::string> dataset_names(hid_t file) {
  std::vector<std::string> names;
  H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &names);
  return names;
}

// The dataset's values as bytes in its file type's native memory form; variable-length strings
// are compared by content.
inline std::string dataset_bytes(hid_t file, const std::string& name) {
  const hid_t set = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  const hid_t type = H5Dget_type(set);
  const hid_t space = H5Dget_space(set);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::string out;
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char*> strings(static_cast<size_t>(n));
    H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings.data());
    for (char* s : strings) out.append(s ? s : "").push_back('\0');
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, strings.data());
  } else {
    const hid_t native = H5Tget_native_type(type, H5T_DIR_ASCEND);
    out.resize(static_cast<size_t>(n) * H5Tget_size(native));
    if (n > 0) H5Dread(set, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
    H5Tclose(native);
  }
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(set);
  return out;
}

}  // namespace detail

// The names of the datasets that differ, or are in one file only; empty when every dataset is
// bit-identical.
inline std::vector<std::string> differing_datasets(const std::string& a, const std::string& b) {
  const hid_t fa = H5Fopen(a.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t fb = H5Fopen(b.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  std::vector<std::string> differ;
  if (fa < 0 || fb < 0) {
    differ.push_back(fa < 0 ? a : b);
  } else {
    const auto names_a = detail::dataset_names(fa);
    const auto names_b = detail::dataset_names(fb);
    if (names_a != names_b) differ.push_back("(the dataset lists differ)");
    for (const std::string& name : names_a) {
      if (H5Lexists(fb, name.c_str(), H5P_DEFAULT) <= 0 ||
          detail::dataset_bytes(fa, name) != detail::dataset_bytes(fb, name)) {
        differ.push_back(name);
      }
    }
  }
  if (fa >= 0) H5Fclose(fa);
  if (fb >= 0) H5Fclose(fb);
  return differ;
}

}  // namespace evomarket::testing
