// Virtual datasets (HDF5 1.10 VDS) that stack one dataset of many files along a new first axis:
// [sources, ...] over files written by separate runs, without copying their data (the index
// that `evomarket stitch` writes, docs/sweeps.md). Slots without a source, and the rows beyond
// a shorter source, read as the dataset's fill value (fill_value_note says which).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/hdf5_group.h"
#include "io/hdf5_handle.h"

namespace evomarket::io {

/// What a stacked dataset needs to know about one source dataset.
struct DatasetLayout {
  std::vector<uint64_t> shape;  // current extent; empty for a scalar
  bool extendible = false;      // the first axis may grow (an observable series)
  std::vector<bool> growable;   // per axis: its extent may grow (may differ between points)
  std::string element_type;     // as type_name() spells it ("int64", "float64", "string")
  bool numeric = false;         // integer or floating point (what can be stacked)
};
DatasetLayout dataset_layout(const Dataset& dataset);

/// One source of a stacked dataset: `dataset` in `file` (the name stored in the index: a path
/// relative to the index's directory keeps working when both move together) goes to `slot`.
struct VirtualSource {
  size_t slot = 0;
  std::string file;
  std::string dataset;
  std::vector<uint64_t> shape;  // the source's extent (each axis <= the stacked item shape)
};

/// Creates `name` in `group`: element type that of `like` (a source dataset), shape
/// [slots, item_shape...]; each source is mapped whole to its slot, at the origin of the item.
/// Everything unmapped reads as the fill value: NaN for floats, the type's minimum for signed
/// and its maximum for unsigned integers, the empty string for fixed-length strings (recorded
/// in the attribute `fill_value`).
void create_stacked_dataset(const Group& group, std::string_view name, const Dataset& like,
                            size_t slots, const std::vector<uint64_t>& item_shape,
                            const std::vector<VirtualSource>& sources);

/// How fill values of a stacked dataset of `element_type` read, for its attribute and docs:
/// "NaN", "-9223372036854775808", "18446744073709551615", ...
std::string fill_value_note(const std::string& element_type);

/// True if `dataset` is virtual (for tests and inspect).
bool is_virtual(const Dataset& dataset);

}  // namespace evomarket::io
