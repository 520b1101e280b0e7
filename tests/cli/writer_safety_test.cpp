// Writers never lose what a user made (docs/reliability.md): ingest, synth and run write under a
// temporary name beside --out and rename on success; a failed run leaves --out as it was, never
// deletes an input or a device, and leaves no temporary file behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;

const std::string kSource = EVOMARKET_SOURCE_DIR;

class WriterSafety : public evomarket::testing::TempDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name)) << text;
    return file(name);
  }
  // A long-format CSV whose third data line is not a number: ingest fails after it began.
  std::string bad_csv(const std::string& name = "bad.csv") const {
    return write(name,
                 "timestamp,load,pv\n2021-03-01 00:00,1,0\n2021-03-01 00:30,1,0\n"
                 "2021-03-01 01:00,x,0\n");
  }
  static std::string ingest_long(const std::string& input, const std::string& out) {
    return "ingest " + input + " --out " + out +
           " --meter-id m1 --time-column timestamp --load load --pv pv --slot-minutes 30 "
           "--time-zone +00:00";
  }
};

TEST_F(WriterSafety, FailedIngestKeepsAFileThatWasAtOut) {
  const std::string input = bad_csv();
  const std::string mine = write("mine.txt", "made by the user\n");
  // --overwrite: past the never-overwrite check, to the failure that must not touch the file.
  const auto r = run_evomarket(ingest_long(input, mine) + " --overwrite");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(mine), "made by the user\n");
  EXPECT_EQ(listing(), (std::vector<std::string>{"bad.csv", "mine.txt"}));
}

TEST_F(WriterSafety, FailedIngestKeepsAnEarlierStore) {
  const std::string store = file("store.h5");
  ASSERT_EQ(run_evomarket("synth --out " + store + " --meters 3 --days 1").exit_code, 0);
  const std::string before = read(store);
  const auto r = run_evomarket(ingest_long(bad_csv(), store) + " --overwrite");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(store), before);
  EXPECT_EQ(listing(), (std::vector<std::string>{"bad.csv", "store.h5"}));
}

TEST_F(WriterSafety, IngestRefusesToWriteOverItsInput) {
  const std::string input = bad_csv("meter.csv");
  const std::string before = read(input);
  const auto r = run_evomarket(ingest_long(input, input));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("is the input"), std::string::npos) << r.output;
  EXPECT_EQ(read(input), before);
}

TEST_F(WriterSafety, IngestRefusesADeviceAsOut) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const auto r = run_evomarket(ingest_long(bad_csv(), "/dev/full"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("not a regular file"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_character_file("/dev/full"));
}

TEST_F(WriterSafety, SuccessfulIngestLeavesOnlyTheStore) {
  const std::string input = write("ok.csv",
                                  "timestamp,load,pv\n2021-03-01 00:00,1,0\n"
                                  "2021-03-01 00:30,1,0.5\n");
  const auto r = run_evomarket(ingest_long(input, file("store.h5")) + " --policy fill");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(listing(), (std::vector<std::string>{"ok.csv", "store.h5"}));
}

TEST_F(WriterSafety, FailedSynthKeepsAFileThatWasAtOut) {
  const std::string mine = write("mine.h5", "made by the user\n");
  const auto r = run_evomarket("synth --out " + mine + " --meters 3 --days 0 --overwrite");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(mine), "made by the user\n");
  EXPECT_EQ(listing(), (std::vector<std::string>{"mine.h5"}));
}

TEST_F(WriterSafety, SynthReplacesAStoreOnlyWhenItSucceeds) {
  const std::string store = file("store.h5");
  ASSERT_EQ(run_evomarket("synth --out " + store + " --meters 3 --days 1").exit_code, 0);
  ASSERT_EQ(run_evomarket("synth --out " + store + " --meters 4 --days 2 --overwrite").exit_code,
            0);
  EXPECT_EQ(listing(), (std::vector<std::string>{"store.h5"}));
  const auto r = run_evomarket("inspect " + store);  // the second store, not the first
  EXPECT_NE(r.output.find("meters: 4\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("days: 2\n"), std::string::npos) << r.output;
}

TEST_F(WriterSafety, RunThatFailsOnBadInputKeepsAnEarlierCompleteResult) {
  const std::string out = file("results.h5");
  const std::string config = kSource + "/experiments/axelrod_tournament.toml";
  ASSERT_EQ(run_evomarket("run " + config + " --quiet --out " + out).exit_code, 0);
  const std::string before = read(out);
  // A one-strategy tournament is refused: the earlier result must survive, exit status 2.
  const auto r = run_evomarket("run " + config + " --quiet --overwrite --out " + out +
                               " --set 'game.strategies=[\"TitForTat\"]'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(read(out), before);
  EXPECT_EQ(listing(), (std::vector<std::string>{"results.h5"}));
}

}  // namespace
}  // namespace evomarket
