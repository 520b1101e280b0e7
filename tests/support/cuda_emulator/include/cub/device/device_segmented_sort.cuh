// The host emulation (../../cuda_runtime.h) of the one CUB algorithm cuda/ uses: keys sorted
// ascending within each segment [begin[s], end[s]), with CUB's two-call protocol for the
// temporary storage (a null `temp` asks for its size).
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace cub {

struct DeviceSegmentedSort {
  template <typename Key, typename BeginOffsets, typename EndOffsets>
  static cudaError_t SortKeys(void* temp, size_t& temp_bytes, const Key* keys_in, Key* keys_out,
                              int64_t items, int64_t segments, BeginOffsets begin, EndOffsets end,
                              cudaStream_t /*stream*/ = nullptr) {
    if (temp == nullptr) {
      temp_bytes = 1;
      return cudaSuccess;
    }
    if (items < 0 || segments < 0 || temp_bytes < 1) return cudaErrorInvalidValue;
    std::copy(keys_in, keys_in + items, keys_out);
    for (int64_t s = 0; s < segments; ++s) {
      const auto first = static_cast<int64_t>(begin[s]);
      const auto last = static_cast<int64_t>(end[s]);
      if (first < 0 || last > items) return cudaErrorInvalidValue;
      if (first < last) std::sort(keys_out + first, keys_out + last);
    }
    return cudaSuccess;
  }
};

}  // namespace cub
