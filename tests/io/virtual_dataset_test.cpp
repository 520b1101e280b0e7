// Stacked virtual datasets: sources of different lengths, padding and missing slots read as the
// fill value, and sources found beside the index when both move.
#include "io/virtual_dataset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <vector>

#include "io/hdf5_file.h"
#include "support/temp_dir.h"

namespace evomarket::io {
namespace {

using evomarket::testing::TempDirTest;
namespace fs = std::filesystem;

class VirtualDatasetTest : public TempDirTest {
 protected:
  // A source file with an extendible [rows, 2] int64 and float64 series.
  void write_source(const std::string& name, size_t rows, int64_t offset) {
    File f = File::create(file(name));
    ObservableSeries ints = ObservableSeries::create<int64_t>(f.root().create_group("obs"), "i", 2);
    ObservableSeries reals = ObservableSeries::create<double>(f.root().open_group("obs"), "r", 2);
    for (size_t r = 0; r < rows; ++r) {
      ints.append<int64_t>(static_cast<int64_t>(r), {offset + int64_t(r), -offset});
      reals.append<double>(static_cast<int64_t>(r), {0.5 * double(r), double(offset)});
    }
  }

  template <class T>
  std::vector<T> read_all(const Dataset& d) {
    size_t n = 1;
    for (uint64_t s : d.shape()) n *= s;
    std::vector<T> out(n);
    EXPECT_GE(H5Dread(d.id(), NativeType<T>::id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), 0);
    return out;
  }

  // Three slots: a (3 rows), nothing, b (1 row).
  void write_index(const std::string& index) {
    File out = File::create(index);
    File a = File::open_read(file("a.h5"));
    for (const char* name : {"/obs/i/value", "/obs/r/value"}) {
      create_stacked_dataset(out.root(), name, a.root().open_dataset(name), 3, {3, 2},
                             {{0, "a.h5", name, {3, 2}}, {2, "b.h5", name, {1, 2}}});
    }
  }
};

TEST_F(VirtualDatasetTest, StacksSourcesAndPadsWithFillValues) {
  write_source("a.h5", 3, 10);
  write_source("b.h5", 1, 20);
  write_index(file("index.h5"));

  File index = File::open_read(file("index.h5"));
  const Dataset ints = index.root().open_dataset("/obs/i/value");
  EXPECT_TRUE(is_virtual(ints));
  EXPECT_EQ(ints.shape(), (std::vector<uint64_t>{3, 3, 2}));
  const int64_t fill = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(read_all<int64_t>(ints),
            (std::vector<int64_t>{10, -10, 11, -10, 12, -10,           // a
                                  fill, fill, fill, fill, fill, fill,  // no source
                                  20, -20, fill, fill, fill, fill}));  // b, padded
  EXPECT_EQ(get_attr_string(ints, "fill_value"), "-9223372036854775808");

  const std::vector<double> reals = read_all<double>(index.root().open_dataset("/obs/r/value"));
  EXPECT_EQ(reals[2], 0.5);
  EXPECT_EQ(reals[5], 10.0);
  for (size_t i = 6; i < 12; ++i) EXPECT_TRUE(std::isnan(reals[i])) << i;
  EXPECT_EQ(reals[12], 0.0);
  EXPECT_TRUE(std::isnan(reals[14]));
}

TEST_F(VirtualDatasetTest, FindsSourcesBesideTheIndexAfterAMove) {
  fs::create_directories(dir_ / "sweep");
  write_source("sweep/a.h5", 3, 10);
  write_source("sweep/b.h5", 1, 20);
  {
    File out = File::create(file("sweep/index.h5"));
    File a = File::open_read(file("sweep/a.h5"));
    create_stacked_dataset(
        out.root(), "/obs/i/value", a.root().open_dataset("/obs/i/value"), 2, {3, 2},
        {{0, "a.h5", "/obs/i/value", {3, 2}}, {1, "b.h5", "/obs/i/value", {1, 2}}});
  }
  fs::rename(dir_ / "sweep", dir_ / "moved");
  // Read from elsewhere than the index's folder: the sources are found beside the index.
  File index = File::open_read(file("moved/index.h5"));
  const std::vector<int64_t> v = read_all<int64_t>(index.root().open_dataset("/obs/i/value"));
  EXPECT_EQ(v[0], 10);
  EXPECT_EQ(v[4], 12);
  EXPECT_EQ(v[6], 20);
  EXPECT_EQ(v[7], -20);
}

TEST_F(VirtualDatasetTest, RefusesASourceLargerThanTheItem) {
  write_source("a.h5", 3, 10);
  File out = File::create(file("index.h5"));
  File a = File::open_read(file("a.h5"));
  EXPECT_THROW(create_stacked_dataset(out.root(), "/x", a.root().open_dataset("/obs/i/value"), 1,
                                      {2, 2}, {{0, "a.h5", "/obs/i/value", {3, 2}}}),
               H5Error);
}

TEST(FillValueNote, NamesTheFillOfEachType) {
  EXPECT_EQ(fill_value_note("float64"), "NaN");
  EXPECT_EQ(fill_value_note("int32"), "-2147483648");
  EXPECT_EQ(fill_value_note("uint16"), "65535");
}

}  // namespace
}  // namespace evomarket::io
