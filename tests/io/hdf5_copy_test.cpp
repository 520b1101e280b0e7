// copy_by_value: what a checkpoint copies out of a live (SWMR) results file arrives whole: the
// groups, every dataset's values, type, shape and chunking, and every attribute.
#include "io/hdf5_copy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "io/hdf5_file.h"
#include "io/results_file.h"
#include "support/temp_dir.h"

namespace evomarket::io {
namespace {

class CopyByValue : public evomarket::testing::TempDirTest {};

TEST_F(CopyByValue, CopiesAGroupTreeOutOfALiveFile) {
  RunMetadata meta;
  meta.mode = "population";
  ResultsFile results = ResultsFile::create(file("results.h5"), meta);
  const Group agents = results.root().create_group("agents");
  set_attr(agents, "note", "kept");
  auto counts = std::make_unique<ObservableSeries>(
      ObservableSeries::create<int64_t>(agents, "counts", 3, "agents", {"a", "b", "c"}));
  auto shares = std::make_unique<ObservableSeries>(
      ObservableSeries::create<double>(agents.create_group("deeper"), "shares", 2, "share"));
  set_attr(shares->group(), "strategies", int64_t{2});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  counts->append(0, std::vector<int64_t>{1, 2, 3});
  shares->append(0, std::vector<double>{0.5, nan});
  results.start_live();  // as a checkpoint finds it
  counts->append(1, std::vector<int64_t>{4, 5, 6});
  shares->append(1, std::vector<double>{0.25, 0.75});
  results.flush();

  {
    File copy = File::create(file("copy.h5"));
    copy_by_value(results.root(), "agents", copy.root().create_group("recorded"), "agents");
  }
  const File copy = File::open_read(file("copy.h5"));
  const Group copied = copy.root().open_group("recorded/agents");
  EXPECT_EQ(get_attr_string(copied, "note"), "kept");
  const ObservableSeries c = ObservableSeries::open(copied, "counts");
  EXPECT_EQ(c.steps(), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(c.values<int64_t>().data, (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(read_strings(copied.open_group("counts"), "column"),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(get_attr_string(copied.open_group("counts"), "unit"), "agents");
  const ObservableSeries s = ObservableSeries::open(copied.open_group("deeper"), "shares");
  const std::vector<double> values = s.values<double>().data;
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0], 0.5);
  EXPECT_TRUE(std::isnan(values[1]));
  EXPECT_EQ(values[3], 0.75);
  EXPECT_EQ(get_attr_int(s.group(), "strategies"), 2);
  // Still chunked, compressed and extendible, like the original.
  const Dataset value = copied.open_group("counts").open_dataset("value");
  Handle dcpl(H5Dget_create_plist(value.id()), H5Pclose);
  EXPECT_EQ(H5Pget_layout(dcpl.id()), H5D_CHUNKED);
  EXPECT_EQ(H5Pget_nfilters(dcpl.id()), 2);  // shuffle + deflate
  Handle space(H5Dget_space(value.id()), H5Sclose);
  hsize_t dims[2], max[2];
  H5Sget_simple_extent_dims(space.id(), dims, max);
  EXPECT_EQ(max[0], H5S_UNLIMITED);
}

}  // namespace
}  // namespace evomarket::io
