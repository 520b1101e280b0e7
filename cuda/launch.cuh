// Kernel launches and dynamic shared memory for every kernel of cuda/. Launches go through
// cudaLaunchKernelEx (the runtime's typed launch) instead launch(of, ...>>>, so that the same
// sources also compile against the tests' host emulation of the runtime
// (tests/support/cuda_emulator), which runs every kernel on the CPU in CI, where there is no GPU.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <utility>

#include "cuda/cuda_check.cuh"

namespace evomarket::gpu {

// A kernel with its launch shape; calling it with the kernel's arguments launches it.
template <typename... Params>
class Launch {
 public:
  Launch(void (*kernel)(Params...), dim3 blocks, dim3 threads, size_t shared_bytes,
         cudaStream_t stream)
      : kernel_(kernel) {
    config_.gridDim = blocks;
    config_.blockDim = threads;
    config_.dynamicSmemBytes = shared_bytes;
    config_.stream = stream;
  }

  template <typename... Args>
  void operator()(Args&&... args) const {
    EVO_CUDA_CHECK(cudaLaunchKernelEx(&config_, kernel_, std::forward<Args>(args)...));
  }

 private:
  void (*kernel_)(Params...);
  cudaLaunchConfig_t config_{};
};

// launch(kernel, blocks, threads[, shared bytes[, stream]])(arguments...) is
// kernel<<<blocks, threads, shared bytes, stream>>>(arguments...), with the launch checked.
template <typename... Params>
Launch<Params...> launch(void (*kernel)(Params...), dim3 blocks, dim3 threads,
                         size_t shared_bytes = 0, cudaStream_t stream = nullptr) {
  return Launch<Params...>(kernel, blocks, threads, shared_bytes, stream);
}

// The block's dynamic shared memory (the launch's shared bytes) as an array of T. One extern
// declaration serves every kernel; the host emulation gives each emulated block its own.
template <typename T>
__device__ __forceinline__ T* dynamic_shared() {
#if defined(EVOMARKET_CUDA_EMULATOR)
  return static_cast<T*>(cuda_emulator::dynamic_shared_memory());
#else
  extern __shared__ __align__(16) unsigned char dynamic_shared_bytes[];
  return reinterpret_cast<T*>(dynamic_shared_bytes);
#endif
}

}  // namespace evomarket::gpu
