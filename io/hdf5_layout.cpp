#include "io/hdf5_layout.h"

#include <algorithm>

namespace evomarket::io {

std::vector<hsize_t> choose_chunk(const std::vector<hsize_t>& dims, size_t element_size,
                                  bool extendible_first_axis) {
  std::vector<hsize_t> chunk(dims.size(), 1);
  hsize_t budget = std::max<hsize_t>(1, kTargetChunkBytes / std::max<size_t>(1, element_size));
  for (size_t i = dims.size(); i-- > 0;) {
    const bool open_ended = extendible_first_axis && i == 0;
    const hsize_t limit = open_ended ? budget : std::max<hsize_t>(1, dims[i]);
    chunk[i] = std::max<hsize_t>(1, std::min(limit, budget));
    budget = std::max<hsize_t>(1, budget / chunk[i]);
  }
  return chunk;
}

Handle make_dataset_layout(const std::vector<hsize_t>& dims, size_t element_size,
                           bool extendible_first_axis) {
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (!dcpl) return dcpl;
  size_t bytes = element_size;
  bool empty = false;
  for (hsize_t d : dims) {
    bytes *= d;
    empty = empty || d == 0;
  }
  // A zero-sized fixed dataset cannot be chunked (chunk dims must be > 0 and <= extent).
  if (!extendible_first_axis && (dims.empty() || empty || bytes <= kContiguousMaxBytes)) {
    return dcpl;
  }
  const std::vector<hsize_t> chunk = choose_chunk(dims, element_size, extendible_first_axis);
  if (H5Pset_chunk(dcpl.id(), static_cast<int>(chunk.size()), chunk.data()) < 0 ||
      H5Pset_shuffle(dcpl.id()) < 0 || H5Pset_deflate(dcpl.id(), kDeflateLevel) < 0) {
    return Handle();
  }
  return dcpl;
}

}  // namespace evomarket::io
