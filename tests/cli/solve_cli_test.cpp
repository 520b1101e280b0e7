// End-to-end runs of `evomarket solve replicator|fixation|stationary`: printed results and the
// errors for malformed matrices and mismatched options.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <sstream>
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

// The numeric rows of a table: lines that start with a number (after blanks).
std::vector<std::vector<double>> numeric_rows(const std::string& text) {
  std::vector<std::vector<double>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::vector<double> row;
    double v = 0;
    while (in >> v) row.push_back(v);
    if (!row.empty() && in.eof()) rows.push_back(row);
  }
  return rows;
}

TEST(SolveCli, ReplicatorPrintsATrajectoryThatKeepsTheRpsInvariant) {
  const Result r = run_evomarket(
      "solve replicator --matrix \"0,-1,1;1,0,-1;-1,1,0\" --x0 0.5,0.3,0.2 --t 10 --rtol 1e-10");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = numeric_rows(r.output);
  ASSERT_EQ(rows.size(), 11u) << r.output;
  EXPECT_DOUBLE_EQ(rows.front()[0], 0.0);
  EXPECT_DOUBLE_EQ(rows.back()[0], 10.0);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 4u);
    EXPECT_NEAR(row[1] * row[2] * row[3], 0.03, 1e-9);
    EXPECT_NEAR(row[1] + row[2] + row[3], 1.0, 1e-9);
  }
  EXPECT_NE(r.output.find("Dormand-Prince"), std::string::npos);
}

TEST(SolveCli, ReplicatorDefaultsToTheBarycentreAndHonoursPoints) {
  const Result r = run_evomarket("solve replicator --matrix \"-1,2;0,1\" --t 40 --points 3");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = numeric_rows(r.output);
  ASSERT_EQ(rows.size(), 3u) << r.output;
  EXPECT_DOUBLE_EQ(rows[0][1], 0.5);  // hawk-dove starts at its own rest point V/C
  EXPECT_NEAR(rows[2][1], 0.5, 1e-9);
}

TEST(SolveCli, FixationPrintsEveryOrderedPairAgainstTheNeutralValue) {
  const Result r = run_evomarket("solve fixation --matrix \"3,0;5,1\" --population 100 --beta 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1/Z = 0.01"), std::string::npos) << r.output;
  const auto rows = numeric_rows(r.output);
  ASSERT_EQ(rows.size(), 2u) << r.output;
  EXPECT_EQ(rows[0][0], 0);  // resident cooperators, mutant defector
  EXPECT_EQ(rows[0][1], 1);
  EXPECT_GT(rows[0][2], 0.01);
  EXPECT_LT(rows[1][2], 0.01);
  EXPECT_NEAR(rows[0][3], rows[0][2] * 100, 1e-3 * rows[0][3]);
  const Result neutral = run_evomarket(
      "solve fixation --matrix \"1,1;1,1\" --population 50 --process moran-bd --w 0.5");
  ASSERT_EQ(neutral.exit_code, 0) << neutral.output;
  for (const auto& row : numeric_rows(neutral.output)) EXPECT_NEAR(row[2], 0.02, 1e-12);
}

// --json: rho[i][j] is one i mutant taking over j residents; log10_rho stays finite where rho
// underflows the double range (strong selection against cooperators in a large population).
TEST(SolveCli, FixationJsonGivesRhoAndItsLog10BelowTheDoubleRange) {
  const nlohmann::json j =
      json_of("solve fixation --matrix \"3,0;5,1\" --population 100 --beta 1 --json");
  EXPECT_EQ(j["strategies"], nlohmann::json({"0", "1"}));
  const Result text =
      run_evomarket("solve fixation --matrix \"3,0;5,1\" --population 100 --beta 1");
  const auto rows = numeric_rows(text.output);
  ASSERT_EQ(rows.size(), 2u) << text.output;
  EXPECT_NEAR(j["rho"][1][0].get<double>(), rows[0][2], 1e-9 * rows[0][2]);  // defector mutant
  EXPECT_NEAR(j["rho"][0][1].get<double>(), rows[1][2], 1e-9 * rows[1][2]);
  EXPECT_DOUBLE_EQ(j["rho"][0][0].get<double>(), 0.01);  // neutral on the diagonal
  EXPECT_NEAR(j["log10_rho"][1][0].get<double>(), std::log10(rows[0][2]), 1e-9);
  EXPECT_NEAR(rows[0][4], std::log10(rows[0][2]), 1e-6);  // the text's log10 column

  const nlohmann::json strong =
      json_of("solve fixation --matrix \"3,0;5,1\" --population 1000 --beta 10 --json");
  EXPECT_EQ(strong["rho"][0][1].get<double>(), 0.0);  // below the smallest double
  EXPECT_LT(strong["log10_rho"][0][1].get<double>(), -400);
}

TEST(SolveCli, StationaryJsonGivesTheMonomorphicStatesAndTheFullChainsMeanShares) {
  const nlohmann::json j = json_of(
      "solve stationary --matrix \"0,-1,1;1,0,-1;-1,1,0\" --population 30 --process moran-db "
      "--w 0.3 --json");
  ASSERT_EQ(j["stationary"].size(), 3u);
  for (const auto& v : j["stationary"]) EXPECT_NEAR(v.get<double>(), 1.0 / 3, 1e-11);
  EXPECT_FALSE(j.contains("mean_share"));
  const nlohmann::json mu =
      json_of("solve stationary --matrix \"3,0;5,1\" --population 50 --beta 1 --mu 0.01 --json");
  const double a = mu["mean_share"][0].get<double>(), b = mu["mean_share"][1].get<double>();
  EXPECT_NEAR(a + b, 1.0, 1e-12);
  EXPECT_LT(a, 0.5);  // defection dominates
}

TEST(SolveCli, StationaryOfRockPaperScissorsIsUniform) {
  const Result r = run_evomarket(
      "solve stationary --matrix \"0,-1,1;1,0,-1;-1,1,0\" --population 30 --process moran-db "
      "--w 0.3");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = numeric_rows(r.output);
  ASSERT_GE(rows.size(), 3u) << r.output;
  for (std::size_t k = rows.size() - 3; k < rows.size(); ++k) {
    ASSERT_EQ(rows[k].size(), 2u);
    EXPECT_NEAR(rows[k][1], 1.0 / 3, 1e-11);
  }
}

TEST(SolveCli, StationaryWithMutationSummarizesTheFullChain) {
  const Result r =
      run_evomarket("solve stationary --matrix \"3,0;5,1\" --population 50 --beta 1 --mu 0.01");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("full chain with mutation mu = 0.01"), std::string::npos) << r.output;
  const auto at = r.output.find("mean share of strategy 0: ");
  ASSERT_NE(at, std::string::npos) << r.output;
  const double mean = std::stod(r.output.substr(at + 26));
  EXPECT_GT(mean, 0.0);
  EXPECT_LT(mean, 0.1);  // cooperators are rare
}

TEST(SolveCli, MalformedMatricesNameTheOptionAndWhatWasExpected) {
  expect_bad_input("solve fixation --matrix \"1,2;3\"",
                   "--matrix: row 2 has 1 entries but row 1 has 2");
  expect_bad_input("solve replicator --matrix \"1,2,3;4,5,6\"",
                   "--matrix: 2 rows of 3 entries; expected a square n x n matrix");
  expect_bad_input("solve stationary --matrix \"1,x;3,4\"",
                   "--matrix: row 1, entry 2 \"x\" is not a finite number");
  expect_bad_input("solve fixation --matrix \"1,2;;3,4\"", "--matrix: row 2, entry 1 \"\"");
  expect_bad_input("solve fixation --matrix 5", "expected a square n x n matrix with n >= 2");
}

TEST(SolveCli, MismatchedOptionsAreBadInput) {
  expect_bad_input("solve fixation --matrix \"3,0;5,1\" --w 0.1", "--w applies to moran-bd");
  expect_bad_input("solve fixation --matrix \"3,0;5,1\" --process moran-bd --beta 2",
                   "--beta applies to fermi");
  expect_bad_input("solve replicator --matrix \"3,0;5,1\" --x0 0.5,0.3,0.2",
                   "--x0: expected 2 shares");
  expect_bad_input("solve replicator --matrix \"3,0;5,1\" --x0 0.5,0.6", "sum to 1");
  // w = 1 makes the Moran fitness of a losing RPS strategy 0.
  expect_bad_input("solve stationary --matrix \"0,-1,1;1,0,-1;-1,1,0\" --process moran-bd",
                   "Moran fitness");
  expect_bad_input("solve fixation --matrix \"3,0;5,1\" --process moran", "--process");
  expect_bad_input("solve fixation --matrix \"3,0;5,1\" --population 1", "--population");
}

TEST(SolveCli, MemoryOneStillWorks) {
  const Result r = run_evomarket("solve memory-one TitForTat TitForTat");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("infinitely repeated"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace evomarket
