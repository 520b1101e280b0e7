#include "io/describe.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

#include "io/dimension_scales.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_file.h"
#include "io/hdf5_strings.h"
#include "io/profile_store.h"

namespace evomarket::io {

namespace {

constexpr size_t kMaxListedStrings = 32;
constexpr size_t kMaxAttrElements = 16;
constexpr size_t kMaxStringChars = 120;

// A string on one line: first line only, cut at kMaxStringChars, quoted.
std::string short_string(const std::string& s) {
  const size_t newline = s.find('\n');
  std::string text = s.substr(0, std::min(newline, kMaxStringChars));
  std::string out = fmt::format("\"{}\"", text);
  if (newline != std::string::npos) {
    size_t lines = 1;
    for (char c : s) lines += c == '\n';
    if (!s.empty() && s.back() == '\n') --lines;
    out += fmt::format(" ... ({} lines)", lines);
  } else if (s.size() > kMaxStringChars) {
    out += fmt::format(" ... ({} bytes)", s.size());
  }
  return out;
}

// "[10, 12]", "scalar" or "null" for a dataspace.
std::string shape_text(hid_t space) {
  if (H5Sget_simple_extent_type(space) == H5S_NULL) return "null";
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) return "?";
  if (rank == 0) return "scalar";
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return fmt::format("[{}]", fmt::join(dims, ", "));
}

template <class T>
std::vector<std::string> read_numbers(hid_t attr, hid_t mem_type, size_t n) {
  std::vector<T> values(n);
  std::vector<std::string> out;
  if (H5Aread(attr, mem_type, values.data()) < 0) return out;
  for (const T& v : values) out.push_back(fmt::format("{}", v));
  return out;
}

// The value of an attribute as text; small numeric and string attributes in full, anything
// else as its type and shape.
std::string attr_value(hid_t obj, const std::string& name) {
  Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  Handle type(attr ? H5Aget_type(attr.id()) : H5I_INVALID_HID, H5Tclose);
  Handle space(attr ? H5Aget_space(attr.id()) : H5I_INVALID_HID, H5Sclose);
  if (!type || !space) return "<unreadable>";
  const hssize_t npoints = H5Sget_simple_extent_npoints(space.id());
  const int rank = H5Sget_simple_extent_ndims(space.id());
  const H5T_class_t cls = H5Tget_class(type.id());
  const std::string generic = fmt::format("<{} {}>", type_name(type.id()), shape_text(space.id()));
  if (npoints < 1 || static_cast<size_t>(npoints) > kMaxAttrElements ||
      H5Sget_simple_extent_type(space.id()) == H5S_NULL) {
    return generic;
  }
  const size_t n = static_cast<size_t>(npoints);
  std::vector<std::string> items;
  if (cls == H5T_INTEGER && H5Tget_sign(type.id()) == H5T_SGN_NONE) {
    items = read_numbers<uint64_t>(attr.id(), H5T_NATIVE_UINT64, n);
  } else if (cls == H5T_INTEGER) {
    items = read_numbers<int64_t>(attr.id(), H5T_NATIVE_INT64, n);
  } else if (cls == H5T_FLOAT) {
    items = read_numbers<double>(attr.id(), H5T_NATIVE_DOUBLE, n);
  } else if (cls == H5T_STRING) {
    std::vector<std::string> raw;
    if (internal::read_strings_from(attr.id(), type.id(), n, true, raw)) {
      for (const std::string& s : raw) items.push_back(short_string(s));
    }
  }
  if (items.size() != n) return generic;
  if (rank == 0) return items.front();
  return fmt::format("[{}]", fmt::join(items, ", "));
}

void describe_attrs(const Object& obj, const char* indent, std::string& out) {
  std::vector<std::string> names;
  try {
    names = attr_names(obj);
  } catch (const H5Error&) {
    out += fmt::format("{}<attributes unreadable>\n", indent);
    return;
  }
  const bool root = indent[0] == '\0';
  for (const std::string& name : names) {
    // Dimension scale bookkeeping (H5DS): shown as the dataset's dimensions instead.
    if (name == "DIMENSION_LIST" || name == "REFERENCE_LIST" || name == "DIMENSION_LABELS" ||
        name == "CLASS" || name == "NAME") {
      continue;
    }
    out += fmt::format("{}{}{} = {}\n", indent, root ? "" : "@", name, attr_value(obj.id(), name));
  }
}

void describe_dataset(const Dataset& ds, const std::string& path, std::string& out) {
  Handle type(H5Dget_type(ds.id()), H5Tclose);
  Handle space(H5Dget_space(ds.id()), H5Sclose);
  if (!type || !space) {
    out += fmt::format("{}  <unreadable>\n", path);
    return;
  }
  std::string dims;
  if (is_bare_dimension(ds)) {
    dims = " (dimension without coordinates)";
  } else if (is_dimension_scale(ds)) {
    dims = " (dimension)";
  } else {
    const std::vector<std::string> names = dimension_names(ds);
    if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return !n.empty(); })) {
      dims = fmt::format(" ({})", fmt::join(names, ", "));
    }
  }
  out += fmt::format("{}  {} {}{}\n", path, type_name(type.id()), shape_text(space.id()), dims);
  describe_attrs(ds, "  ", out);
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  if (is_string_type(type.id()) && H5Sget_simple_extent_ndims(space.id()) == 1 && n >= 0 &&
      static_cast<size_t>(n) <= kMaxListedStrings) {
    std::vector<std::string> values;
    if (internal::read_strings_from(ds.id(), type.id(), static_cast<size_t>(n), false, values)) {
      for (const std::string& v : values) out += fmt::format("    {}\n", short_string(v));
    }
  }
}

// Soft and external links are shown, never followed (they may dangle or loop).
std::string link_target(hid_t group, const char* name, const H5L_info_t* info) {
  std::vector<char> buf(info->u.val_size + 1, '\0');
  if (H5Lget_val(group, name, buf.data(), buf.size(), H5P_DEFAULT) < 0) return "?";
  if (info->type == H5L_TYPE_SOFT) return buf.data();
  const char* file = nullptr;
  const char* object = nullptr;
  if (H5Lunpack_elink_val(buf.data(), buf.size(), nullptr, &file, &object) < 0) return "?";
  return fmt::format("{}:{}", file ? file : "?", object ? object : "?");
}

herr_t visit_link(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  auto& out = *static_cast<std::string*>(data);
  const std::string path = std::string("/") + name;
  if (info->type != H5L_TYPE_HARD) {
    out += fmt::format("{} -> {}\n", path, link_target(group, name, info));
    return 0;
  }
  const hid_t id = H5Oopen(group, name, H5P_DEFAULT);
  if (id < 0) {
    out += fmt::format("{}  <unreadable>\n", path);
    return 0;
  }
  switch (H5Iget_type(id)) {
    case H5I_GROUP: {
      const Group g(id);
      out += path + "/\n";
      describe_attrs(g, "  ", out);
      break;
    }
    case H5I_DATASET:
      describe_dataset(Dataset(id), path, out);
      break;
    case H5I_DATATYPE:
      out += fmt::format("{}  named datatype\n", path);
      H5Oclose(id);
      break;
    default:
      out += fmt::format("{}  <unknown object>\n", path);
      H5Oclose(id);
      break;
  }
  return 0;
}

}  // namespace

std::string describe_file(const std::string& path) {
  File file = File::open_read(path);
  Group root = file.root();
  std::string out;
  // A profile store leads with its summary; an unfinished one says why it has none.
  if (is_profile_store(path)) {
    try {
      out = summarize_profile_store(path) + "\n";
    } catch (const H5Error& e) {
      out = fmt::format("evomarket profile store: {}\n\n", e.what());
    }
  }
  describe_attrs(root, "", out);
  out += "/\n";
  // H5Lvisit walks depth-first in name order and visits each group once, even with cycles.
  if (H5Lvisit(root.id(), H5_INDEX_NAME, H5_ITER_INC, visit_link, &out) < 0) {
    throw H5Error(fmt::format("{}: cannot walk the file's groups", path));
  }
  return out;
}

}  // namespace evomarket::io

// ---- JSON (`inspect --json`) -------------------------------------------------------------------

namespace evomarket::io {
namespace {

using Json = nlohmann::json;

Json shape_json(hid_t space) {
  if (H5Sget_simple_extent_type(space) == H5S_NULL) return nullptr;
  const int rank = H5Sget_simple_extent_ndims(space);
  Json shape = Json::array();
  if (rank <= 0) return shape;
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  for (hsize_t d : dims) shape.push_back(static_cast<uint64_t>(d));
  return shape;
}

template <class T>
bool read_json_numbers(hid_t attr, hid_t mem_type, size_t n, Json& items) {
  std::vector<T> values(n);
  if (H5Aread(attr, mem_type, values.data()) < 0) return false;
  for (const T& v : values) items.push_back(v);
  return true;
}

// An attribute's value as JSON: numbers and strings whole, anything else as its type and shape.
Json attr_json(hid_t obj, const std::string& name) {
  Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose);
  Handle type(attr ? H5Aget_type(attr.id()) : H5I_INVALID_HID, H5Tclose);
  Handle space(attr ? H5Aget_space(attr.id()) : H5I_INVALID_HID, H5Sclose);
  if (!type || !space) return {{"unreadable", true}};
  const hssize_t npoints = H5Sget_simple_extent_npoints(space.id());
  const H5T_class_t cls = H5Tget_class(type.id());
  const Json generic = {{"type", type_name(type.id())}, {"shape", shape_json(space.id())}};
  if (npoints < 1 || static_cast<size_t>(npoints) > kMaxAttrElements ||
      H5Sget_simple_extent_type(space.id()) == H5S_NULL) {
    return generic;
  }
  const size_t n = static_cast<size_t>(npoints);
  Json items = Json::array();
  bool ok = false;
  if (cls == H5T_INTEGER && H5Tget_sign(type.id()) == H5T_SGN_NONE) {
    ok = read_json_numbers<uint64_t>(attr.id(), H5T_NATIVE_UINT64, n, items);
  } else if (cls == H5T_INTEGER) {
    ok = read_json_numbers<int64_t>(attr.id(), H5T_NATIVE_INT64, n, items);
  } else if (cls == H5T_FLOAT) {
    ok = read_json_numbers<double>(attr.id(), H5T_NATIVE_DOUBLE, n, items);
  } else if (cls == H5T_STRING) {
    std::vector<std::string> raw;
    ok = internal::read_strings_from(attr.id(), type.id(), n, true, raw);
    for (const std::string& s : raw) items.push_back(s);
  }
  if (!ok || items.size() != n) return generic;
  return H5Sget_simple_extent_ndims(space.id()) == 0 ? items.front() : items;
}

Json attrs_json(const Object& obj) {
  Json out = Json::object();
  std::vector<std::string> names;
  try {
    names = attr_names(obj);
  } catch (const H5Error&) {
    return {{"unreadable", true}};
  }
  for (const std::string& name : names) {
    if (name == "DIMENSION_LIST" || name == "REFERENCE_LIST" || name == "DIMENSION_LABELS" ||
        name == "CLASS" || name == "NAME") {
      continue;  // dimension scale bookkeeping: "dimensions" says it
    }
    out[name] = attr_json(obj.id(), name);
  }
  return out;
}

Json dataset_json(const Dataset& ds, const std::string& path) {
  Json j = {{"path", path}, {"kind", "dataset"}};
  Handle type(H5Dget_type(ds.id()), H5Tclose);
  Handle space(H5Dget_space(ds.id()), H5Sclose);
  if (!type || !space) {
    j["unreadable"] = true;
    return j;
  }
  j["type"] = type_name(type.id());
  j["shape"] = shape_json(space.id());
  if (is_dimension_scale(ds)) {
    j["dimension"] = true;
  } else {
    j["dimensions"] = dimension_names(ds);
  }
  j["attributes"] = attrs_json(ds);
  return j;
}

herr_t visit_link_json(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  auto& objects = *static_cast<Json*>(data);
  const std::string path = std::string("/") + name;
  if (info->type != H5L_TYPE_HARD) {
    objects.push_back(
        {{"path", path}, {"kind", "link"}, {"target", link_target(group, name, info)}});
    return 0;
  }
  const hid_t id = H5Oopen(group, name, H5P_DEFAULT);
  if (id < 0) {
    objects.push_back({{"path", path}, {"kind", "unreadable"}});
    return 0;
  }
  switch (H5Iget_type(id)) {
    case H5I_GROUP: {
      const Group g(id);
      objects.push_back({{"path", path}, {"kind", "group"}, {"attributes", attrs_json(g)}});
      break;
    }
    case H5I_DATASET:
      objects.push_back(dataset_json(Dataset(id), path));
      break;
    default:
      objects.push_back(
          {{"path", path}, {"kind", H5Iget_type(id) == H5I_DATATYPE ? "datatype" : "unknown"}});
      H5Oclose(id);
      break;
  }
  return 0;
}

}  // namespace

std::string describe_file_json(const std::string& path) {
  File file = File::open_read(path);
  Group root = file.root();
  Json objects = Json::array();
  if (H5Lvisit(root.id(), H5_INDEX_NAME, H5_ITER_INC, visit_link_json, &objects) < 0) {
    throw H5Error(fmt::format("{}: cannot walk the file's groups", path));
  }
  const Json j = {{"file", path}, {"attributes", attrs_json(root)}, {"objects", objects}};
  return j.dump(2) + "\n";
}

}  // namespace evomarket::io
