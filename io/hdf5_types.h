// Mapping from C++ element types to HDF5 native types, and naming of HDF5 types.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>

namespace evomarket::io {

/// NativeType<T>::id() is the HDF5 in-memory type for T; name is how messages and
/// describe_file spell it. Defined for the ten numeric element types io/ supports; using any
/// other T is a compile error.
template <class T>
struct NativeType;

#define EVOMARKET_IO_NATIVE(T, H5T, NAME)     \
  template <>                                 \
  struct NativeType<T> {                      \
    static hid_t id() { return H5T; }         \
    static constexpr const char* name = NAME; \
  }
EVOMARKET_IO_NATIVE(int8_t, H5T_NATIVE_INT8, "int8");
EVOMARKET_IO_NATIVE(uint8_t, H5T_NATIVE_UINT8, "uint8");
EVOMARKET_IO_NATIVE(int16_t, H5T_NATIVE_INT16, "int16");
EVOMARKET_IO_NATIVE(uint16_t, H5T_NATIVE_UINT16, "uint16");
EVOMARKET_IO_NATIVE(int32_t, H5T_NATIVE_INT32, "int32");
EVOMARKET_IO_NATIVE(uint32_t, H5T_NATIVE_UINT32, "uint32");
EVOMARKET_IO_NATIVE(int64_t, H5T_NATIVE_INT64, "int64");
EVOMARKET_IO_NATIVE(uint64_t, H5T_NATIVE_UINT64, "uint64");
EVOMARKET_IO_NATIVE(float, H5T_NATIVE_FLOAT, "float32");
EVOMARKET_IO_NATIVE(double, H5T_NATIVE_DOUBLE, "float64");
#undef EVOMARKET_IO_NATIVE

/// Short name of any HDF5 datatype: "int64", "uint8", "float32", "string", "string[16]"
/// (fixed length), "enum", "compound{a, b}", ... Never throws; "unknown" if HDF5 fails.
std::string type_name(hid_t type);

/// True if data stored as `file_type` can be read into `mem_type` without changing its
/// meaning: same class (integer/float), same size and, for integers, same signedness.
/// Byte order may differ (HDF5 swaps). Used to refuse silent int<->float conversions.
bool same_element_type(hid_t file_type, hid_t mem_type);

/// A variable-length UTF-8 string type (owned by the caller), the type io/ writes strings as.
hid_t make_utf8_string_type();

/// True if `type` is an HDF5 string (fixed or variable length).
bool is_string_type(hid_t type);

}  // namespace evomarket::io
