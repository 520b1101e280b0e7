// A market on a store of net energy only (ingest --net): it trades, and every output that needs
// gross load and PV separately is NaN with an attribute saying why (issue 11 item 4).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::run_evomarket;

class NetOnlyMarket : public evomarket::testing::TempDirTest {};

TEST_F(NetOnlyMarket, TradesAndLeavesGrossQuantitiesNaNWithTheReason) {
  // Four meters, one day of 30-minute slots: two export at midday, two import all day.
  std::ofstream csv(file("net.csv"));
  csv << "meter,time,net\n";
  for (int m = 0; m < 4; ++m) {
    for (int s = 0; s < 48; ++s) {
      const bool midday = s >= 18 && s < 30;
      const double net = m < 2 ? (midday ? 0.8 : -0.2) : -0.3;
      char time[32];
      std::snprintf(time, sizeof time, "2021-03-01T%02d:%02d:00Z", s / 2, (s % 2) * 30);
      csv << "m" << m << "," << time << "," << net << "\n";
    }
  }
  csv.close();
  const auto ingest =
      run_evomarket("ingest " + file("net.csv") + " --out " + file("net.h5") +
                    " --meter-column meter --time-column time --net net --label start");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  std::ofstream(file("m.toml")) << "[experiment]\nmode = \"market\"\nseed = 5\n[market]\n"
                                   "profiles = \"net.h5\"\nagents = 8\ncommunity_size = 4\n"
                                   "days = 1\ngenerations = 2\n";
  const auto run = run_evomarket("run " + file("m.toml") + " --out " + file("m.h5"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("self-sufficiency and self-consumption unknown"), std::string::npos)
      << run.output;

  io::File f = io::File::open_read(file("m.h5"));
  const io::Group series = f.root().open_group("observables/market_generation");
  const std::vector<std::string> columns = io::read_strings(series, "quantity");
  const io::Matrix<double> value = io::read_matrix<double>(series, "value");
  ASSERT_EQ(value.rows, 2u);
  const auto column = [&](const std::string& name) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c] == name) return value(1, c);
    }
    ADD_FAILURE() << "no column " << name;
    return 0.0;
  };
  for (const char* unknown :
       {"load_kwh", "pv_kwh", "self_sufficiency", "self_consumption",
        "self_sufficiency_without_market", "self_consumption_without_market"}) {
    EXPECT_TRUE(std::isnan(column(unknown))) << unknown;
  }
  EXPECT_GT(column("traded_kwh"), 0.0);  // exporters sell to importers at midday
  EXPECT_GT(column("grid_import_kwh"), 0.0);
  const std::string why = io::get_attr_string(series, "nan_columns");
  EXPECT_NE(why.find("net energy only"), std::string::npos) << why;
}

}  // namespace
}  // namespace evomarket
