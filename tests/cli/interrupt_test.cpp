// SIGINT and SIGTERM stop a run cleanly (docs/results.md, "Interrupted runs"): the results file
// is marked "interrupted" and placed at --out (nothing was there before), the final checkpoint
// is written, the exit status is 130 / 143, `inspect` says the file is unfinished, and the
// checkpoint resumes to results bit-identical to the uninterrupted run.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "io/hdf5_file.h"
#include "io/results_file.h"
#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;

const char* kConfig = R"(
[experiment]
seed = 5
[game]
kind = "matrix"
matrix.strategies = ["Rock", "Paper", "Scissors"]
matrix.payoffs = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
[population]
agents = 20000
partners = "random"
matches_per_agent = 2
shares = [0.5, 0.3, 0.2]
generations = 1000000
[dynamics]
rule = "fermi"
beta = 2.0
mutation = 0.001
[stop]
at_fixation = false
max_seconds = 120
[output]
checkpoint_every = 2
)";

class Interrupt : public evomarket::testing::TempDirTest {
 protected:
  std::string config() const {
    std::ofstream(file("rps.toml")) << kConfig;
    return file("rps.toml");
  }
  // Starts a long run, waits until it has written its first checkpoint (it is inside the
  // generation loop), sends `signal` and returns the exit status.
  int run_and_signal(int signal) const {
    const std::string cfg = config();
    const std::string out = file("run.h5");
    const pid_t pid = fork();
    if (pid == 0) {
      std::freopen("/dev/null", "w", stdout);
      execl(EVOMARKET_BINARY, EVOMARKET_BINARY, "run", cfg.c_str(), "--quiet", "--out", out.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(file("run.h5.checkpoint")) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::kill(pid, signal);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  // Generations the file recorded.
  static size_t recorded(const std::string& path) {
    io::File f = io::File::open_read(path);
    return io::read_vector<int64_t>(f.root().open_group("observables/strategy_counts"),
                                    "generation")
        .size();
  }
};

TEST_F(Interrupt, SigintMarksTheFileInterruptedAndExits130) {
  ASSERT_EQ(run_and_signal(SIGINT), 130);
  ASSERT_TRUE(fs::exists(file("run.h5")));
  EXPECT_EQ(io::results_status(file("run.h5")), io::kStatusInterrupted);
  EXPECT_TRUE(fs::exists(file("run.h5.checkpoint")));
  // No temporary file is left beside --out.
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  }
  const auto r = run_evomarket("inspect " + file("run.h5"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("interrupted"), std::string::npos) << r.output;
  EXPECT_EQ(run_evomarket("inspect --json " + file("run.h5")).exit_code, 1);
}

TEST_F(Interrupt, SigtermExits143) {
  ASSERT_EQ(run_and_signal(SIGTERM), 143);
  EXPECT_EQ(io::results_status(file("run.h5")), io::kStatusInterrupted);
}

TEST_F(Interrupt, TheFinalCheckpointResumesToTheUninterruptedResults) {
  ASSERT_EQ(run_and_signal(SIGINT), 130);
  const size_t done = recorded(file("run.h5"));
  ASSERT_GT(done, 0u);
  // The final checkpoint is at the generation the run stopped at, not at the last multiple of
  // checkpoint_every: resuming it to `done + 3` generations matches one run of that many.
  const std::string generations = " --set population.generations=" + std::to_string(done + 3);
  const auto whole =
      run_evomarket("run " + file("rps.toml") + " --quiet --out " + file("whole.h5") + generations);
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  const auto resumed =
      run_evomarket("run " + file("rps.toml") + " --quiet --resume " + file("run.h5.checkpoint") +
                    " --out " + file("run.h5") + generations);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(io::results_status(file("run.h5")), io::kStatusComplete);
  EXPECT_TRUE(evomarket::testing::differing_datasets(file("whole.h5"), file("run.h5")).empty());
}

}  // namespace
}  // namespace evomarket
