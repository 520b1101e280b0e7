// Ensembles end to end: the results file's layout, `--replicate r` re-running one replicate to
// the same series, the terminal summary, and an ensemble stopped by SIGTERM resuming from its
// checkpoint to the datasets of the uninterrupted run.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "io/results_file.h"
#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;

const char* kFixation = R"(
[experiment]
seed = 3
replicates = 200
[game]
kind = "matrix"
matrix.strategies = ["Cooperate", "Defect"]
matrix.payoffs = [[3, 0], [5, 1]]
[population]
agents = 30
partners = "all"
counts = [29, 1]
generations = 100000
[dynamics]
rule = "fermi"
schedule = "asynchronous"
beta = 0.2
)";

class EnsembleCli : public evomarket::testing::TempDirTest {
 protected:
  std::string config(const char* text) {
    std::ofstream(file("e.toml")) << text;
    return file("e.toml");
  }
};

TEST_F(EnsembleCli, WritesTheEnsembleAndReplicateRAloneGivesItsSeries) {
  const std::string cfg = config(kFixation);
  const auto whole = run_evomarket("run " + cfg + " --quiet --out " + file("e.h5"));
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  EXPECT_NE(whole.output.find("95% Wilson interval"), std::string::npos) << whole.output;
  EXPECT_NE(whole.output.find("200 of 200 replicates finished"), std::string::npos);

  io::File f = io::File::open_read(file("e.h5"));
  const io::Group ensemble = f.root().open_group("ensemble");
  const std::vector<int64_t> generations = io::read_vector<int64_t>(ensemble, "generations");
  const std::vector<int64_t> fixed = io::read_vector<int64_t>(ensemble, "fixed_strategy");
  const io::Matrix<int64_t> final_counts = io::read_matrix<int64_t>(ensemble, "final_counts");
  ASSERT_EQ(generations.size(), 200u);
  ASSERT_EQ(final_counts.rows, 200u);
  ASSERT_EQ(final_counts.cols, 2u);
  for (size_t r = 0; r < 200; ++r) {  // no mutation: every replicate ends fixed
    ASSERT_GE(fixed[r], 0);
    EXPECT_EQ(final_counts(r, static_cast<size_t>(fixed[r])), 30);
  }
  size_t dims[3];
  const io::Group counts = f.root().open_group("observables/strategy_counts");
  const std::vector<int64_t> series = io::read_array3<int64_t>(counts, "value", dims);
  ASSERT_EQ(dims[0], 200u);
  ASSERT_EQ(dims[2], 2u);

  for (const int64_t r : {0, 7, 199}) {
    const std::string one = file("r" + std::to_string(r) + ".h5");
    const auto alone =
        run_evomarket("run " + cfg + " --quiet --replicate " + std::to_string(r) + " --out " + one);
    ASSERT_EQ(alone.exit_code, 0) << alone.output;
    io::File g = io::File::open_read(one);
    EXPECT_EQ(io::get_attr_int(g.root(), "replicate"), r);
    EXPECT_EQ(io::get_attr_uint(g.root(), "ensemble_seed"), 3u);
    EXPECT_EQ(io::get_attr_uint(g.root(), "seed"),
              io::read_vector<uint64_t>(ensemble, "seed")[static_cast<size_t>(r)]);
    const io::Matrix<int64_t> single =
        io::read_matrix<int64_t>(g.root().open_group("observables/strategy_counts"), "value");
    ASSERT_EQ(static_cast<int64_t>(single.rows), generations[static_cast<size_t>(r)]);
    for (size_t gen = 0; gen < dims[1]; ++gen) {
      for (size_t s = 0; s < 2; ++s) {
        const int64_t in_ensemble = series[(static_cast<size_t>(r) * dims[1] + gen) * 2 + s];
        EXPECT_EQ(in_ensemble, gen < single.rows ? single(gen, s) : -1)
            << "replicate " << r << ", generation " << gen;
      }
    }
  }
  const auto beyond =
      run_evomarket("run " + cfg + " --quiet --replicate 200 --out " + file("x.h5"));
  EXPECT_EQ(beyond.exit_code, 2);
  EXPECT_NE(beyond.output.find("experiment.replicates = 200"), std::string::npos) << beyond.output;
  EXPECT_FALSE(fs::exists(file("x.h5")));
}

TEST_F(EnsembleCli, MarketEnsembleOnTheDefaultCommunityAndOneReplicateAlone) {
  const std::string sizes =
      " --quiet --backend cpu --set experiment.replicates=3 --set market.agents=2000"
      " --set market.generations=2";
  const auto whole = run_evomarket("run" + sizes + " --out " + file("m.h5"));
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  EXPECT_NE(whole.output.find("3 of 3 replicates finished"), std::string::npos) << whole.output;
  const auto alone = run_evomarket("run" + sizes + " --replicate 1 --out " + file("m1.h5"));
  ASSERT_EQ(alone.exit_code, 0) << alone.output;
  io::File e = io::File::open_read(file("m.h5"));
  io::File one = io::File::open_read(file("m1.h5"));
  for (const char* name : {"strategy_counts", "mean_savings_per_day"}) {
    const io::Group in_ensemble = e.root().open_group(std::string("observables/") + name);
    const io::Group single = one.root().open_group(std::string("observables/") + name);
    size_t dims[3];
    const bool counts = std::string(name) == "strategy_counts";
    if (counts) {
      const std::vector<int64_t> all = io::read_array3<int64_t>(in_ensemble, "value", dims);
      const io::Matrix<int64_t> own = io::read_matrix<int64_t>(single, "value");
      ASSERT_EQ(own.rows, dims[1]);
      EXPECT_EQ(
          std::vector<int64_t>(all.begin() + own.data.size(), all.begin() + 2 * own.data.size()),
          own.data);
    } else {
      const std::vector<double> all = io::read_array3<double>(in_ensemble, "value", dims);
      const io::Matrix<double> own = io::read_matrix<double>(single, "value");
      ASSERT_EQ(own.rows, dims[1]);
      EXPECT_EQ(std::memcmp(all.data() + own.data.size(), own.data.data(),
                            own.data.size() * sizeof(double)),
                0);
    }
  }
}

// A sweep of ensembles: every point an ensemble of its own size; the index pads replicates and
// generations (the axes stored as growable) and keeps each point's values.
TEST_F(EnsembleCli, SweepOfEnsemblesStitchesAlongReplicatesAndGenerations) {
  config(kFixation);
  std::ofstream(file("sweep.toml")) << "base = \"e.toml\"\n[[axis]]\n"
                                       "\"experiment.replicates\" = [20, 50]\n"
                                       "\"dynamics.beta\" = [0.05, 2.0]\n";
  const auto sweep = run_evomarket("sweep " + file("sweep.toml") + " --out " + file("sw"));
  ASSERT_EQ(sweep.exit_code, 0) << sweep.output;
  const auto stitch = run_evomarket("stitch " + file("sw"));
  ASSERT_EQ(stitch.exit_code, 0) << stitch.output;
  io::File index = io::File::open_read(file("sw/index.h5"));
  const io::Matrix<int64_t> fixed =
      io::read_matrix<int64_t>(index.root().open_group("ensemble"), "fixed_strategy");
  ASSERT_EQ(fixed.rows, 2u);
  ASSERT_EQ(fixed.cols, 50u);
  for (size_t p = 0; p < 2; ++p) {
    io::File point = io::File::open_read(file("sw/point-000" + std::to_string(p) + ".h5"));
    const std::vector<int64_t> own =
        io::read_vector<int64_t>(point.root().open_group("ensemble"), "fixed_strategy");
    ASSERT_EQ(own.size(), p == 0 ? 20u : 50u);
    for (size_t r = 0; r < 50; ++r) {
      EXPECT_EQ(fixed(p, r), r < own.size() ? own[r] : INT64_MIN) << p << ", " << r;
    }
  }
}

TEST_F(EnsembleCli, StoppedBySigtermResumesToTheUninterruptedEnsemble) {
  // Synchronous populations big enough that the run is still going when the signal comes.
  const std::string cfg = config(R"(
[experiment]
seed = 9
replicates = 400
[game]
kind = "matrix"
matrix.strategies = ["Hawk", "Dove"]
matrix.payoffs = [[-1, 4], [0, 2]]
[population]
agents = 2000
partners = "random"
matches_per_agent = 2
shares = [0.5, 0.5]
generations = 30
[dynamics]
rule = "fermi"
beta = 0.5
mutation = 0.01
[output]
checkpoint_every = 20
)");
  const auto whole = run_evomarket("run " + cfg + " --quiet --threads 2 --out " + file("w.h5"));
  ASSERT_EQ(whole.exit_code, 0) << whole.output;

  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string out = file("s.h5");
    std::freopen("/dev/null", "w", stdout);
    execl(EVOMARKET_BINARY, EVOMARKET_BINARY, "run", cfg.c_str(), "--quiet", "--threads", "2",
          "--out", out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(file("s.h5.checkpoint")) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(fs::exists(file("s.h5.checkpoint")));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 143) {  // stopped before it finished
    EXPECT_EQ(io::results_status(file("s.h5")), "interrupted");
  }
  const auto resumed = run_evomarket("run " + cfg + " --quiet --threads 1 --resume " +
                                     file("s.h5.checkpoint") + " --out " + file("s.h5"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(evomarket::testing::differing_datasets(file("w.h5"), file("s.h5")),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace evomarket
