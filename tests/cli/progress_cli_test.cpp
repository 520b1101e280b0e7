// Progress lines on stderr (host/progress.h) of run, ingest and bench, asked for on every update
// with EVOMARKET_PROGRESS_SECONDS=0; --quiet turns them off, and they change no result.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using testing::run_command;

constexpr const char* kEveryUpdate = "EVOMARKET_PROGRESS_SECONDS=0 ";

testing::CliResult evomarket_every_update(const std::string& args) {
  return run_command(std::string(kEveryUpdate) + EVOMARKET_BINARY + " " + args + " 2>&1");
}

// The output lines that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& output, const std::string& prefix) {
  std::vector<std::string> found;
  size_t at = 0;
  while (at < output.size()) {
    const size_t end = output.find('\n', at);
    const std::string line = output.substr(at, end == std::string::npos ? end : end - at);
    if (line.compare(0, prefix.size(), prefix) == 0) found.push_back(line);
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return found;
}

bool has(const std::vector<std::string>& lines, const std::string& text) {
  for (const std::string& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

class ProgressCli : public testing::TempDirTest {};

// 100000 agents on one thread: the matches of a generation report in blocks of 16384 agents.
TEST_F(ProgressCli, PopulationShowsAgentsPlayedInsideAGeneration) {
  const std::string config = std::string(EVOMARKET_SOURCE_DIR) + "/experiments/well_mixed_pd.toml";
  const std::string sizes =
      " --set population.agents=100000 --set population.generations=3 --threads 1 --backend cpu";
  const auto r = evomarket_every_update("run " + config + sizes + " --out " + file("a.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = lines_starting(r.output, "population: ");
  EXPECT_TRUE(has(lines, "population: 0/3 generations, 16384/100000 agents played in the next"))
      << r.output;
  EXPECT_TRUE(has(lines, "population: 2/3 generations, 98304/100000 agents played in the next"))
      << r.output;
  EXPECT_TRUE(has(lines, "population: 3/3 generations (")) << r.output;

  const auto quiet =
      evomarket_every_update("run " + config + sizes + " --quiet --out " + file("b.h5"));
  ASSERT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_TRUE(lines_starting(quiet.output, "population: ").empty()) << quiet.output;
  EXPECT_EQ(testing::differing_datasets(file("a.h5"), file("b.h5")), std::vector<std::string>{});
}

TEST_F(ProgressCli, MarketShowsDaysInsideAGeneration) {
  const auto r = evomarket_every_update(
      "run --set market.agents=1000 --set market.days=3 --set market.days_per_generation=3 "
      "--set market.generations=2 --threads 1 --backend cpu --out " +
      file("m.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = lines_starting(r.output, "market: ");
  EXPECT_TRUE(has(lines, "market: 0/2 generations, 1/3 days in the next")) << r.output;
  EXPECT_TRUE(has(lines, "market: 1/2 generations, 2/3 days in the next")) << r.output;
  EXPECT_TRUE(has(lines, "market: 2/2 generations (")) << r.output;
  EXPECT_FALSE(has(lines, "3/3 days")) << r.output;  // a generation's end: its own line
}

// 16 strategies with self-play: 136 pairs; 500 repetitions: 68000 matches, in batches of 65536.
TEST_F(ProgressCli, TournamentShowsMatchesPlayed) {
  const std::string config =
      std::string(EVOMARKET_SOURCE_DIR) + "/experiments/axelrod_tournament.toml";
  const auto r = evomarket_every_update("run " + config +
                                        " --set tournament.repetitions=500 --set game.turns=2 "
                                        "--threads 2 --backend cpu --out " +
                                        file("t.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = lines_starting(r.output, "tournament: ");
  ASSERT_EQ(lines.size(), 2u) << r.output;
  EXPECT_NE(lines[0].find("tournament: 65536/68000 matches ("), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("tournament: 68000/68000 matches ("), std::string::npos) << lines[1];
}

// Bytes read in both passes, with the rate; the last line has read them all.
TEST_F(ProgressCli, IngestShowsBytesReadWithRateAndEta) {
  const std::string csv = file("meter.csv");
  {
    std::ofstream out(csv);
    out << "time,load,pv\n";
    for (int day = 1; day <= 28; ++day) {
      for (int hour = 0; hour < 24; ++hour) {
        for (int minute : {0, 30}) {
          out << "2024-02-" << (day < 10 ? "0" : "") << day << "T" << (hour < 10 ? "0" : "") << hour
              << ":" << (minute == 0 ? "00" : "30") << ":00Z,0.25,0.125\n";
        }
      }
    }
  }
  const std::string args = "ingest " + csv + " --meter-id m1 --time-column time --load load " +
                           "--pv pv --label start --out " + file("store.h5");
  const auto r = evomarket_every_update(args);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = lines_starting(r.output, "ingest: ");
  ASSERT_GE(lines.size(), 2u) << r.output;
  const std::regex line(
      R"(ingest: ([0-9.]+)/([0-9.]+) MB \([0-9.e+-]+ MB/s, [0-9]+ s elapsed, ETA [0-9]+ s\))");
  std::smatch last;
  ASSERT_TRUE(std::regex_match(lines.back(), last, line)) << lines.back();
  EXPECT_EQ(last[1], last[2]) << lines.back();
  EXPECT_EQ(last[2], "0.1") << lines.back();  // two passes over 49 kB

  const auto quiet = evomarket_every_update(args + " --overwrite --quiet");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_TRUE(lines_starting(quiet.output, "ingest: ").empty()) << quiet.output;
}

TEST_F(ProgressCli, BenchShowsWhichCaseRuns) {
  const auto r = evomarket_every_update("bench --quick --suite dynamics --threads 1 --backend cpu");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto lines = lines_starting(r.output, "bench: ");
  ASSERT_GE(lines.size(), 2u) << r.output;
  EXPECT_NE(lines.front().find("bench: 0/"), std::string::npos) << lines.front();
  EXPECT_NE(lines.front().find(" measurements, now "), std::string::npos) << lines.front();
  EXPECT_NE(lines.front().find(" on cpu, 1 thread ("), std::string::npos) << lines.front();
  const auto quiet =
      evomarket_every_update("bench --quick --suite dynamics --threads 1 --backend cpu --quiet");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_TRUE(lines_starting(quiet.output, "bench: ").empty()) << quiet.output;
}

}  // namespace
}  // namespace evomarket
