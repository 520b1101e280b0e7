// Dimension scales: named axes with coordinates as netCDF-4 (and so xarray) reads them.
#include "io/dimension_scales.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/hdf5_attribute.h"
#include "io/hdf5_copy.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_error.h"
#include "io/hdf5_file.h"
#include "io/observable_series.h"
#include "support/temp_dir.h"

namespace evomarket::io {
namespace {

class DimensionScalesTest : public evomarket::testing::TempDirTest {};

TEST_F(DimensionScalesTest, AttachNamesEveryAxis) {
  File f = File::create(file("dims.h5"));
  const Group g = f.root().create_group("table");
  write_strings(g, "strategy", {"ALLC", "ALLD"});
  write_vector(g, "generation", std::vector<int64_t>{0, 1, 2});
  write_matrix(g, "counts", 3, 2, std::vector<int64_t>(6, 1).data());
  make_dimension_scale(g, "strategy");
  make_dimension_scale(g, "generation");
  attach_dimensions(g, "counts", {"generation", "strategy"});
  EXPECT_EQ(dimension_names(g.open_dataset("counts")),
            (std::vector<std::string>{"generation", "strategy"}));
  EXPECT_TRUE(is_dimension_scale(g.open_dataset("strategy")));
  EXPECT_FALSE(is_dimension_scale(g.open_dataset("counts")));
  EXPECT_TRUE(dimension_names(g.open_dataset("strategy")).empty());
  make_bare_dimension(g, "agent", 5);
  EXPECT_TRUE(is_bare_dimension(g.open_dataset("agent")));
  EXPECT_FALSE(is_bare_dimension(g.open_dataset("strategy")));
  EXPECT_EQ(g.open_dataset("agent").shape(), std::vector<uint64_t>{5});
}

TEST_F(DimensionScalesTest, RefusesMissingOrMismatchedScales) {
  File f = File::create(file("dims.h5"));
  const Group g = f.root().create_group("table");
  write_vector(g, "generation", std::vector<int64_t>{0, 1});
  write_matrix(g, "counts", 3, 2, std::vector<int64_t>(6, 1).data());
  EXPECT_THROW(attach_dimensions(g, "counts", {"generation"}), H5Error);  // rank 2
  EXPECT_THROW(attach_dimensions(g, "counts", {"generation", "x"}), H5Error);
  make_dimension_scale(g, "generation");
  try {
    attach_dimensions(g, "counts", {"generation", "generation"});  // 2 entries, 3 rows
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_NE(std::string(e.what()).find("/table/counts"), std::string::npos) << e.what();
  }
}

TEST_F(DimensionScalesTest, SeriesWithNamedAxesUnitsAndRowText) {
  File f = File::create(file("series.h5"));
  const Group obs = f.root().create_group("observables");
  SeriesLayout layout;
  layout.rows = "slot";
  layout.row_text = "slot_start";
  layout.row_text_bytes = 25;
  layout.axes.push_back({"community", 2, {}, true, {}});
  layout.axes.push_back({"quantity", 3, {"a", "b", "c"}, true, {"kWh", "currency", "share"}});
  auto s = ObservableSeries::create<double>(obs, "grid", layout);
  const std::vector<double> row(6, 1.5);
  s.append(0, row, "2016-06-06T00:00:00+02:00");
  s.append(1, row, "2016-06-06T00:30:00+02:00");
  EXPECT_THROW(s.append(2, row), H5Error);  // the text is required
  EXPECT_THROW(s.append(2, row, std::string(26, 'x')), H5Error);
  const Group g = obs.open_group("grid");
  const Dataset value = g.open_dataset("value");
  EXPECT_EQ(value.shape(), (std::vector<uint64_t>{2, 2, 3}));
  EXPECT_EQ(dimension_names(value), (std::vector<std::string>{"slot", "community", "quantity"}));
  EXPECT_EQ(dimension_names(g.open_dataset("slot_start")), std::vector<std::string>{"slot"});
  EXPECT_EQ(dimension_names(g.open_dataset("unit")), std::vector<std::string>{"quantity"});
  EXPECT_EQ(get_attr_string(value, "coordinates"), "slot_start unit");
  EXPECT_FALSE(has_attr(value, "units"));  // one unit per quantity instead
  EXPECT_EQ(read_vector<int64_t>(g, "community"), (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(read_strings(g, "unit"), (std::vector<std::string>{"kWh", "currency", "share"}));

  // Reopened (as a resume does) and copied (as a checkpoint does): the same axes.
  const Group copies = f.root().create_group("copies");
  copy_by_value(obs, "grid", copies, "grid");
  for (const Group& where : {obs, copies}) {
    auto again = ObservableSeries::open(where, "grid");
    EXPECT_EQ(again.row_axis(), "slot");
    EXPECT_EQ(again.item_shape(), (std::vector<size_t>{2, 3}));
    EXPECT_EQ(again.width(), 6u);
    EXPECT_EQ(again.steps(), (std::vector<int64_t>{0, 1}));
    EXPECT_EQ(again.row_texts(),
              (std::vector<std::string>{"2016-06-06T00:00:00+02:00", "2016-06-06T00:30:00+02:00"}));
    EXPECT_EQ(again.values<double>().data, std::vector<double>(12, 1.5));
    EXPECT_EQ(dimension_names(where.open_group("grid").open_dataset("value")),
              (std::vector<std::string>{"slot", "community", "quantity"}));
  }
  auto copied = ObservableSeries::open(copies, "grid");
  copied.append(2, row, "2016-06-06T01:00:00+02:00");
  EXPECT_EQ(copied.size(), 3u);
}

}  // namespace
}  // namespace evomarket::io
