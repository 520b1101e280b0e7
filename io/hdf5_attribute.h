// Scalar attributes on groups and datasets.
//
// Strings are stored as variable-length UTF-8 (h5py reads them as str); integers as int64 or
// uint64; reals as float64. set_attr replaces an existing attribute of the same name (whatever
// its type), which is how status goes "running" -> "complete". Readers accept scalar or
// one-element attributes written by other tools, but never convert between numbers and strings
// or from integers to reals; a mismatch throws H5Error naming the attribute.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "io/hdf5_group.h"

namespace evomarket::io {

void set_attr(const Object& obj, std::string_view name, std::string_view value);
void set_attr(const Object& obj, std::string_view name, int64_t value);
void set_attr(const Object& obj, std::string_view name, uint64_t value);
void set_attr(const Object& obj, std::string_view name, double value);

/// Other integer types (int, unsigned, long long, size_t ...) go to the int64/uint64 overloads
/// by signedness, so set_attr(g, "n", 5) is not ambiguous.
template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                        !std::is_same_v<T, int64_t> && !std::is_same_v<T, uint64_t>,
                                    int> = 0>
void set_attr(const Object& obj, std::string_view name, T value) {
  if constexpr (std::is_signed_v<T>) {
    set_attr(obj, name, static_cast<int64_t>(value));
  } else {
    set_attr(obj, name, static_cast<uint64_t>(value));
  }
}
/// Keeps string literals away from the integer template above.
inline void set_attr(const Object& obj, std::string_view name, const char* value) {
  set_attr(obj, name, std::string_view(value));
}

/// A string attribute (variable- or fixed-length, any padding).
std::string get_attr_string(const Object& obj, std::string_view name);
/// Any integer attribute that fits in int64.
int64_t get_attr_int(const Object& obj, std::string_view name);
/// Any non-negative integer attribute (e.g. the seed).
uint64_t get_attr_uint(const Object& obj, std::string_view name);
/// A floating-point attribute (float32 or float64).
double get_attr_double(const Object& obj, std::string_view name);

/// True if `obj` has an attribute `name`. Never throws.
bool has_attr(const Object& obj, std::string_view name);
/// Removes attribute `name` if present.
void remove_attr(const Object& obj, std::string_view name);
/// Names of all attributes of `obj`, in name order.
std::vector<std::string> attr_names(const Object& obj);

}  // namespace evomarket::io
