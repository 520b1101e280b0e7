// ObservableSeries: append, read back, layout, type checks, reopen for resume.
#include "io/observable_series.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include "support/temp_dir.h"

#include <filesystem>
#include <string>

#include "io/hdf5_file.h"

namespace evomarket::io {
namespace {

namespace fs = std::filesystem;

class ObservableSeriesTest : public evomarket::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = file("series.h5");
  }

  std::string path_;
};

struct Layout {
  H5D_layout_t layout{};
  std::vector<hsize_t> chunk;
  std::vector<hsize_t> max_dims;
  std::vector<H5Z_filter_t> filters;
};

Layout layout_of(const Dataset& d) {
  Layout out;
  Handle dcpl(H5Dget_create_plist(d.id()), H5Pclose);
  Handle space(H5Dget_space(d.id()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  out.layout = H5Pget_layout(dcpl.id());
  out.chunk.assign(static_cast<size_t>(rank), 0);
  out.max_dims.assign(static_cast<size_t>(rank), 0);
  H5Pget_chunk(dcpl.id(), rank, out.chunk.data());
  H5Sget_simple_extent_dims(space.id(), nullptr, out.max_dims.data());
  for (int i = 0; i < H5Pget_nfilters(dcpl.id()); ++i) {
    unsigned flags = 0;
    size_t n = 0;
    unsigned config = 0;
    out.filters.push_back(H5Pget_filter2(dcpl.id(), static_cast<unsigned>(i), &flags, &n, nullptr,
                                         0, nullptr, &config));
  }
  return out;
}

TEST_F(ObservableSeriesTest, AppendThousandStepsReadsBackExactly) {
  constexpr size_t kWidth = 12;
  constexpr int64_t kSteps = 1000;
  {
    File f = File::create(path_);
    Group obs = f.root().create_group("observables");
    auto series = ObservableSeries::create<int64_t>(obs, "strategy_counts", kWidth, "agents");
    std::vector<int64_t> row(kWidth);
    for (int64_t s = 0; s < kSteps; ++s) {
      for (size_t c = 0; c < kWidth; ++c) row[c] = s * 100 + static_cast<int64_t>(c);
      series.append(s * 10, row.data());
    }
    EXPECT_EQ(series.size(), static_cast<size_t>(kSteps));
    EXPECT_EQ(series.width(), kWidth);
    EXPECT_EQ(series.last_step(), (kSteps - 1) * 10);
  }
  File f = File::open_read(path_);
  Group root = f.root();
  const std::vector<int64_t> steps = read_vector<int64_t>(root, "observables/strategy_counts/step");
  const Matrix<int64_t> values = read_matrix<int64_t>(root, "observables/strategy_counts/value");
  ASSERT_EQ(steps.size(), static_cast<size_t>(kSteps));
  ASSERT_EQ(values.rows, static_cast<size_t>(kSteps));
  ASSERT_EQ(values.cols, kWidth);
  for (int64_t s = 0; s < kSteps; ++s) {
    ASSERT_EQ(steps[static_cast<size_t>(s)], s * 10);
    for (size_t c = 0; c < kWidth; ++c) {
      ASSERT_EQ(values(static_cast<size_t>(s), c), s * 100 + static_cast<int64_t>(c));
    }
  }
  EXPECT_EQ(get_attr_string(root.open_group("observables/strategy_counts"), "unit"), "agents");
  EXPECT_FALSE(root.has("observables/strategy_counts/columns"));

  for (const char* name :
       {"observables/strategy_counts/step", "observables/strategy_counts/value"}) {
    const Layout l = layout_of(root.open_dataset(name));
    EXPECT_EQ(l.layout, H5D_CHUNKED) << name;
    EXPECT_EQ(l.filters, (std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE}))
        << name;
    EXPECT_EQ(l.max_dims[0], H5S_UNLIMITED) << name;
    EXPECT_GT(l.chunk[0], 1u) << name;  // chunked along time
  }
  EXPECT_EQ(layout_of(root.open_dataset("observables/strategy_counts/value")).chunk[1], kWidth);
}

TEST_F(ObservableSeriesTest, ColumnsAndFloatValues) {
  File f = File::create(path_);
  Group obs = f.root().create_group("observables");
  auto s = ObservableSeries::create<double>(obs, "mean_payoff", 2, "EUR", {"buyers", "sellers"});
  s.append(0, std::vector<double>{0.5, -1.25});
  s.append(1, std::vector<double>{1e-300, 1e300});
  EXPECT_EQ(read_strings(obs, "mean_payoff/column"),
            (std::vector<std::string>{"buyers", "sellers"}));
  EXPECT_EQ(s.steps(), (std::vector<int64_t>{0, 1}));
  const Matrix<double> v = s.values<double>();
  EXPECT_EQ(v.data, (std::vector<double>{0.5, -1.25, 1e-300, 1e300}));
  EXPECT_EQ(s.element_type(), "float64");
}

TEST_F(ObservableSeriesTest, AppendChecksTypeWidthAndStepOrder) {
  File f = File::create(path_);
  Group obs = f.root().create_group("observables");
  auto s = ObservableSeries::create<int32_t>(obs, "volume", 3);
  const int32_t ok[3] = {1, 2, 3};
  s.append(5, ok);
  const int64_t wrong_type[3] = {1, 2, 3};
  try {
    s.append(6, wrong_type);
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("/observables/volume/value"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("int64"), std::string::npos) << e.what();
  }
  const float wrong_float[3] = {1, 2, 3};
  EXPECT_THROW(s.append(6, wrong_float), H5Error);
  EXPECT_THROW(s.append(6, std::vector<int32_t>{1, 2}), H5Error);  // width 3
  EXPECT_THROW(s.append(5, ok), H5Error);                          // step must increase
  EXPECT_EQ(s.size(), 1u);  // nothing half-written by the failed appends
  EXPECT_EQ(read_vector<int64_t>(obs, "volume/step").size(), 1u);
}

TEST_F(ObservableSeriesTest, CreateRejectsBadArguments) {
  File f = File::create(path_);
  Group obs = f.root().create_group("observables");
  EXPECT_THROW(ObservableSeries::create<double>(obs, "w0", 0), H5Error);
  EXPECT_THROW(ObservableSeries::create<double>(obs, "cols", 2, "", {"only one"}), H5Error);
  ObservableSeries::create<double>(obs, "dup", 1);
  EXPECT_THROW(ObservableSeries::create<double>(obs, "dup", 1), H5Error);
}

TEST_F(ObservableSeriesTest, OpenResumesAndTruncates) {
  {
    File f = File::create(path_);
    auto s = ObservableSeries::create<uint16_t>(f.root().create_group("observables"), "n", 2);
    for (int64_t step = 0; step < 10; ++step) {
      const uint16_t row[2] = {static_cast<uint16_t>(step), 7};
      s.append(step, row);
    }
  }
  {
    File f = File::open_rw(path_);
    auto s = ObservableSeries::open(f.root().open_group("observables"), "n");
    EXPECT_EQ(s.size(), 10u);
    EXPECT_EQ(s.width(), 2u);
    EXPECT_EQ(s.last_step(), 9);
    EXPECT_EQ(s.element_type(), "uint16");
    s.truncate(6);  // back to a checkpoint at step 5
    EXPECT_EQ(s.last_step(), 5);
    EXPECT_THROW(s.append(5, std::vector<uint16_t>{0, 0}), H5Error);
    s.append(6, std::vector<uint16_t>{60, 61});
    EXPECT_THROW(s.append(7, std::vector<int16_t>{0, 0}), H5Error);  // stored type kept
  }
  File f = File::open_read(path_);
  auto s = ObservableSeries::open(f.root().open_group("observables"), "n");
  EXPECT_EQ(s.steps(), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6}));
  const Matrix<uint16_t> v = s.values<uint16_t>();
  ASSERT_EQ(v.rows, 7u);
  EXPECT_EQ(v(6, 0), 60);
  EXPECT_EQ(v(5, 1), 7);
  EXPECT_THROW(ObservableSeries::open(f.root().open_group("observables"), "absent"), H5Error);
}

}  // namespace
}  // namespace evomarket::io
