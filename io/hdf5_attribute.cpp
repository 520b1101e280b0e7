#include "io/hdf5_attribute.h"

#include <fmt/format.h>

#include <limits>

#include "io/hdf5_error.h"
#include "io/hdf5_internal.h"
#include "io/hdf5_strings.h"
#include "io/hdf5_types.h"

namespace evomarket::io {

namespace {

using internal::fail;
using internal::fail_attr;
using internal::with_reason;

void write_scalar(const Object& obj, std::string_view name, hid_t type, const void* value) {
  silence_hdf5_errors();
  const std::string n(name);
  // Replace rather than update: the old attribute may have another type or size.
  if (H5Aexists(obj.id(), n.c_str()) > 0 && H5Adelete(obj.id(), n.c_str()) < 0) {
    fail_attr(obj.id(), n, with_reason("cannot replace"));
  }
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(H5Acreate2(obj.id(), n.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
              H5Aclose);
  if (!attr || H5Awrite(attr.id(), type, value) < 0) {
    fail_attr(obj.id(), n, with_reason("cannot write"));
  }
}

// An open attribute that holds exactly one element, with its file type.
struct ScalarAttr {
  Handle attr;
  Handle type;
};

ScalarAttr open_scalar(const Object& obj, std::string_view name, const char* expected) {
  silence_hdf5_errors();
  const std::string n(name);
  if (H5Aexists(obj.id(), n.c_str()) <= 0) fail_attr(obj.id(), n, "not found");
  ScalarAttr a{Handle(H5Aopen(obj.id(), n.c_str(), H5P_DEFAULT), H5Aclose), Handle()};
  if (!a.attr) fail_attr(obj.id(), n, with_reason("cannot open"));
  a.type = Handle(H5Aget_type(a.attr.id()), H5Tclose);
  Handle space(H5Aget_space(a.attr.id()), H5Sclose);
  const hssize_t count = H5Sget_simple_extent_npoints(space.id());
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (count != 1) {
    fail_attr(obj.id(), n,
              fmt::format("expected a single {}, found {} {} [{} elements]", expected,
                          internal::rank_name(rank), type_name(a.type.id()), count));
  }
  return a;
}

[[noreturn]] void wrong_type(const Object& obj, std::string_view name, const char* expected,
                             hid_t found) {
  fail_attr(obj.id(), name, fmt::format("expected {}, found {}", expected, type_name(found)));
}

template <class T>
T read_number(const Object& obj, std::string_view name, const ScalarAttr& a, hid_t mem_type) {
  T value{};
  if (H5Aread(a.attr.id(), mem_type, &value) < 0) {
    fail_attr(obj.id(), name, with_reason("cannot read"));
  }
  return value;
}

}  // namespace

void set_attr(const Object& obj, std::string_view name, std::string_view value) {
  Handle type(make_utf8_string_type(), H5Tclose);
  // Variable-length strings are written from a char* to a NUL-terminated copy.
  const std::string copy(value);
  const char* ptr = copy.c_str();
  write_scalar(obj, name, type.id(), &ptr);
}

void set_attr(const Object& obj, std::string_view name, int64_t value) {
  write_scalar(obj, name, H5T_NATIVE_INT64, &value);
}

void set_attr(const Object& obj, std::string_view name, uint64_t value) {
  write_scalar(obj, name, H5T_NATIVE_UINT64, &value);
}

void set_attr(const Object& obj, std::string_view name, double value) {
  write_scalar(obj, name, H5T_NATIVE_DOUBLE, &value);
}

std::string get_attr_string(const Object& obj, std::string_view name) {
  const ScalarAttr a = open_scalar(obj, name, "string");
  if (!is_string_type(a.type.id())) wrong_type(obj, name, "a string", a.type.id());
  std::vector<std::string> out;
  if (!internal::read_strings_from(a.attr.id(), a.type.id(), 1, true, out)) {
    fail_attr(obj.id(), name, with_reason("cannot read"));
  }
  return out.at(0);
}

int64_t get_attr_int(const Object& obj, std::string_view name) {
  const ScalarAttr a = open_scalar(obj, name, "integer");
  const hid_t t = a.type.id();
  if (H5Tget_class(t) != H5T_INTEGER) wrong_type(obj, name, "an integer", t);
  if (H5Tget_sign(t) == H5T_SGN_NONE && H5Tget_size(t) >= 8) {
    const uint64_t v = read_number<uint64_t>(obj, name, a, H5T_NATIVE_UINT64);
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      wrong_type(obj, name, "an integer that fits int64", t);
    }
    return static_cast<int64_t>(v);
  }
  return read_number<int64_t>(obj, name, a, H5T_NATIVE_INT64);
}

uint64_t get_attr_uint(const Object& obj, std::string_view name) {
  const ScalarAttr a = open_scalar(obj, name, "integer");
  const hid_t t = a.type.id();
  if (H5Tget_class(t) != H5T_INTEGER) wrong_type(obj, name, "an integer", t);
  if (H5Tget_sign(t) == H5T_SGN_NONE) return read_number<uint64_t>(obj, name, a, H5T_NATIVE_UINT64);
  const int64_t v = read_number<int64_t>(obj, name, a, H5T_NATIVE_INT64);
  if (v < 0) {
    fail_attr(obj.id(), name, fmt::format("expected a non-negative integer, found {}", v));
  }
  return static_cast<uint64_t>(v);
}

double get_attr_double(const Object& obj, std::string_view name) {
  const ScalarAttr a = open_scalar(obj, name, "float");
  if (H5Tget_class(a.type.id()) != H5T_FLOAT) wrong_type(obj, name, "a float", a.type.id());
  return read_number<double>(obj, name, a, H5T_NATIVE_DOUBLE);
}

bool has_attr(const Object& obj, std::string_view name) {
  silence_hdf5_errors();
  return obj.valid() && H5Aexists(obj.id(), std::string(name).c_str()) > 0;
}

void remove_attr(const Object& obj, std::string_view name) {
  if (!has_attr(obj, name)) return;
  if (H5Adelete(obj.id(), std::string(name).c_str()) < 0) {
    fail_attr(obj.id(), name, with_reason("cannot remove"));
  }
}

std::vector<std::string> attr_names(const Object& obj) {
  silence_hdf5_errors();
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  hsize_t idx = 0;
  if (H5Aiterate2(obj.id(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect, &names) < 0) {
    fail(obj.id(), "object", "", with_reason("cannot list attributes"));
  }
  return names;
}

}  // namespace evomarket::io
