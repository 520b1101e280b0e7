// RAII ownership of one HDF5 identifier (hid_t).
#pragma once

#include <hdf5.h>

#include <utility>

namespace evomarket::io {

/// Owns an hid_t and closes it with the matching close function (H5Fclose, H5Gclose, H5Dclose,
/// H5Aclose, H5Sclose, H5Tclose, H5Pclose, H5Oclose ...). Move-only. A default-constructed or
/// moved-from Handle holds nothing (id() < 0). Close errors in the destructor are ignored:
/// there is nobody to report them to.
class Handle {
 public:
  using CloseFn = herr_t (*)(hid_t);

  Handle() = default;
  /// Takes ownership of `id` (ignored if negative, i.e. a failed HDF5 call).
  Handle(hid_t id, CloseFn close) : id_(id), close_(close) {}
  ~Handle() { reset(); }

  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      close_ = other.close_;
    }
    return *this;
  }

  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  explicit operator bool() const { return valid(); }

  /// Gives up ownership without closing.
  hid_t release() { return std::exchange(id_, H5I_INVALID_HID); }

  /// Closes now (if owning anything).
  void reset() {
    if (id_ >= 0 && close_ != nullptr) close_(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  CloseFn close_ = nullptr;
};

}  // namespace evomarket::io
