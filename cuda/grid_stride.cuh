// Grid-stride loops, their launch shape and integer atomics shared by the CUDA kernels. Integer
// atomics add the same two's-complement bits in any order, so sums equal the CPU's += exactly.
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>

namespace evomarket::gpu {

constexpr int kBlock = 256;  // threads per block of a grid-stride launch
// Resident blocks per SM that grid-stride launches aim for (2048 threads per SM / kBlock), times
// a few waves so that work of uneven length evens out across SMs.
constexpr int kBlocksPerSm = 16;

// Blocks for a grid-stride launch of kBlock threads over `items` on `sms` SMs: at least 1,
// at most kBlocksPerSm per SM. The launch shape never changes a result.
inline unsigned int blocks_for(uint64_t items, int sms) {
  const uint64_t needed = (items + kBlock - 1) / kBlock;
  const uint64_t most = static_cast<uint64_t>(std::max(sms, 1)) * kBlocksPerSm;
  return static_cast<unsigned int>(std::max<uint64_t>(1, std::min<uint64_t>(needed, most)));
}

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
