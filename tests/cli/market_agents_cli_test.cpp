// /agents/market end to end: one row per agent of the last generation played, whose sums are
// the generation's aggregates in /observables/market_generation.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::run_evomarket;

class MarketAgentsCli : public evomarket::testing::TempDirTest {};

int64_t sum(const io::Group& g, const std::string& name) {
  int64_t total = 0;
  for (int64_t v : io::read_vector<int64_t>(g, name)) total += v;
  return total;
}

TEST_F(MarketAgentsCli, OneRowPerAgentSummingToTheAggregates) {
  const auto r =
      run_evomarket("run --quiet --out " + file("m.h5") +
                    " --set market.agents=600 --set market.community_size=50 --set market.days=2"
                    " --set market.battery.share=0.3 --set market.mechanism='\"pay_as_bid\"'"
                    " --set market.per_community=true --set output.community_counts=true");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  io::File f = io::File::open_read(file("m.h5"));
  const io::Group agents = f.root().open_group("agents/market");
  EXPECT_EQ(io::get_attr_int(agents, "generation"), 1);
  for (const char* name :
       {"strategy", "community", "pv_owner", "battery_owner", "fitness", "load", "pv", "bought",
        "sold", "paid", "received", "grid_import", "grid_export", "grid_money", "grid_only_money",
        "contract_savings", "savings", "potential"}) {
    EXPECT_EQ(agents.open_dataset(name).shape(), std::vector<uint64_t>{600}) << name;
  }
  EXPECT_EQ(io::read_vector<int64_t>(agents, "community")[599], 11);

  const io::Group series = f.root().open_group("observables/market_generation");
  const std::vector<std::string> quantities = io::read_strings(series, "quantity");
  const io::Matrix<double> value = io::read_matrix<double>(series, "value");
  const auto last = [&](const std::string& name) {
    for (size_t c = 0; c < quantities.size(); ++c) {
      if (quantities[c] == name) return value(value.rows - 1, c);
    }
    ADD_FAILURE() << "no quantity " << name;
    return 0.0;
  };
  const double mwh_per_kwh = 1e6, pico = 1e12;
  EXPECT_EQ(sum(agents, "bought"), sum(agents, "sold"));
  EXPECT_DOUBLE_EQ(double(sum(agents, "sold")) / mwh_per_kwh, last("traded_kwh"));
  EXPECT_DOUBLE_EQ(double(sum(agents, "grid_import")) / mwh_per_kwh, last("grid_import_kwh"));
  EXPECT_DOUBLE_EQ(double(sum(agents, "grid_export")) / mwh_per_kwh, last("grid_export_kwh"));
  EXPECT_DOUBLE_EQ(double(sum(agents, "load")) / mwh_per_kwh, last("load_kwh"));
  EXPECT_DOUBLE_EQ(double(sum(agents, "pv")) / mwh_per_kwh, last("pv_kwh"));
  EXPECT_DOUBLE_EQ(double(sum(agents, "savings")) / pico, last("savings"));
  EXPECT_DOUBLE_EQ(double(sum(agents, "paid") - sum(agents, "received")) / pico,
                   last("operator_surplus"));
  EXPECT_DOUBLE_EQ(-double(sum(agents, "grid_only_money")) / pico, last("grid_only_cost"));

  // Per community in the last generation: supply, demand, traded and savings, and savings per
  // (community, strategy); each community's savings are its agents'.
  const io::Group obs = f.root().open_group("observables");
  size_t dims[3], sdims[3];
  const std::vector<double> communities =
      io::read_array3<double>(obs.open_group("community_generation"), "value", dims);
  const std::vector<double> by_strategy =
      io::read_array3<double>(obs.open_group("community_strategy_savings"), "value", sdims);
  ASSERT_EQ(dims[1], 12u);
  ASSERT_EQ(dims[2], 4u);
  ASSERT_EQ(sdims[1], 12u);
  const std::vector<int64_t> community = io::read_vector<int64_t>(agents, "community");
  const std::vector<int64_t> savings = io::read_vector<int64_t>(agents, "savings");
  double traded = 0, strategy_savings = 0;
  for (size_t c = 0; c < 12; ++c) {
    const double* row = &communities[((dims[0] - 1) * 12 + c) * 4];
    int64_t own = 0;
    for (size_t a = 0; a < community.size(); ++a)
      own += community[a] == int64_t(c) ? savings[a] : 0;
    EXPECT_DOUBLE_EQ(row[3], double(own) / pico) << "community " << c;
    double split = 0;
    for (size_t k = 0; k < sdims[2]; ++k)
      split += by_strategy[((sdims[0] - 1) * 12 + c) * sdims[2] + k];
    EXPECT_NEAR(split, row[3], 1e-9) << "community " << c;
    EXPECT_LE(row[2], std::min(row[0], row[1]) + 1e-12);
    traded += row[2];
    strategy_savings += split;
  }
  EXPECT_NEAR(traded, last("traded_kwh"), 1e-9);
  EXPECT_NEAR(strategy_savings, last("savings"), 1e-9);
}

// output.snapshot_every = K: /agents/market_history holds generations 0, K, 2K, ...; each row
// sums to that generation's aggregates, counts its strategies, and the last row recorded is
// /agents/market when the last generation is a multiple of K.
TEST_F(MarketAgentsCli, SnapshotsEveryKGenerationsSumToEachGenerationsAggregates) {
  const auto r = run_evomarket(
      "run --quiet --out " + file("m.h5") +
      " --set market.agents=400 --set market.community_size=40 --set market.days=1"
      " --set market.generations=5 --set output.snapshot_every=2 --set market.battery.share=0.3");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  io::File f = io::File::open_read(file("m.h5"));
  const io::Group history = f.root().open_group("agents/market_history");
  EXPECT_EQ(io::get_attr_int(history, "every"), 2);
  for (const char* name : {"community", "battery_owner"}) EXPECT_FALSE(history.has_group(name));
  const io::Matrix<int64_t> strategy =
      io::read_matrix<int64_t>(history.open_group("strategy"), "value");
  const io::Matrix<int64_t> savings =
      io::read_matrix<int64_t>(history.open_group("savings"), "value");
  const io::Matrix<int64_t> sold = io::read_matrix<int64_t>(history.open_group("sold"), "value");
  const io::Matrix<double> fitness =
      io::read_matrix<double>(history.open_group("fitness"), "value");
  EXPECT_EQ(io::read_vector<int64_t>(history.open_group("savings"), "generation"),
            (std::vector<int64_t>{0, 2, 4}));
  ASSERT_EQ(savings.rows, 3u);
  ASSERT_EQ(savings.cols, 400u);
  ASSERT_EQ(fitness.cols, 400u);

  const io::Group obs = f.root().open_group("observables");
  const io::Group generation = obs.open_group("market_generation");
  const std::vector<std::string> quantities = io::read_strings(generation, "quantity");
  const io::Matrix<double> value = io::read_matrix<double>(generation, "value");
  const io::Matrix<int64_t> counts =
      io::read_matrix<int64_t>(obs.open_group("strategy_counts"), "value");
  const auto column = [&](const std::string& name) {
    return size_t(std::find(quantities.begin(), quantities.end(), name) - quantities.begin());
  };
  for (size_t row = 0; row < 3; ++row) {
    const size_t g = 2 * row;
    int64_t total = 0, traded = 0;
    std::vector<int64_t> per_strategy(counts.cols, 0);
    for (size_t a = 0; a < 400; ++a) {
      total += savings(row, a);
      traded += sold(row, a);
      ++per_strategy.at(static_cast<size_t>(strategy(row, a)));
    }
    EXPECT_DOUBLE_EQ(double(total) / 1e12, value(g, column("savings"))) << "generation " << g;
    EXPECT_DOUBLE_EQ(double(traded) / 1e6, value(g, column("traded_kwh"))) << "generation " << g;
    for (size_t s = 0; s < counts.cols; ++s) EXPECT_EQ(per_strategy[s], counts(g, s));
  }
  const io::Group last = f.root().open_group("agents/market");
  EXPECT_EQ(io::get_attr_int(last, "generation"), 4);
  const std::vector<int64_t> final_savings = io::read_vector<int64_t>(last, "savings");
  EXPECT_TRUE(std::equal(final_savings.begin(), final_savings.end(), &savings(2, 0)));
  const std::vector<double> final_fitness = io::read_vector<double>(last, "fitness");
  EXPECT_TRUE(std::equal(final_fitness.begin(), final_fitness.end(), &fitness(2, 0)));
}

}  // namespace
}  // namespace evomarket
