// Never overwrite (docs/reliability.md): run, synth and ingest refuse a complete file of their
// own kind, or a file that is not one, at --out unless --overwrite is given (exit status 2,
// before anything runs, the file unchanged byte for byte); a results file or profile store that
// did not finish is replaced by a rerun without asking.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/hdf5_file.h"
#include "io/profile_store.h"
#include "io/results_file.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;

const std::string kSource = EVOMARKET_SOURCE_DIR;
const std::string kTournament = kSource + "/experiments/axelrod_tournament.toml";

class Overwrite : public evomarket::testing::TempDirTest {
 protected:
  static std::string tournament(const std::string& out, const std::string& extra = "") {
    return "run " + kTournament + " --quiet --backend cpu --threads 2 --out " + out + extra;
  }
  // A population run with checkpoints: a refusal must come before the checkpoint is written.
  static std::string population(const std::string& out, const std::string& extra = "") {
    return "run " + kSource +
           "/experiments/default_population.toml --quiet --backend cpu --threads 2 "
           "--set population.agents=500 --set game.turns=10 --set "
           "population.generations=3 --set output.checkpoint_every=1 --out " +
           out + extra;
  }
  // A results file with the given status, made by the writer runs use.
  void results_file_with_status(const std::string& path, const std::string& status) const {
    io::RunMetadata meta;
    meta.mode = "population";
    io::ResultsFile file = io::ResultsFile::create(path, meta);
    if (status == io::kStatusFailed) file.fail("disk full (made by the test)");
    if (status == io::kStatusInterrupted) file.interrupt("SIGTERM");
    if (status == io::kStatusComplete) file.complete();
  }
  static bool says(const evomarket::testing::CliResult& r, const std::string& text) {
    return r.output.find(text) != std::string::npos;
  }
};

TEST_F(Overwrite, RunRefusesACompleteResultsFileAndLeavesItByteForByte) {
  const std::string out = file("results.h5");
  ASSERT_EQ(run_evomarket(tournament(out)).exit_code, 0);
  const std::string before = read(out);
  const auto r = run_evomarket(tournament(out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(says(r, out + " exists and is a complete results file (status \"complete\")"))
      << r.output;
  EXPECT_TRUE(says(r, "pass --overwrite to replace it, or choose another --out")) << r.output;
  EXPECT_FALSE(says(r, "rank")) << "the tournament ran: " << r.output;
  EXPECT_EQ(read(out), before);
  EXPECT_EQ(listing(), (std::vector<std::string>{"results.h5"}));
}

TEST_F(Overwrite, RunRefusesBeforeAnythingRunsOrIsCreated) {
  const std::string out = file("results.h5");
  results_file_with_status(out, io::kStatusComplete);
  const std::string before = read(out);
  const auto r = run_evomarket(population(out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(says(r, "evomarket ")) << "the run started: " << r.output;
  EXPECT_EQ(read(out), before);
  EXPECT_EQ(listing(), (std::vector<std::string>{"results.h5"}));  // no checkpoint either
}

TEST_F(Overwrite, RunWithOverwriteReplacesACompleteResultsFile) {
  const std::string out = file("results.h5");
  ASSERT_EQ(run_evomarket(tournament(out)).exit_code, 0);
  const auto r = run_evomarket(tournament(out, " --overwrite --set tournament.repetitions=2"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(io::results_status(out), "complete");
  const io::File f = io::File::open_read(out);
  EXPECT_EQ(io::get_attr_int(f.root().open_group("tournament"), "repetitions"), 2);
  EXPECT_EQ(listing(), (std::vector<std::string>{"results.h5"}));
}

TEST_F(Overwrite, RunReplacesAnUnfinishedResultsFileWithoutOverwrite) {
  for (const char* status : {io::kStatusFailed, io::kStatusInterrupted, io::kStatusRunning}) {
    const std::string out = file(std::string(status) + ".h5");
    results_file_with_status(out, status);
    ASSERT_EQ(io::results_status(out), status);
    const auto r = run_evomarket(population(out));
    ASSERT_EQ(r.exit_code, 0) << status << ": " << r.output;
    EXPECT_EQ(io::results_status(out), "complete") << status;
  }
}

TEST_F(Overwrite, RunRefusesAFileThatIsNotAResultsFile) {
  const std::string text = file("notes.txt");
  std::ofstream(text) << "made by the user\n";
  const std::string store = file("store.h5");
  ASSERT_EQ(run_evomarket("synth --out " + store + " --meters 3 --days 1").exit_code, 0);
  const std::string store_before = read(store);
  for (const std::string& out : {text, store}) {
    const auto r = run_evomarket(tournament(out));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(says(r, out + " exists and is not an evomarket results file")) << r.output;
    EXPECT_TRUE(says(r, "--overwrite")) << r.output;
  }
  EXPECT_EQ(read(text), "made by the user\n");
  EXPECT_EQ(read(store), store_before);
  // Asked to, it replaces a user's file like any other.
  ASSERT_EQ(run_evomarket(tournament(text, " --overwrite")).exit_code, 0);
  EXPECT_EQ(io::results_status(text), "complete");
}

TEST_F(Overwrite, SynthRefusesACompleteStoreUnlessAskedTo) {
  const std::string store = file("store.h5");
  ASSERT_EQ(run_evomarket("synth --out " + store + " --meters 3 --days 1").exit_code, 0);
  const std::string before = read(store);
  const auto refused = run_evomarket("synth --out " + store + " --meters 4 --days 1");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_TRUE(says(refused, store + " exists and is a complete profile store")) << refused.output;
  EXPECT_EQ(read(store), before);
  const auto replaced = run_evomarket("synth --out " + store + " --meters 4 --days 1 --overwrite");
  ASSERT_EQ(replaced.exit_code, 0) << replaced.output;
  EXPECT_NE(run_evomarket("inspect " + store).output.find("meters: 4\n"), std::string::npos);
}

TEST_F(Overwrite, SynthReplacesAnUnfinishedStoreAndRefusesAResultsFile) {
  const std::string store = file("store.h5");
  {  // an ingest that never finished: status "running"
    io::ProfileStoreWriter::create(store, io::ProfileMeta{});
  }
  ASSERT_EQ(io::profile_store_status(store), "running");
  const auto r = run_evomarket("synth --out " + store + " --meters 3 --days 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(io::profile_store_status(store), "complete");

  const std::string results = file("results.h5");
  results_file_with_status(results, io::kStatusFailed);  // unfinished, but not a store
  const auto refused = run_evomarket("synth --out " + results + " --meters 3 --days 1");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_TRUE(says(refused, "is not an evomarket profile store")) << refused.output;
}

TEST_F(Overwrite, IngestRefusesACompleteStoreUnlessAskedTo) {
  const std::string csv = file("meter.csv");
  std::ofstream(csv) << "timestamp,load,pv\n2021-03-01 00:00,1,0\n2021-03-01 00:30,1,0.5\n";
  const std::string store = file("store.h5");
  const std::string ingest = "ingest " + csv + " --out " + store +
                             " --meter-id m1 --time-column timestamp --load load --pv pv "
                             "--slot-minutes 30 --time-zone +00:00 --policy fill";
  ASSERT_EQ(run_evomarket(ingest).exit_code, 0);
  const std::string before = read(store);
  const auto refused = run_evomarket(ingest);
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_TRUE(says(refused, store + " exists and is a complete profile store")) << refused.output;
  EXPECT_EQ(read(store), before);
  EXPECT_EQ(run_evomarket(ingest + " --overwrite").exit_code, 0);
}

}  // namespace
}  // namespace evomarket
