// An H5MD-style time series of one observable, laid out as a netCDF-4 group that xarray opens
// with named dimensions and coordinates (io/dimension_scales.h, docs/results.md):
//   <observables>/<name>/<rows>      int64 [n]               the steps, e.g. "generation" or
//                                                            "slot": the row axis' coordinate
//   <observables>/<name>/value       T [n, axes...]          (extendible along the rows, chunked
//                                                            along them, shuffle + deflate)
//   <observables>/<name>/<axis>      [size] per item axis    its coordinate: names (UTF-8) or
//                                                            int64 0..size-1, or no values
//   <observables>/<name>/unit        string [size]           optional: one unit per entry of an
//                                                            axis (e.g. per quantity)
//   <observables>/<name>/<row_text>  fixed-length UTF-8 [n]  optional second coordinate of the
//                                                            rows (e.g. slot_start timestamps)
//   attributes: group unit, value units (when one unit holds for every value), value
//   coordinates (the auxiliary coordinates, CF style)
// Each append() extends the rows by one and writes it straight into HDF5's chunk cache, so after
// File::flush() everything appended so far is on disk.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/hdf5_dataset.h"
#include "io/hdf5_group.h"
#include "io/hdf5_handle.h"
#include "io/hdf5_types.h"

namespace evomarket::io {

/// One axis of an observable's values after the row axis.
struct SeriesAxis {
  std::string name;                 // its dimension: "strategy", "quantity", "community", ...
  size_t size = 0;                  // entries (>= 1)
  std::vector<std::string> labels;  // coordinate values (size names), or empty: see coordinate
  bool coordinate = true;           // without labels: int64 0..size-1, or (false) no values
  std::vector<std::string> units;   // optional: the unit of each entry (the coordinate "unit")
};

/// The shape and meaning of an observable: value is [rows, axes...].
struct SeriesLayout {
  std::string rows = "generation";  // the row axis; its coordinate holds the steps
  std::vector<SeriesAxis> axes;
  std::string unit;           // the unit of every value (value@units, group@unit), or "" when
                              // an axis gives one unit per entry, or there is none
  std::string row_text;       // optional: a string coordinate along the rows, e.g. "slot_start"
  size_t row_text_bytes = 0;  // its fixed length in bytes (SWMR readers need fixed-length)
};

class ObservableSeries {
 public:
  /// Creates the series `name` under `observables` (normally ResultsFile::observables()),
  /// storing elements of type T, `width` values per step (width >= 1). `unit` is written as an
  /// attribute when non-empty; `columns`, when non-empty, must have `width` names.
  /// H5Error if the series already exists or the arguments are inconsistent.
  /// The row axis is "step", the one item axis "column" (named by `columns`, else numbered).
  template <class T>
  static ObservableSeries create(Group observables, std::string_view name, size_t width,
                                 std::string_view unit = {},
                                 const std::vector<std::string>& columns = {}) {
    SeriesLayout layout;
    layout.rows = "step";
    layout.axes.push_back({"column", width, columns, true, {}});
    layout.unit = std::string(unit);
    return create<T>(std::move(observables), name, layout);
  }
  /// Creates the series `name` with dimension scales for every axis (H5Error when an axis is
  /// empty, labels or units do not match its size, or names collide).
  template <class T>
  static ObservableSeries create(Group observables, std::string_view name,
                                 const SeriesLayout& layout) {
    return create_typed(std::move(observables), name, layout, NativeType<T>::id());
  }

  /// Opens an existing series (any element type) to append to or read it, e.g. on resume. The
  /// row axis is the dimension attached to value's first axis ("step" in files without).
  static ObservableSeries open(const Group& observables, std::string_view name);

  ObservableSeries(ObservableSeries&&) noexcept = default;
  ObservableSeries& operator=(ObservableSeries&&) noexcept = default;

  /// Appends one step: `width()` values. T must be the element type the series stores
  /// (H5Error otherwise). Steps must strictly increase (H5Error otherwise), as in H5MD.
  /// A series with a row_text coordinate takes its text for the row too (at most
  /// row_text_bytes bytes; H5Error when missing or longer).
  template <class T>
  void append(int64_t step, const T* values, std::string_view row_text = {}) {
    append_typed(step, NativeType<T>::id(), NativeType<T>::name, values, row_text);
  }
  /// Same, checking that values.size() == width().
  template <class T>
  void append(int64_t step, const std::vector<T>& values, std::string_view row_text = {}) {
    check_count(values.size());
    append(step, values.data(), row_text);
  }

  /// Reads back all steps / all values ([size(), width()], the item axes flattened row-major);
  /// T must match the stored type.
  std::vector<int64_t> steps() const;
  template <class T>
  Matrix<T> values() const {
    std::vector<size_t> dims(item_shape_.size() + 1);
    Dataset d = detail::open_numeric(group_, "value", NativeType<T>::id(), NativeType<T>::name,
                                     static_cast<int>(dims.size()), dims.data());
    size_t rows = dims[0];
    Matrix<T> m{rows, width_, std::vector<T>(rows * width_)};
    detail::read_numeric(d, NativeType<T>::id(), m.data.size(), m.data.data());
    m.rows = std::min(m.rows, size_);  // see open(): a crash may leave one extra row
    m.data.resize(m.rows * m.cols);
    return m;
  }
  /// The row_text coordinate of every step ("" for each when the series has none).
  std::vector<std::string> row_texts() const;

  /// Keeps only the first `n` steps (n <= size()), e.g. to drop steps recorded after the
  /// checkpoint a run resumes from.
  void truncate(size_t n);

  /// Number of steps recorded.
  size_t size() const { return size_; }
  /// Values per step (the product of the item axes' sizes).
  size_t width() const { return width_; }
  /// Sizes of the item axes (value is [size(), item_shape()...]).
  const std::vector<size_t>& item_shape() const { return item_shape_; }
  /// The row axis' dimension ("generation", "slot", ...).
  const std::string& row_axis() const { return rows_; }
  /// Last step appended; H5Error if the series is empty.
  int64_t last_step() const;
  /// Stored element type, as type_name() spells it ("int64", "float64", ...).
  std::string element_type() const;
  /// The series' group, e.g. for extra attributes.
  const Group& group() const { return group_; }

 private:
  ObservableSeries() = default;
  static ObservableSeries create_typed(Group observables, std::string_view name,
                                       const SeriesLayout& layout, hid_t mem_type);
  void append_typed(int64_t step, hid_t mem_type, const char* type, const void* values,
                    std::string_view row_text);
  void check_count(size_t n) const;
  void resize(size_t n);

  Group group_;
  Dataset step_;
  Dataset value_;
  Dataset row_text_;  // invalid when the series has no row_text coordinate
  size_t text_bytes_ = 0;
  Handle mem_type_;  // native in-memory type of the stored elements
  std::string rows_;
  std::vector<size_t> item_shape_;
  size_t width_ = 0;
  size_t size_ = 0;
  int64_t last_step_ = 0;
};

}  // namespace evomarket::io
