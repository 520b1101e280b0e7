// Grid-stride loops and integer atomics shared by the CUDA kernels. Integer atomics add the same
// two's-complement bits in any order, so sums equal the CPU's += exactly.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

namespace evomarket::gpu {

__device__ __forceinline__ uint64_t first_index() {
  return static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ uint64_t grid_stride() {
  return static_cast<uint64_t>(gridDim.x) * blockDim.x;
}

__device__ __forceinline__ void atomic_add(int64_t* target, uint64_t value) {
  atomicAdd(reinterpret_cast<unsigned long long*>(target), static_cast<unsigned long long>(value));
}

__device__ __forceinline__ void atomic_add(uint64_t* target, uint64_t value) {
  atomicAdd(reinterpret_cast<unsigned long long*>(target), static_cast<unsigned long long>(value));
}

__device__ __forceinline__ void atomic_add(uint32_t* target, uint32_t value) {
  atomicAdd(reinterpret_cast<unsigned int*>(target), static_cast<unsigned int>(value));
}

}  // namespace evomarket::gpu
