// Whole-dataset reads and writes of numeric vectors/matrices and string lists.
//
// Element types: int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t, uint64_t,
// float, double (see NativeType). Writers create a new dataset (H5Error if the name exists;
// use Group::remove first to replace one) with the layout policy of hdf5_layout.h. Readers
// check rank, type class, size and signedness and throw H5Error naming the dataset on any
// mismatch, e.g. "results.h5: dataset /observables/x/value: expected 2-D int64, found 1-D
// float32"; they never convert int <-> float or between widths.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "io/hdf5_group.h"
#include "io/hdf5_handle.h"
#include "io/hdf5_types.h"

namespace evomarket::io {

/// A row-major rows x cols matrix as read back from a 2-D dataset.
template <class T>
struct Matrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<T> data;  // rows * cols values, row-major

  T& operator()(size_t r, size_t c) { return data[r * cols + c]; }
  const T& operator()(size_t r, size_t c) const { return data[r * cols + c]; }
};

namespace detail {

// Type-erased cores of the templates below.
// `growable` (rank flags, or null): axes whose maximum extent is unlimited.
void write_numeric(const Group& group, std::string_view name, hid_t mem_type, size_t rank,
                   const size_t* dims, const void* data,
                   const std::vector<bool>* growable = nullptr);
// Opens `name`, checks it is a rank-`rank` dataset of mem_type's kind, returns the open
// dataset and fills dims.
Dataset open_numeric(const Group& group, std::string_view name, hid_t mem_type, const char* type,
                     int rank, size_t* dims);
void read_numeric(const Dataset& dataset, hid_t mem_type, size_t count, void* out);

}  // namespace detail

/// Writes a 1-D dataset of data.size() elements.
template <class T>
void write_vector(const Group& group, std::string_view name, const T* data, size_t size) {
  detail::write_numeric(group, name, NativeType<T>::id(), 1, &size, data);
}
template <class T>
void write_vector(const Group& group, std::string_view name, const std::vector<T>& data) {
  write_vector(group, name, data.data(), data.size());
}

/// Writes a 2-D dataset [rows, cols] from row-major `data` (rows * cols elements).
template <class T>
void write_matrix(const Group& group, std::string_view name, size_t rows, size_t cols,
                  const T* data) {
  const size_t dims[2] = {rows, cols};
  detail::write_numeric(group, name, NativeType<T>::id(), 2, dims, data);
}
template <class T>
void write_matrix(const Group& group, std::string_view name, const Matrix<T>& m) {
  write_matrix(group, name, m.rows, m.cols, m.data.data());
}

/// Writes an N-D dataset with extents `dims` from row-major `data` (the product of dims values).
/// Axes flagged in `growable` get an unlimited maximum extent: they say which axes may differ
/// between runs of one layout (replicates, generations), which `evomarket stitch` pads.
template <class T>
void write_array(const Group& group, std::string_view name, const std::vector<size_t>& dims,
                 const T* data, const std::vector<bool>& growable = {}) {
  detail::write_numeric(group, name, NativeType<T>::id(), dims.size(), dims.data(), data,
                        growable.empty() ? nullptr : &growable);
}

/// Reads a whole 1-D dataset of exactly type T.
template <class T>
std::vector<T> read_vector(const Group& group, std::string_view name) {
  size_t n = 0;
  Dataset d = detail::open_numeric(group, name, NativeType<T>::id(), NativeType<T>::name, 1, &n);
  std::vector<T> out(n);
  detail::read_numeric(d, NativeType<T>::id(), n, out.data());
  return out;
}

/// Reads a whole 2-D dataset of exactly type T.
template <class T>
Matrix<T> read_matrix(const Group& group, std::string_view name) {
  size_t dims[2] = {0, 0};
  Dataset d = detail::open_numeric(group, name, NativeType<T>::id(), NativeType<T>::name, 2, dims);
  Matrix<T> m{dims[0], dims[1], std::vector<T>(dims[0] * dims[1])};
  detail::read_numeric(d, NativeType<T>::id(), m.data.size(), m.data.data());
  return m;
}
/// Reads a whole 3-D dataset of exactly type T, row-major; its extents into `dims`.
template <class T>
std::vector<T> read_array3(const Group& group, std::string_view name, size_t (&dims)[3]) {
  Dataset d = detail::open_numeric(group, name, NativeType<T>::id(), NativeType<T>::name, 3, dims);
  std::vector<T> out(dims[0] * dims[1] * dims[2]);
  detail::read_numeric(d, NativeType<T>::id(), out.size(), out.data());
  return out;
}
/// Same, returning the row-major data and the shape through rows/cols.
template <class T>
std::vector<T> read_matrix(const Group& group, std::string_view name, size_t& rows, size_t& cols) {
  Matrix<T> m = read_matrix<T>(group, name);
  rows = m.rows;
  cols = m.cols;
  return std::move(m.data);
}

/// Writes a 1-D dataset of variable-length UTF-8 strings (h5py: read with .asstr()).
/// Strings are stored up to their first NUL byte.
void write_strings(const Group& group, std::string_view name,
                   const std::vector<std::string>& values);
/// Reads a 1-D string dataset (variable- or fixed-length).
std::vector<std::string> read_strings(const Group& group, std::string_view name);

}  // namespace evomarket::io
