// A host emulation of the part of the CUDA runtime that cuda/ uses, for the tests: CI has no GPU,
// so tests/CMakeLists.txt also compiles cuda/*.cu with g++ against this header (found before the
// toolkit's) and runs the CPU-vs-GPU parity tests on it. Device memory is host memory (poisoned
// on allocation, bounds-checked by AddressSanitizer builds), launches run synchronously, every
// block's threads run as fibers on one host thread, so __syncthreads and warp shuffles behave as
// on a device, and atomics are plain adds (nothing preempts a fiber between two barriers).
// What this cannot show: data races, memory ordering, register or occupancy limits, and the
// device branch of code behind __CUDA_ARCH__ (undefined here, as in any host compilation).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <type_traits>
#include <utility>

#define EVOMARKET_CUDA_EMULATOR 1
#define CUDART_VERSION 13000

#define __host__
#define __device__
#define __global__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __align__(n) alignas(n)

struct uint3 {
  unsigned int x, y, z;
};

struct dim3 {
  unsigned int x, y, z;
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1)
      : x(vx), y(vy), z(vz) {}
};

enum cudaError_t {
  cudaSuccess = 0,
  cudaErrorInvalidValue = 1,
  cudaErrorMemoryAllocation = 2,
  cudaErrorInvalidConfiguration = 9,
  cudaErrorInsufficientDriver = 35,
  cudaErrorInvalidDevice = 101,
  cudaErrorNoKernelImageForDevice = 209,
  cudaErrorIllegalAddress = 700,
  cudaErrorLaunchFailure = 719,
};

enum cudaMemcpyKind {
  cudaMemcpyHostToHost = 0,
  cudaMemcpyHostToDevice = 1,
  cudaMemcpyDeviceToHost = 2,
  cudaMemcpyDeviceToDevice = 3,
  cudaMemcpyDefault = 4,
};

enum cudaDeviceAttr {
  cudaDevAttrComputeCapabilityMajor = 75,
  cudaDevAttrComputeCapabilityMinor = 76,
};

struct CUstream_st;
using cudaStream_t = CUstream_st*;
struct CUevent_st;
using cudaEvent_t = CUevent_st*;
constexpr unsigned int cudaStreamNonBlocking = 0x01;
constexpr unsigned int cudaEventDisableTiming = 0x02;

struct cudaDeviceProp {
  char name[256];
  size_t totalGlobalMem;
  size_t sharedMemPerBlock;
  int warpSize;
  int maxThreadsPerBlock;
  int multiProcessorCount;
  int major;
  int minor;
};

struct cudaFuncAttributes {
  size_t sharedSizeBytes;
  int maxThreadsPerBlock;
  int numRegs;
};

struct cudaLaunchAttribute;
struct cudaLaunchConfig_t {
  dim3 gridDim;
  dim3 blockDim;
  size_t dynamicSmemBytes;
  cudaStream_t stream;
  cudaLaunchAttribute* attrs;
  unsigned int numAttrs;
};

// --- runtime API (emulator.cpp) ------------------------------------------------------------------

cudaError_t cudaGetDeviceCount(int* count);
cudaError_t cudaSetDevice(int device);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* properties, int device);
cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attribute, int device);
cudaError_t cudaDriverGetVersion(int* version);
cudaError_t cudaGetLastError();
cudaError_t cudaPeekAtLastError();
const char* cudaGetErrorName(cudaError_t error);
const char* cudaGetErrorString(cudaError_t error);
cudaError_t cudaMalloc(void** pointer, size_t bytes);
cudaError_t cudaFree(void* pointer);
cudaError_t cudaMallocHost(void** pointer, size_t bytes);
cudaError_t cudaFreeHost(void* pointer);
cudaError_t cudaMemcpy(void* to, const void* from, size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void* to, const void* from, size_t bytes, cudaMemcpyKind kind,
                            cudaStream_t stream = nullptr);
cudaError_t cudaMemset(void* pointer, int value, size_t bytes);
cudaError_t cudaMemGetInfo(size_t* free, size_t* total);
cudaError_t cudaDeviceSynchronize();
cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int flags);
cudaError_t cudaStreamDestroy(cudaStream_t stream);
cudaError_t cudaStreamSynchronize(cudaStream_t stream);
cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, unsigned int flags);
cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned int flags);
cudaError_t cudaEventDestroy(cudaEvent_t event);
cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream = nullptr);
cudaError_t cudaEventSynchronize(cudaEvent_t event);

// --- the emulated device (emulator.cpp)
// ------------------------------------------------------------

namespace cuda_emulator {

// Runs `thread` once per thread of the launch's grid, each block's threads as fibers.
cudaError_t launch(const cudaLaunchConfig_t& config, const std::function<void()>& thread);
// The running block's dynamic shared memory (config.dynamicSmemBytes, poisoned at block start).
void* dynamic_shared_memory();
// Waits for the running block's threads (__syncthreads).
void block_barrier();
// This thread's lane in its warp of 32.
unsigned int lane();
// Every live lane of the warp offers `bits` and gets those of lane `source` (its own where
// `source` is gone); a warp-wide step, as the *_sync shuffles are.
uint64_t exchange(uint64_t bits, unsigned int source);

template <typename T, typename Source>
T shuffle(T value, Source source) {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= sizeof(uint64_t));
  uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof(T));
  bits = exchange(bits, source(lane()));
  T out;
  std::memcpy(&out, &bits, sizeof(T));
  return out;
}

}  // namespace cuda_emulator

template <typename... Expected, typename... Actual>
cudaError_t cudaLaunchKernelEx(const cudaLaunchConfig_t* config, void (*kernel)(Expected...),
                               Actual&&... args) {
  // The arguments are converted once, as the device receives them; every thread gets copies.
  return [&](Expected... params) {
    return cuda_emulator::launch(*config, [&] { kernel(params...); });
  }(std::forward<Actual>(args)...);
}

template <typename Kernel>
cudaError_t cudaFuncGetAttributes(cudaFuncAttributes* attributes, Kernel* kernel) {
  if (attributes == nullptr || kernel == nullptr) return cudaErrorInvalidValue;
  *attributes = cudaFuncAttributes{0, 1024, 32};
  return cudaSuccess;
}

// --- device built-ins ---------------------------------------------------------------------------

extern thread_local uint3 threadIdx;
extern thread_local uint3 blockIdx;
extern thread_local dim3 blockDim;
extern thread_local dim3 gridDim;

inline void __syncthreads() {
  cuda_emulator::block_barrier();
}

template <typename T>
T __shfl_down_sync(unsigned int /*mask*/, T value, unsigned int delta, int width = 32) {
  const auto w = static_cast<unsigned int>(width);
  return cuda_emulator::shuffle(
      value, [=](unsigned int lane) { return lane % w + delta < w ? lane + delta : lane; });
}

template <typename T>
T __shfl_xor_sync(unsigned int /*mask*/, T value, int lane_mask, int width = 32) {
  const auto w = static_cast<unsigned int>(width);
  return cuda_emulator::shuffle(value, [=](unsigned int lane) {
    const unsigned int other = lane ^ static_cast<unsigned int>(lane_mask);
    return other / w == lane / w ? other : lane;
  });
}

// Fibers switch only at barriers, so a read-modify-write is atomic here.
template <typename T>
T atomicAdd(T* address, T value) {
  static_assert(std::is_arithmetic_v<T>);
  const T old = *address;
  *address = static_cast<T>(old + value);
  return old;
}
