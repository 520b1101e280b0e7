// End-to-end runs of `evomarket solve cournot|stackelberg`: the seed's duopoly in text and JSON,
// and the errors (exit status 2) for invalid demand and costs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/cli_expect.h"
#include "support/run_cli.h"

namespace evomarket {
namespace {

using evomarket::testing::expect_bad_input;
using evomarket::testing::json_of;

using evomarket::testing::run_evomarket;
using Result = evomarket::testing::CliResult;

TEST(SolveOligopolyCli, CournotSeedDuopolyJson) {
  const nlohmann::json j = json_of("solve cournot --demand 120,0.5 --costs 10,12 --json");
  ASSERT_EQ(j["quantities"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["quantities"][0].get<double>(), 224.0 / 3);
  EXPECT_DOUBLE_EQ(j["quantities"][1].get<double>(), 212.0 / 3);
  EXPECT_DOUBLE_EQ(j["price"].get<double>(), 142.0 / 3);
  EXPECT_DOUBLE_EQ(j["profits"][0].get<double>(), 25088.0 / 9);
  EXPECT_EQ(j["price_exact"], "142/3");
}

TEST(SolveOligopolyCli, CournotTextMarksAFirmPricedOut) {
  const Result r = run_evomarket("solve cournot --demand 100,1 --costs 10,20,90");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("price 43.333333 (130/3)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("priced out"), std::string::npos) << r.output;
}

TEST(SolveOligopolyCli, StackelbergSeedDuopolyLeaderFirst) {
  const nlohmann::json j =
      json_of("solve stackelberg --demand 120,0.5 --leader-cost 10 --follower-costs 12 --json");
  EXPECT_EQ(j["quantities"], (std::vector<double>{112, 52}));
  EXPECT_EQ(j["price"], 38.0);
  EXPECT_EQ(j["profits"], (std::vector<double>{3136, 1352}));
  const Result text =
      run_evomarket("solve stackelberg --demand 120,0.5 --leader-cost 10 --follower-costs 12");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("leader"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("price 38.000000 (38)"), std::string::npos) << text.output;
}

TEST(SolveOligopolyCli, InvalidMarketsAreBadInput) {
  expect_bad_input("solve cournot --demand 120,0 --costs 10", "--demand: slope B = 0");
  expect_bad_input("solve cournot --demand 120,-0.5 --costs 10", "expected B > 0");
  expect_bad_input("solve cournot --demand -1,0.5 --costs 10", "expected A > 0");
  expect_bad_input("solve cournot --demand 120 --costs 10", "--demand: 1 numbers; expected two");
  expect_bad_input("solve cournot --demand 120,x --costs 10", "--demand: entry 2 \"x\"");
  expect_bad_input("solve cournot --demand 120,0.5 --costs 10,-1",
                   "--costs: entry 2 is -1; expected marginal costs >= 0");
  expect_bad_input("solve cournot --demand 120,0.5 --costs 10,,12", "--costs: entry 2 \"\"");
  expect_bad_input("solve stackelberg --demand 120,0.5 --leader-cost -3 --follower-costs 12",
                   "--leader-cost: entry 1 is -3");
  expect_bad_input("solve stackelberg --demand 120,0.5 --leader-cost 1,2 --follower-costs 12",
                   "--leader-cost: 2 numbers");
  expect_bad_input("solve stackelberg --demand 120,0.5 --leader-cost 1 --follower-costs 3,-2",
                   "--follower-costs: entry 2 is -2");
  expect_bad_input("solve stackelberg --demand 120,0.5 --leader-cost 1", "--follower-costs");
}

}  // namespace
}  // namespace evomarket
