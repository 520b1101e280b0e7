// Live reading (docs/results.md): while a run goes on, h5py's SWMR reader (swmr=True) opened on
// its temporary file sees the generations recorded so far; the run still finishes complete,
// beside a reader that holds the file open, and bit-identical to a run nobody watched.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "io/results_file.h"
#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::run_evomarket;

const std::string kSource = EVOMARKET_SOURCE_DIR;

class LiveRead : public evomarket::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    if (std::system((kSource + "/scripts/lib/find-python >/dev/null 2>&1").c_str()) != 0) {
      GTEST_SKIP() << "no Python with h5py";
    }
  }
  // Runs `args` (which must write `out`) under tests/support/follow_live_run.py, which reads
  // `series` while the run goes on and checks what it saw; returns its exit status and output.
  static evomarket::testing::CliResult follow(const std::string& out, const std::string& series,
                                              const std::string& args) {
    const std::string command = "python=$(" + kSource +
                                "/scripts/lib/find-python) && \"$python\" " + kSource +
                                "/tests/support/follow_live_run.py " + out + " " + series + " " +
                                EVOMARKET_BINARY + " " + args + " 2>&1";
    return evomarket::testing::run_command(command);
  }
};

TEST_F(LiveRead, APopulationRunCanBeFollowedAndEndsAsIfNobodyWatched) {
  // Long enough (about 1.5 s on a busy 2-core machine) for many polls mid-run.
  const std::string args = "run " + kSource +
                           "/experiments/default_population.toml --set population.agents=3000 "
                           "--set population.generations=150 --set game.turns=20 "
                           "--set output.snapshot_every=50 --backend cpu --threads 2 --quiet";
  const std::string watched = file("watched.h5");
  const auto r = follow(watched, "strategy_counts", args + " --out " + watched);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(io::results_status(watched), "complete");
  const std::string alone = file("alone.h5");
  ASSERT_EQ(run_evomarket(args + " --out " + alone).exit_code, 0);
  EXPECT_EQ(evomarket::testing::differing_datasets(watched, alone), std::vector<std::string>{});
}

TEST_F(LiveRead, AMarketRunCanBeFollowedAndEndsAsIfNobodyWatched) {
  // 40 one-day generations with every optional series (about 0.5 s).
  const std::string store = file("store.h5");
  ASSERT_EQ(run_evomarket("synth --out " + store + " --meters 50 --days 40").exit_code, 0);
  const std::string args = "run --set market.profiles=" + store +
                           " --set market.agents=4000 --set market.days=40 --set "
                           "output.community_counts=true --set market.per_community=true "
                           "--backend cpu --threads 2 --quiet";
  const std::string watched = file("watched.h5");
  const auto r = follow(watched, "market_generation", args + " --out " + watched);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string alone = file("alone.h5");
  ASSERT_EQ(run_evomarket(args + " --out " + alone).exit_code, 0);
  EXPECT_EQ(evomarket::testing::differing_datasets(watched, alone), std::vector<std::string>{});
}

}  // namespace
}  // namespace evomarket
