// Group games from the command line: the experiments run, a checkpointed run extended by
// --resume and an ensemble give the results the uninterrupted runs give (bit for bit), and bad
// group configs are refused with exit status 2 and the key named, before any file is written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/hdf5_file.h"
#include "io/observable_series.h"
#include "support/cli_expect.h"
#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;

const char* kConfig = R"toml(
[experiment]
seed = 5
[game]
kind = "group"
group_game = "public_goods"
group_size = 4
cost = 1.0
factor = 3.0
rounds = 3
[population]
agents = 3000
strategies = ["Cooperate", "Defect", "Conditional(2)"]
shares = [0.4, 0.3, 0.3]
matches_per_agent = 2
generations = 30
[dynamics]
rule = "fermi"
beta = 2.0
mutation = 0.01
[output]
checkpoint_every = 10
)toml";

class GroupGameCli : public evomarket::testing::TempDirTest {
 protected:
  std::string config() {
    std::ofstream(file("group.toml")) << kConfig;
    return file("group.toml");
  }
};

TEST_F(GroupGameCli, ResumedRunGivesTheUninterruptedResults) {
  const std::string cfg = config();
  auto r = run_evomarket("run " + cfg + " --quiet --out " + file("whole.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_evomarket("run " + cfg + " --quiet --set population.generations=20 --out " +
                    file("part.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_evomarket("run " + cfg + " --quiet --overwrite --resume " + file("part.h5.checkpoint") +
                    " --out " + file("part.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(evomarket::testing::differing_datasets(file("whole.h5"), file("part.h5")),
            std::vector<std::string>{});
  // Cooperation is recorded as for iterated games, the mean payoff in payoff units: with
  // r = 3, N = 4 every agent's payoff per round lies in [-c, r c] = [-1, 3].
  io::File f = io::File::open_read(file("whole.h5"));
  const io::Group obs = f.root().open_group("observables");
  EXPECT_TRUE(obs.has("cooperation_rate"));
  const auto mean = io::ObservableSeries::open(obs, "mean_payoff_per_turn").values<double>();
  for (double v : mean.data) {
    if (v == v) {  // strategies with no agent left are NaN
      EXPECT_GE(v, -1.0);
      EXPECT_LE(v, 3.0);
    }
  }
}

TEST_F(GroupGameCli, EnsembleReplicateZeroIsTheSingleRunOfItsSeed) {
  const std::string cfg = config();
  auto r = run_evomarket("run " + cfg +
                         " --quiet --set experiment.replicates=3 --set output.checkpoint_every=0"
                         " --out " +
                         file("ensemble.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  io::File f = io::File::open_read(file("ensemble.h5"));
  EXPECT_TRUE(f.root().has("observables/cooperation_rate/value"));
  EXPECT_TRUE(f.root().has("ensemble/final_counts"));
}

TEST_F(GroupGameCli, BadGroupConfigsExitTwoNamingTheKey) {
  const std::string cfg = config();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--set game.group_size=1", "game.group_size"},
      {"--set game.cost=-1", "game.cost"},
      {"--set game.group_game=stag_hunt --set game.threshold=5", "game.threshold"},
      {"--set game.group_game=table --set game.table.cooperator=[1,2,3] "
       "--set game.table.defector=[1,2,3,4]",
       "game.cost"},
      {"--set 'population.strategies=[\"Cooperate\",\"Defect\",\"Conditional(4)\"]'",
       "population.strategies"},
  };
  for (const auto& [args, key] : cases) {
    SCOPED_TRACE(args);
    evomarket::testing::expect_bad_input(
        "run " + cfg + " --quiet " + args + " --out " + file("bad.h5"), key);
    EXPECT_FALSE(fs::exists(file("bad.h5")));
  }
}

// A graph whose groups exceed what the game allows is refused naming the file and the agent.
TEST_F(GroupGameCli, TableGameOnAGraphOfOtherDegreesIsRefused) {
  std::ofstream(file("graph.txt")) << "0 1\n1 2\n2 3\n3 0\n0 2\n";
  std::ofstream(file("table.toml"))
      << "[experiment]\nseed = 1\n[game]\nkind = \"group\"\ngroup_game = \"table\"\n"
         "group_size = 3\ntable.cooperator = [-1, 0, 1]\ntable.defector = [0, 1, 2]\n"
         "[population]\nagents = 4\npartners = \"graph\"\ngraph_file = \"graph.txt\"\n"
         "shares = [0.5, 0.5]\n";
  evomarket::testing::expect_bad_input(
      "run " + file("table.toml") + " --quiet --out " + file("bad.h5"), "agent 0 has 3 neighbours");
  EXPECT_FALSE(fs::exists(file("bad.h5")));
}

}  // namespace
}  // namespace evomarket
