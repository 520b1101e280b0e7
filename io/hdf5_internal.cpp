#include "io/hdf5_internal.h"

#include <fmt/format.h>

#include <vector>

#include "io/hdf5_error.h"

namespace evomarket::io::internal {

namespace {

// HDF5 name getters: call once for the length, once for the text.
template <class Getter>
std::string get_name(hid_t obj, Getter getter) {
  const ssize_t n = getter(obj, nullptr, 0);
  if (n < 0) return "?";
  std::vector<char> buf(static_cast<size_t>(n) + 1);
  if (getter(obj, buf.data(), buf.size()) < 0) return "?";
  return std::string(buf.data(), static_cast<size_t>(n));
}

}  // namespace

std::string file_name(hid_t obj) {
  return get_name(obj, [](hid_t id, char* b, size_t s) { return H5Fget_name(id, b, s); });
}

std::string object_path(hid_t obj) {
  std::string path =
      get_name(obj, [](hid_t id, char* b, size_t s) { return H5Iget_name(id, b, s); });
  // A file id has no object name; it stands for the root group.
  return path.empty() ? "/" : path;
}

std::string join_path(std::string_view base, std::string_view name) {
  if (!name.empty() && name.front() == '/') return std::string(name);
  if (name.empty() || name == ".") return std::string(base);
  std::string out(base);
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

std::string message(hid_t loc, std::string_view kind, std::string_view name,
                    std::string_view what) {
  return fmt::format("{}: {}{}{}: {}", file_name(loc), kind, kind.empty() ? "" : " ",
                     join_path(object_path(loc), name), what);
}

void fail(hid_t loc, std::string_view kind, std::string_view name, std::string_view what) {
  throw H5Error(message(loc, kind, name, what));
}

void fail_attr(hid_t obj, std::string_view name, std::string_view what) {
  throw H5Error(
      fmt::format("{}: attribute {}@{}: {}", file_name(obj), object_path(obj), name, what));
}

std::string with_reason(std::string_view what) {
  const std::string reason = hdf5_error_reason();
  if (reason.empty()) return std::string(what);
  return fmt::format("{}: {}", what, reason);
}

std::string rank_name(int rank) {
  return rank == 0 ? "scalar" : fmt::format("{}-D", rank);
}

}  // namespace evomarket::io::internal
