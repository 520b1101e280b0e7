// Storage layout policy for numeric datasets: when to chunk and how to compress.
//
// Datasets above kContiguousMaxBytes, and every extendible dataset, are chunked (chunks of
// about kTargetChunkBytes, whole rows where possible) and filtered with shuffle + deflate at
// kDeflateLevel, which any HDF5 reader (h5py, h5dump, HDFView) decodes. Tiny datasets stay
// contiguous: chunk overhead would exceed the data.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <vector>

#include "io/hdf5_handle.h"

namespace evomarket::io {

inline constexpr size_t kContiguousMaxBytes = 4096;
inline constexpr size_t kTargetChunkBytes = 64 * 1024;
inline constexpr unsigned kDeflateLevel = 4;

/// Chunk shape for a dataset of shape `dims` with elements of `element_size` bytes. If
/// `extendible_first_axis`, dims[0] is only the initial size and the chunk may be longer.
/// Fills axes from the last one, so rows stay whole unless a row alone exceeds the target.
std::vector<hsize_t> choose_chunk(const std::vector<hsize_t>& dims, size_t element_size,
                                  bool extendible_first_axis);

/// A dataset creation property list following the policy above (always a fresh list the
/// caller owns; plain contiguous for small fixed-size data). Returns an invalid Handle if
/// HDF5 fails.
Handle make_dataset_layout(const std::vector<hsize_t>& dims, size_t element_size,
                           bool extendible_first_axis);

}  // namespace evomarket::io
