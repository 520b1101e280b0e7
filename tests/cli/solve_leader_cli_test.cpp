// End-to-end runs of `evomarket solve leader-pricing` on a store made by `evomarket synth`: JSON
// and text, the results file (dimension scales, never overwritten unasked), the same answer on
// any number of threads, sampled followers, the real OPSD household where present, and bad
// input (exit status 2, naming the option).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/dimension_scales.h"
#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "io/results_file.h"
#include "support/cli_expect.h"
#include "support/opsd.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::expect_bad_input;
using evomarket::testing::json_of;
using evomarket::testing::run_evomarket;

class SolveLeaderCli : public evomarket::testing::TempDirTest {
 protected:
  // A synthetic community of 30 homes, half with PV, over 2 days of 48 slots.
  std::string store() {
    const std::string path = file("community.h5");
    const auto r =
        run_evomarket("synth --out " + path + " --meters 30 --days 2 --pv-share 0.5 --seed 3");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return path;
  }
};

TEST_F(SolveLeaderCli, PricesEverySlotBetweenFeedInAndRetail) {
  const std::string s = store();
  // Elastic enough that the leader draws consumption into the sunny hours below retail.
  const nlohmann::json j =
      json_of("solve leader-pricing --backend cpu --json --elasticity 2 --flex 2 --store " + s);
  ASSERT_EQ(j["prices"].size(), 96u);
  size_t below = 0;
  double profit = 0;
  for (size_t i = 0; i < 96; ++i) {
    const double p = j["prices"][i];
    EXPECT_GE(p, 0.08);
    EXPECT_LE(p, 0.30);
    below += p < 0.30;
    EXPECT_GE(double(j["profit"][i]), 0.0);
    profit += double(j["profit"][i]);
    EXPECT_GE(double(j["follower_gain"][i]), -1e-6);
  }
  EXPECT_GT(below, 0u);  // the sunny hours
  EXPECT_NEAR(double(j["leader_profit"]), profit, 1e-9 * std::max(1.0, profit));
  EXPECT_GT(double(j["leader_profit"]), 0.0);
  EXPECT_EQ(j["followers"], 30);
  EXPECT_EQ(j["followers_are_meters"], true);
  EXPECT_EQ(int(j["class_counts"]["pv"]) + int(j["class_counts"]["plain"]), 30);
  // The community pays the grid less with the leader than without it.
  EXPECT_LE(double(j["grid_bill"]), double(j["baseline"]["grid_bill"]) + 1e-9);

  // At the default, inelastic demand, it keeps retail and earns r - f on the PV it resells.
  const auto text = run_evomarket("solve leader-pricing --backend cpu --store " + s);
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("slots priced below retail: 0 of 96"), std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("leader profit"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("12:00"), std::string::npos) << text.output;
}

TEST_F(SolveLeaderCli, SameAnswerOnAnyNumberOfThreads) {
  const std::string s = store();
  const std::string cmd =
      "solve leader-pricing --backend cpu --json --agents 3001 --max-shift 2 "
      "--scale-min 0.5 --scale-max 2 --battery-share 0.3 --store " +
      s + " --threads ";
  const auto one = run_evomarket(cmd + "1");
  const auto three = run_evomarket(cmd + "3");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(one.output, three.output);
  const nlohmann::json j = nlohmann::json::parse(one.output);
  EXPECT_EQ(j["followers"], 3001);
  EXPECT_EQ(j["followers_are_meters"], false);
  EXPECT_GT(int(j["class_counts"]["battery"]) + int(j["class_counts"]["pv_battery"]), 600);
}

TEST_F(SolveLeaderCli, WritesAResultsFileAndNeverOverwritesUnasked) {
  const std::string s = store();
  const std::string out = file("leader.h5");
  const std::string cmd =
      "solve leader-pricing --backend cpu --days 1 --store " + s + " --out " + out;
  const nlohmann::json j = json_of(cmd + " --json");
  EXPECT_EQ(io::results_status(out), io::kStatusComplete);
  {
    const io::File f = io::File::open_read(out);
    const io::Group g = f.root().open_group("leader_pricing");
    EXPECT_EQ(io::get_attr_string(f.root(), "mode"), "leader_pricing");
    const std::vector<double> price = io::read_vector<double>(g, "price");
    ASSERT_EQ(price.size(), 48u);
    for (size_t i = 0; i < 48; ++i) EXPECT_DOUBLE_EQ(price[i], double(j["prices"][i]));
    EXPECT_EQ(io::read_vector<int64_t>(g, "slot").front(), 0);
    for (const char* name : {"price", "demand", "supply", "leader_profit", "follower_gain"}) {
      EXPECT_EQ(io::dimension_names(g.open_dataset(name)), std::vector<std::string>{"slot"})
          << name;
    }
    EXPECT_NEAR(io::get_attr_double(g, "leader_profit"), double(j["leader_profit"]), 1e-9);
  }
  // A complete file at --out, or a user's file, stays unless --overwrite.
  const auto again = run_evomarket(cmd);
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("--overwrite"), std::string::npos) << again.output;
  const std::string mine = file("mine.txt");
  { std::ofstream(mine) << "my notes\n"; }
  const auto refused =
      run_evomarket("solve leader-pricing --backend cpu --store " + s + " --out " + mine);
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_EQ(read(mine), "my notes\n");
  EXPECT_EQ(run_evomarket(cmd + " --overwrite").exit_code, 0);
  EXPECT_EQ(listing(), (std::vector<std::string>{"community.h5", "leader.h5", "mine.txt"}));
}

TEST_F(SolveLeaderCli, BadInputNamesTheOption) {
  const std::string s = store();
  { std::ofstream(file("mine.txt")) << "not a store\n"; }
  const std::string cmd = "solve leader-pricing --backend cpu --store " + s;
  expect_bad_input("solve leader-pricing --store " + file("absent.h5"), "absent.h5: no such file");
  expect_bad_input("solve leader-pricing --store " + file("mine.txt"), "is not a profile store");
  expect_bad_input(cmd + " --grid-points 2", "--grid-points");
  expect_bad_input(cmd + " --threads -1", "--threads");
  expect_bad_input(cmd + " --out " + file("nowhere/leader.h5"), "nowhere");
  expect_bad_input(cmd + " --elasticity -0.5", "--elasticity: -0.5 for class plain");
  expect_bad_input(cmd + " --flex 1,2,3", "--flex: 3 values");
  expect_bad_input(cmd + " --retail 0.05", "slot 0 has retail 0.05 below feed-in 0.08");
  expect_bad_input(cmd + " --feed-in -0.01", "--feed-in: price -0.01 is outside");
  expect_bad_input(cmd + " --battery-share 1.5", "--battery-share");
  expect_bad_input(cmd + " --scale-max 2", "give them with --agents N");
  expect_bad_input(cmd + " --agents 10 --scale-min 0", "--scale-min 0 and --scale-max 1");
  expect_bad_input(cmd + " --days 3", "--days: 3 days from day 0");
  expect_bad_input("solve leader-pricing --backend gpu --store " + s,
                   "--backend: expected auto, cpu or cuda");
  expect_bad_input(cmd + " --agents 1000000000000", "--agents: 1000000000000; expected at most");
  expect_bad_input(cmd + " --agents 10000000000 --scale-max 1000",
                   "could pass the exact integer sums");
  EXPECT_EQ(listing(), (std::vector<std::string>{"community.h5", "mine.txt"}));
}

// The real household of ../shared/data (one prosumer, hourly), ingested here, driving 2000
// sampled followers over its first week in June 2016.
TEST_F(SolveLeaderCli, RealOpsdHouseholdWhereTheDataIsPresent) {
  if (!std::filesystem::exists(testing::opsd_csv_path())) {
    GTEST_SKIP() << "real data not present: " << testing::opsd_csv_path();
  }
  const std::string s = file("opsd.h5");
  const std::string p = testing::kOpsdPrefix;
  const auto ingest = run_evomarket(
      "ingest " + testing::opsd_csv_path() + " --out " + s +
      " --meter-id KN4 --time-column utc_timestamp --cumulative --label end --load '" + p +
      "grid_import + " + p + "pv - " + p + "grid_export' --pv " + p + "pv --policy fill");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  const nlohmann::json j =
      json_of("solve leader-pricing --backend cpu --json --store " + s +
              " --agents 2000 --scale-min 0.5 --scale-max 1.5 --max-shift 2 --first-day 240 "
              "--days 7");
  ASSERT_EQ(j["prices"].size(), 7u * 24u);
  for (const auto& p : j["prices"]) {
    EXPECT_GE(double(p), 0.08);
    EXPECT_LE(double(p), 0.30);
  }
  EXPECT_GT(double(j["leader_profit"]), 0.0);
  EXPECT_GE(double(j["follower_welfare_gain"]), 0.0);
}

}  // namespace
}  // namespace evomarket
