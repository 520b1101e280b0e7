// Checkpoints record the files a run reads (host/run/input_files.h): --resume continues a run
// whose graph, profile store and communities file are as they were, and refuses, naming the
// file, one whose inputs were edited since the checkpoint was written.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <string>

#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::run_evomarket;

const std::string kFixtures = std::string(EVOMARKET_SOURCE_DIR) + "/tests/fixtures/meters/";

class ResumeInputs : public evomarket::testing::TempDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }

  // Runs `config` to its end with a checkpoint after every generation, extends it by resuming
  // with `longer` set, and expects that to work; then `edit` changes an input and the same
  // resume is refused naming `key`.
  void expect_edits_refused(const std::string& config, const std::string& longer,
                            const std::function<void()>& edit, const std::string& key) {
    const auto first = run_evomarket("run " + config + " --quiet --out " + file("a.h5"));
    ASSERT_EQ(first.exit_code, 0) << first.output;
    const std::string resume =
        "run " + config + " --quiet --set " + longer + " --resume " + file("a.h5.checkpoint");
    const auto same = run_evomarket(resume + " --out " + file("b.h5"));
    EXPECT_EQ(same.exit_code, 0) << same.output;
    edit();
    const auto edited = run_evomarket(resume + " --out " + file("c.h5"));
    EXPECT_EQ(edited.exit_code, 2) << edited.output;
    EXPECT_NE(edited.output.find("the files the run reads changed"), std::string::npos)
        << edited.output;
    EXPECT_NE(edited.output.find("was " + key), std::string::npos) << edited.output;
    EXPECT_NE(edited.output.find("now " + key), std::string::npos) << edited.output;
  }
};

TEST_F(ResumeInputs, AnEditedGraphIsRefused) {
  const std::string graph = write("ring.csv", "0 1\n1 2\n2 3\n3 4\n4 5\n5 0\n");
  const std::string config = write("graph.toml", R"toml(
[experiment]
seed = 4
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 6
shares = [0.5, 0.5]
partners = "graph"
graph_file = "ring.csv"
generations = 2
[dynamics]
mutation = 0.1
[output]
checkpoint_every = 1
)toml");
  expect_edits_refused(
      config, "population.generations=4", [&] { std::ofstream(graph, std::ios::app) << "0 3\n"; },
      "population.graph_file");
}

TEST_F(ResumeInputs, AnEditedCommunitiesFileIsRefused) {
  const auto store = run_evomarket("ingest " + kFixtures + "ausgrid_postcodes.csv" +
                                   " --format ausgrid --out " + file("ausgrid.h5"));
  ASSERT_EQ(store.exit_code, 0) << store.output;
  const std::string communities =
      write("communities.csv", "meter,community\n1,a\n2,b\n3,b\n4,a\n5,b\n");
  const std::string config = write("market.toml", R"toml(
[experiment]
mode = "market"
seed = 3
[market]
profiles = "ausgrid.h5"
agents = "meters"
communities_file = "communities.csv"
days = 2
generations = 2
strategies = ["Truthful", "Markup(0.5)"]
[output]
checkpoint_every = 1
)toml");
  expect_edits_refused(
      config, "market.generations=3",
      [&] { write("communities.csv", "meter,community\n1,a\n2,a\n3,b\n4,a\n5,b\n"); },
      "market.communities_file");
}

}  // namespace
}  // namespace evomarket
