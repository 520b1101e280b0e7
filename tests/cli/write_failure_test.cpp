// Write failures (docs/reliability.md): a full disk and a read-only file system, on a small
// tmpfs mounted for the test (skipped where mounting is not allowed). Required: a clear error,
// exit status 1, no crash at exit, the results file marked failed or absent, an earlier file
// and the previous checkpoint intact, no temporary file left behind.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/results_file.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;

const std::string kSource = EVOMARKET_SOURCE_DIR;
// A market run that writes a few hundred kB of results and checkpoints.
const std::string kMarketRun = "run " + kSource +
                               "/experiments/market_bilateral_contracts.toml --quiet"
                               " --set market.agents=5000 --set output.checkpoint_every=1";

class WriteFailure : public evomarket::testing::TempDirTest {
 protected:
  // Mounts a tmpfs of `kib` KiB (read-only if asked) at <test dir>/disk.
  bool mount_disk(unsigned kib, bool read_only = false) {
    disk_ = dir_ / "disk";
    fs::create_directories(disk_);
    const std::string options = "size=" + std::to_string(kib) + "k";
    if (::mount("tmpfs", disk_.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, options.c_str()) != 0) {
      return false;
    }
    mounted_ = true;
    return true;
  }
  void TearDown() override {
    if (mounted_) ::umount(disk_.c_str());
    TempDirTest::TearDown();
  }
  std::string on_disk(const std::string& name) const { return (disk_ / name).string(); }
  std::vector<std::string> temporaries() const {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(disk_)) {
      if (e.path().filename().string().find(".tmp-") != std::string::npos) {
        found.push_back(e.path().filename());
      }
    }
    return found;
  }

  fs::path disk_;
  bool mounted_ = false;
};

TEST_F(WriteFailure, FullDiskDuringAMarketRunFailsCleanlyAndKeepsTheLastCheckpoint) {
  // Room for the results file and one checkpoint (0.52 MB with every agent's account),
  // not for the next checkpoint beside it.
  if (!mount_disk(1000)) GTEST_SKIP() << "cannot mount a tmpfs here";
  const std::string out = on_disk("r.h5");
  const auto r = run_evomarket(kMarketRun + " --out " + out);
  EXPECT_EQ(r.exit_code, 1) << r.output;  // not 139: no crash inside HDF5 at exit
  EXPECT_NE(r.output.find("No space left on device"), std::string::npos) << r.output;
  EXPECT_EQ(temporaries(), std::vector<std::string>{});
  if (fs::exists(out)) EXPECT_EQ(io::results_status(out), io::kStatusFailed);
  // The last checkpoint that was written is whole: the run finishes from it elsewhere.
  ASSERT_TRUE(fs::exists(out + ".checkpoint"));
  const auto resumed = run_evomarket(kMarketRun + " --out " + file("resumed.h5") + " --resume " +
                                     out + ".checkpoint --set output.checkpoint_every=0");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(io::results_status(file("resumed.h5")), io::kStatusComplete);
}

TEST_F(WriteFailure, FullDiskKeepsAnEarlierResultsFile) {
  if (!mount_disk(400)) GTEST_SKIP() << "cannot mount a tmpfs here";
  const std::string out = on_disk("r.h5");
  const std::string small = "run " + kSource + "/experiments/axelrod_tournament.toml --quiet";
  ASSERT_EQ(run_evomarket(small + " --out " + out).exit_code, 0);
  const std::string before = read(out);
  // --overwrite: the complete file is replaced only if the run succeeds, which it cannot here.
  const auto r = run_evomarket(kMarketRun + " --set market.per_community=true --out " + out +
                               " --set output.checkpoint_every=0 --overwrite");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("No space left on device"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(out + ":"), std::string::npos) << "the message names --out";
  EXPECT_EQ(read(out), before);
  EXPECT_EQ(temporaries(), std::vector<std::string>{});
}

TEST_F(WriteFailure, ReadOnlyFileSystemIsAClearErrorAndWritesNothing) {
  if (!mount_disk(64, /*read_only=*/true)) GTEST_SKIP() << "cannot mount a tmpfs here";
  const auto r = run_evomarket(kMarketRun + " --out " + on_disk("r.h5"));
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Read-only file system"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(disk_));
  const auto synth = run_evomarket("synth --meters 3 --days 1 --out " + on_disk("s.h5"));
  EXPECT_NE(synth.exit_code, 0) << synth.output;
  EXPECT_NE(synth.output.find("Read-only file system"), std::string::npos) << synth.output;
}

}  // namespace
}  // namespace evomarket
