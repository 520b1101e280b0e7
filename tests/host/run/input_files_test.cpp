// Input-file fingerprints (host/run/input_files.h): the SHA-256 of a known text, the section a
// run identity carries, what an edit changes in it, and checkpoints written before inputs were
// recorded.
#include "host/run/input_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "host/errors.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using InputFiles = evomarket::testing::TempDirTest;

ExperimentConfig graph_config(const std::string& graph) {
  ExperimentConfig config = parse_config(R"toml(
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 3
shares = [0.5, 0.5]
partners = "graph"
graph_file = "g.csv"
)toml",
                                         "graph.toml");
  config.population.graph_file = graph;
  return config;
}

TEST_F(InputFiles, GraphFileIsFingerprintedBySizeAndSha256) {
  const std::string graph = file("g.csv");
  std::ofstream(graph, std::ios::binary) << "abc";  // FIPS 180-2's first SHA-256 example
  const std::vector<InputFile> files = input_files(graph_config(graph));
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].key, "population.graph_file");
  EXPECT_EQ(files[0].bytes, 3u);
  EXPECT_EQ(files[0].sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string identity = run_identity(graph_config(graph));
  EXPECT_EQ(identity.find(simulation_identity(graph_config(graph))), 0u);
  EXPECT_NE(identity.find(kInputFilesSection), std::string::npos);
}

TEST_F(InputFiles, AnEditIsNamedAndOldCheckpointsStillMatch) {
  const std::string graph = file("g.csv");
  std::ofstream(graph, std::ios::binary) << "0,1\n1,2\n";
  const ExperimentConfig config = graph_config(graph);
  const std::string before = run_identity(config);
  EXPECT_TRUE(same_run(before, run_identity(config)));
  std::ofstream(graph, std::ios::binary | std::ios::app) << "2,0\n";
  const std::string after = run_identity(config);
  EXPECT_FALSE(same_run(before, after));
  const std::string changed = changed_input_files(before, after);
  EXPECT_NE(changed.find("was population.graph_file = " + graph + " (8 bytes"), std::string::npos)
      << changed;
  EXPECT_NE(changed.find("now population.graph_file = " + graph + " (12 bytes"), std::string::npos)
      << changed;
  // Another config is not an input change; a checkpoint without the section (written before
  // inputs were recorded) matches its config.
  ExperimentConfig other = config;
  other.seed = 99;
  EXPECT_EQ(changed_input_files(before, run_identity(other)), "");
  EXPECT_TRUE(same_run(simulation_identity(config), after));
  EXPECT_FALSE(same_run(simulation_identity(other), after));
}

TEST_F(InputFiles, AFileThatCannotBeReadNamesItsKey) {
  try {
    input_files(graph_config(file("missing.csv")));
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("population.graph_file = " + file("missing.csv")),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace evomarket
