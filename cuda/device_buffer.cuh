// DeviceBuffer<T>: an owning, move-only array in GPU global memory.
//
// Holds `size()` elements of a trivially copyable T, allocated with cudaMalloc and released with
// cudaFree. An empty buffer holds no allocation and data() == nullptr. Transfers are synchronous
// on the legacy default stream: when upload()/download() return, the data has arrived and all
// earlier work on that stream has finished (so a download also waits for the kernels that
// produced it and reports their errors).
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "cuda/cuda_check.cuh"

namespace evomarket {
namespace gpu {

template <typename T>
class DeviceBuffer {
  static_assert(std::is_trivially_copyable<T>::value,
                "DeviceBuffer holds plain data that can be copied byte for byte");

 public:
  DeviceBuffer() = default;

  // Uninitialized storage for `count` elements. Throws std::runtime_error (with the size asked
  // for) when the device has not enough memory.
  explicit DeviceBuffer(size_t count) : size_(count) {
    if (count == 0) return;
    const cudaError_t error = cudaMalloc(reinterpret_cast<void**>(&data_), count * sizeof(T));
    if (error != cudaSuccess) {
      data_ = nullptr;
      size_ = 0;
      const std::string what = "cudaMalloc of " + std::to_string(count * sizeof(T)) + " bytes (" +
                               std::to_string(count) + " elements)";
      throw_cuda_error(error, what.c_str(), __FILE__, __LINE__);
    }
  }

  // A buffer holding a copy of `host`.
  explicit DeviceBuffer(const std::vector<T>& host) : DeviceBuffer(host.size()) { upload(host); }

  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }

  ~DeviceBuffer() { release(); }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Copies `host` into the buffer, reallocating when the sizes differ.
  void upload(const std::vector<T>& host) {
    if (host.size() != size_) *this = DeviceBuffer(host.size());
    if (size_ == 0) return;
    EVO_CUDA_CHECK(cudaMemcpy(data_, host.data(), size_ * sizeof(T), cudaMemcpyHostToDevice));
  }

  // Copies the whole buffer into `host` (resized to size()).
  void download(std::vector<T>& host) const {
    host.resize(size_);
    if (size_ == 0) return;
    EVO_CUDA_CHECK(cudaMemcpy(host.data(), data_, size_ * sizeof(T), cudaMemcpyDeviceToHost));
  }

  std::vector<T> download() const {
    std::vector<T> host;
    download(host);
    return host;
  }

  // Sets every byte to zero (asynchronous on the default stream, ordered before later work).
  void zero() {
    if (size_ == 0) return;
    EVO_CUDA_CHECK(cudaMemset(data_, 0, size_ * sizeof(T)));
  }

 private:
  void release() noexcept {
    // cudaFree can only fail here for a context that is already gone (process teardown); a
    // destructor has no one to report that to.
    if (data_ != nullptr) (void)cudaFree(data_);
    data_ = nullptr;
    size_ = 0;
  }

  T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace gpu
}  // namespace evomarket
