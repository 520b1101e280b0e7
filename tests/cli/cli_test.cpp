// End-to-end runs of the evomarket executable: results files, exit codes, error messages.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
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

class Cli : public evomarket::testing::TempDirTest {
 protected:
  std::string path(const std::string& name) const { return file(name); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
    return path(name);
  }
};

const std::string kSource = EVOMARKET_SOURCE_DIR;

TEST_F(Cli, TournamentExperimentWritesACompleteResultAndARankedTable) {
  const Result r = evomarket("run " + kSource + "/experiments/axelrod_tournament.toml --out " +
                             path("t.h5") + " --backend cpu --threads 2 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("rank"), std::string::npos);
  EXPECT_NE(r.output.find("TitForTat"), std::string::npos);
  EXPECT_NE(r.output.find("on cpu (2 OpenMP threads)"), std::string::npos);
  EXPECT_EQ(io::results_status(path("t.h5")), "complete");
  io::File f = io::File::open_read(path("t.h5"));
  const auto names = io::read_strings(f.root().open_group("tournament"), "ranked_names");
  EXPECT_EQ(names.size(), 16u);
  const auto m = io::read_matrix<double>(f.root().open_group("tournament"), "payoff_matrix");
  EXPECT_EQ(m.rows, 16u);
  EXPECT_EQ(io::get_attr_string(f.root(), "backend"), "cpu");
  EXPECT_NE(
      io::get_attr_string(f.root().open_group("parameters"), "config_toml").find("turns = 200"),
      std::string::npos);
}

TEST_F(Cli, SameSeedGivesBitIdenticalDatasetsAcrossThreadCounts) {
  const std::string args = " " + kSource +
                           "/experiments/default_population.toml --set population.agents=5000 "
                           "--set game.turns=20 --quiet --backend cpu";
  ASSERT_EQ(evomarket("run --out " + path("a.h5") + " --threads 1" + args).exit_code, 0);
  ASSERT_EQ(evomarket("run --out " + path("b.h5") + " --threads 2" + args).exit_code, 0);
  io::File a = io::File::open_read(path("a.h5"));
  io::File b = io::File::open_read(path("b.h5"));
  for (const char* name :
       {"strategy_counts", "payoff_total", "turns_total", "cooperations_total"}) {
    const io::Group ga = a.root().open_group("observables").open_group(name);
    const io::Group gb = b.root().open_group("observables").open_group(name);
    EXPECT_EQ(io::read_matrix<int64_t>(ga, "value").data,
              io::read_matrix<int64_t>(gb, "value").data)
        << name;
  }
}

TEST_F(Cli, PopulationJobRunsWithOverridesAndInspectShowsIt) {
  const Result r = evomarket("run " + kSource +
                             "/experiments/default_population.toml --set population.agents=20000 "
                             "--set population.generations=2 --out " +
                             path("d.h5") + " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("WinStayLoseShift"), std::string::npos);
  EXPECT_EQ(io::results_status(path("d.h5")), "complete");
  const Result inspect = evomarket("inspect " + path("d.h5"));
  ASSERT_EQ(inspect.exit_code, 0) << inspect.output;
  EXPECT_NE(inspect.output.find("/observables/strategy_counts/value"), std::string::npos);
  EXPECT_NE(inspect.output.find("[2, 14]"), std::string::npos);
  // --json: the same, machine-readable (stdout only, so it parses whole).
  const Result json = evomarket::testing::run_command(std::string(EVOMARKET_BINARY) +
                                                      " inspect --json " + path("d.h5"));
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const nlohmann::json j = nlohmann::json::parse(json.output);
  EXPECT_EQ(j["attributes"]["status"], "complete");
  bool found = false;
  for (const auto& o : j["objects"]) {
    if (o["path"] != "/observables/strategy_counts/value") continue;
    found = true;
    EXPECT_EQ(o["shape"][0], 2);
    EXPECT_EQ(o["dimensions"], nlohmann::json({"generation", "strategy"}));
  }
  EXPECT_TRUE(found) << json.output;
}

TEST_F(Cli, StrategiesListsIteratedAndPricingStrategies) {
  const Result r = evomarket("strategies");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\n  TitForTat "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(" Tit For Tat\n"), std::string::npos) << r.output;  // Axelrod's name
  EXPECT_NE(r.output.find("\n  ZDExtort2(phi, s) "), std::string::npos) << r.output;
  // Every pricing form, each with a line saying what it does.
  for (const char* form : {"Truthful ", "ZIC ", "Markup(a) ", "Markup(a,b) "}) {
    EXPECT_NE(r.output.find(std::string("\n  ") + form), std::string::npos) << form;
  }
  EXPECT_NE(r.output.find("zero intelligence"), std::string::npos) << r.output;
}

TEST_F(Cli, UnknownStrategyIsABadInputErrorAndWritesNothing) {
  const std::string cfg = write("bad.toml",
                                "[experiment]\nmode = \"tournament\"\n"
                                "[tournament]\nstrategies = [\"TitForTat\", \"Nope\"]\n");
  const Result r = evomarket("run " + cfg + " --out " + path("bad.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("unknown strategy \"Nope\""), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(path("bad.h5")));
}

TEST_F(Cli, MalformedConfigNamesTheLine) {
  const std::string cfg = write("bad.toml", "[game]\nturns = 200\nnoise = -0.1\n");
  const Result r = evomarket("run " + cfg);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("bad.toml:3: game.noise: expected a number in [0, 1]"), std::string::npos)
      << r.output;
  const Result unknown = evomarket("run " + write("u.toml", "[population]\nagentz = 3\n"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("u.toml:2: population.agentz: unknown key"), std::string::npos)
      << unknown.output;
  EXPECT_EQ(evomarket("run " + path("missing.toml")).exit_code, 2);
}

TEST_F(Cli, UnwritableOutputPathFailsClearly) {
  const Result r = evomarket("run --set market.agents=100 --out " + path("no/such/dir/x.h5"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("no/such/dir/x.h5"), std::string::npos) << r.output;
}

TEST_F(Cli, CudaBackendRequestWithoutDeviceIsRefused) {
  const Result r = evomarket("run --backend cuda --set market.agents=100 --out " + path("c.h5"));
  if (r.exit_code == 0) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--backend cuda"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(path("c.h5")));
}

TEST_F(Cli, SolveMemoryOneGivesTheClosedForm) {
  // With noise, Tit For Tat against itself visits CC, CD, DC, DD equally: (3+0+5+1)/4.
  const Result r = evomarket("solve memory-one TitForTat TitForTat --noise 0.1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2.2500000000  2.2500000000"), std::string::npos) << r.output;
  const Result bad = evomarket("solve memory-one Grudger TitForTat");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("not a memory-one strategy"), std::string::npos);
}

TEST_F(Cli, QuickBenchRunsEveryCase) {
  const Result r = evomarket("bench --quick --threads 1 --backend cpu");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("tournament 20 strategies"), std::string::npos);
  EXPECT_NE(r.output.find("population 1e+04 agents"), std::string::npos);
  EXPECT_NE(r.output.find("market day, 100 communities"), std::string::npos);
  EXPECT_NE(r.output.find("bids cleared"), std::string::npos);
  EXPECT_NE(r.output.find("leader pricing, one day of 48 slots, 1e+04 followers"),
            std::string::npos);
}

TEST_F(Cli, DefaultMarketJobRunsOnTheSyntheticCommunityAndRecordsTheMarket) {
  const Result r = evomarket("run --set market.agents=20000 --set market.days=2 --out " +
                             path("m.h5") + " --quiet --threads 2 --backend cpu");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("synthetic default community"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("net-metering savings"), std::string::npos) << r.output;
  EXPECT_EQ(io::results_status(path("m.h5")), "complete");
  io::File f = io::File::open_read(path("m.h5"));
  const io::Group obs = f.root().open_group("observables");
  // Two generations of one day each, 48 slots a day.
  EXPECT_EQ(io::read_matrix<int64_t>(obs.open_group("strategy_counts"), "value").rows, 2u);
  const io::Matrix<double> slots = io::read_matrix<double>(obs.open_group("market_slot"), "value");
  EXPECT_EQ(slots.rows, 96u);
  EXPECT_EQ(io::read_strings(f.root().open_group("market"), "strategies").size(), 6u);
}

TEST_F(Cli, MarketBadInputExitsWithTwoAndWritesNothing) {
  const Result r = evomarket("run --set market.retail=0.05 --out " + path("bad.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("market.retail"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(path("bad.h5")));
  const Result days = evomarket("run --set market.days=30 --out " + path("bad2.h5"));
  EXPECT_EQ(days.exit_code, 2);
  EXPECT_NE(days.output.find("the profile store has 7 days"), std::string::npos) << days.output;
  EXPECT_FALSE(fs::exists(path("bad2.h5")));
}

TEST_F(Cli, MarketResultsAreBitIdenticalAcrossThreadCounts) {
  const std::string args =
      " --set market.agents=5000 --set market.days=2 --set market.mechanism=\"continuous\" "
      "--set market.battery.share=0.3 --quiet --backend cpu";
  ASSERT_EQ(evomarket("run --out " + path("a.h5") + " --threads 1" + args).exit_code, 0);
  ASSERT_EQ(evomarket("run --out " + path("b.h5") + " --threads 2" + args).exit_code, 0);
  io::File a = io::File::open_read(path("a.h5"));
  io::File b = io::File::open_read(path("b.h5"));
  // Bit patterns, so that NaN (no trade in a slot) compares equal to itself.
  const auto bits = [](const io::File& f, const char* name) {
    const std::vector<double> v =
        io::read_matrix<double>(f.root().open_group("observables").open_group(name), "value").data;
    std::vector<uint64_t> out(v.size());
    std::memcpy(out.data(), v.data(), v.size() * sizeof(double));
    return out;
  };
  for (const char* name : {"market_slot", "market_generation", "mean_savings_per_day"}) {
    EXPECT_EQ(bits(a, name), bits(b, name)) << name;
  }
}

// scripts/plot reads market results from Python (h5py, matplotlib) like an analyst would.
TEST_F(Cli, PlotScriptDrawsAMarketRun) {
  const std::string script = kSource + "/scripts/plot";
  if (std::system((kSource + "/scripts/lib/find-python >/dev/null 2>&1").c_str()) != 0) {
    GTEST_SKIP() << "no Python with h5py and matplotlib";
  }
  ASSERT_EQ(
      evomarket("run --set market.agents=3000 --set market.days=2 --quiet --out " + path("m.h5"))
          .exit_code,
      0);
  const int status =
      std::system((script + " " + path("m.h5") + " " + path("m.png") + " >/dev/null 2>&1").c_str());
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(fs::exists(path("m.png")));
  EXPECT_GT(fs::file_size(path("m.png")), 10000u);
}

}  // namespace
}  // namespace evomarket
