// HDF5 dimension scales (the H5DS convention of hdf5_hl, which netCDF-4 builds on): they name
// the axes of a dataset and give them coordinates, so that xarray (engine "h5netcdf") opens a
// group of a results file with named dimensions and coordinate variables (docs/results.md).
//
// netCDF-4's rules, which every writer here follows:
// - A dimension is a dataset marked as a scale whose own name is the dimension's name; its
//   values are the dimension's coordinate (a "coordinate variable"), and it is 1-D.
// - A dimension without coordinates (e.g. the agents of a snapshot) is a scale that holds no
//   values, named "This is a netCDF dimension but not a netCDF variable.".
// - Scales live in the group of the datasets that use them: xarray reads coordinates only from
//   the group it opens, so every observable group carries its own.
// - Every axis of every dataset in such a group has a scale attached (h5netcdf refuses a group
//   with an unnamed axis unless told to invent "phony" names).
// Attaching writes attributes (DIMENSION_LIST on the dataset, REFERENCE_LIST on the scale): do
// it while the file is not in SWMR writing mode, i.e. when the layout is made.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/hdf5_group.h"

namespace evomarket::io {

/// netCDF-4's NAME of a scale that is a dimension but holds no coordinate values.
inline constexpr const char* kBareDimensionName =
    "This is a netCDF dimension but not a netCDF variable.";

/// Marks the 1-D dataset `name` of `group` as the scale of the dimension of the same name.
/// H5Error if it is missing, not 1-D or already attached to as a data axis.
void make_dimension_scale(const Group& group, std::string_view name);

/// Creates `name` in `group` as a dimension of `size` entries without coordinate values: a
/// float32 scale whose storage is never allocated (it stores nothing, reads as zeros).
void make_bare_dimension(const Group& group, std::string_view name, uint64_t size);

/// Attaches to axis i of dataset `dataset` (in `group`) the scale dims[i] of `group`, and labels
/// the axis with that name (h5py: dataset.dims[i].label). dims.size() must equal the rank.
/// H5Error naming the dataset and the dimension when one is missing, not a scale, or its length
/// differs from the axis.
void attach_dimensions(const Group& group, std::string_view dataset,
                       const std::vector<std::string>& dims);

/// True if `dataset` is a dimension scale.
bool is_dimension_scale(const Dataset& dataset);
/// True if `dataset` is a scale without coordinate values (make_bare_dimension).
bool is_bare_dimension(const Dataset& dataset);

/// The dimension of each axis of `dataset`: the name of the (last) scale attached to it, "" for
/// an axis without one. Empty for a scale itself.
std::vector<std::string> dimension_names(const Dataset& dataset);

}  // namespace evomarket::io
