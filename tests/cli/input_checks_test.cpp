// Bad input the run command refuses before it writes anything (exit status 2, the file named):
// empty or directory edge lists, a directory as config, an empty experiment name or output
// file name, a --set value with a line break, a missing checkpoint directory, a one-strategy
// tournament, tournament outputs too large to record or meaningless; and resources: sizes that
// cannot fit memory, a thread count libgomp cannot start.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;

const std::string kSource = EVOMARKET_SOURCE_DIR;

// Population runs (the built-in default is a market run).
const std::string kPopulation = kSource + "/experiments/well_mixed_pd.toml";

const char* kGraphConfig = R"(
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 4
shares = [0.5, 0.5]
partners = "graph"
graph_file = "GRAPH"
generations = 2
)";

class InputChecks : public evomarket::testing::TempDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }
  std::string graph_config(const std::string& graph) const {
    std::string text = kGraphConfig;
    text.replace(text.find("GRAPH"), 5, graph);
    return write("graph.toml", text);
  }
  // Expects exit status 2, `words` in the message and no results file in the directory.
  void expect_refused(const std::string& args, const std::string& words) const {
    const auto r = run_evomarket(args);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(words), std::string::npos) << r.output;
    for (const std::string& name : listing()) {
      EXPECT_EQ(name.find(".h5"), std::string::npos) << name << " appeared";
    }
  }
};

TEST_F(InputChecks, EmptyEdgeListIsRefused) {
  const std::string graph = write("empty.txt", "# no edges\n\n");
  expect_refused("run " + graph_config(graph) + " --quiet --out " + file("r.h5"),
                 graph + ": no edges");
}

TEST_F(InputChecks, DirectoryAsGraphFileIsRefused) {
  fs::create_directory(file("graphdir"));
  expect_refused("run " + graph_config(file("graphdir")) + " --quiet --out " + file("r.h5"),
                 file("graphdir") + ": is a directory");
}

TEST_F(InputChecks, ByteOrderMarkBeforeTheFirstEdgeIsSkipped) {
  const std::string graph = write("bom.txt",
                                  "\xEF\xBB\xBF"
                                  "0 1\n1 2\n2 3\n3 0\n");
  const auto r = run_evomarket("run " + graph_config(graph) + " --quiet --out " + file("r.h5"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(InputChecks, EdgeListsMayEndLinesInCrOrCrlf) {
  for (const std::string& end : {std::string("\r"), std::string("\r\n")}) {
    const std::string graph =
        write("cr.txt", "0 1" + end + "1 2" + end + "2 3" + end + "3 0" + end);
    const auto r =
        run_evomarket("run " + graph_config(graph) + " --quiet --overwrite --out " + file("r.h5"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
  }
}

TEST_F(InputChecks, AHugeBadEdgeLineIsCutInTheMessage) {
  const std::string graph = write("long.txt", "0 1\n" + std::string(1 << 20, 'x') + "\n");
  const auto r = run_evomarket("run " + graph_config(graph) + " --quiet --out " + file("r.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.output.substr(0, 300);
  EXPECT_NE(r.output.find(":2: expected an edge"), std::string::npos) << r.output.substr(0, 300);
  EXPECT_LT(r.output.size(), 1000u);
}

// Prices of 100 per kWh, agents scaled 1000-fold and week-long generations: per-agent money
// reached 1.7e20 pico-currency and wrapped around int64 (the summary showed a negative grid-only
// cost beside savings a thousand times larger). Refused before anything runs.
TEST_F(InputChecks, AMarketWhoseMoneyCouldOverflowIsRefused) {
  expect_refused("run --quiet --out " + file("r.h5") +
                     " --set market.agents=1000 --set market.scale_max=1000"
                     " --set market.scale_min=999 --set 'market.retail=[100.0]'"
                     " --set market.days_per_generation=7",
                 "money could overflow");
}

TEST_F(InputChecks, DirectoryAsConfigIsRefused) {
  fs::create_directory(file("cfgdir"));
  expect_refused("run " + file("cfgdir") + " --quiet --out " + file("r.h5"),
                 file("cfgdir") + ": is a directory");
}

TEST_F(InputChecks, EmptyExperimentNameIsRefused) {
  const std::string cfg = write("noname.toml", "[experiment]\nname = \"\"\n");
  const auto r = run_evomarket("run " + cfg + " --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("experiment.name"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(".h5"));
}

TEST_F(InputChecks, OutputFileThatIsOnlyAnExtensionIsRefused) {
  expect_refused("run --quiet --set 'output.file=\"" + file(".h5") + "\"'", "output.file");
  expect_refused("run --quiet --out " + file(".h5"), "--out");
  expect_refused("run --quiet --out " + dir_.string() + "/", "--out");
}

TEST_F(InputChecks, SetValueWithALineBreakIsRefused) {
  expect_refused("run " + kPopulation + " --quiet --out " + file("r.h5") +
                     " --set \"$(printf 'population.generations=3\\npopulation.agents=10')\"",
                 "line break");
}

TEST_F(InputChecks, MissingCheckpointDirectoryIsRefusedBeforeTheRun) {
  expect_refused("run " + kPopulation + " --quiet --out " + file("r.h5") +
                     " --set output.checkpoint_every=1" + " --set 'output.checkpoint_file=\"" +
                     file("missing/run.ckpt") + "\"'",
                 "checkpoint");
}

TEST_F(InputChecks, OneStrategyTournamentIsRefusedBeforeTheResultsFileExists) {
  const std::string config = kSource + "/experiments/axelrod_tournament.toml";
  expect_refused("run " + config + " --quiet --out " + file("r.h5") +
                     " --set 'tournament.strategies=[\"TitForTat\"]'",
                 "at least 2 strategies");
}

TEST_F(InputChecks, PopulationTooLargeForMemoryIsRefusedWithTheEstimate) {
  // 10^10 agents at 40 bytes each: about 372.5 GiB, refused against a 64 GiB limit.
  expect_refused("run " + kPopulation + " --quiet --out " + file("r.h5") +
                     " --set population.agents=10000000000 --memory-limit 64G",
                 "372.5 GiB");
  const auto r = run_evomarket("run " + kPopulation + " --quiet --out " + file("r.h5") +
                               " --set population.agents=1000000000000");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("physical memory"), std::string::npos) << r.output;
}

TEST_F(InputChecks, TournamentTooLargeForMemoryIsRefused) {
  const std::string config = kSource + "/experiments/axelrod_tournament.toml";
  expect_refused("run " + config + " --quiet --out " + file("r.h5") +
                     " --set tournament.repetitions=4294967295",
                 "not enough memory");
}

TEST_F(InputChecks, TournamentOutputsTooLargeOrMeaninglessAreRefused) {
  const std::string config = kSource + "/experiments/axelrod_tournament.toml";
  // 10 repetitions x 16^2 strategies x 2^20 turns (game.max_turns) of moves.
  expect_refused("run " + config + " --quiet --out " + file("r.h5") +
                     " --set tournament.record_moves=true --set game.prob_end=0.01",
                 "tournament.record_moves: expected false for this tournament");
  expect_refused("run " + config + " --quiet --out " + file("r.h5") +
                     " --set tournament.ecosystem_steps=10 --set 'game.payoffs={R=3,S=-2,T=5,P=1}'",
                 "tournament.ecosystem_steps: expected 0 with a negative payoff");
}

TEST_F(InputChecks, MemoryLimitOverrideIsNamed) {
  expect_refused("run " + kPopulation + " --quiet --out " + file("r.h5") + " --memory-limit 1K",
                 "--memory-limit");
  expect_refused("run " + kPopulation + " --quiet --out " + file("r.h5") + " --memory-limit lots",
                 "--memory-limit");
}

TEST_F(InputChecks, ThreadCountIsBounded) {
  expect_refused("run " + kPopulation + " --quiet --out " + file("r.h5") + " --threads 100000",
                 "--threads");
}

}  // namespace
}  // namespace evomarket
