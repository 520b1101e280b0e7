// End-to-end runs of `evomarket solve fixation|stationary|gradient` beyond 2x2 matrices: games
// from a run config (--game), the full chain for three strategies (its HDF5 file too), the
// self-interaction convention, and --json on replicator, replicator-map and memory-one.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "support/cli_expect.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::expect_bad_input;
using evomarket::testing::json_of;
using evomarket::testing::run_evomarket;

class SolvePopulationCli : public evomarket::testing::TempDirTest {
 protected:
  // A run config whose [game] is rock-paper-scissors with named strategies.
  std::string rps_config() {
    const std::string path = file("rps.toml");
    std::ofstream(path) << "[experiment]\nmode = \"population\"\n[game]\nkind = \"matrix\"\n"
                           "matrix.strategies = [\"Rock\", \"Paper\", \"Scissors\"]\n"
                           "matrix.payoffs = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]\n"
                           "[population]\nagents = 10\npartners = \"all\"\n";
    return path;
  }
};

TEST_F(SolvePopulationCli, FullChainOfThreeNamedStrategiesPrintsOneMeanShareEach) {
  const auto r = run_evomarket("solve stationary --game " + rps_config() +
                               " --population 100 --beta 1 --mu 0.01");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("5151 states"), std::string::npos) << r.output;
  for (const char* name : {"Rock", "Paper", "Scissors"}) {
    const std::string line = std::string("mean share of strategy ") + name + ": ";
    const auto at = r.output.find(line);
    ASSERT_NE(at, std::string::npos) << r.output;
    EXPECT_NEAR(std::stod(r.output.substr(at + line.size())), 1.0 / 3, 1e-10);
  }
}

TEST_F(SolvePopulationCli, FullChainJsonOfAnAsymmetricGame) {
  const nlohmann::json j =
      json_of("solve stationary --matrix \"1,3,0;2,1,1;0,4,2\" --population 30 --mu 0.001 --json");
  ASSERT_EQ(j["mean_share"].size(), 3u);
  EXPECT_EQ(j["states"].get<int>(), 496);  // C(32, 2)
  double sum = 0;
  for (const auto& v : j["mean_share"]) sum += v.get<double>();
  EXPECT_NEAR(sum, 1, 1e-12);
  // Strategy 2 beats both others: it holds most of the time, as in the small-mutation limit.
  EXPECT_GT(j["mean_share"][2].get<double>(), 0.8);
  EXPECT_GT(j["stationary"][2].get<double>(), 0.8);
}

TEST_F(SolvePopulationCli, FullChainDistributionGoesToHdf5) {
  const std::string out = file("chain.h5");
  const auto r = run_evomarket("solve stationary --game " + rps_config() +
                               " --population 20 --mu 0.05 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  io::File f = io::File::open_read(out);
  EXPECT_EQ(io::get_attr_string(f.root(), "status"), "complete");
  const io::Group g = f.root().open_group("stationary");
  const auto p = io::read_vector<double>(g, "probability");
  ASSERT_EQ(p.size(), 231u);  // C(22, 2)
  EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1, 1e-12);
  std::size_t rows = 0, cols = 0;
  const auto counts = io::read_matrix<uint32_t>(g, "counts", rows, cols);
  EXPECT_EQ(rows, 231u);
  EXPECT_EQ(cols, 3u);
  EXPECT_EQ(counts[0], 20u);  // state 0: everyone plays Rock
  EXPECT_EQ(io::read_strings(g, "strategy"),
            (std::vector<std::string>{"Rock", "Paper", "Scissors"}));
}

TEST_F(SolvePopulationCli, HdfOutputNeverReplacesAUsersFile) {
  const std::string out = file("mine.h5");
  std::ofstream(out) << "my notes";
  expect_bad_input("solve stationary --matrix \"0,1;1,0\" --population 10 --mu 0.1 --out " + out,
                   "--overwrite");
  EXPECT_EQ(read(out), "my notes");
  expect_bad_input("solve stationary --matrix \"0,1;1,0\" --out " + file("x.h5"), "needs --mu");
  EXPECT_EQ(listing(), (std::vector<std::string>{"mine.h5"}));
}

TEST_F(SolvePopulationCli, GradientJsonIsTPlusMinusTMinus) {
  const nlohmann::json j = json_of("solve gradient --matrix \"3,0;5,1\" --population 40 --json");
  ASSERT_EQ(j["k"].size(), 41u);
  ASSERT_EQ(j["gradient"].size(), 41u);
  for (std::size_t i = 1; i < 40; ++i) {
    const double g = j["gradient"][i].get<double>();
    EXPECT_DOUBLE_EQ(g, j["t_plus"][i].get<double>() - j["t_minus"][i].get<double>());
    EXPECT_LT(g, 0) << i;  // cooperators (strategy 0) always lose ground
  }
}

TEST_F(SolvePopulationCli, GradientAlongANamedPairOfALargerGame) {
  const nlohmann::json j = json_of("solve gradient --game " + rps_config() +
                                   " --population 10 --pair Paper,Rock --json");
  EXPECT_EQ(j["strategies"], (nlohmann::json{"Paper", "Rock"}));
  for (std::size_t i = 1; i < 10; ++i) EXPECT_GT(j["gradient"][i].get<double>(), 0) << i;
  expect_bad_input("solve gradient --game " + rps_config(), "choose two with --pair");
  expect_bad_input("solve gradient --game " + rps_config() + " --pair Rock,Lizard",
                   "\"Lizard\" is not one of the game's strategies");
}

TEST_F(SolvePopulationCli, SelfInteractionIncludedHelpsTheLoneCooperator) {
  const auto rho = [](const std::string& convention) {
    return json_of(
               "solve fixation --matrix \"3,0;5,1\" --population 20 --json "
               "--self-interaction " +
               convention)["rho"][0][1]
        .get<double>();
  };
  EXPECT_GT(rho("included"), rho("excluded"));
}

TEST_F(SolvePopulationCli, GameFilesAreCheckedLikeRunConfigs) {
  const std::string iterated = file("ipd.toml");
  std::ofstream(iterated) << "[game]\nkind = \"iterated\"\n";
  expect_bad_input("solve fixation --game " + iterated, "game.kind must be \"matrix\"");
  const std::string ragged = file("ragged.toml");
  std::ofstream(ragged) << "[game]\nkind = \"matrix\"\nmatrix.strategies = [\"A\", \"B\"]\n"
                           "matrix.payoffs = [[1, 2], [3]]\n";
  expect_bad_input("solve fixation --game " + ragged, "ragged.toml");
  const std::string none = file("none.toml");
  std::ofstream(none) << "[population]\nagents = 3\n";
  expect_bad_input("solve fixation --game " + none, "expected a [game] table");
  expect_bad_input("solve fixation --game " + rps_config() + " --matrix \"1,0;0,1\"",
                   "either as --matrix or as --game");
  expect_bad_input("solve fixation", "either as --matrix or as --game");
}

TEST_F(SolvePopulationCli, ReplicatorAndTheMapPrintJson) {
  const nlohmann::json ode =
      json_of("solve replicator --matrix \"-1,2;0,1\" --x0 0.1,0.9 --t 40 --points 3 --json");
  ASSERT_EQ(ode["x"].size(), 3u);
  EXPECT_NEAR(ode["x"][2][0].get<double>(), 0.5, 1e-6);  // hawk-dove: V/C
  const nlohmann::json map = json_of(
      "solve replicator-map --matrix \"-1,2;0,1\" --x0 0.1,0.9 --steps 200 --background 3 --json");
  ASSERT_EQ(map["x"].size(), 201u);
  // x' = x (c + (Ax)_0) / (c + x.Ax) with x = 0.1: (Ax)_0 = 1.7, (Ax)_1 = 0.9, x.Ax = 0.98.
  EXPECT_NEAR(map["x"][1][0].get<double>(), 0.1 * 4.7 / 3.98, 1e-15);
  EXPECT_NEAR(map["x"][200][0].get<double>(), 0.5, 1e-6);
  expect_bad_input("solve replicator-map --matrix \"-1,2;0,1\" --background 1", "expected c > 1");
}

TEST_F(SolvePopulationCli, MemoryOneJson) {
  const nlohmann::json j = json_of("solve memory-one TitForTat TitForTat --turns 10 --json");
  EXPECT_DOUBLE_EQ(j["infinite"][0].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(j["turns"]["payoff"][1].get<double>(), 3.0);
}

}  // namespace
}  // namespace evomarket
