// Checkpoints and --resume: an extended run and a run killed with SIGKILL, both resumed, give
// result datasets bit-identical to the uninterrupted run; foreign checkpoints are refused.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "io/observable_series.h"
#include "io/results_file.h"
#include "support/temp_dir.h"

#include "support/run_cli.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;

using Result = evomarket::testing::CliResult;

Result evomarket(const std::string& args) {
  return evomarket::testing::run_evomarket(args);
}

const char* kConfig = R"(
[experiment]
seed = 11
[game]
kind = "matrix"
matrix.strategies = ["Rock", "Paper", "Scissors"]
matrix.payoffs = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
[population]
agents = 30000
partners = "random"
matches_per_agent = 3
shares = [0.5, 0.3, 0.2]
generations = 30
[dynamics]
rule = "fermi"
beta = 2.0
mutation = 0.001
[output]
snapshot_every = 5
checkpoint_every = 10
)";

// Every observable, bit for bit.
void expect_same_observables(const std::string& a_path, const std::string& b_path) {
  ASSERT_EQ(io::results_status(a_path), "complete");
  ASSERT_EQ(io::results_status(b_path), "complete");
  io::File a = io::File::open_read(a_path);
  io::File b = io::File::open_read(b_path);
  const io::Group oa = a.root().open_group("observables");
  const io::Group ob = b.root().open_group("observables");
  ASSERT_EQ(oa.children(), ob.children());
  for (const std::string& name : oa.children()) {
    const io::Group ga = oa.open_group(name);
    const io::Group gb = ob.open_group(name);
    const std::string rows = ga.has_dataset("slot") ? "slot" : "generation";
    EXPECT_EQ(io::read_vector<int64_t>(ga, rows), io::read_vector<int64_t>(gb, rows)) << name;
    if (ga.open_dataset("value").element_type() == "float64") {
      const auto va = io::ObservableSeries::open(oa, name).values<double>().data;
      const auto vb = io::ObservableSeries::open(ob, name).values<double>().data;
      ASSERT_EQ(va.size(), vb.size()) << name;
      EXPECT_EQ(std::memcmp(va.data(), vb.data(), va.size() * sizeof(double)), 0) << name;
    } else {
      EXPECT_EQ(io::ObservableSeries::open(oa, name).values<int64_t>().data,
                io::ObservableSeries::open(ob, name).values<int64_t>().data)
          << name;
    }
  }
}

// Every observable and the agent snapshots, bit for bit.
void expect_same_results(const std::string& a_path, const std::string& b_path) {
  expect_same_observables(a_path, b_path);
  io::File a = io::File::open_read(a_path);
  io::File b = io::File::open_read(b_path);
  const io::Group sa = a.root().open_group("agents").open_group("strategy");
  const io::Group sb = b.root().open_group("agents").open_group("strategy");
  EXPECT_EQ(io::read_vector<int64_t>(sa, "generation"), io::read_vector<int64_t>(sb, "generation"));
  EXPECT_EQ(io::read_matrix<uint16_t>(sa, "value").data,
            io::read_matrix<uint16_t>(sb, "value").data);
}

// A market's /agents/market (every agent of the last generation played), bit for bit.
void expect_same_market_agents(const std::string& a_path, const std::string& b_path) {
  io::File a = io::File::open_read(a_path);
  io::File b = io::File::open_read(b_path);
  const io::Group ga = a.root().open_group("agents").open_group("market");
  const io::Group gb = b.root().open_group("agents").open_group("market");
  EXPECT_EQ(io::get_attr_int(ga, "generation"), io::get_attr_int(gb, "generation"));
  ASSERT_EQ(ga.children(), gb.children());
  for (const std::string& name : ga.children()) {
    if (name == "agent") continue;  // the dimension: no values
    if (ga.open_dataset(name).element_type() == "float64") {
      const std::vector<double> va = io::read_vector<double>(ga, name);
      const std::vector<double> vb = io::read_vector<double>(gb, name);
      ASSERT_EQ(va.size(), vb.size()) << name;
      EXPECT_EQ(std::memcmp(va.data(), vb.data(), va.size() * sizeof(double)), 0) << name;
    } else {
      EXPECT_EQ(io::read_vector<int64_t>(ga, name), io::read_vector<int64_t>(gb, name)) << name;
    }
  }
}

// A market's /agents/market_history (output.snapshot_every), bit for bit, when it has one.
void expect_same_market_snapshots(const std::string& a_path, const std::string& b_path) {
  io::File a = io::File::open_read(a_path);
  io::File b = io::File::open_read(b_path);
  const io::Group ga = a.root().open_group("agents");
  const io::Group gb = b.root().open_group("agents");
  ASSERT_EQ(ga.has_group("market_history"), gb.has_group("market_history"));
  if (!ga.has_group("market_history")) return;
  const io::Group ha = ga.open_group("market_history");
  const io::Group hb = gb.open_group("market_history");
  ASSERT_EQ(ha.children(), hb.children());
  for (const std::string& name : ha.children()) {
    const io::Group sa = ha.open_group(name);
    const io::Group sb = hb.open_group(name);
    EXPECT_EQ(io::read_vector<int64_t>(sa, "generation"),
              io::read_vector<int64_t>(sb, "generation"))
        << name;
    if (name == "fitness") {
      const io::Matrix<double> va = io::read_matrix<double>(sa, "value");
      const io::Matrix<double> vb = io::read_matrix<double>(sb, "value");
      ASSERT_EQ(va.data.size(), vb.data.size()) << name;
      EXPECT_EQ(std::memcmp(va.data.data(), vb.data.data(), va.data.size() * sizeof(double)), 0);
    } else {
      EXPECT_EQ(io::read_matrix<int64_t>(sa, "value").data,
                io::read_matrix<int64_t>(sb, "value").data)
          << name;
    }
  }
}

class Resume : public evomarket::testing::TempDirTest {
 protected:
  std::string config() {
    std::ofstream(file("rps.toml")) << kConfig;
    return file("rps.toml");
  }
};

TEST_F(Resume, ExtendingACheckpointedRunMatchesTheUninterruptedRun) {
  const std::string cfg = config();
  // Well-mixed; and communities with migration and per-community counts.
  const std::string communities =
      " --set 'population.partners=\"community\"' --set population.community_size=50"
      " --set population.migration=0.01 --set output.community_counts=true";
  // --overwrite: each run replaces the previous loop's complete file, and the resumed run
  // extends a complete run (docs/reliability.md, "Never overwrite").
  for (const std::string& extra : {std::string(), communities}) {
    SCOPED_TRACE(extra);
    ASSERT_EQ(evomarket("run " + cfg + " --quiet --overwrite --out " + file("whole.h5") + extra)
                  .exit_code,
              0);
    const Result part =
        evomarket("run " + cfg + " --quiet --overwrite --set population.generations=20 --out " +
                  file("part.h5") + extra);
    ASSERT_EQ(part.exit_code, 0) << part.output;
    ASSERT_TRUE(fs::exists(file("part.h5.checkpoint")));
    const Result resumed =
        evomarket("run " + cfg + " --quiet --overwrite --resume " + file("part.h5.checkpoint") +
                  " --out " + file("part.h5") + extra);
    ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
    expect_same_results(file("whole.h5"), file("part.h5"));
  }
  io::File f = io::File::open_read(file("part.h5"));
  EXPECT_TRUE(f.root().has("observables/community_strategy_counts/value"));
}

TEST_F(Resume, RunKilledWithSigkillResumesToTheSameResults) {
  const std::string cfg = config();
  const std::vector<std::string> longer = {"--set", "population.generations=150", "--set",
                                           "output.checkpoint_every=3"};
  std::string extra;
  for (const auto& s : longer) extra += " " + s;
  ASSERT_EQ(evomarket("run " + cfg + " --quiet --out " + file("whole.h5") + extra).exit_code, 0);

  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string out = file("killed.h5");
    std::freopen("/dev/null", "w", stdout);
    execl(EVOMARKET_BINARY, EVOMARKET_BINARY, "run", cfg.c_str(), "--quiet", "--out", out.c_str(),
          "--set", "population.generations=150", "--set", "output.checkpoint_every=3",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(file("killed.h5.checkpoint")) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(fs::exists(file("killed.h5.checkpoint")));
  if (WIFSIGNALED(status)) {  // a killed run never leaves a file at --out (it writes beside it)
    EXPECT_FALSE(fs::exists(file("killed.h5")));
  }
  const Result resumed =
      evomarket("run " + cfg + " --quiet --resume " + file("killed.h5.checkpoint") + " --out " +
                file("killed.h5") + extra);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  expect_same_results(file("whole.h5"), file("killed.h5"));
}

TEST_F(Resume, CheckpointOfAnotherConfigIsRefused) {
  const std::string cfg = config();
  ASSERT_EQ(
      evomarket("run " + cfg + " --quiet --set population.generations=10 --out " + file("a.h5"))
          .exit_code,
      0);
  const Result other = evomarket("run " + cfg + " --quiet --set experiment.seed=12 --resume " +
                                 file("a.h5.checkpoint") + " --out " + file("b.h5"));
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.output.find("belongs to another configuration"), std::string::npos)
      << other.output;
  EXPECT_FALSE(fs::exists(file("b.h5")));
  const Result not_a_checkpoint =
      evomarket("run " + cfg + " --quiet --resume " + file("a.h5") + " --out " + file("c.h5"));
  EXPECT_EQ(not_a_checkpoint.exit_code, 2);
  EXPECT_NE(not_a_checkpoint.output.find("not an evomarket checkpoint"), std::string::npos)
      << not_a_checkpoint.output;
  const Result missing = evomarket("run " + cfg + " --resume " + file("nope.checkpoint"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("no such checkpoint"), std::string::npos);
}

// Market runs: batteries carry charge across the checkpoint, contracts and the community
// auction both trade; a run stopped after its checkpoint (extra generations in its file) and a
// shorter run extended both resume to the uninterrupted results.
TEST_F(Resume, MarketRunsResumeToTheUninterruptedResults) {
  // --overwrite: each run replaces the previous loop's complete file, and the resumed run
  // extends a complete run.
  const std::string base =
      " --quiet --backend cpu --overwrite --set market.agents=3000 --set market.days=2"
      " --set market.battery.share=0.5 --set output.checkpoint_every=2";
  for (const std::string& extra :
       {std::string(" --set market.structure=composite --set market.contract_noise=0.05"
                    " --set 'market.strategies=[\"TitForTat\", \"Defector\", \"Grudger\"]'"),
        std::string(" --set market.mechanism=continuous --set market.per_community=true"
                    " --set output.community_counts=true --set output.snapshot_every=2")}) {
    SCOPED_TRACE(extra);
    ASSERT_EQ(
        evomarket("run --out " + file("whole.h5") + base + extra + " --set market.generations=5")
            .exit_code,
        0);
    for (const char* stop : {"2", "3"}) {
      fs::remove(file("part.h5.checkpoint"));
      const Result part = evomarket("run --out " + file("part.h5") + base + extra +
                                    " --set market.generations=" + stop);
      ASSERT_EQ(part.exit_code, 0) << part.output;
      ASSERT_TRUE(fs::exists(file("part.h5.checkpoint")));
      const Result resumed =
          evomarket("run --out " + file("part.h5") + base + extra +
                    " --set market.generations=5 --resume " + file("part.h5.checkpoint"));
      ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
      expect_same_observables(file("whole.h5"), file("part.h5"));
      expect_same_market_agents(file("whole.h5"), file("part.h5"));
      expect_same_market_snapshots(file("whole.h5"), file("part.h5"));
    }
    // Killed after the last checkpoint, before the results file was renamed into place: nothing
    // is left to play, and the checkpoint still gives the last generation's agents.
    fs::remove(file("part.h5.checkpoint"));
    ASSERT_EQ(
        evomarket("run --out " + file("whole.h5") + base + extra + " --set market.generations=4")
            .exit_code,
        0);
    ASSERT_EQ(
        evomarket("run --out " + file("part.h5") + base + extra + " --set market.generations=4")
            .exit_code,
        0);
    fs::remove(file("part.h5"));
    const Result at_end =
        evomarket("run --out " + file("part.h5") + base + extra +
                  " --set market.generations=4 --resume " + file("part.h5.checkpoint"));
    ASSERT_EQ(at_end.exit_code, 0) << at_end.output;
    expect_same_market_agents(file("whole.h5"), file("part.h5"));
  }
  // A market checkpoint does not resume another configuration, nor a population run.
  const Result other = evomarket("run --out " + file("part.h5") + base +
                                 " --set market.k=0.3 --resume " + file("part.h5.checkpoint"));
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.output.find("another configuration"), std::string::npos) << other.output;
}

// The checkpoint alone is enough: the interrupted run's results file may be gone or garbage
// (a run killed mid-write leaves damaged chunks) and the resumed run is still bit-identical.
TEST_F(Resume, ACheckpointResumesWithoutTheResultsFile) {
  const std::string cfg = config();
  ASSERT_EQ(evomarket("run " + cfg + " --quiet --out " + file("whole.h5")).exit_code, 0);
  for (const bool garbage : {false, true}) {
    SCOPED_TRACE(garbage ? "results file overwritten with garbage" : "results file removed");
    // --overwrite: the second pass replaces the first one's complete file.
    ASSERT_EQ(
        evomarket("run " + cfg + " --quiet --overwrite --set population.generations=20 --out " +
                  file("part.h5"))
            .exit_code,
        0);
    fs::remove(file("part.h5"));
    if (garbage) std::ofstream(file("part.h5")) << std::string(4096, 'x');
    // --overwrite: the garbage is not a results file, so only asked to is it replaced.
    const Result resumed = evomarket("run " + cfg + " --quiet --overwrite --resume " +
                                     file("part.h5.checkpoint") + " --out " + file("part.h5"));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
    expect_same_results(file("whole.h5"), file("part.h5"));
  }
}

// A run killed after its last checkpoint but before its results file was renamed into place
// resumes with nothing left to play: the resumed file still carries the agent snapshots
// (scripts/kill-resume found them missing: the nothing-to-play path replayed only the history).
TEST_F(Resume, ResumingFromTheLastGenerationKeepsTheSnapshots) {
  const std::string cfg = config();
  ASSERT_EQ(evomarket("run " + cfg + " --quiet --out " + file("whole.h5")).exit_code, 0);
  ASSERT_EQ(evomarket("run " + cfg + " --quiet --out " + file("part.h5")).exit_code, 0);
  fs::remove(file("part.h5"));  // as if killed before the rename: only the checkpoint is left
  const Result resumed = evomarket("run " + cfg + " --quiet --resume " +
                                   file("part.h5.checkpoint") + " --out " + file("part.h5"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  expect_same_results(file("whole.h5"), file("part.h5"));
}

TEST_F(Resume, AMarketCheckpointResumesWithoutTheResultsFile) {
  const std::string base =
      " --quiet --backend cpu --set market.agents=2000 --set market.days=2"
      " --set market.battery.share=0.5 --set output.checkpoint_every=1"
      " --set market.per_community=true --set output.community_counts=true";
  ASSERT_EQ(
      evomarket("run --out " + file("whole.h5") + base + " --set market.generations=4").exit_code,
      0);
  ASSERT_EQ(
      evomarket("run --out " + file("part.h5") + base + " --set market.generations=2").exit_code,
      0);
  std::ofstream(file("part.h5"), std::ios::trunc) << "not HDF5";
  const Result resumed =
      evomarket("run --overwrite --out " + file("part.h5") + base +
                " --set market.generations=4 --resume " + file("part.h5.checkpoint"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  expect_same_observables(file("whole.h5"), file("part.h5"));
}

}  // namespace
}  // namespace evomarket
