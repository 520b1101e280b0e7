// Copying a group or dataset into another file by reading its values and writing them anew.
// H5Ocopy copies stored bytes, but HDF5 1.10.8 cannot copy a chunked dataset out of a file in
// SWMR writing mode ("ring type mismatch occurred for cache entry" while opening its chunk
// index), and a checkpoint copies what the live results file recorded (docs/results.md).
#pragma once

#include <string_view>

#include "io/hdf5_group.h"

namespace evomarket::io {

/// Copies the object `name` under `source` (a group with everything below it, or a dataset) to
/// `as` under `destination`: the same groups, datasets with the same type, shape, maximum shape
/// and creation properties (chunks, filters), the same values, and every attribute; dimension
/// scales that a dataset had attached from its own group are attached to the copies. Large
/// datasets are copied in blocks of rows. H5Error naming the object if anything fails.
void copy_by_value(const Group& source, std::string_view name, const Group& destination,
                   std::string_view as);

}  // namespace evomarket::io
