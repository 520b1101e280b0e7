// Whole datasets: round trips for every element type, strings, layout, type checks.
#include "io/hdf5_dataset.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include "support/temp_dir.h"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>

#include "io/hdf5_file.h"
#include "io/hdf5_layout.h"

namespace evomarket::io {
namespace {

namespace fs = std::filesystem;

// Values that exercise the extremes of T.
template <class T>
std::vector<T> sample(size_t n) {
  std::vector<T> v(n);
  for (size_t i = 0; i < n; ++i) {
    v[i] = static_cast<T>(static_cast<int>(i % 100) - (std::is_signed_v<T> ? 50 : 0));
  }
  if (n >= 2) {
    v[0] = std::numeric_limits<T>::lowest();
    v[1] = std::numeric_limits<T>::max();
  }
  return v;
}

template <class T>
class Hdf5DatasetTyped : public evomarket::testing::TempDirTest {};

using ElementTypes = ::testing::Types<int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t,
                                      int64_t, uint64_t, float, double>;
TYPED_TEST_SUITE(Hdf5DatasetTyped, ElementTypes);

TYPED_TEST(Hdf5DatasetTyped, VectorAndMatrixRoundTrip) {
  using T = TypeParam;
  const std::string path = (this->dir_ / "typed.h5").string();
  const std::vector<T> small = sample<T>(10);
  const std::vector<T> large = sample<T>(5000);  // above the contiguous limit: chunked
  const size_t rows = 37;
  const size_t cols = 11;
  const std::vector<T> m = sample<T>(rows * cols);
  {
    File f = File::create(path);
    Group root = f.root();
    write_vector(root, "small", small);
    write_vector(root, "data/large", large);
    write_vector(root, "empty", std::vector<T>{});
    write_matrix(root, "matrix", rows, cols, m.data());
  }
  File f = File::open_read(path);
  Group root = f.root();
  EXPECT_EQ(read_vector<T>(root, "small"), small);
  EXPECT_EQ(read_vector<T>(root, "data/large"), large);
  EXPECT_TRUE(read_vector<T>(root, "empty").empty());
  const Matrix<T> back = read_matrix<T>(root, "matrix");
  EXPECT_EQ(back.rows, rows);
  EXPECT_EQ(back.cols, cols);
  EXPECT_EQ(back.data, m);
  EXPECT_EQ(back(1, 0), m[cols]);
  size_t r = 0;
  size_t c = 0;
  EXPECT_EQ(read_matrix<T>(root, "matrix", r, c), m);
  EXPECT_EQ(r, rows);
  EXPECT_EQ(c, cols);
  EXPECT_EQ(root.open_dataset("matrix").element_type(), NativeType<T>::name);
  EXPECT_EQ(root.open_dataset("matrix").shape(), (std::vector<uint64_t>{rows, cols}));
}

class Hdf5Dataset : public evomarket::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = file("results.h5");
  }

  // Filters and layout of a dataset, straight from HDF5.
  static std::vector<H5Z_filter_t> filters(const Dataset& d, H5D_layout_t* layout) {
    Handle dcpl(H5Dget_create_plist(d.id()), H5Pclose);
    *layout = H5Pget_layout(dcpl.id());
    std::vector<H5Z_filter_t> out;
    for (int i = 0; i < H5Pget_nfilters(dcpl.id()); ++i) {
      unsigned flags = 0;
      size_t n = 0;
      unsigned config = 0;
      out.push_back(H5Pget_filter2(dcpl.id(), static_cast<unsigned>(i), &flags, &n, nullptr, 0,
                                   nullptr, &config));
    }
    return out;
  }

  std::string path_;
};

TEST_F(Hdf5Dataset, LargeDatasetsAreChunkedAndCompressed) {
  File f = File::create(path_);
  Group root = f.root();
  write_vector(root, "big", std::vector<double>(10000, 1.5));
  write_vector(root, "tiny", std::vector<double>(8, 1.5));
  H5D_layout_t layout{};
  EXPECT_EQ(filters(root.open_dataset("big"), &layout),
            (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}));
  EXPECT_EQ(layout, H5D_CHUNKED);
  EXPECT_TRUE(filters(root.open_dataset("tiny"), &layout).empty());
  EXPECT_EQ(layout, H5D_CONTIGUOUS);
}

TEST_F(Hdf5Dataset, ChunkShapeKeepsRowsWhole) {
  EXPECT_EQ(choose_chunk({100000, 12}, 8, false), (std::vector<hsize_t>{682, 12}));
  EXPECT_EQ(choose_chunk({0, 3}, 4, true), (std::vector<hsize_t>{5461, 3}));
  EXPECT_EQ(choose_chunk({10, 100000}, 8, false), (std::vector<hsize_t>{1, 8192}));
  EXPECT_EQ(choose_chunk({5, 7}, 8, false), (std::vector<hsize_t>{5, 7}));
}

TEST_F(Hdf5Dataset, StringsRoundTripWithNonAscii) {
  const std::vector<std::string> names = {"cooperator", "", "défecteur", "電力", "tit-for-tat ⚡"};
  {
    File f = File::create(path_);
    write_strings(f.root(), "agents/names", names);
    write_strings(f.root(), "none", {});
  }
  File f = File::open_read(path_);
  EXPECT_EQ(read_strings(f.root(), "agents/names"), names);
  EXPECT_TRUE(read_strings(f.root(), "none").empty());
  EXPECT_EQ(f.root().open_dataset("agents/names").element_type(), "string");
}

TEST_F(Hdf5Dataset, FixedLengthStringsWrittenElsewhereAreRead) {
  File f = File::create(path_);
  // As other tools write them: fixed length, NUL- or space-padded.
  for (H5T_str_t pad : {H5T_STR_NULLPAD, H5T_STR_SPACEPAD}) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.id(), 4);
    H5Tset_strpad(type.id(), pad);
    const hsize_t n = 2;
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    const std::string name = pad == H5T_STR_NULLPAD ? "nullpad" : "spacepad";
    Handle d(H5Dcreate2(f.root().id(), name.c_str(), type.id(), space.id(), H5P_DEFAULT,
                        H5P_DEFAULT, H5P_DEFAULT),
             H5Dclose);
    const char* data = pad == H5T_STR_NULLPAD ? "ab\0\0wxyz" : "ab  wxyz";
    ASSERT_GE(H5Dwrite(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data), 0);
    EXPECT_EQ(read_strings(f.root(), name), (std::vector<std::string>{"ab", "wxyz"}));
  }
}

TEST_F(Hdf5Dataset, WrongTypeOrRankNamesTheDataset) {
  File f = File::create(path_);
  Group obs = f.root().create_group("observables/x");
  write_vector(obs, "value", std::vector<float>{1.0F, 2.0F});
  try {
    read_matrix<int64_t>(f.root(), "observables/x/value");
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "results.h5: dataset /observables/x/value: expected 2-D int64, found 1-D "
                  "float32"),
              std::string::npos)
        << e.what();
  }
  // Same rank, other type: no silent conversion, also not between widths or signedness.
  EXPECT_THROW(read_vector<double>(obs, "value"), H5Error);
  EXPECT_THROW(read_vector<int32_t>(obs, "value"), H5Error);
  write_vector(obs, "ints", std::vector<int32_t>{1});
  EXPECT_THROW(read_vector<uint32_t>(obs, "ints"), H5Error);
  EXPECT_THROW(read_vector<int64_t>(obs, "ints"), H5Error);
  EXPECT_THROW(read_strings(obs, "ints"), H5Error);
  EXPECT_THROW(read_vector<int32_t>(obs, "missing"), H5Error);
  EXPECT_THROW(read_vector<int32_t>(f.root(), "observables"), H5Error);  // a group
}

TEST_F(Hdf5Dataset, WritingAnExistingNameThrows) {
  File f = File::create(path_);
  write_vector(f.root(), "v", std::vector<int32_t>{1});
  EXPECT_THROW(write_vector(f.root(), "v", std::vector<int32_t>{2}), H5Error);
  f.root().remove("v");
  write_vector(f.root(), "v", std::vector<int32_t>{2});
  EXPECT_EQ(read_vector<int32_t>(f.root(), "v"), std::vector<int32_t>{2});
}

}  // namespace
}  // namespace evomarket::io
