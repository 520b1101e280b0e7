// An H5MD-style time series of one observable:
//   <observables>/<name>/step     int64 [n]          (extendible)
//   <observables>/<name>/value    T     [n, width]   (extendible along time, chunked along
//                                                     time, shuffle + deflate)
//   <observables>/<name>@unit     optional string attribute
//   <observables>/<name>/columns  optional 1-D string dataset naming the width columns
// Each append() extends both datasets by one row and writes it straight into HDF5's chunk
// cache, so after File::flush() everything appended so far is on disk.
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

class ObservableSeries {
 public:
  /// Creates the series `name` under `observables` (normally ResultsFile::observables()),
  /// storing elements of type T, `width` values per step (width >= 1). `unit` is written as an
  /// attribute when non-empty; `columns`, when non-empty, must have `width` names.
  /// H5Error if the series already exists or the arguments are inconsistent.
  template <class T>
  static ObservableSeries create(Group observables, std::string_view name, size_t width,
                                 std::string_view unit = {},
                                 const std::vector<std::string>& columns = {}) {
    return create_typed(std::move(observables), name, width, NativeType<T>::id(), unit, columns);
  }

  /// Opens an existing series (any element type) to append to or read it, e.g. on resume.
  static ObservableSeries open(const Group& observables, std::string_view name);

  ObservableSeries(ObservableSeries&&) noexcept = default;
  ObservableSeries& operator=(ObservableSeries&&) noexcept = default;

  /// Appends one step: `width()` values. T must be the element type the series stores
  /// (H5Error otherwise). Steps must strictly increase (H5Error otherwise), as in H5MD.
  template <class T>
  void append(int64_t step, const T* values) {
    append_typed(step, NativeType<T>::id(), NativeType<T>::name, values);
  }
  /// Same, checking that values.size() == width().
  template <class T>
  void append(int64_t step, const std::vector<T>& values) {
    check_count(values.size());
    append(step, values.data());
  }

  /// Reads back all steps / all values ([size(), width()]); T must match the stored type.
  std::vector<int64_t> steps() const;
  template <class T>
  Matrix<T> values() const {
    Matrix<T> m = read_matrix<T>(group_, "value");
    m.rows = std::min(m.rows, size_);  // see open(): a crash may leave one extra row
    m.data.resize(m.rows * m.cols);
    return m;
  }

  /// Keeps only the first `n` steps (n <= size()), e.g. to drop steps recorded after the
  /// checkpoint a run resumes from.
  void truncate(size_t n);

  /// Number of steps recorded.
  size_t size() const { return size_; }
  /// Values per step.
  size_t width() const { return width_; }
  /// Last step appended; H5Error if the series is empty.
  int64_t last_step() const;
  /// Stored element type, as type_name() spells it ("int64", "float64", ...).
  std::string element_type() const;
  /// The series' group, e.g. for extra attributes.
  const Group& group() const { return group_; }

 private:
  ObservableSeries() = default;
  static ObservableSeries create_typed(Group observables, std::string_view name, size_t width,
                                       hid_t mem_type, std::string_view unit,
                                       const std::vector<std::string>& columns);
  void append_typed(int64_t step, hid_t mem_type, const char* type, const void* values);
  void check_count(size_t n) const;
  void resize(size_t n);

  Group group_;
  Dataset step_;
  Dataset value_;
  Handle mem_type_;  // native in-memory type of the stored elements
  size_t width_ = 0;
  size_t size_ = 0;
  int64_t last_step_ = 0;
};

}  // namespace evomarket::io
