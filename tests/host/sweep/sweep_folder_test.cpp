// Sweep folders: job-array tasks that start at once all accept one new folder; a folder of
// someone else's files or another sweep is refused.
#include "host/sweep/sweep_folder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "host/errors.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::TempDirTest;

class SweepFolderTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    std::ofstream(file("base.toml")) << "[experiment]\nseed = 1\n";
    spec_.path = file("spec.toml");
    spec_.base = file("base.toml");
    for (size_t i = 0; i < 4; ++i) {
      SweepPoint p;
      p.index = i;
      p.file = "point-000" + std::to_string(i) + ".h5";
      p.seed = 100 + i;
      p.overrides = {"dynamics.revise = 0." + std::to_string(i + 1)};
      points_.push_back(p);
    }
  }
  // The ConfigError message of preparing `folder` for this sweep, or "" when it is accepted.
  std::string error_of(const std::string& folder) {
    try {
      prepare_sweep_folder(SweepFolder(folder), spec_, points_);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  SweepSpec spec_;
  std::vector<SweepPoint> points_;
};

// A SLURM array starts its tasks together; each prepares the same new folder. A task that
// looked while another was half-way through once refused the folder as someone else's (CI's
// SLURM check failed so; before the fix this test failed in about 7% of the rounds).
TEST_F(SweepFolderTest, TasksStartingTogetherAllAcceptOneNewFolder) {
  constexpr int kRounds = 150;
  constexpr int kTasks = 6;
  for (int round = 0; round < kRounds; ++round) {
    const std::string folder = file("sweep-" + std::to_string(round));
    std::atomic<int> ready{0};
    std::vector<std::string> errors(kTasks);
    std::vector<std::thread> tasks;
    for (int t = 0; t < kTasks; ++t) {
      tasks.emplace_back([&, t] {
        ++ready;
        while (ready < kTasks) {
        }
        errors[t] = error_of(folder);
      });
    }
    for (std::thread& t : tasks) t.join();
    for (int t = 0; t < kTasks; ++t) {
      EXPECT_EQ(errors[t], "") << "round " << round << ", task " << t;
    }
  }
}

TEST_F(SweepFolderTest, RefusesAFolderOfOtherFilesAndAnotherSweep) {
  std::filesystem::create_directories(file("theirs"));
  std::ofstream(file("theirs/notes.txt")) << "mine\n";
  EXPECT_NE(error_of(file("theirs")).find("holds files but no sweep"), std::string::npos);

  EXPECT_EQ(error_of(file("ours")), "");
  EXPECT_EQ(error_of(file("ours")), "");  // a rerun of the same sweep
  points_[2].overrides = {"dynamics.revise = 0.9"};
  const std::string changed = error_of(file("ours"));
  EXPECT_NE(changed.find("made from another sweep"), std::string::npos) << changed;
  EXPECT_NE(changed.find("point 2"), std::string::npos) << changed;
}

}  // namespace
}  // namespace evomarket
