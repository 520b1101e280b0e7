// `evomarket stitch`: one HDF5 index over every point of a sweep folder, built from virtual
// datasets (docs/sweeps.md). Each numeric dataset of the points' results files gets a sweep
// axis in front ([points, ...]); series of different lengths are padded with fill values, and
// points that are missing, failed or interrupted read as fill values throughout.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace evomarket {

struct StitchReport {
  size_t points = 0;
  size_t stitched = 0;          // complete points mapped into the index
  std::vector<size_t> missing;  // points with no complete results file
};

// Writes the index of `folder` to `index` (staged: a failed stitch leaves `index` as it was).
// Source files are named relative to the index's folder, so the index keeps working when it
// moves together with the sweep folder. ConfigError when the folder is no sweep, no point is
// complete, or two points' files differ in layout (naming the dataset and the difference).
StitchReport stitch_sweep(const std::string& folder, const std::string& index);

}  // namespace evomarket
