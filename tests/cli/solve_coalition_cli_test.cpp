// End-to-end runs of `evomarket solve shapley|core`: game files in JSON and text, sampled values
// with their intervals, an empty and a non-empty core, the energy coalition game of a synthetic
// profile store, and bad input (exit status 2, naming file:line or the option).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/cli_expect.h"
#include "support/coalition_games.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::expect_bad_input;
using evomarket::testing::json_of;

using Result = evomarket::testing::CliResult;

constexpr const char* kGlove =
    "coalition,value\nL,0\nR1,0\nR2,0\nL+R1,1\nL+R2,1\nR1+R2,0\nL+R1+R2,1\n";
constexpr const char* kMajority = "coalition,value\nA,0\nB,0\nC,0\nA+B,1\nA+C,1\nB+C,1\nA+B+C,1\n";
constexpr const char* kHalfPairs =
    "coalition,value\nA,0\nB,0\nC,0\nA+B,1/2\nA+C,0.5\nB+C,0.5\nA+B+C,1\n";

class SolveCoalitionCli : public evomarket::testing::TempDirTest {
 protected:
  std::string game(const std::string& name, const std::string& text) {
    const std::string path = file(name);
    std::ofstream(path) << text;
    return path;
  }
  Result evomarket(const std::string& args) { return evomarket::testing::run_evomarket(args); }
  // A synthetic community of 6 homes, half with PV, over 2 days.
  std::string store() {
    const std::string path = file("community.h5");
    const Result r =
        evomarket("synth --out " + path + " --meters 6 --days 2 --pv-share 0.5 --seed 3");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return path;
  }
};

TEST_F(SolveCoalitionCli, GloveGameShapleyJsonAndText) {
  const std::string g = game("glove.csv", kGlove);
  const nlohmann::json j = json_of("solve shapley --game " + g + " --json");
  EXPECT_EQ(j["players"], (std::vector<std::string>{"L", "R1", "R2"}));
  EXPECT_DOUBLE_EQ(j["shapley"][0].get<double>(), 2.0 / 3);
  EXPECT_EQ(j["shapley_exact"], (std::vector<std::string>{"2/3", "1/6", "1/6"}));
  EXPECT_FALSE(j.contains("ci95"));
  const Result text = evomarket("solve shapley --game " + g);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("exact: the subset formula over all 7 coalitions"), std::string::npos)
      << text.output;
}

TEST_F(SolveCoalitionCli, SampledShapleyHasIntervalsHoldingTheExactValues) {
  const std::string g = game("glove.csv", kGlove);
  const nlohmann::json j = json_of("solve shapley --game " + g + " --samples 3000 --seed 5 --json");
  ASSERT_EQ(j["ci95"].size(), 3u);
  const std::vector<double> exact{2.0 / 3, 1.0 / 6, 1.0 / 6};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_LE(j["ci95"][i][0].get<double>(), exact[i]) << i;
    EXPECT_GE(j["ci95"][i][1].get<double>(), exact[i]) << i;
  }
  EXPECT_EQ(j["samples"], 3000);
  EXPECT_EQ(j, json_of("solve shapley --game " + g + " --samples 3000 --seed 5 --json"));
}

TEST_F(SolveCoalitionCli, MajorityGameHasAnEmptyCore) {
  const nlohmann::json j = json_of("solve core --game " + game("m.csv", kMajority) + " --json");
  EXPECT_FALSE(j["in_core"]);
  EXPECT_NEAR(j["least_core_epsilon"].get<double>(), 1.0 / 3, 1e-9);
  ASSERT_EQ(j["violations"].size(), 3u);
  EXPECT_EQ(j["violations"][0]["coalition"], "A+B");
  EXPECT_EQ(j["violations"][0]["excess_exact"], "1/3");
  EXPECT_EQ(j["allocation_source"], "shapley");
}

TEST_F(SolveCoalitionCli, PairsWorthAHalfHaveANonEmptyCore) {
  const std::string g = game("h.csv", kHalfPairs);
  const nlohmann::json j = json_of("solve core --game " + g + " --json");
  EXPECT_TRUE(j["in_core"]);
  EXPECT_NEAR(j["least_core_epsilon"].get<double>(), -1.0 / 6, 1e-9);
  EXPECT_EQ(j["violations"].size(), 0u);
  // A corner allocation: B+C gets 0 of its 1/2.
  const nlohmann::json corner = json_of("solve core --game " + g + " --allocation 1,0,0 --json");
  EXPECT_FALSE(corner["in_core"]);
  EXPECT_EQ(corner["max_excess_exact"], "1/2");
  EXPECT_EQ(corner["max_excess_coalition"], "B+C");
  const Result text = evomarket("solve core --game " + g);
  EXPECT_NE(text.output.find("in the core: no coalition gets less than its worth"),
            std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("the core is not empty"), std::string::npos) << text.output;
}

TEST_F(SolveCoalitionCli, EnergyCoalitionGameOfAProfileStore) {
  const std::string s = store();
  const nlohmann::json exact = json_of("solve shapley --store " + s + " --json");
  ASSERT_EQ(exact["players"].size(), 6u);
  EXPECT_EQ(exact["players"][0], "synth-0001");
  double sum = 0;
  for (const auto& v : exact["shapley"]) sum += v.get<double>();
  EXPECT_NEAR(sum, exact["grand_coalition"].get<double>(), 1e-9);
  EXPECT_GT(exact["grand_coalition"].get<double>(), 0.0);
  const nlohmann::json sampled =
      json_of("solve shapley --store " + s + " --samples 4000 --json --battery 5,2.5,0.95");
  EXPECT_EQ(sampled["ci95"].size(), 6u);
  const nlohmann::json two = json_of("solve shapley --store " + s +
                                     " --meters synth-0004,synth-0001 --days 1 --first-day 1 "
                                     "--retail 0.25 --feed-in 0.05 --json");
  EXPECT_EQ(two["players"], (std::vector<std::string>{"synth-0004", "synth-0001"}));
  EXPECT_EQ(two["shapley"][0], two["shapley"][1]);  // two players split v(N) equally
  const nlohmann::json core = json_of("solve core --store " + s + " --battery 10 --json");
  EXPECT_TRUE(core.contains("least_core_epsilon"));
}

TEST_F(SolveCoalitionCli, BadGameFilesNameFileAndLine) {
  expect_bad_input(
      "solve shapley --game " + game("gap.csv", "coalition,value\nA,1\nB,1\nC,1\nA+B,2\nA+B+C,3\n"),
      "gap.csv:6: end of file, but coalition A+C has no row");
  expect_bad_input(
      "solve core --game " + game("dup.csv", "coalition,value\nA,1\nB,1\nA+B,2\nB+A,2\n"),
      "dup.csv:5: duplicate coalition A+B: already given on line 4");
  expect_bad_input("solve shapley --game " + game("nan.csv", "coalition,value\nA,1\nB,x\nA+B,2\n"),
                   "nan.csv:3: value \"x\" of coalition B is not a number");
  std::string wide = "coalition,value\n";
  for (int i = 0; i < 21; ++i) wide += "p" + std::to_string(i) + ",1\n";
  const std::string w = game("wide.csv", wide);
  expect_bad_input("solve shapley --game " + w,
                   "wide.csv:22: player p20 is player 21, more than the 20 this command allows: "
                   "exact Shapley values enumerate all 2^n - 1 coalitions; give --samples N");
  expect_bad_input("solve core --game " + w, "wide.csv:22: player p20 is player 21");
  // With --samples the same file is read to its end and found incomplete.
  expect_bad_input("solve shapley --samples 10 --game " + w, "wide.csv:22: end of file");
  expect_bad_input("solve shapley --game " + file("absent.csv"), "cannot open the game file");
}

TEST_F(SolveCoalitionCli, BadOptionsNameTheOption) {
  const std::string g = game("glove.csv", kGlove);
  expect_bad_input("solve shapley", "expected either --game GAME.csv");
  expect_bad_input("solve core --game " + g + " --retail 0.3", "give them with --store");
  expect_bad_input("solve core --game " + g + " --allocation 1,0",
                   "--allocation: 2 shares; expected one per player, 3 (L, R1, R2)");
  expect_bad_input("solve core --game " + g + " --allocation 1,0.1,0",
                   "--allocation: the allocation sums to 11/10, but v(N) = 1");
  expect_bad_input("solve shapley --game " + g + " --samples 1", "--samples");
  expect_bad_input("solve core --game " + game("solo.csv", "coalition,value\nA,1\n"),
                   "the core needs at least 2");
  const std::string s = store();
  expect_bad_input("solve shapley --store " + s + " --meters synth-0001,nope",
                   "--meters: entry 2 \"nope\" is not a meter of the profile store");
  expect_bad_input("solve shapley --store " + s + " --meters synth-0001,synth-0001",
                   "--meters: meter synth-0001 is given twice");
  expect_bad_input("solve shapley --store " + s + " --days 3", "--days: 3 days from day 0");
  expect_bad_input("solve shapley --store " + s + " --first-day 2", "--first-day: 2");
  expect_bad_input("solve shapley --store " + s + " --retail 0.05",
                   "--retail: expected a retail price at least the feed-in tariff");
  expect_bad_input("solve shapley --store " + s + " --retail 0.3,0.2",
                   "--retail: 2 prices; expected one, or one per slot of the day (48");
  expect_bad_input("solve shapley --store " + s + " --battery 10,5,1.5",
                   "--battery: efficiency 1.5");
  expect_bad_input("solve shapley --store " + file("none.h5"), "--store: profile store");
}

}  // namespace
}  // namespace evomarket
