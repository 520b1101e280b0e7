// End-to-end runs of `evomarket solve nash`: text and JSON output of the seed's games, a
// degenerate game, --check, and the errors (exit status 2) for malformed games and profiles.
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

const std::string kStoplight = "solve nash --a \"-5,1;-1,-2\" --b \"-5,-1;1,-2\"";

TEST(SolveNashCli, StoplightJsonHasThreeEquilibria) {
  const nlohmann::json j = json_of(kStoplight + " --json");
  EXPECT_EQ(j["degenerate"], false);
  ASSERT_EQ(j["equilibria"].size(), 3u) << j.dump();
  const nlohmann::json& mixed = j["equilibria"][2];
  EXPECT_EQ(mixed["row_exact"], (std::vector<std::string>{"3/7", "4/7"}));
  EXPECT_EQ(mixed["col_exact"], (std::vector<std::string>{"3/7", "4/7"}));
  EXPECT_DOUBLE_EQ(mixed["row"][0].get<double>(), 3.0 / 7.0);
  EXPECT_DOUBLE_EQ(mixed["payoff_row"].get<double>(), -11.0 / 7.0);
  EXPECT_DOUBLE_EQ(mixed["payoff_col"].get<double>(), -11.0 / 7.0);
  EXPECT_EQ(j["equilibria"][0]["row_exact"], (std::vector<std::string>{"1", "0"}));
  EXPECT_EQ(j["equilibria"][0]["col_exact"], (std::vector<std::string>{"0", "1"}));
  EXPECT_DOUBLE_EQ(j["equilibria"][0]["payoff_row"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["equilibria"][0]["payoff_col"].get<double>(), -1.0);
}

TEST(SolveNashCli, CoordinationGameInText) {
  const Result r = run_evomarket("solve nash --a \"1,0;0,2\" --b \"1,0;0,2\"");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("nondegenerate game: 3 equilibria"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("row (x): 2/3, 1/3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("payoffs: row 2, col 2"), std::string::npos) << r.output;
}

TEST(SolveNashCli, DegenerateGameSaysSoAndNumbersItsComponents) {
  const nlohmann::json j = json_of("solve nash --a \"3,3;2,5;0,6\" --b \"3,3;2,6;3,1\" --json");
  EXPECT_EQ(j["degenerate"], true);
  EXPECT_EQ(j["components"], 2);
  ASSERT_EQ(j["equilibria"].size(), 3u);
  EXPECT_EQ(j["equilibria"][0]["component"], 0);
  EXPECT_EQ(j["equilibria"][1]["component"], 0);
  EXPECT_EQ(j["equilibria"][2]["component"], 1);
  const Result text = run_evomarket("solve nash --a \"0,0;0,0\" --b \"0,0;0,0\"");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("degenerate game: 4 extreme equilibria in 1 component;"),
            std::string::npos)
      << text.output;
}

TEST(SolveNashCli, DecimalAndFractionEntriesAreExact) {
  // The stoplight game scaled by 1/10 for the row player: the same equilibria.
  const nlohmann::json j =
      json_of("solve nash --a \"-0.5,1/10;-0.1,-0.2\" --b \"-5,-1;1,-2\" --json");
  ASSERT_EQ(j["equilibria"].size(), 3u);
  EXPECT_EQ(j["equilibria"][2]["row_exact"], (std::vector<std::string>{"3/7", "4/7"}));
  EXPECT_EQ(j["equilibria"][2]["payoff_row_exact"], "-11/70");
}

TEST(SolveNashCli, CheckTellsTheGainOfEachPlayer) {
  const Result nash = run_evomarket(kStoplight + " --check 3/7,4/7 3/7,4/7");
  ASSERT_EQ(nash.exit_code, 0) << nash.output;
  EXPECT_NE(nash.output.find("a Nash equilibrium (epsilon = 0)"), std::string::npos) << nash.output;
  const nlohmann::json j = json_of(kStoplight + " --check 0.5,0.5 1/2,1/2 --json");
  EXPECT_EQ(j["nash"], false);
  EXPECT_EQ(j["gain_row_exact"], "1/4");
  EXPECT_EQ(j["gain_col_exact"], "1/4");
  EXPECT_EQ(j["epsilon_exact"], "1/4");
  EXPECT_DOUBLE_EQ(j["epsilon"].get<double>(), 0.25);
  EXPECT_EQ(j["best_responses_row"], (std::vector<int>{1}));
  const Result text = run_evomarket(kStoplight + " --check 1,0 1,0");
  ASSERT_EQ(text.exit_code, 0) << text.output;
  // Both Go: each would gain 4 by stopping (-1 instead of -5).
  EXPECT_NE(text.output.find("epsilon-equilibrium for epsilon >= 4"), std::string::npos)
      << text.output;
}

TEST(SolveNashCli, MalformedGamesAreBadInput) {
  expect_bad_input("solve nash --a \"1,2;3\" --b \"1,2;3,4\"", "--a: row 2 has 1 entries");
  expect_bad_input("solve nash --a \"1,2;3,4\" --b \"1,x;3,4\"",
                   "--b: row 1, entry 2 \"x\" is not a number");
  expect_bad_input("solve nash --a \"1,2;3,4\" --b \"1,2,3;4,5,6\"",
                   "--b: 2 rows of 3 entries but --a has 2 rows of 2");
  expect_bad_input("solve nash --a \"1,2;3,4\" --b \"1,2\"", "expected matrices of one shape");
  expect_bad_input("solve nash --a \"1/0,2;3,4\" --b \"1,2;3,4\"", "\"1/0\" is not a number");
  expect_bad_input("solve nash --a \"1,2;3,4\"", "--b is required");
}

TEST(SolveNashCli, MalformedProfilesAreBadInput) {
  expect_bad_input(kStoplight + " --check 1/2,1/3 1,0", "--check ROW: probabilities sum to 5/6");
  expect_bad_input(kStoplight + " --check 1,0 1,0,0", "--check COL: expected 2 probabilities");
  expect_bad_input(kStoplight + " --check 1.5,-0.5 1,0", "--check ROW: probability -1/2 < 0");
  expect_bad_input(kStoplight + " --check 1,0 a,b", "--check COL: entry 1 \"a\" is not a number");
  expect_bad_input(kStoplight + " --check 1,0", "--check");
}

}  // namespace
}  // namespace evomarket
