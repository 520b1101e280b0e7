// Network fees end to end (docs/market.md, "Network fees"): equal import and community fees
// cancel in the savings, the grid-only cost and the fees paid grow by the import fee times the
// demand, and fees that would make local trade worse than the grid are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "io/hdf5_strings.h"
#include "support/cli_expect.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::expect_bad_input;
using evomarket::testing::run_evomarket;

class NetworkFeesCli : public evomarket::testing::TempDirTest {};

constexpr const char* kSmall =
    " --quiet --set market.agents=500 --set market.community_size=50 --set market.days=2";

struct Series {
  std::vector<std::string> quantities;
  io::Matrix<double> value;
  double at(size_t row, const std::string& name) const {
    const auto c = std::find(quantities.begin(), quantities.end(), name) - quantities.begin();
    return value(row, static_cast<size_t>(c));
  }
};

Series series(const io::File& f, const std::string& name) {
  const io::Group g = f.root().open_group("observables/" + name);
  return {io::read_strings(g, "quantity"), io::read_matrix<double>(g, "value")};
}

TEST_F(NetworkFeesCli, EqualFeesCancelInTheSavingsAndChargeTheDemand) {
  ASSERT_EQ(run_evomarket("run --out " + file("plain.h5") + kSmall).exit_code, 0);
  const auto r = run_evomarket("run --out " + file("fees.h5") + kSmall +
                               " --set market.import_fee=0.1 --set market.community_fee=0.1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("network fees per agent and day"), std::string::npos) << r.output;
  io::File plain = io::File::open_read(file("plain.h5"));
  io::File fees = io::File::open_read(file("fees.h5"));
  EXPECT_EQ(
      io::read_matrix<int64_t>(plain.root().open_group("observables/strategy_counts"), "value")
          .data,
      io::read_matrix<int64_t>(fees.root().open_group("observables/strategy_counts"), "value")
          .data);
  const Series a = series(plain, "market_generation");
  const Series b = series(fees, "market_generation");
  const Series slots = series(fees, "market_slot");
  const size_t slots_per_generation = slots.value.rows / b.value.rows;
  for (size_t g = 0; g < b.value.rows; ++g) {
    double demand = 0;
    for (size_t t = 0; t < slots_per_generation; ++t) {
      demand += slots.at(g * slots_per_generation + t, "demand_kwh");
    }
    EXPECT_DOUBLE_EQ(a.at(g, "savings"), b.at(g, "savings"));
    EXPECT_DOUBLE_EQ(a.at(g, "traded_kwh"), b.at(g, "traded_kwh"));
    EXPECT_EQ(a.at(g, "network_fees"), 0.0);
    // Traded and imported energy together are the demand: each pays 0.1 a kWh.
    EXPECT_NEAR(b.at(g, "network_fees"), 0.1 * demand, 1e-6);
    EXPECT_NEAR(b.at(g, "grid_only_cost") - a.at(g, "grid_only_cost"), 0.1 * demand, 1e-6);
  }
}

TEST_F(NetworkFeesCli, FeesThatMakeLocalTradeWorseThanTheGridAreRefused) {
  const std::string run = std::string("run --out ") + file("x.h5") + kSmall;
  expect_bad_input(run + " --set market.community_fee=0.25",
                   "market.community_fee: expected at most retail + import fee - feed-in tariff");
  // With an import fee the same community fee is fine.
  const auto ok =
      run_evomarket(run + " --set market.community_fee=0.25 --set market.import_fee=0.1");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  expect_bad_input(run + " --overwrite --set market.import_fee=[0.1,0.2]",
                   "market.import_fee: expected one price or one per slot of the day");
  expect_bad_input(run + " --overwrite --set market.community_fee=-0.1", "market.community_fee");
}

}  // namespace
}  // namespace evomarket
