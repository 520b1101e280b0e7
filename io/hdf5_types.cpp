#include "io/hdf5_types.h"

#include <fmt/format.h>

#include "io/hdf5_handle.h"

namespace evomarket::io {

std::string type_name(hid_t type) {
  const H5T_class_t cls = H5Tget_class(type);
  const size_t size = H5Tget_size(type);
  switch (cls) {
    case H5T_INTEGER:
      return fmt::format("{}int{}", H5Tget_sign(type) == H5T_SGN_NONE ? "u" : "", 8 * size);
    case H5T_FLOAT:
      return fmt::format("float{}", 8 * size);
    case H5T_STRING:
      if (H5Tis_variable_str(type) > 0) return "string";
      return fmt::format("string[{}]", size);
    case H5T_BITFIELD:
      return fmt::format("bitfield{}", 8 * size);
    case H5T_OPAQUE:
      return fmt::format("opaque[{}]", size);
    case H5T_REFERENCE:
      return "reference";
    case H5T_ENUM:
      return "enum";
    case H5T_VLEN:
      return "vlen";
    case H5T_ARRAY:
      return "array";
    case H5T_COMPOUND: {
      std::string out = "compound{";
      const int n = H5Tget_nmembers(type);
      for (int i = 0; i < n; ++i) {
        char* member = H5Tget_member_name(type, static_cast<unsigned>(i));
        out += fmt::format("{}{}", i ? ", " : "", member ? member : "?");
        H5free_memory(member);
      }
      return out + "}";
    }
    case H5T_TIME:
      return "time";
    default:
      return "unknown";
  }
}

bool same_element_type(hid_t file_type, hid_t mem_type) {
  const H5T_class_t cls = H5Tget_class(file_type);
  if (cls != H5Tget_class(mem_type) || (cls != H5T_INTEGER && cls != H5T_FLOAT)) return false;
  if (H5Tget_size(file_type) != H5Tget_size(mem_type)) return false;
  return cls != H5T_INTEGER || H5Tget_sign(file_type) == H5Tget_sign(mem_type);
}

hid_t make_utf8_string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!type || H5Tset_size(type.id(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.id(), H5T_CSET_UTF8) < 0) {
    return H5I_INVALID_HID;
  }
  return type.release();
}

bool is_string_type(hid_t type) {
  return H5Tget_class(type) == H5T_STRING;
}

}  // namespace evomarket::io
