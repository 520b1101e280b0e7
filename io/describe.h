// A human-readable summary of an HDF5 file, for `evomarket inspect FILE`.
#pragma once

#include <string>

namespace evomarket::io {

/// Describes any HDF5 file:
///   - the root attributes, one per line ("status = \"complete\"", "seed = 42");
///   - then every object in name order, one per line: groups as "/path/", datasets as
///     "/path  TYPE [d0, d1]" (e.g. "/observables/strategy_counts/value  int64 [10, 12]"),
///     soft/external links as "/path -> target"; attributes of groups and datasets follow
///     their object indented ("  @unit = \"agents\""); 1-D string datasets of at most 32
///     entries list their values indented, one per line.
/// Long or multi-line strings are shortened. H5Error if the file does not exist or is not
/// HDF5.
std::string describe_file(const std::string& path);

/// The same as one JSON document (`inspect --json`): {"file", "attributes": {name: value},
/// "objects": [{"path", "kind": "group" | "dataset" | "link" | ..., and for datasets "type",
/// "shape" (null for a null dataspace), "dimensions" (the axes' names, "" where unnamed; absent
/// for a dimension itself), "dimension": true for a dimension scale; "attributes"; "target" for
/// links}]}. Attribute values are JSON numbers and strings (arrays for arrays), whole; attributes
/// of more than 16 elements or of other types are {"type", "shape"}. H5Error as describe_file.
std::string describe_file_json(const std::string& path);

}  // namespace evomarket::io
